/// The verification of one acta (SPEC §6): two independent captures that agree on every field, or,
/// when they differ, the decision of a third operator, whose figures are final. Pure: captures in
/// arrival order in, state out. The spool keeps the captures; this says what they amount to.
public struct Verificacion: Hashable, Sendable {
    /// The captures taken, in arrival order (at most three).
    public private(set) var capturas: [Captura] = []

    /// Where the acta stands.
    public enum Estado: Hashable, Sendable {
        /// No capture yet.
        case sinCaptura
        /// One capture: waiting for a second operator.
        case pendiente
        /// Two captures differ in these fields (`totales.personas_votaron`, `votos.PAN`…): waiting for a third.
        case discrepancia(campos: [String])
        /// Verified: the two captures agree; the figures are theirs.
        case verificadaPorCoincidencia
        /// Verified by the third capture after a discrepancy; its figures are final.
        case verificadaPorTercera(discrepancia: [String])

        public var esVerificada: Bool {
            switch self {
            case .verificadaPorCoincidencia, .verificadaPorTercera: true
            default: false
            }
        }
    }

    /// Who captured what: one entry per capture, in arrival order.
    public struct Registro: Hashable, Sendable {
        public enum Papel: String, Hashable, Sendable {
            case primera, segunda, tercera
        }
        public let papel: Papel
        public let operador: String
        public let capturada: MarcaTiempo?
        /// Whether this capture's figures are the final ones (nil while not verified).
        public let coincideConFinal: Bool?
    }

    /// Why a capture cannot be added: the one-line reason for `rejected/*.reason`.
    public struct Rechazo: Error, Hashable, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init() {}

    /// Replays captures in arrival order; fails on the first one that would be refused.
    public init(_ capturas: [Captura]) throws(Rechazo) {
        for c in capturas { try agregar(c) }
    }

    /// Adds a capture. Refused: another acta's capture, a second capture by the same operator, and
    /// any capture once the acta is verified (corrections come later, SPEC §6).
    public mutating func agregar(_ c: Captura) throws(Rechazo) {
        if let primera = capturas.first, primera.acta != c.acta {
            throw Rechazo(description: "capture is for \(c.acta), not \(primera.acta)")
        }
        if estado.esVerificada {
            throw Rechazo(description: "acta \(c.acta) is already verified; captures are refused once verified")
        }
        if capturas.contains(where: { $0.operador == c.operador }) {
            throw Rechazo(description: "operator \(c.operador) already captured acta \(c.acta); a capture must come from another operator")
        }
        capturas.append(c)
    }

    public var estado: Estado {
        switch capturas.count {
        case 0: return .sinCaptura
        case 1: return .pendiente
        case 2:
            let d = Verificacion.diferencias(capturas[0], capturas[1])
            return d.isEmpty ? .verificadaPorCoincidencia : .discrepancia(campos: d)
        default:
            return .verificadaPorTercera(discrepancia: Verificacion.diferencias(capturas[0], capturas[1]))
        }
    }

    /// The final figures: the agreeing pair's (the first capture's, equal to the second's), or the third's.
    public var final: Captura? {
        switch estado {
        case .verificadaPorCoincidencia: capturas[0]
        case .verificadaPorTercera: capturas[2]
        default: nil
        }
    }

    /// The record of who captured what, in arrival order.
    public var registro: [Registro] {
        let f = final
        let papeles: [Registro.Papel] = [.primera, .segunda, .tercera]
        return capturas.enumerated().map { i, c in
            Registro(papel: papeles[min(i, 2)], operador: c.operador, capturada: c.capturada,
                     coincideConFinal: f.map { c.mismasCifras(que: $0) })
        }
    }

    /// The fields on which two captures differ: control totals in CSV order, then vote columns by name.
    public static func diferencias(_ a: Captura, _ b: Captura) -> [String] {
        var d: [String] = []
        for t in Total.allCases where a.totales[t] != b.totales[t] { d.append("totales." + t.rawValue) }
        let columnas = Set(a.votos.keys).union(b.votos.keys).sorted()
        for k in columnas where a.votos[k] != b.votos[k] { d.append("votos." + k) }
        return d
    }
}
