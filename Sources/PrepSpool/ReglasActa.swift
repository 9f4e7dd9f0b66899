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
    /// Whether the catálogo has this election code (a drop for any other can never pair).
    func conoceEleccion(_ codigo: String) -> Bool
}

extension ReglasActa {
    /// Every election known (rules without a catálogo, as in tests).
    public func conoceEleccion(_ codigo: String) -> Bool { true }
}
