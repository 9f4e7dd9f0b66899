import PrepDominio
import PrepSistema
import PrepSpool

/// `prep run`'s loop, on the process's main thread: it waits on `incoming/` (inotify), the
/// signals and the corte worker's pipe; at each turn it does what the signals ask (`Orden`),
/// takes one batch (`Recepcion.turno`) and hands what that batch verified to the corte cycle
/// (`CicloCortes.turno`), which also packages what a finished corte included. Nothing else
/// calls back into the loop: every other thread hands its results back through the worker's pipe.
final class Bucle {
    let recepcion: Recepcion
    let ciclo: CicloCortes
    let seguimiento: SeguimientoServicio
    let senales: Senales?
    let registro: Registro
    /// The configuration in force (SIGHUP may change its live keys).
    private(set) var config: Configuracion
    /// Re-reads the configuration file for SIGHUP; nil when there is none to re-read.
    let recarga: (() throws(Configuracion.Fallo) -> Configuracion)?

    init(recepcion: Recepcion, ciclo: CicloCortes, seguimiento: SeguimientoServicio, senales: Senales?,
         config: Configuracion, registro: Registro, recarga: (() throws(Configuracion.Fallo) -> Configuracion)?) {
        self.recepcion = recepcion
        self.ciclo = ciclo
        self.seguimiento = seguimiento
        self.senales = senales
        self.config = config
        self.registro = registro
        self.recarga = recarga
    }

    /// Runs until stopped (or, with `--once`, until everything present is processed). Throws on
    /// an I/O error or a corte that could not be made (the caller exits 1).
    func ejecutar() throws(FalloSpool) {
        try recepcion.iniciar()
        // The corte at start (the puesta en ceros the first time) shows the spool as it is
        // before anything new is taken; with `--once` the cycle makes its one corte at the end.
        try cortes([], final: false)
        registro.aviso("ready", recepcion.descripcionListo)
        seguimiento.listo(recepcion, ultimo: ciclo.ultimo)
        var parado = false
        while true {
            let fds = [recepcion.descriptor, senales?.fd, ciclo.aviso].compactMap { $0 }
            do { _ = try esperarLectura(fds, timeoutMs: recepcion.esperaMs()) } catch { throw FalloSpool(error.description) }
            guard try atenderSenales() else {
                parado = true
                break
            }
            let paso = try recepcion.turno()
            if let lote = paso.lote { seguimiento.sumar(lote) }
            try cortes(paso.verificadas, final: false)
            seguimiento.trasTurno(recepcion, ultimo: ciclo.ultimo, ahoraMonotonoNs: Reloj.monotonoNs())
            if recepcion.terminada { break }
        }
        recepcion.descartarAdelanto()
        seguimiento.deteniendo()
        try cortes([], final: true)
        let reducciones = ciclo.reducciones
        // A stop does not wait for a retention pass; the end of `--once` does.
        ciclo.detener(abandonarReduccion: parado)
        if ciclo.reducciones != reducciones { seguimiento.reducido() }
        seguimiento.detenido(recepcion)
        registro.aviso("stopped", recepcion.descripcionParada)
    }

    /// Step 6: what a turn verified goes to the corte cycle; a corte it finished is told to the
    /// metrics. A failure is the publication's, and stops the daemon.
    private func cortes(_ verificadas: [ClaveActa], final: Bool) throws(FalloSpool) {
        let hechos: [CorteHecho]
        let reducciones = ciclo.reducciones
        do { hechos = try ciclo.turno(verificadas, ahoraMonotonoNs: Reloj.monotonoNs(), final: final) } catch {
            throw FalloSpool("publication: \(error)")
        }
        for h in hechos { seguimiento.cortado(h) }
        if ciclo.reducciones != reducciones { seguimiento.reducido() }
    }

    /// Does what the signals received ask; false when one asks to stop (nothing else is done).
    private func atenderSenales() throws(FalloSpool) -> Bool {
        guard let senales else { return true }
        let recibidas = senales.recibidas()
        if let p = recibidas.first(where: { Orden.de($0) == .parar }) {
            registro.aviso("stopping", "\(p) received; the step in hand is done")
            return false
        }
        var vistas: Set<Senal> = []
        for s in recibidas where vistas.insert(s).inserted {
            switch Orden.de(s) {
            case .corte?:
                registro.aviso("corte", "prep publish asked for a corte now")
                ciclo.solicitarCorte()
            case .recargar?:
                recargar()
            case .retiro?:
                try recepcion.atenderRetiros { ciclo.retirar($0) }
            case .parar?, nil:
                registro.aviso("warning", "\(s) received and ignored (SIGHUP re-reads the configuration, SIGUSR1 asks for a corte, SIGUSR2 withdraws an acta, SIGTERM stops)")
            }
        }
        return true
    }

    /// SIGHUP: re-reads the configuration; the live keys take effect now, the others are named
    /// as needing a restart. A bad file changes nothing (logged as an error).
    private func recargar() {
        guard let recarga else {
            registro.aviso("warning", "SIGHUP received: this daemon has no configuration file to re-read")
            return
        }
        // Checks made under the old rules (a revoked operator's key) are not used.
        recepcion.descartarAdelanto()
        do {
            let cambio = config.recargar(con: try recarga())
            config = cambio.configuracion
            recepcion.cambiar(config.recepcion)
            ciclo.recargar(config)
            registro.aviso("reload", cambio.descripcion)
            seguimiento.recargado(recepcion, config: config, ultimo: ciclo.ultimo)
        } catch {
            registro.aviso("error", "SIGHUP: configuration not reloaded, the running one stays: \(error)")
        }
    }
}
