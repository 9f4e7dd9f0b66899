import PrepDominio

/// An acta's figures in the order a capture JSON lists them: the five totals, then the vote
/// columns the catálogo gives the acta.
public struct CifrasActa: Hashable, Sendable {
    /// In `Total.allCases` order; nil for a total the acta does not show (a mesa's or an urna
    /// electrónica's acta shows only TOTAL_VOTOS_ASENTADO: `Captura.totalesExigidos`).
    public var totales: [Cifra?]
    /// Column ids, in catálogo order (NO_REGISTRADAS and NULOS last).
    public let columnas: [String]
    /// Parallel to `columnas`.
    public var votos: [Cifra]

    /// As the domain's `Captura`, for counting with `Computo`.
    public func captura(_ acta: ClaveActa, operador: String) -> Captura {
        var t: [Total: Cifra] = [:]
        for (i, total) in Total.allCases.enumerated() { t[total] = totales[i] }
        var v: [String: Cifra] = [:]
        for (i, c) in columnas.enumerated() { v[c] = votos[i] }
        return Captura(acta: acta, operador: operador, capturada: nil, acopio: nil, totales: t, votos: v)
    }
}

/// One acta as the night plays it: what happens to it and its true figures.
public struct ActaSimulada: Sendable {
    public enum Destino: Hashable, Sendable {
        /// Image(s) and two captures (three when they disagree).
        case captura
        /// A `KEY.sinacta.json` declaration, nothing else.
        case sinActa(CausaSinActa)
        /// Never arrives.
        case pendiente
    }

    public let clave: ClaveActa
    /// Nil for a fuera-de-catálogo acta.
    public let esperada: ActaEsperada?
    /// The distrito whose CATD receives it (folder suffix NN).
    public let distrito: Int
    public let destino: Destino
    /// The true figures: what the final capture says. Nil unless `destino == .captura`.
    public let verdad: CifrasActa?
    /// The second operator's figures when they disagree with the first's; the third operator's
    /// capture gives `verdad`.
    public let discrepancia: CifrasActa?
    /// The capturing operators, in order (two, or three with a discrepancy).
    public let operadores: [String]
    public let foto: Bool
    public let escaneo: Bool
}
