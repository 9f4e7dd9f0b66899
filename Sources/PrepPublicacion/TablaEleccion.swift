import PrepDominio

/// One election's published table: a row per expected acta in INE's order (nil while pending),
/// the fuera de catálogo rows, and the running summary (`AcumuladorResumen` fed once per
/// registered acta, so a corte never recounts 515,000 rows).
public struct TablaEleccion: Sendable {
    /// Index into `Catalogo.elecciones`.
    public let indice: Int
    /// Index into `Catalogo.actas` of this election's first acta (they are contiguous).
    public let primera: Int
    /// Expected actas of this election.
    public let cuenta: Int
    /// Row i is `Catalogo.actas[primera + i]`; nil while the acta is pending (`-`).
    public internal(set) var filas: [FilaActa?]
    /// Fuera de catálogo rows by acta key text.
    var fueraPorClave: [String: (clave: ClaveActa, fila: FilaActa)] = [:]
    var acumulador: AcumuladorResumen

    init(indice: Int, primera: Int, cuenta: Int) {
        self.indice = indice
        self.primera = primera
        self.cuenta = cuenta
        filas = Array(repeating: nil, count: cuenta)
        acumulador = AcumuladorResumen(actasEsperadas: cuenta)
    }

    /// The 13 preamble figures as of the registered rows.
    public var resumen: Resumen { acumulador.resumen() }
    /// Column id → votes over counted actas.
    public var votosPorColumna: [String: Int] { acumulador.votosPorColumna }
    /// Fuera de catálogo rows in the order the CSV publishes them (by key).
    public var fuera: [(clave: ClaveActa, fila: FilaActa)] {
        fueraPorClave.keys.sorted().compactMap { fueraPorClave[$0] }
    }
    /// Registered rows (captured, sin acta, fuera de catálogo).
    public var registradas: Int { filas.reduce(0) { $0 + ($1 == nil ? 0 : 1) } + fueraPorClave.count }
}

/// Builds all election tables from a catálogo.
func tablasVacias(_ catalogo: Catalogo) -> [TablaEleccion] {
    var inicio: [Int: Int] = [:], cuenta: [Int: Int] = [:]
    for (i, a) in catalogo.actas.enumerated() {
        if inicio[a.eleccion] == nil { inicio[a.eleccion] = i }
        cuenta[a.eleccion, default: 0] += 1
    }
    return catalogo.elecciones.indices.map {
        TablaEleccion(indice: $0, primera: inicio[$0] ?? 0, cuenta: cuenta[$0] ?? 0)
    }
}
