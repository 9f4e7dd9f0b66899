import Foundation
import Glibc
import PrepDominio
import PrepPublicacion
import PrepSitio
import PrepSistema
import PrepSpool

// Glue (written for issue 6, so that `prep run` publishes cortes and the simulator's night can be
// checked end to end): the daemon's loop hook (PrepSpool.Publicador) driving the corte builder
// (PrepPublicacion.Publicador) as docs/cortes.md "Wiring" describes. Whoever owns the daemon may
// replace it; nothing else depends on its internals.

/// Publishes a corte at start (puesta en ceros) and then every `corte_interval`: registers every
/// acta newly in `verified/`, builds the signed corte, then moves what it included to `packaged/`,
/// then hands the corte to `publish_command` (if any). `prep publish` (SIGUSR1) makes one now.
final class PublicadorDemonio: PrepSpool.Publicador {
    private let cortes: PrepPublicacion.Publicador
    private let intervaloNs: Int64
    private var proximoNs: Int64?
    private var registradas: Set<String> = []
    /// `prep publish` asked for a corte: publish at the next turn, with everything verified.
    private var solicitado = false
    private let comando: ComandoPublicacion?

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
        comando = config.comandoPublicacion.isEmpty ? nil : ComandoPublicacion(config.comandoPublicacion)
    }

    func solicitarCorte() { solicitado = true }

    /// Waits for the publish commands still running (called before the daemon exits).
    func terminar() { comando?.esperar() }

    func turno(_ spool: Spool, ahoraMonotonoNs: Int64, final: Bool) throws {
        if let proximo = proximoNs, ahoraMonotonoNs < proximo, !solicitado { return }
        // The corte at start registers nothing new: it shows what earlier cortes published (all
        // '-' the first time: puesta en ceros); actas verified since wait for the next one —
        // unless `prep publish` asked for this corte, which publishes everything verified.
        let alArrancar = proximoNs == nil && !solicitado
        solicitado = false
        for c in try spool.clavesVerificadas() where !alArrancar && !registradas.contains(c.texto) {
            let (acta, ruta) = try spool.leerVerificada(c)
            _ = try cortes.registrar(acta, rutaImagen: ruta)
            registradas.insert(c.texto)
        }
        let corte = try cortes.publicarCorte(ahora: MarcaTiempo(segundosUnix: Int64(time(nil)), desfaseMinutos: 0))
        try spool.empaquetar(corte.incluidas, corte: corte.nombre.description)
        for c in corte.incluidas { registradas.remove(c.texto) }
        proximoNs = ahoraMonotonoNs + intervaloNs
        comando?.lanzar(corte: cortes.carpetaCortes + "/" + corte.nombre.description)
    }
}

/// `publish_command`: run after each corte with the corte's folder as its argument, one at a time
/// and in order, on its own queue so that a slow upload never holds up the spool. A failure is
/// logged (the corte itself is already durable and signed); the next corte runs it again.
final class ComandoPublicacion: Sendable {
    private let linea: String
    private let cola = DispatchQueue(label: "prep.publish_command")

    init(_ linea: String) { self.linea = linea }

    func lanzar(corte: String) {
        let absoluta = corte.hasPrefix("/") ? corte : FileManager.default.currentDirectoryPath + "/" + corte
        let linea = self.linea
        cola.async {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            // The configured line is shell text; the corte goes in as "$1", never spliced into it.
            p.arguments = ["-c", linea + " \"$1\"", "publish_command", absoluta]
            do {
                try p.run()
                p.waitUntilExit()
                if p.terminationStatus != 0 {
                    avisar("prep run: publish_command exited \(p.terminationStatus) for \(absoluta)")
                }
            } catch {
                avisar("prep run: publish_command could not start: \(error)")
            }
        }
    }

    /// Returns once every launched command has finished.
    func esperar() { cola.sync {} }
}
