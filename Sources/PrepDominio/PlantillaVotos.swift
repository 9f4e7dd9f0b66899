/// The vote columns one kind of acta shows (one election in one ámbito), ready to be filled in.
///
/// `ValidadorCaptura` used to insert every figure into a fresh `[String: Cifra]`, a seeded SipHash
/// of the column id per figure (≈ 17 a capture, the largest share of hashing in
/// `captura-validacion`). Instead it copies `votos`, which already holds every column this acta
/// shows (copying keeps the buckets, the seed and the age, so no key is hashed again), and
/// overwrites each value through the `Dictionary.Index` kept in `indices`. A capture is only
/// accepted when every shown column was given exactly once, so no placeholder survives.
struct PlantillaVotos: Sendable {
    /// Indices into `Eleccion.columnas` the acta shows; nil: every column.
    let lista: [Int]?
    /// Every shown column id with a placeholder figure.
    let votos: [String: Cifra]
    /// Per column of the election (same positions as `Eleccion.columnas`): its index in `votos`;
    /// nil for a column this acta does not show.
    let indices: [Dictionary<String, Cifra>.Index?]

    init(_ eleccion: Eleccion, lista: [Int]?) {
        self.lista = lista
        var votos: [String: Cifra] = [:]
        let mostradas = lista ?? Array(eleccion.columnas.indices)
        votos.reserveCapacity(mostradas.count)
        for i in mostradas { votos[eleccion.columnas[i].id] = .sinDato }
        var indices = [Dictionary<String, Cifra>.Index?](repeating: nil, count: eleccion.columnas.count)
        for i in mostradas { indices[i] = votos.index(forKey: eleccion.columnas[i].id) }
        self.votos = votos
        self.indices = indices
    }
}

/// The same for the five control totals, which every capture has.
struct PlantillaTotales: Sendable {
    let totales: [Total: Cifra]
    let indices: [Dictionary<Total, Cifra>.Index]

    static let comun = PlantillaTotales()

    private init() {
        var totales: [Total: Cifra] = [:]
        totales.reserveCapacity(Total.allCases.count)
        for t in Total.allCases { totales[t] = .sinDato }
        self.totales = totales
        indices = Total.allCases.compactMap { totales.index(forKey: $0) }
    }

    func indice(_ t: Total) -> Dictionary<Total, Cifra>.Index {
        switch t {
        case .boletasSobrantes: indices[0]
        case .personasVotaron: indices[1]
        case .representantesVotaron: indices[2]
        case .votosSacados: indices[3]
        case .totalAsentado: indices[4]
        }
    }
}
