import PrepDominio
import PrepSpool

/// The spool's domain rules wired to PrepDominio: the capture validator against the catálogo and
/// the verification of SPEC §6.
struct ReglasDominio: ReglasActa {
    let catalogo: Catalogo

    func validarCaptura(_ bytes: [UInt8], clave: ClaveActa, operador: String) -> Result<Captura, RazonRechazo> {
        ValidadorCaptura.validar(bytes, clave: clave, operador: operador, catalogo: catalogo)
            .mapError { RazonRechazo("invalid capture: \($0.description)") }
    }

    func validarSinActa(_ bytes: [UInt8], clave: ClaveActa) -> Result<DeclaracionSinActa, RazonRechazo> {
        ValidadorCaptura.validarSinActa(bytes, clave: clave, catalogo: catalogo)
            .mapError { RazonRechazo("invalid sin acta declaration: \($0.description)") }
    }

    func conoceEleccion(_ codigo: String) -> Bool { catalogo.eleccion(codigo: codigo) != nil }

    func verificar(_ capturas: [Captura]) -> ResultadoVerificacion {
        guard let v = try? Verificacion(capturas) else { return .pendiente }
        switch v.estado {
        case .sinCaptura, .pendiente: return .pendiente
        case .discrepancia: return .discrepancia
        case .verificadaPorCoincidencia: return .verificada(final: 0, tercera: false)
        case .verificadaPorTercera: return .verificada(final: 2, tercera: true)
        }
    }
}
