import PrepDominio
import PrepSpool

/// The spool's domain rules wired to PrepDominio: the capture validator against the catálogo and
/// the elections it knows. (Verification itself is PrepDominio's `Verificacion`, used directly.)
public struct ReglasDominio: ReglasActa {
    public let catalogo: Catalogo

    public init(catalogo: Catalogo) { self.catalogo = catalogo }

    public func validarCaptura(_ bytes: [UInt8], clave: ClaveActa, operador: String) -> Result<Captura, RazonRechazo> {
        ValidadorCaptura.validar(bytes, clave: clave, operador: operador, catalogo: catalogo)
            .mapError { RazonRechazo("invalid capture: \($0.description)") }
    }

    public func validarSinActa(_ bytes: [UInt8], clave: ClaveActa) -> Result<DeclaracionSinActa, RazonRechazo> {
        ValidadorCaptura.validarSinActa(bytes, clave: clave, catalogo: catalogo)
            .mapError { RazonRechazo("invalid sin acta declaration: \($0.description)") }
    }

    public func conoceEleccion(_ codigo: String) -> Bool { catalogo.eleccion(codigo: codigo) != nil }
}
