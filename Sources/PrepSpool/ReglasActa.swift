import PrepDominio

/// A drop refused by a domain rule: one line saying why.
public struct RazonRechazo: Error, Sendable, Hashable, CustomStringConvertible {
    public let texto: String
    public init(_ texto: String) { self.texto = texto }
    public var description: String { texto }
}

/// The domain rules the spool applies to a drop's content: the one place where the daemon is
/// wired to the catálogo and the capture validator (PrepDominio). The service supplies the
/// real implementation (PrepServicio's `ReglasDominio`); tests supply fakes.
public protocol ReglasActa: Sendable {
    /// Validates `KEY.captura.OPERATOR.json` (SPEC §5) for this key and operator.
    func validarCaptura(_ bytes: [UInt8], clave: ClaveActa, operador: String) -> Result<Captura, RazonRechazo>
    /// Validates `KEY.sinacta.json`.
    func validarSinActa(_ bytes: [UInt8], clave: ClaveActa) -> Result<DeclaracionSinActa, RazonRechazo>
    /// Whether the catálogo has this election code (a drop for any other can never pair).
    func conoceEleccion(_ codigo: String) -> Bool
    /// Whether operators are registered: every capture and sin acta declaration then needs its
    /// `.sig` (SPEC §4.1), and waits in `incoming/` until it comes.
    var exigeFirmas: Bool { get }
    /// Checks `firma` (a detached signify `.sig`) as `operador`'s signature of `bytes`; the
    /// keynum (hex) of the key that signed, or why it does not count.
    func comprobarFirma(_ bytes: [UInt8], firma: [UInt8], operador: String) -> Result<String, RazonRechazo>
}

extension ReglasActa {
    /// Every election known (rules without a catálogo, as in tests).
    public func conoceEleccion(_ codigo: String) -> Bool { true }
    /// No registry (rules without one, as in tests).
    public var exigeFirmas: Bool { false }
    public func comprobarFirma(_ bytes: [UInt8], firma: [UInt8], operador: String) -> Result<String, RazonRechazo> {
        .failure(RazonRechazo("operators are not registered: no signature can be checked"))
    }
}
