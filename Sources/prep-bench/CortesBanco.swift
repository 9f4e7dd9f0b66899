import PrepDominio
import PrepPublicacion
import PrepSitio

/// What every corte figure builds its cortes with, so that their figures compare: mode simulacro,
/// UTC−6, 15-minute cortes, and a stand-in catálogo hash (the figures feed the corte builder a
/// generated catálogo, not files a manifest could name).
enum CortesBanco {
    /// The night's first corte time (2 June 2024, 20:30 at UTC−6).
    static let hora = MarcaTiempo(segundosUnix: 1_717_381_800, desfaseMinutos: -360)

    static func configuracion(carpeta: String, clave: ClaveSecretaSignify, sitio: SitioResultados?) -> ConfiguracionCortes {
        ConfiguracionCortes(carpeta: carpeta, modo: .simulacro, desfaseMinutos: -360, intervaloSegundos: 900,
                            catalogoSHA256: HuellaSHA256(palabras: (0xabab_abab_abab_abab, 0xabab_abab_abab_abab,
                                                                    0xabab_abab_abab_abab, 0xabab_abab_abab_abab)),
                            clave: clave, sitio: sitio)
    }
}
