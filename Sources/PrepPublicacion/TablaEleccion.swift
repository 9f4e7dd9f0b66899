import PrepDominio

/// One election's published table, stored as flat arrays (a row per expected acta in INE's
/// order, then fuera de catálogo rows) with its running summary (`AcumuladorResumen` fed once per
/// registered acta, so a corte never recounts 515,000 rows).
public struct TablaEleccion: Sendable {
    /// Index into `Catalogo.elecciones`.
    public let indice: Int
    /// Index into `Catalogo.actas` of this election's first acta (they are contiguous).
    public let primera: Int
    /// Expected actas of this election.
    public let cuenta: Int
    /// Cells per row: 5 control totals + the election's vote columns.
    let ancho: Int
    var metas: [MetaFila]
    var celdas: [Int16]
    /// Cells larger than Int16, by absolute index into `celdas`.
    var anchas: [Int: Int] = [:]
    /// Fuera de catálogo rows by acta key text.
    var fueraPorClave: [String: (clave: ClaveActa, meta: MetaFila, celdas: [Int16], anchas: [Int: Int])] = [:]
    var acumulador: AcumuladorResumen
    /// The corte's profile: its participation rule shapes `resumen`.
    let perfil: PerfilPublicacion

    init(indice: Int, primera: Int, cuenta: Int, columnas: Int, perfil: PerfilPublicacion) {
        self.indice = indice
        self.perfil = perfil
        self.primera = primera
        self.cuenta = cuenta
        ancho = 5 + columnas
        metas = Array(repeating: MetaFila(), count: cuenta)
        celdas = []
        acumulador = AcumuladorResumen(actasEsperadas: cuenta)
    }

    /// The 13 preamble figures as of the registered rows.
    public var resumen: Resumen { acumulador.resumen(perfil: perfil) }
    /// Column id → votes over counted actas.
    public var votosPorColumna: [String: Int] { acumulador.votosPorColumna }

    /// Row i (the expected acta `Catalogo.actas[primera + i]`); nil while pending.
    public func fila(_ i: Int) -> FilaActa? { filas.fila(i) }

    /// Its rows alone (`FilasTabla`), for a reader that takes rows one by one.
    public var filas: FilasTabla { FilasTabla(indice: indice, primera: primera, ancho: ancho, metas: metas, celdas: celdas, anchas: anchas) }

    /// Fuera de catálogo rows in the order the CSV publishes them (by key).
    public var fuera: [(clave: ClaveActa, fila: FilaActa)] {
        fueraPorClave.keys.sorted().compactMap { k in
            fueraPorClave[k].map { ($0.clave, FilaActa(meta: $0.meta, celdas: $0.celdas[...], anchas: $0.anchas)) }
        }
    }

    /// Stores a row's cells (as Int16 where they fit) at row `i`; allocates the cell array on
    /// the first registration, so a table nobody has captured yet costs nothing.
    mutating func poner(_ i: Int, meta: MetaFila, celdas filaCeldas: [Int]) {
        if celdas.isEmpty { celdas = Array(repeating: Int16(Celda.sinCifra), count: cuenta * ancho) }
        let base = i * ancho
        for (k, v) in filaCeldas.enumerated() {
            if v > Int(Int16.max) {
                celdas[base + k] = Int16(Celda.ancha)
                anchas[base + k] = v
            } else {
                celdas[base + k] = Int16(v)
            }
        }
        metas[i] = meta
    }

    static func compactar(_ filaCeldas: [Int]) -> ([Int16], [Int: Int]) {
        var anchas: [Int: Int] = [:]
        let c = filaCeldas.enumerated().map { k, v -> Int16 in
            if v > Int(Int16.max) {
                anchas[k] = v
                return Int16(Celda.ancha)
            }
            return Int16(v)
        }
        return (c, anchas)
    }
}

/// Builds all election tables from a catálogo.
func tablasVacias(_ catalogo: Catalogo) -> [TablaEleccion] {
    var inicio: [Int: Int] = [:], cuenta: [Int: Int] = [:]
    for (i, a) in catalogo.actas.enumerated() {
        if inicio[a.eleccion] == nil { inicio[a.eleccion] = i }
        cuenta[a.eleccion, default: 0] += 1
    }
    return catalogo.elecciones.indices.map {
        TablaEleccion(indice: $0, primera: inicio[$0] ?? 0, cuenta: cuenta[$0] ?? 0, columnas: catalogo.elecciones[$0].columnas.count,
                      perfil: catalogo.proceso.perfil)
    }
}

/// An election table's rows without the rest of the table (its profile, fuera de catálogo rows and
/// running counts): what a page or a lookup file reads row after row. A copy of the whole table
/// retains every string of its profile; pages that took one per acta spent a quarter of their
/// time there.
public struct FilasTabla: Sendable {
    /// Index into `Catalogo.elecciones`.
    public let indice: Int
    /// Index into `Catalogo.actas` of the election's first acta.
    public let primera: Int
    let ancho: Int
    let metas: [MetaFila]
    let celdas: [Int16]
    let anchas: [Int: Int]

    /// Row `i` (expected acta `catalogo.actas[primera + i]`), nil while pending.
    public func fila(_ i: Int) -> FilaActa? {
        let m = metas[i]
        guard m.registrada else { return nil }
        let base = i * ancho
        var propias: [Int: Int] = [:]
        if !anchas.isEmpty {
            for k in 0..<ancho { if let v = anchas[base + k] { propias[k] = v } }
        }
        return FilaActa(meta: m, celdas: celdas[base..<(base + ancho)], anchas: propias)
    }

    /// Whether row `i` is registered.
    public func registrada(_ i: Int) -> Bool { metas[i].registrada }
}
