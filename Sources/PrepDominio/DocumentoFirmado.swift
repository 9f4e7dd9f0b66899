/// A published capture or sin acta declaration read back without the catálogo: what an auditor
/// compares a corte's row with. The daemon validated the document against the catálogo when it
/// took it (`ValidadorCaptura`); this reader only takes out what the row must equal, and refuses a
/// document that is not one of the two shapes.
public enum DocumentoFirmado: Hashable, Sendable {
    case captura(acta: String, operador: String, totales: [Total: Cifra], votos: [String: Cifra])
    case sinActa(acta: String, operador: String, causa: CausaSinActa)

    public var acta: String {
        switch self {
        case .captura(let a, _, _, _), .sinActa(let a, _, _): a
        }
    }

    public var operador: String {
        switch self {
        case .captura(_, let o, _, _), .sinActa(_, let o, _): o
        }
    }

    /// Parses a capture (`totales`, `votos`) or a sin acta declaration (`causa`).
    public static func leer(_ bytes: [UInt8]) -> Result<DocumentoFirmado, ProblemasCaptura> {
        let miembros: [(clave: String, valor: ValorJSON)]
        switch LectorJSON.leer(bytes) {
        case .failure(let e): return .failure(ProblemasCaptura([e.description]))
        case .success(.objeto(let m)): miembros = m
        case .success(let otro): return .failure(ProblemasCaptura(["expected a JSON object, got \(otro.resumen)"]))
        }
        var campos: [String: ValorJSON] = [:]
        for (k, v) in miembros { campos[k] = v }
        guard case .texto(let acta)? = campos["acta"], case .texto(let operador)? = campos["operador"] else {
            return .failure(ProblemasCaptura(["acta and operador must be texts"]))
        }
        if let causa = campos["causa"] {
            guard case .texto(let s) = causa, let c = CausaSinActa(rawValue: s) else {
                return .failure(ProblemasCaptura(["causa: not a sin acta cause"]))
            }
            return .success(.sinActa(acta: acta, operador: operador, causa: c))
        }
        guard case .objeto(let t)? = campos["totales"], case .objeto(let v)? = campos["votos"] else {
            return .failure(ProblemasCaptura(["a capture needs the objects totales and votos"]))
        }
        var totales: [Total: Cifra] = [:], votos: [String: Cifra] = [:]
        for (k, valor) in t {
            guard let total = Total(rawValue: k), let c = cifra(valor) else { return .failure(ProblemasCaptura(["totales.\(k): not a total's figure"])) }
            totales[total] = c
        }
        for (k, valor) in v {
            guard let c = cifra(valor) else { return .failure(ProblemasCaptura(["votos.\(k): not a figure"])) }
            votos[k] = c
        }
        return .success(.captura(acta: acta, operador: operador, totales: totales, votos: votos))
    }

    private static func cifra(_ v: ValorJSON) -> Cifra? {
        switch v {
        case .entero(let n) where n >= 0: .votos(n)
        case .texto("ilegible"): .ilegible
        case .texto("sin dato"): .sinDato
        default: nil
        }
    }
}
