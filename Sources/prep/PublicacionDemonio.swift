import Dispatch
import Foundation
import Glibc
import PrepDominio
import PrepPublicacion
import PrepSitio
import PrepSistema
import PrepSpool
import Synchronization

// Glue: the daemon's loop hook (PrepSpool.Publicador) driving the corte builder
// (PrepPublicacion.Publicador) as docs/cortes.md "Wiring" describes.

/// Publishes a corte at start (puesta en ceros) and then every `corte_interval`: registers every
/// acta in `verified/` not yet registered, builds the signed corte, then moves what it included
/// to `packaged/`, then hands the corte to `publish_command` (if any). `prep publish` (SIGUSR1)
/// makes one now. With `--once` (and `prep publish` without a daemon) there is one corte, at the
/// end, when one is due or asked for: it includes everything that process verified.
final class PublicadorDemonio: PrepSpool.Publicador {
    private let cortes: PrepPublicacion.Publicador
    private let intervaloNs: Int64
    private let unaVez: Bool
    private var proximoNs: Int64?
    private var registradas: Set<String> = []
    /// `prep publish` asked for a corte: publish at the next turn, with everything verified.
    private var solicitado = false
    private var releidas = false
    private let comando: ComandoPublicacion?

    init(config: Configuracion, catalogo: Catalogo, unaVez: Bool, registro: Registro) throws {
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
        self.unaVez = unaVez
        comando = config.comandoPublicacion.isEmpty
            ? nil : ComandoPublicacion(config.comandoPublicacion, limiteNs: config.limitePublicacionNs, registro: registro)
    }

    func solicitarCorte() { solicitado = true }

    /// Before the daemon exits: the publish command in hand gets a few seconds, then it is
    /// killed; those not started are not run (each is logged).
    func terminar() { comando?.terminar(graciaNs: 3_000_000_000) }

    /// A corte is due for `--once` when none was ever made or the last is `corte_interval` old.
    private func debido() -> Bool {
        guard let u = cortes.ultimoCorte else { return true }
        return Reloj.realNs() / 1_000_000_000 - u.segundosUnix >= intervaloNs / 1_000_000_000
    }

    func turno(_ spool: Spool, ahoraMonotonoNs: Int64, final: Bool) throws {
        if !releidas {
            releidas = true
            // Rows of the latest corte that could not be read back: read from their items.
            for c in cortes.tomarPorReleer() {
                let (acta, ruta) = try spool.leerVerificada(c, fase: .packaged)
                try cortes.registrar(acta, rutaImagen: ruta, reportar: false)
                spool.registro.aviso("recovery", "acta \(c): its row in the latest corte could not be read back; read again from packaged/\(c)")
            }
        }
        if unaVez {
            guard final, solicitado || debido() else { return }
        } else if let proximo = proximoNs, ahoraMonotonoNs < proximo, !solicitado {
            return
        }
        solicitado = false
        for c in try spool.clavesVerificadas() where !registradas.contains(c.texto) {
            do {
                let (acta, ruta) = try spool.leerVerificada(c)
                _ = try cortes.registrar(acta, rutaImagen: ruta)
                registradas.insert(c.texto)
            } catch {
                // One acta never stops the night: it stays in verified/, out of this corte.
                spool.registro.aviso("error", "verified/\(c) left out of this corte: \(error)")
            }
        }
        let ahora = MarcaTiempo(segundosUnix: Reloj.realNs() / 1_000_000_000, desfaseMinutos: 0)
        let corte = try cortes.publicarCorte(ahora: ahora)
        try spool.empaquetar(corte.incluidas, corte: corte.nombre.description)
        for c in corte.incluidas { registradas.remove(c.texto) }
        proximoNs = ahoraMonotonoNs + intervaloNs
        comando?.lanzar(corte: cortes.carpetaCortes + "/" + corte.nombre.description)
    }
}

/// `publish_command`: run after each corte with the corte's folder as its argument, one at a time
/// and in order, on its own queue so that a slow upload never holds up the spool. Each run has
/// `publish_timeout`: past it, the command and everything it started (its process group) are
/// killed and the failure logged, so a hung upload never blocks the next corte's for longer.
/// A failure is logged (the corte itself is already durable and signed).
final class ComandoPublicacion: Sendable {
    private let linea: String
    private let limiteNs: Int64
    private let registro: Registro
    private let cola = DispatchQueue(label: "prep.publish_command")
    private let actual = Mutex<ProcesoHijo?>(nil)
    private let parando = Atomic<Bool>(false)

    init(_ linea: String, limiteNs: Int64, registro: Registro) {
        self.linea = linea
        self.limiteNs = limiteNs
        self.registro = registro
    }

    func lanzar(corte: String) {
        let absoluta = corte.hasPrefix("/") ? corte : FileManager.default.currentDirectoryPath + "/" + corte
        cola.async { [self] in
            guard !parando.load(ordering: .relaxed) else {
                registro.aviso("warning", "publish_command not run for \(absoluta): the daemon is stopping")
                return
            }
            // The configured line is shell text; the corte goes in as "$1", never spliced into it.
            let p: ProcesoHijo
            do { p = try ProcesoHijo.lanzar(["/bin/sh", "-c", linea + " \"$1\"", "publish_command", absoluta]) } catch {
                registro.aviso("error", "publish_command could not start for \(absoluta): \(error)")
                return
            }
            actual.withLock { $0 = p }
            var fin = p.esperar(plazoNs: limiteNs)
            if fin == nil {
                registro.aviso("error", "publish_command still running after publish_timeout (\(limiteNs / 1_000_000_000) s) for \(absoluta): killed")
                fin = p.terminar(graciaNs: 2_000_000_000)
            }
            actual.withLock { $0 = nil }
            if let fin, !fin.exito {
                registro.aviso("error", "publish_command failed for \(absoluta): \(fin)")
            }
        }
    }

    /// Stops: what is queued is not run; the command in hand gets `graciaNs`, then its group is
    /// killed. Returns once the queue is idle.
    func terminar(graciaNs: Int64) {
        parando.store(true, ordering: .relaxed)
        let vacia = DispatchSemaphore(value: 0)
        cola.async { vacia.signal() }
        if vacia.wait(timeout: .now() + .nanoseconds(Int(graciaNs))) == .success { return }
        if let p = actual.withLock({ $0 }) {
            registro.aviso("warning", "publish_command (pid \(p.pid)) still running at stop: killed")
            p.senalarGrupo(SIGTERM)
        }
        if vacia.wait(timeout: .now() + .seconds(2)) == .success { return }
        if let p = actual.withLock({ $0 }) { p.senalarGrupo(SIGKILL) }
        vacia.wait()
    }
}
