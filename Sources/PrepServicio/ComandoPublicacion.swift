import Dispatch
import Foundation
import PrepSistema
import PrepSpool
import Synchronization

/// `publish_command`: run after each corte with the corte's folder as its argument, one at a time
/// and in order, on its own queue so that a slow upload never holds up the spool. Each run has
/// `publish_timeout`: past it, the command and everything it started (its process group) are
/// killed and the failure logged, so a hung upload never blocks the next corte's for longer.
/// Every run ends in one `publish` log line: the corte, the exit status, how long it took and,
/// when it failed, the last line it wrote to standard error (the corte itself is already durable
/// and signed). SIGHUP may change the command and its timeout (`cambiar`).
final class ComandoPublicacion: Sendable {
    private let ajustes: Mutex<(linea: String, limiteNs: Int64)>
    private let registro: Registro
    private let cola = DispatchQueue(label: "prep.publish_command")
    private let actual = Mutex<ProcesoHijo?>(nil)
    private let parando = Atomic<Bool>(false)
    /// Called with each run's result (for the metrics), on the command's queue.
    private let alTerminar: @Sendable (ProcesoHijo.Fin) -> Void

    init(_ linea: String, limiteNs: Int64, registro: Registro, alTerminar: @escaping @Sendable (ProcesoHijo.Fin) -> Void = { _ in }) {
        ajustes = Mutex((linea, limiteNs))
        self.registro = registro
        self.alTerminar = alTerminar
    }

    /// The command for the cortes from now on (empty: none).
    func cambiar(linea: String, limiteNs: Int64) { ajustes.withLock { $0 = (linea, limiteNs) } }

    func lanzar(corte: String) {
        let (linea, limiteNs) = ajustes.withLock { $0 }
        guard !linea.isEmpty else { return }
        let absoluta = corte.hasPrefix("/") ? corte : FileManager.default.currentDirectoryPath + "/" + corte
        cola.async { [self] in
            guard !parando.load(ordering: .relaxed) else {
                registro.aviso("warning", "publish_command not run for \(absoluta): the daemon is stopping")
                return
            }
            ejecutar(linea, corte: absoluta, limiteNs: limiteNs)
        }
    }

    private func ejecutar(_ linea: String, corte absoluta: String, limiteNs: Int64) {
        let inicio = Reloj.monotonoNs()
        var tubo: TuboCaptura
        do { tubo = try TuboCaptura() } catch {
            registro.aviso("error", "publish_command could not start for \(absoluta): \(error)")
            return
        }
        defer { tubo.cerrar() }
        // The configured line is shell text; the corte goes in as "$1", never spliced into it.
        let p: ProcesoHijo
        do {
            p = try ProcesoHijo.lanzar(["/bin/sh", "-c", linea + " \"$1\"", "publish_command", absoluta],
                                       errorEstandar: tubo.escritura)
        } catch {
            registro.aviso("error", "publish_command could not start for \(absoluta): \(error)")
            return
        }
        tubo.cerrarEscritura()
        actual.withLock { $0 = p }
        var fin = p.esperar(plazoNs: limiteNs) { tubo.drenar() }
        var muerto = false
        if fin == nil {
            muerto = true
            fin = p.terminar(graciaNs: 2_000_000_000) { tubo.drenar() }
        }
        actual.withLock { $0 = nil }
        tubo.drenar()
        let resultado = fin ?? .senal(9)
        alTerminar(resultado)
        let segundos = Double(Reloj.monotonoNs() - inicio) / 1e9
        let duracion = String(format: "%.1f s", segundos)
        let corte = absoluta.split(separator: "/").last.map(String.init) ?? absoluta
        if muerto {
            registro.aviso("error", "publish \(corte): publish_command still running after publish_timeout (\(limiteNs / 1_000_000_000) s): killed (\(resultado))\(Self.ultima(tubo))")
        } else if resultado.exito {
            registro.aviso("publish", "\(corte): publish_command \(resultado) in \(duracion)")
        } else {
            registro.aviso("error", "publish \(corte): publish_command failed: \(resultado) after \(duracion)\(Self.ultima(tubo))")
        }
    }

    /// `; last error line: …` when the command wrote to standard error.
    private static func ultima(_ tubo: TuboCaptura) -> String {
        tubo.ultimaLinea.map { "; last error line: \($0)" } ?? "; it wrote nothing to standard error"
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
