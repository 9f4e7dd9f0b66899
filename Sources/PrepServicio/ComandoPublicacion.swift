import Dispatch
import Foundation
import PrepSistema
import PrepSpool
import Synchronization

/// `publish_command`: run after each corte with the corte's folder as its argument, one at a time,
/// on its own queue so that a slow upload never holds up the spool. Runs never queue up behind a
/// slow web host: while one runs, the corte waiting for the next run is replaced by each newer
/// corte (logged), so the next run always carries the newest corte. (Each corte folder is
/// complete and signed, and `latest` names the newest: an upload skipped loses nothing the next
/// one does not carry.) Each run has `publish_timeout`: past it, the command and everything it
/// started (its process group) are killed and the failure logged. Every run ends in one `publish`
/// log line: the corte, the exit status, how long it took and, when it failed, the last line it
/// wrote to standard error (the corte itself is already durable and signed). SIGHUP may change
/// the command and its timeout (`cambiar`): a run started after it uses the new ones.
final class ComandoPublicacion: Sendable {
    /// The corte waiting for the next run, and whether the queue is busy with runs.
    private struct Estado {
        var pendiente: String?
        var ocupado = false
        var parando = false
        /// The daemon is stopping and killed the command in hand.
        var cortado = false
    }

    private let ajustes: Mutex<(linea: String, limiteNs: Int64)>
    private let registro: Registro
    private let cola = DispatchQueue(label: "prep.publish_command")
    private let actual = Mutex<ProcesoHijo?>(nil)
    private let estado = Mutex(Estado())
    /// Called with each run's result (for the metrics), on the command's queue.
    private let alTerminar: @Sendable (ProcesoHijo.Fin) -> Void

    init(_ linea: String, limiteNs: Int64, registro: Registro, alTerminar: @escaping @Sendable (ProcesoHijo.Fin) -> Void = { _ in }) {
        ajustes = Mutex((linea, limiteNs))
        self.registro = registro
        self.alTerminar = alTerminar
    }

    /// The command for the cortes from now on (empty: none).
    func cambiar(linea: String, limiteNs: Int64) { ajustes.withLock { $0 = (linea, limiteNs) } }

    /// Uploads `corte` next: now when no run is in hand, else right after it, in place of any
    /// older corte still waiting.
    func lanzar(corte: String) {
        guard !ajustes.withLock({ $0.linea.isEmpty }) else { return }
        let absoluta = Directorio.absoluta(corte)
        enum Toma { case arrancar, reemplaza(String?), parando }
        let toma = estado.withLock { e -> Toma in
            guard !e.parando else { return .parando }
            defer {
                e.pendiente = absoluta
                e.ocupado = true
            }
            return e.ocupado ? .reemplaza(e.pendiente) : .arrancar
        }
        switch toma {
        case .parando:
            registro.aviso("warning", "publish_command not run for \(absoluta): the daemon is stopping")
            return
        case .reemplaza(let vieja):
            if let vieja {
                registro.aviso("publish", "\(Self.nombre(vieja)): not uploaded, publish_command is still busy and the next run carries the newer \(Self.nombre(absoluta))")
            }
            return
        case .arrancar:
            break
        }
        cola.async { [self] in
            while let c = estado.withLock({ e -> String? in
                defer { e.pendiente = nil }
                guard !e.parando, let c = e.pendiente else {
                    e.ocupado = false
                    return nil
                }
                return c
            }) {
                let (linea, limiteNs) = ajustes.withLock { $0 }
                guard !linea.isEmpty else { continue }
                ejecutar(linea, corte: c, limiteNs: limiteNs)
            }
        }
    }

    /// A corte's folder name, for a log line.
    private static func nombre(_ absoluta: String) -> String {
        absoluta.split(separator: "/").last.map(String.init) ?? absoluta
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
        let corte = Self.nombre(absoluta)
        if estado.withLock({ $0.cortado }) {
            registro.aviso("warning", "publish \(corte): publish_command stopped with the daemon (\(resultado)) after \(duracion); this corte may not be uploaded\(Self.ultima(tubo))")
        } else if muerto {
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

    /// Stops: the corte waiting is not uploaded (logged); the command in hand gets `graciaNs`,
    /// then its group is killed. Returns once the queue is idle.
    func terminar(graciaNs: Int64) {
        let abandonada = estado.withLock { e -> String? in
            e.parando = true
            defer { e.pendiente = nil }
            return e.pendiente
        }
        if let abandonada {
            registro.aviso("warning", "publish_command not run for \(abandonada): the daemon is stopping")
        }
        let vacia = DispatchSemaphore(value: 0)
        cola.async { vacia.signal() }
        if vacia.wait(timeout: .now() + .nanoseconds(Int(graciaNs))) == .success { return }
        if let p = actual.withLock({ $0 }) {
            estado.withLock { $0.cortado = true }
            registro.aviso("warning", "publish_command (pid \(p.pid)) still running at stop: killed")
            p.pedirFinDelGrupo()
        }
        if vacia.wait(timeout: .now() + .seconds(2)) == .success { return }
        if let p = actual.withLock({ $0 }) { p.matarGrupo() }
        vacia.wait()
    }
}
