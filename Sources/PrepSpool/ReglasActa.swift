import PrepDominio

/// A drop refused by a domain rule: one line saying why.
public struct RazonRechazo: Error, Sendable, Hashable, CustomStringConvertible {
    public let texto: String
    public init(_ texto: String) { self.texto = texto }
    public var description: String { texto }
}

/// The domain rules the spool applies to a drop's content: the one place where the daemon is
/// wired to the catálogo and the capture validator (PrepDominio). The executable supplies the
/// real implementation; tests supply fakes.
public protocol ReglasActa: Sendable {
    /// Validates `KEY.captura.OPERATOR.json` (SPEC §5) for this key and operator.
    func validarCaptura(_ bytes: [UInt8], clave: ClaveActa, operador: String) -> Result<Captura, RazonRechazo>
    /// Validates `KEY.sinacta.json`.
    func validarSinActa(_ bytes: [UInt8], clave: ClaveActa) -> Result<DeclaracionSinActa, RazonRechazo>
    /// Verification over an acta's captures in arrival order (SPEC §6).
    func verificar(_ capturas: [Captura]) -> ResultadoVerificacion
    /// Whether the catálogo has this election code (a drop for any other can never pair).
    func conoceEleccion(_ codigo: String) -> Bool
}

/// Where an acta's captures stand (SPEC §6).
public enum ResultadoVerificacion: Hashable, Sendable {
    /// Fewer than two captures.
    case pendiente
    /// Two captures disagree: waits for a third operator.
    case discrepancia
    /// Verified: the captures agreed (`final` is the first of the two) or a third decided (`final`
    /// is the third). `final` is an index into the captures.
    case verificada(final: Int, tercera: Bool)
}

extension ReglasActa {
    /// Every election known (rules without a catálogo, as in tests).
    public func conoceEleccion(_ codigo: String) -> Bool { true }

    /// The default rule: the first two captures agree on every figure, or the third is final.
    public func verificar(_ capturas: [Captura]) -> ResultadoVerificacion {
        guard capturas.count >= 2 else { return .pendiente }
        if capturas[0].mismasCifras(que: capturas[1]) { return .verificada(final: 0, tercera: false) }
        if capturas.count >= 3 { return .verificada(final: 2, tercera: true) }
        return .discrepancia
    }
}
