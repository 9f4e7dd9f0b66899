import Dispatch
import Foundation
import PrepSistema
import PrepSpool
import Synchronization

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
            p.pedirFinDelGrupo()
        }
        if vacia.wait(timeout: .now() + .seconds(2)) == .success { return }
        if let p = actual.withLock({ $0 }) { p.matarGrupo() }
        vacia.wait()
    }
}
