import Glibc
import PrepDominio
import PrepPublicacion
import PrepSistema
import PrepSpool

// Glue (written for issue 6, so that `prep run` publishes cortes and the simulator's night can be
// checked end to end): the daemon's loop hook (PrepSpool.Publicador) driving the corte builder
// (PrepPublicacion.Publicador) as docs/cortes.md "Wiring" describes. Whoever owns the daemon may
// replace it; nothing else depends on its internals.

/// Publishes a corte at start (puesta en ceros) and then every `corte_interval`: registers every
/// acta newly in `verified/`, builds the signed corte, then moves what it included to `packaged/`.
final class PublicadorDemonio: PrepSpool.Publicador {
    private let cortes: PrepPublicacion.Publicador
    private let intervaloNs: Int64
    private var proximoNs: Int64?
    private var registradas: Set<String> = []

    init(config: Configuracion, catalogo: Catalogo) throws {
        let secreta = config.claveFirma
        if access(secreta, F_OK) != 0 {
            guard config.modo == .simulacro else {
                throw ErrorPublicacion("signing key \(secreta) does not exist (mode oficial never creates one: run prep keygen)")
            }
            // Its folder too (keys/ in a fresh checkout or demo).
            var carpeta = ""
            for parte in secreta.split(separator: "/", omittingEmptySubsequences: false).dropLast() {
                carpeta += (carpeta.isEmpty && !secreta.hasPrefix("/") ? "" : "/") + parte
                if !carpeta.isEmpty, carpeta != "/" { _ = mkdir(carpeta, 0o700) }
            }
            _ = try ArchivoClaves.generar(prefijo: String(secreta.dropLast(4)))
            avisar("prep run: created signing key \(secreta) and \(secreta.dropLast(4)).pub (mode simulacro)")
        }
        let clave = try ArchivoClaves.leerSecreta(secreta)
        let huella = SHA256.hex(try huellaCatalogo(archivos: leerArchivosCatalogo(ruta: config.catalogo)))
        cortes = try PrepPublicacion.Publicador(
            configuracion: ConfiguracionPublicador(
                carpeta: config.spool + "/publish", modo: config.modo == .oficial ? .oficial : .simulacro,
                desfaseMinutos: config.desfaseUTCMinutos, intervaloSegundos: Int(config.intervaloCorteNs / 1_000_000_000),
                catalogoSHA256: huella, clave: clave, sitio: SitioResultados(clave: clave.publica)),
            catalogo: catalogo)
        intervaloNs = config.intervaloCorteNs
    }

    func turno(_ spool: Spool, ahoraMonotonoNs: Int64, final: Bool) throws {
        if let proximo = proximoNs, ahoraMonotonoNs < proximo { return }
        // The corte at start registers nothing new: it shows what earlier cortes published (all
        // '-' the first time: puesta en ceros); actas verified since wait for the next one.
        let alArrancar = proximoNs == nil
        for c in try spool.clavesVerificadas() where !alArrancar && !registradas.contains(c.texto) {
            let (acta, ruta) = try spool.leerVerificada(c)
            _ = try cortes.registrar(acta, rutaImagen: ruta)
            registradas.insert(c.texto)
        }
        let corte = try cortes.publicarCorte(ahora: MarcaTiempo(segundosUnix: Int64(time(nil)), desfaseMinutos: 0))
        try spool.empaquetar(corte.incluidas, corte: corte.nombre.description)
        for c in corte.incluidas { registradas.remove(c.texto) }
        proximoNs = ahoraMonotonoNs + intervaloNs
    }
}
