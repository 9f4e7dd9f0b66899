/// CONTABILIZADA as published (reference §3): `1` counted, `0` captured but not counted,
/// `2` fuera de catálogo, `-` not yet registered.
public enum Contabilizada: String, Hashable, Sendable {
    case si = "1"
    case no = "0"
    case fueraDeCatalogo = "2"
    case pendiente = "-"
}

/// One OBSERVACIONES value in INE's canonical spelling (reference §3). An acta can carry several:
/// `OBSERVACIONES` joins them with ", " in the order of `allCases` (the order of the INE QA suite:
/// `Excede Lista Nominal, Ilegible, Sin dato`).
public enum Observacion: String, CaseIterable, Hashable, Sendable {
    case excedeListaNominal = "Excede Lista Nominal"
    case ilegible = "Ilegible"
    case sinDato = "Sin dato"
    case todosIlegibles = "Todos los campos ilegibles"
    case todosVacios = "Todos los campos vacíos"
    case sinActaPaqueteNoEntregado = "Sin Acta por paquete no entregado"
    case sinActaCasillaNoInstalada = "Sin Acta por casilla no instalada"
    case sinActaPaqueteSinSobre = "Sin Acta por paquete entregado sin sobre"

    /// Whether the INE QA suite counts an acta with this observation in PORCENTAJE_ACTAS_INCONSISTENCIAS:
    /// every observation except the *sin acta* causes.
    public var esInconsistencia: Bool {
        switch self {
        case .excedeListaNominal, .ilegible, .sinDato, .todosIlegibles, .todosVacios: true
        case .sinActaPaqueteNoEntregado, .sinActaCasillaNoInstalada, .sinActaPaqueteSinSobre: false
        }
    }

    /// The observation a *sin acta* cause publishes.
    public init(_ causa: CausaSinActa) {
        switch causa {
        case .paqueteNoEntregado: self = .sinActaPaqueteNoEntregado
        case .casillaNoInstalada: self = .sinActaCasillaNoInstalada
        case .paqueteSinSobre: self = .sinActaPaqueteSinSobre
        }
    }

    /// Position in the canonical order.
    var orden: Int {
        switch self {
        case .excedeListaNominal: 0
        case .ilegible: 1
        case .sinDato: 2
        case .todosIlegibles: 3
        case .todosVacios: 4
        case .sinActaPaqueteNoEntregado: 5
        case .sinActaCasillaNoInstalada: 6
        case .sinActaPaqueteSinSobre: 7
        }
    }
}

/// What Anexo 13 says about one acta row: CONTABILIZADA, OBSERVACIONES and TOTAL_VOTOS_CALCULADO.
public struct ResultadoComputo: Hashable, Sendable {
    public let contabilizada: Contabilizada
    /// In canonical order, without repetitions.
    public let observaciones: [Observacion]
    /// TOTAL_VOTOS_CALCULADO: sum of every vote column (ilegible/sin dato as 0); nil when there are
    /// no figures (pending, sin acta).
    public let totalCalculado: Int?

    public init(contabilizada: Contabilizada, observaciones: [Observacion], totalCalculado: Int?) {
        self.init(contabilizada: contabilizada, ordenadas: observaciones.count < 2 ? observaciones : observaciones.sorted { $0.orden < $1.orden },
                  totalCalculado: totalCalculado)
    }

    /// For observations already in canonical order (the hot path: no sorting).
    init(contabilizada: Contabilizada, ordenadas: [Observacion], totalCalculado: Int?) {
        self.contabilizada = contabilizada
        self.observaciones = ordenadas
        self.totalCalculado = totalCalculado
    }

    /// OBSERVACIONES as published: the canonical spellings joined with ", "; empty when none.
    public var textoObservaciones: String {
        observaciones.map(\.rawValue).joined(separator: ", ")
    }

    /// Whether the row counts in PORCENTAJE_ACTAS_INCONSISTENCIAS (only captured rows do).
    public var esInconsistente: Bool {
        (contabilizada == .si || contabilizada == .no) && observaciones.contains { $0.esInconsistencia }
    }

    /// A row not yet registered: CONTABILIZADA `-`, no observations, no figures.
    public static let pendiente = ResultadoComputo(contabilizada: .pendiente, observaciones: [], totalCalculado: nil)
}

/// The counting rules of Anexo 13 (SPEC §6, reference §3), as a pure function of one acta.
public enum Computo {
    /// Counts one acta row.
    /// - `acta` nil → not yet verified: CONTABILIZADA `-`, nothing else.
    /// - `esperada` nil → fuera de catálogo: CONTABILIZADA `2`; its observations (ilegible, sin dato,
    ///   todos…) are still computed, but never "Excede Lista Nominal" since it has no lista nominal.
    /// - Sin acta → CONTABILIZADA `0` with the cause's observation.
    /// - Every vote field ilegible → "Todos los campos ilegibles"; every vote field sin dato →
    ///   "Todos los campos vacíos"; a mix of only those two → "Todos los campos ilegibles" (something
    ///   was written but nothing can be read). Not counted, and these come alone.
    /// - Otherwise "Ilegible" / "Sin dato" when any field (vote or control total) is so; counted,
    ///   unless Σ votes > LISTA_NOMINAL + REPRESENTANTES_PP_CI ("Excede Lista Nominal"; for a casilla
    ///   especial its ballots take the place of the lista nominal).
    public static func computar(_ acta: ActaVerificada?, esperada: ActaEsperada?, catalogo: Catalogo) -> ResultadoComputo {
        guard let acta else { return .pendiente }
        let enCatalogo: Contabilizada = esperada == nil ? .fueraDeCatalogo : .no
        let captura: Captura
        switch acta.contenido {
        case .sinActa(let causa):
            return ResultadoComputo(contabilizada: enCatalogo, observaciones: [Observacion(causa)], totalCalculado: nil)
        case .captura(let c):
            captura = c
        }

        var suma = 0
        var ilegibles = 0, sinDato = 0, numericas = 0
        for cifra in captura.votos.values {
            switch cifra {
            case .votos(let n):
                suma &+= n
                numericas += 1
            case .ilegible: ilegibles += 1
            case .sinDato: sinDato += 1
            }
        }
        if numericas == 0 {
            let obs: Observacion = ilegibles > 0 ? .todosIlegibles : .todosVacios
            return ResultadoComputo(contabilizada: enCatalogo, observaciones: [obs], totalCalculado: 0)
        }
        for cifra in captura.totales.values {
            switch cifra {
            case .votos: break
            case .ilegible: ilegibles += 1
            case .sinDato: sinDato += 1
            }
        }
        var obs: [Observacion] = []  // appended in canonical order
        var cuenta = esperada != nil
        if let esperada {
            if suma > Self.umbral(catalogo.casillas[esperada.casilla]) {
                obs.append(.excedeListaNominal)
                cuenta = false
            }
        }
        if ilegibles > 0 { obs.append(.ilegible) }
        if sinDato > 0 { obs.append(.sinDato) }
        let c: Contabilizada = esperada == nil ? .fueraDeCatalogo : (cuenta ? .si : .no)
        return ResultadoComputo(contabilizada: c, ordenadas: obs, totalCalculado: suma)
    }

    /// The most votes an acta of `casilla` may sum and still count: LISTA_NOMINAL (a casilla
    /// especial's ballots instead) + REPRESENTANTES_PP_CI.
    public static func umbral(_ casilla: Casilla) -> Int {
        (casilla.esEspecial ? casilla.boletasEspecial : casilla.listaNominal) + casilla.representantes
    }
}
