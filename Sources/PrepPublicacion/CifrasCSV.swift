import PrepDominio

/// One election CSV of a corte as `prep verify` read it back from its signed bytes: the rows a
/// page checker (`ComprobadorSitio`) counts each page's figures from. Every figure is counted
/// with the domain's `AcumuladorResumen` and the corte's profile, as the CSV's own preamble is:
/// nothing here is read from a page.
public struct CifrasCSV: Sendable {
    /// Path in the corte (`datos/CDMX_GUB_2024.csv`).
    public let archivo: String
    /// The election code the file is named for (`JG` for the IECM's `GUB`).
    public let codigo: String
    /// The 13 preamble values as printed (already equal to what the rows give).
    public let resumen: [String]
    /// The corte line of the preamble as printed.
    public let lineaCorte: String
    /// Vote column ids, in header order.
    public let columnas: [String]
    /// Registered rows by acta key text (`090001B0100-JG`), fuera de catálogo included.
    public let filas: [String: Fila]
    /// Keys of the pending rows, for a profile that prints them (`filasPendientes`).
    public let pendientes: Set<String>
    /// The acta header's column names, in order.
    public let encabezado: [String]
    /// What each column a reader is shown holds, by header name (found by the CSV reader).
    public let papeles: [String: PapelCampo]
    /// The file's bytes and, per registered row's key, where its line is: a row's text is read
    /// again only when something shows it (`campos(clave:)`), never kept as strings per row.
    let bytes: [UInt8]
    let lineas: [String: Range<Int>]

    /// The fields of the registered row of `clave`, unquoted, in `encabezado` order; nil without one.
    public func campos(clave: String) -> [String]? {
        guard let r = lineas[clave] else { return nil }
        var l = LectorCSV(Array(bytes[r]))
        guard (try? l.siguiente()) == true, l.cuenta == encabezado.count else { return nil }
        return l.textos
    }

    /// A registered row's counting inputs.
    public struct Fila: Sendable {
        public let resultado: ResultadoComputo
        /// LISTA_NOMINAL and TIPO_CASILLA as the row prints them; nil for fuera de catálogo.
        public let casilla: Casilla?
        /// Votes per vote column in `columnas` order (ilegible and sin dato as 0); empty without figures.
        public let votos: [Int]
        /// CODIGO_INTEGRIDAD when the row names an image, else nil.
        public let codigo: HuellaSHA256?
    }

    /// The figures of a scope of the election: the 13 summary values of the rows of `claves`
    /// (unknown keys count as expected and pending) with `esperadas` expected actas, and the votes
    /// per column over the counted ones.
    public func cifras(claves: some Sequence<String>, esperadas: Int, perfil: PerfilPublicacion) -> (resumen: [String], votos: [String: Int]) {
        var acumulador = AcumuladorResumen(actasEsperadas: esperadas)
        var votos = Array(repeating: 0, count: columnas.count)
        for k in claves {
            guard let f = filas[k] else { continue }
            guard acumulador.agregar(f.resultado, casilla: f.casilla) else { continue }
            for (i, v) in f.votos.enumerated() { votos[i] += v }
        }
        return (acumulador.resumen(perfil: perfil).valores, Dictionary(uniqueKeysWithValues: zip(columnas, votos)))
    }

    /// The election's figures: every row, the preamble's expected count.
    public func cifrasEleccion(perfil: PerfilPublicacion) -> (resumen: [String], votos: [String: Int]) {
        cifras(claves: filas.keys, esperadas: Int(resumen.first ?? "") ?? 0, perfil: perfil)
    }

    /// The election code a `datos/ENT_ETIQUETA_AAAA.csv` file is named for under `perfil`: the
    /// election whose layout has that tag (`GUB` → `JG`), else the tag itself.
    static func codigo(archivo: String, perfil: PerfilPublicacion) -> String? {
        guard archivo.hasPrefix("datos/"), archivo.hasSuffix(".csv") else { return nil }
        let partes = archivo.dropFirst(6).dropLast(4).split(separator: "_", omittingEmptySubsequences: false)
        guard partes.count >= 3 else { return nil }
        let etiqueta = partes.dropFirst().dropLast().joined(separator: "_")
        return perfil.elecciones.first { $0.value.etiqueta == etiqueta }?.key ?? etiqueta
    }
}

/// The check of a corte's pages that `prep verify` runs once its CSVs verified: every figure the
/// pages show against what the signed CSVs give. The results site implements it (`PrepSitio`),
/// so this module still knows nothing of pages.
public protocol ComprobadorSitio: Sendable {
    /// - `archivos`: every file of the corte by path, bytes already checked against `SHA256`.
    /// - `elecciones`: the election CSVs read back.
    /// - `manifiesto`: the corte's (profile, corte time).
    /// Throws `.pagina` naming the page, the figure, what it shows and what the CSV gives.
    func comprobar(archivos: [String: [UInt8]], elecciones: [CifrasCSV], manifiesto: Manifiesto) throws(ErrorVerificacion)
}

/// What a column of an acta row holds, for a reader shown the row's fields one by one (the site's
/// "Consulta tu casilla"): the writer names it from the header's `CampoActa`, `prep verify` from
/// where the CSV reader found each column, and the two must agree.
public enum PapelCampo: String, Sendable, CaseIterable {
    case total, voto, calculado, observaciones, contabilizada, codigo, acopio, captura, verificacion

    /// The role of a header field; nil for a field no reader is shown one acta at a time.
    public init?(_ c: CampoActa) {
        switch c {
        case .total: self = .total
        case .votos: self = .voto
        case .totalCalculado: self = .calculado
        case .observaciones: self = .observaciones
        case .contabilizada: self = .contabilizada
        case .codigoIntegridad: self = .codigo
        case .fechaAcopio: self = .acopio
        case .fechaCaptura: self = .captura
        case .fechaVerificacion: self = .verificacion
        default: return nil
        }
    }
}
