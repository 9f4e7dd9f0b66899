import PrepDominio

/// One registered (verified) acta as a corte publishes it, stored compactly: the national
/// catálogo has 515,000 actas, and a corte must stay under 300 MB.
///
/// `celdas` holds the five control totals (in `Total.allCases` order) then one cell per vote
/// column of the election (its full column list), each a figure ≥ 0 or one of the `Celda` codes.
public struct FilaActa: Sendable, Hashable {
    public let contabilizada: Contabilizada
    /// Bit i set: `Observacion.allCases[i]` applies.
    let mascaraObservaciones: UInt8
    /// TOTAL_VOTOS_CALCULADO; -1 when there are no figures.
    let totalCalculado: Int64
    let celdas: [Int32]
    /// Figures too large for `Int32` (never in a real acta, still published exactly).
    let celdasAnchas: [Int]?
    public let imagen: ImagenActa?
    let acopio: Int64, captura: Int64, verificacion: Int64

    /// The Anexo 13 result of the row (as `Computo` gave it when the acta was registered).
    public var resultado: ResultadoComputo {
        ResultadoComputo(contabilizada: contabilizada, observaciones: Self.observaciones(mascaraObservaciones),
                         totalCalculado: totalCalculado < 0 ? nil : Int(totalCalculado))
    }

    static func observaciones(_ m: UInt8) -> [Observacion] {
        Observacion.allCases.enumerated().filter { m & (1 << $0.offset) != 0 }.map(\.element)
    }

    static func mascara(_ obs: [Observacion]) -> UInt8 {
        var m: UInt8 = 0
        for (i, o) in Observacion.allCases.enumerated() where obs.contains(o) { m |= 1 << i }
        return m
    }

    /// Cell i (0..<5 totals, then vote columns) as published: a figure or a code.
    func celda(_ i: Int) -> Int { celdasAnchas?[i] ?? Int(celdas[i]) }

    /// The figure a vote column of the election shows; nil when it does not apply or has no figure.
    public func cifra(columna i: Int) -> Cifra? { Celda.cifra(celda(5 + i)) }

    /// A control total; nil when there is no figure.
    public func cifra(total: Total) -> Cifra? {
        guard let i = Total.allCases.firstIndex(of: total) else { return nil }
        return Celda.cifra(celda(i))
    }

    public var momentoAcopio: MarcaTiempo? { Celda.marca(acopio) }
    public var momentoCaptura: MarcaTiempo? { Celda.marca(captura) }
    public var momentoVerificacion: MarcaTiempo? { Celda.marca(verificacion) }

    /// Builds the row of `acta`: `columnas` are the election's columns, `aplican` the indices the
    /// acta shows (nil: all of them), `fuera` whether it is fuera de catálogo (then a column its
    /// capture lacks is `N/A`).
    init(acta: ActaVerificada, resultado r: ResultadoComputo, columnas: [ColumnaVoto], aplican: Set<Int>?, fuera: Bool) {
        contabilizada = r.contabilizada
        mascaraObservaciones = Self.mascara(r.observaciones)
        totalCalculado = r.totalCalculado.map(Int64.init) ?? -1
        var anchas: [Int] = []
        anchas.reserveCapacity(5 + columnas.count)
        switch acta.contenido {
        case .sinActa:
            for _ in 0..<5 { anchas.append(Celda.sinCifra) }
            for i in columnas.indices { anchas.append(aplican?.contains(i) == false ? Celda.noAplica : Celda.sinCifra) }
            _ = fuera
        case .captura(let c):
            for t in Total.allCases { anchas.append(c.totales[t].map(Celda.codigo) ?? Celda.sinCifra) }
            for (i, col) in columnas.enumerated() {
                if let cifra = c.votos[col.id] {
                    anchas.append(Celda.codigo(cifra))
                } else {
                    anchas.append(fuera || aplican?.contains(i) == false ? Celda.noAplica : Celda.sinCifra)
                }
            }
        }
        if anchas.allSatisfy({ $0 <= Int(Int32.max) }) {
            celdas = anchas.map { Int32($0) }
            celdasAnchas = nil
        } else {
            celdas = []
            celdasAnchas = anchas
        }
        imagen = acta.imagen
        acopio = acta.acopio?.segundosUnix ?? Celda.sinMarca
        captura = acta.captura?.segundosUnix ?? Celda.sinMarca
        verificacion = acta.verificacion.segundosUnix
    }
}

/// Codes of a `FilaActa` cell that is not a figure.
enum Celda {
    static let ilegible = -1
    static let sinDato = -2
    /// The column is not on this acta (its ámbito has no such party or coalition): `N/A`.
    static let noAplica = -3
    /// No figure (pending, sin acta): `-`.
    static let sinCifra = -4
    static let sinMarca = Int64.min

    static func codigo(_ c: Cifra) -> Int {
        switch c {
        case .votos(let n): n
        case .ilegible: ilegible
        case .sinDato: sinDato
        }
    }

    static func cifra(_ codigo: Int) -> Cifra? {
        switch codigo {
        case 0...: .votos(codigo)
        case ilegible: .ilegible
        case sinDato: .sinDato
        default: nil
        }
    }

    static func marca(_ s: Int64) -> MarcaTiempo? {
        s == sinMarca ? nil : MarcaTiempo(segundosUnix: s, desfaseMinutos: 0)
    }
}
