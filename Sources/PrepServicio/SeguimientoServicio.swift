import PrepDominio
import PrepSistema
import PrepSpool
import Synchronization

/// `publish_command` runs and failures, counted on the command's own queue.
final class ConteoComandos: Sendable {
    private let cuenta = Mutex<(ejecuciones: Int, fallos: Int)>((0, 0))

    func sumar(_ fin: ProcesoHijo.Fin) {
        cuenta.withLock {
            $0.ejecuciones += 1
            if !fin.exito { $0.fallos += 1 }
        }
    }

    var valor: (ejecuciones: Int, fallos: Int) { cuenta.withLock { $0 } }
}

/// What the service watches around the daemon's loop: systemd's notification and the metrics
/// file (each when configured). The loop tells it what happened (`sumar` a batch, `cortado` a
/// corte, `trasTurno` at every turn); it asks nothing back. The metrics file is rewritten after a
/// batch (at most once a second), after every corte, at start and at stop. Its figures come from
/// the folders, as `prep status` reads them — half a second and more at national scale — so it is
/// written off the loop, by `EscritorMetricas`: the loop only hands over a copy of its counters.
final class SeguimientoServicio {
    private var notificacion: NotificacionSystemd?
    private let escritor: EscritorMetricas
    private var metricas = MetricasServicio()
    private var archivo: String?
    private var desfaseMinutos: Int
    /// Something to write since the last rewrite: a batch (`sucio`), a corte (`corteNuevo`).
    private var sucio = true
    private var corteNuevo = false
    private var proximaNs: Int64 = 0

    init(config: Configuracion, registro: Registro, comandos: ConteoComandos,
         aviso: AvisoSystemd? = AvisoSystemd.desdeEntorno()) {
        notificacion = aviso.map { NotificacionSystemd(aviso: $0, registro: registro) }
        escritor = EscritorMetricas(registro: registro, comandos: comandos)
        archivo = config.archivoMetricas
        desfaseMinutos = config.desfaseUTCMinutos
    }

    /// After recovery, the first scan and the corte at start: the daemon is serving.
    func listo(_ r: Recepcion, ultimo: CorteHecho?) {
        escribirMetricas(r)
        notificacion?.listo(r, ultimo: ultimo)
    }

    /// A batch placed or refused something.
    func sumar(_ resumen: ResumenLote) {
        metricas.sumar(resumen)
        sucio = true
    }

    /// A corte was made and its actas packaged.
    func cortado(_ c: CorteHecho) {
        metricas.cortado(c)
        corteNuevo = true
    }

    /// Retention reduced older cortes (on its own thread): `publish/` shrank, and the metrics
    /// measure it again.
    func reducido() {
        metricas.reducciones += 1
        corteNuevo = true
    }

    /// At the end of every turn of the loop (at least once a second).
    func trasTurno(_ r: Recepcion, ultimo: CorteHecho?, ahoraMonotonoNs: Int64) {
        if corteNuevo || (sucio && ahoraMonotonoNs >= proximaNs) {
            escribirMetricas(r)
            proximaNs = ahoraMonotonoNs + 1_000_000_000
        }
        notificacion?.turno(r, ultimo: ultimo, ahoraNs: ahoraMonotonoNs)
    }

    /// SIGHUP put `config` in force.
    func recargado(_ r: Recepcion, config: Configuracion, ultimo: CorteHecho?) {
        archivo = config.archivoMetricas
        escribirMetricas(r)
        notificacion?.recargando(r, ultimo: ultimo)
    }

    /// The daemon is stopping (the final corte and the last log line follow).
    func deteniendo() { notificacion?.deteniendo() }

    /// After the daemon's last turn (its final corte), before its last line: the figures it
    /// stopped with, written before the process ends.
    func detenido(_ r: Recepcion) {
        escribirMetricas(r)
        escritor.esperar()
    }

    /// Before the process ends on an error: the metrics writer finishes the file in hand.
    func esperar() { escritor.esperar() }

    private func escribirMetricas(_ r: Recepcion) {
        corteNuevo = false
        let ritmo = metricas.ritmo(ahora: Reloj.monotonoSegundos())
        guard let archivo else { return }
        sucio = false
        escritor.escribir(EscritorMetricas.Pedido(metricas: metricas, ritmo: ritmo, archivo: archivo, raiz: r.spool.raiz,
                                                  desfaseMinutos: desfaseMinutos))
    }
}
