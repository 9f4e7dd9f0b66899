import PrepDominio
import PrepSpool

/// The spool's domain rules wired to PrepDominio: the capture validator against the catálogo and
/// the elections it knows. (Verification itself is PrepDominio's `Verificacion`, used directly.)
public struct ReglasDominio: ReglasActa {
    public let catalogo: Catalogo
    /// The operator registry in force: with one, drops need their operator's signature.
    let operadores: OperadoresVigentes

    public init(catalogo: Catalogo) { self.init(catalogo: catalogo, operadores: OperadoresVigentes(nil)) }

    init(catalogo: Catalogo, operadores: OperadoresVigentes) {
        self.catalogo = catalogo
        self.operadores = operadores
    }

    public func validarCaptura(_ bytes: [UInt8], clave: ClaveActa, operador: String) -> Result<Captura, RazonRechazo> {
        ValidadorCaptura.validar(Self.sinBOM(bytes), clave: clave, operador: operador, catalogo: catalogo)
            .mapError { RazonRechazo("invalid capture: \($0.description)") }
    }

    public func validarSinActa(_ bytes: [UInt8], clave: ClaveActa) -> Result<DeclaracionSinActa, RazonRechazo> {
        ValidadorCaptura.validarSinActa(Self.sinBOM(bytes), clave: clave, catalogo: catalogo)
            .mapError { RazonRechazo("invalid sin acta declaration: \($0.description)") }
    }

    /// The JSON without a leading UTF-8 byte order mark (Windows editors write one; RFC 8259
    /// lets a reader ignore it). The drop's bytes and SHA-256 stay as they were.
    static func sinBOM(_ b: [UInt8]) -> [UInt8] {
        b.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(b.dropFirst(3)) : b
    }

    public func conoceEleccion(_ codigo: String) -> Bool { catalogo.eleccion(codigo: codigo) != nil }
}
