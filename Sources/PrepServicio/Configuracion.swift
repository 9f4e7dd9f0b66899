import PrepDominio
import PrepSistema
import PrepSpool

/// The daemon's configuration (`etc/prep.conf`, SPEC §9): the spool's keys (`recepcion`, read
/// through as `config.spool`, `config.asentamientoNs`, …) and the service's own — the catálogo,
/// how cortes are signed and how often, `publish_command`, the metrics file, the operators'
/// registry, the published chain's source. Relative paths are resolved against the config
/// file's folder. Every key has a default, so a missing file means "all defaults" only when no
/// file was asked for.
@dynamicMemberLookup
public struct Configuracion: Sendable, Equatable {
    public typealias Fallo = FalloConfiguracion
    public enum Modo: String, Sendable { case simulacro, oficial }

    /// The spool's keys.
    public var recepcion = ConfiguracionSpool()
    /// The catálogo (file or folder).
    public var catalogo: String = "etc/catalogo"
    /// Secret key made by `prep keygen`.
    public var claveFirma: String = "etc/keys/prep.sec"
    public var modo: Modo = .simulacro
    public var intervaloCorteNs: Int64 = 15 * 60 * 1_000_000_000
    /// Run after each corte with the corte's folder as argument; empty for none. Kept verbatim.
    public var comandoPublicacion: String = ""
    /// `publish_timeout`: how long one `publish_command` may run before it is killed.
    public var limitePublicacionNs: Int64 = 600_000_000_000
    /// `metrics_file`: the node_exporter textfile the daemon rewrites after every batch and
    /// corte; nil for none.
    public var archivoMetricas: String?
    /// `operators`: the capture operators' registry (`operadores.csv`, SPEC §4.1); nil: none
    /// (refused in mode oficial; in simulacro operators are not authenticated).
    public var operadores: String?
    /// `keep_cortes`: the newest cortes kept whole; every older one is reduced to its signed list,
    /// manifest and database after each corte (docs/cortes.md). nil (`0` in the file) keeps every
    /// corte whole.
    public var conservarCortes: Int? = 8
    /// `published_source`: the latest corte the web serves, compared with this spool's last
    /// corte before the first corte of a start (`ComprobacionCadena`); nil: no check.
    public var fuentePublicada: FuentePublicada?
    /// Folder of the config file read (paths in it were resolved against it); nil for defaults.
    public var carpetaConfig: String?

    public init() {}

    /// The spool's keys, read and written through (`config.spool`, `config.maxImagen`).
    public subscript<T>(dynamicMember campo: WritableKeyPath<ConfiguracionSpool, T>) -> T {
        get { recepcion[keyPath: campo] }
        set { recepcion[keyPath: campo] = newValue }
    }

    /// The longest corte interval SPEC §7 allows (`IntervaloCorte.maximoSegundos`), nanoseconds.
    public static let maxIntervaloCorteNs = Int64(IntervaloCorte.maximoSegundos) * 1_000_000_000

    /// Every key of the file: the service's, then the spool's.
    static var claves: [ClaveConfiguracion<Configuracion>] {
        clavesServicio + ConfiguracionSpool.claves.map { $0.dentro(\Configuracion.recepcion) }
    }

    /// Every key `analizar` knows (a test keeps them and the shipped file in step).
    public static var nombresClaves: [String] { claves.map(\.nombre) }

    /// Reads and validates the file at `ruta`. With `delDemonio` (`prep run`), the file read
    /// must also be one only root or the daemon's user can change (`comprobarDueno`).
    public static func leer(_ ruta: String, delDemonio: Bool = false) throws(Fallo) -> Configuracion {
        let texto = delDemonio ? try ArchivoConfiguracion.leer(ruta, comprobar: comprobarDueno) : try ArchivoConfiguracion.leer(ruta)
        return try analizar(texto, archivo: ruta)
    }

    /// Parses config text; `archivo` names it in errors and gives the folder for relative paths.
    public static func analizar(_ texto: String, archivo: String) throws(Fallo) -> Configuracion {
        var c = Configuracion()
        let carpeta = ArchivoConfiguracion.carpetaDe(archivo)
        c.carpetaConfig = carpeta
        c.spool = ArchivoConfiguracion.resolver("../spool", en: carpeta)
        c.catalogo = ArchivoConfiguracion.resolver("catalogo", en: carpeta)
        c.claveFirma = ArchivoConfiguracion.resolver("keys/prep.sec", en: carpeta)
        try ArchivoConfiguracion.analizar(texto, archivo: archivo, claves: claves, en: &c)
        return c
    }

    /// The service's keys of `prep.conf`.
    private static var clavesServicio: [ClaveConfiguracion<Configuracion>] { [
        ClaveConfiguracion("catalog", \.catalogo, viva: false) { v, carpeta in RazonClave.ruta(v, carpeta) },
        ClaveConfiguracion("signing_key", \.claveFirma, viva: false) { v, carpeta in
            guard !v.isEmpty else { return .failure(RazonClave("empty path")) }
            guard v.hasSuffix(".sec") else { return .failure(RazonClave("'\(v)' must end in .sec (the public key is the same path with .pub)")) }
            return .success(ArchivoConfiguracion.resolver(v, en: carpeta))
        },
        ClaveConfiguracion("mode", \.modo, viva: false) { v, _ in
            Modo(rawValue: v).map { .success($0) } ?? .failure(RazonClave("'\(v)' is not simulacro or oficial"))
        },
        ClaveConfiguracion("corte_interval", \.intervaloCorteNs, viva: false) { v, _ in
            guard let d = Duracion.ns(v), d > 0 else { return .failure(RazonClave("'\(v)' is not a duration like 15m or 20s")) }
            guard d <= maxIntervaloCorteNs else { return .failure(RazonClave("\(v) is more than 20m (SPEC §7)")) }
            return .success(d)
        },
        ClaveConfiguracion("published_source", \.fuentePublicada, viva: false) { v, carpeta in
            guard !v.isEmpty else { return .success(nil) }
            return FuentePublicada.analizar(v, carpeta: carpeta).map { Optional($0) }.mapError { RazonClave($0.description) }
        },
        ClaveConfiguracion("publish_command", \.comandoPublicacion, viva: true) { v, _ in .success(v) },
        ClaveConfiguracion("publish_timeout", \.limitePublicacionNs, viva: true) { v, _ in
            guard let d = Duracion.ns(v), d > 0 else { return .failure(RazonClave("'\(v)' is not a duration like 10m")) }
            return .success(d)
        },
        ClaveConfiguracion("metrics_file", \.archivoMetricas, viva: true) { v, carpeta in
            .success(v.isEmpty ? nil : ArchivoConfiguracion.resolver(v, en: carpeta))
        },
        ClaveConfiguracion("operators", \.operadores, viva: true) { v, carpeta in
            .success(v.isEmpty ? nil : ArchivoConfiguracion.resolver(v, en: carpeta))
        },
        ClaveConfiguracion("keep_cortes", \.conservarCortes, viva: true) { v, _ in
            if v == "0" { return .success(nil) }
            return RazonClave.entero(v, 2...1_000_000).map { Optional($0) }.mapError { RazonClave($0.texto + ", or 0 to keep every corte whole") }
        },
    ] }
}
