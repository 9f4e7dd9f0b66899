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
/// file (each when configured). The metrics file is rewritten after a batch (at most once a
/// second), after every corte, at start and at stop. Its figures come from the folders, as `prep
/// status` reads them — half a second and more at national scale — so it is written off the loop,
/// by `EscritorMetricas`: the loop only hands over a copy of its counters.
final class SeguimientoServicio: SeguimientoDemonio {
    private var notificacion: NotificacionSystemd?
    private let ciclo: CicloCortes
    private let escritor: EscritorMetricas
    private var metricas = MetricasServicio()
    private var archivo: String?
    private var sucio = true
    private var proximaNs: Int64 = 0

    init(config: Configuracion, registro: Registro, ciclo: CicloCortes, comandos: ConteoComandos,
         aviso: AvisoSystemd? = AvisoSystemd.desdeEntorno()) {
        notificacion = aviso.map { NotificacionSystemd(aviso: $0, registro: registro) }
        self.ciclo = ciclo
        escritor = EscritorMetricas(registro: registro, comandos: comandos)
        archivo = config.archivoMetricas
    }

    func listo(_ demonio: Demonio) {
        notarCorte()
        escribirMetricas(demonio)
        notificacion?.listo(demonio, ultimo: ciclo.ultimo)
    }

    func trasLote(_ demonio: Demonio, _ resumen: ResumenLote) {
        metricas.sumar(resumen)
        sucio = true
    }

    func trasTurno(_ demonio: Demonio, ahoraMonotonoNs: Int64) {
        if notarCorte() || (sucio && ahoraMonotonoNs >= proximaNs) {
            escribirMetricas(demonio)
            proximaNs = ahoraMonotonoNs + 1_000_000_000
        }
        notificacion?.turno(demonio, ultimo: ciclo.ultimo, ahoraNs: ahoraMonotonoNs)
    }

    func recargado(_ demonio: Demonio, _ recarga: Recarga) {
        archivo = demonio.config.archivoMetricas
        escribirMetricas(demonio)
        notificacion?.recargando(demonio, ultimo: ciclo.ultimo)
    }

    func deteniendo(_ demonio: Demonio) { notificacion?.deteniendo() }

    /// After the daemon's last turn (its final corte), before its last line: the figures it
    /// stopped with, written before the process ends.
    func detenido(_ demonio: Demonio) {
        notarCorte()
        escribirMetricas(demonio)
        escritor.esperar()
    }

    /// Before the process ends on an error: the metrics writer finishes the file in hand.
    func esperar() { escritor.esperar() }

    /// Takes in a corte the cycle made since the last look; true when there was one.
    @discardableResult
    private func notarCorte() -> Bool {
        guard let u = ciclo.ultimo, u.seq != metricas.ultimoCorte?.seq else { return false }
        metricas.cortado(u)
        return true
    }

    private func escribirMetricas(_ d: Demonio) {
        let ritmo = metricas.ritmo(ahora: Reloj.monotonoSegundos())
        guard let archivo else { return }
        sucio = false
        escritor.escribir(EscritorMetricas.Pedido(metricas: metricas, ritmo: ritmo, archivo: archivo, raiz: d.spool.raiz,
                                                  desfaseMinutos: d.config.desfaseUTCMinutos))
    }
}
