import PrepDominio
import PrepSistema
import PrepSpool

/// The daemon's side of `Type=notify` (etc/prep.service): `READY=1` once recovery, the first scan
/// and the corte at start are done; a `STATUS=` line (actas per phase, the last corte) whenever it
/// changes, at most once a second; `WATCHDOG=1` every half `WatchdogSec=` from the loop (a loop
/// stuck for longer gets the daemon restarted); `RELOADING=1` then `READY=1` around SIGHUP;
/// `STOPPING=1` when it begins to stop. A failed send is logged once and never stops the daemon.
struct NotificacionSystemd {
    let aviso: AvisoSystemd
    let registro: Registro
    private var ultimoEstado = ""
    private var proximoEstadoNs: Int64 = 0
    private var proximoLatidoNs: Int64 = 0
    private var fallado = false

    init(aviso: AvisoSystemd, registro: Registro) {
        self.aviso = aviso
        self.registro = registro
    }

    /// The `STATUS=` text: what `systemctl status prep` shows.
    static func estado(_ d: Recepcion, ultimo: CorteHecho?) -> String {
        let f = d.actasPorFase
        var t = "\(f[.captured] ?? 0) captured, \(f[.verified] ?? 0) verified, \(f[.packaged] ?? 0) packaged, \(d.archivosEnIncoming) files in incoming/"
        if let u = ultimo {
            let hora = MarcaTiempo(segundosUnix: u.segundosUnix, desfaseMinutos: d.config.desfaseUTCMinutos)
            t += "; last corte \(u.nombre) at \(hora.rfc3339)"
        }
        return t
    }

    mutating func enviar(_ lineas: [String]) {
        do { try aviso.enviar(lineas) } catch {
            if !fallado { registro.aviso("warning", "systemd notification failed (logged once): \(error)") }
            fallado = true
        }
    }

    mutating func listo(_ d: Recepcion, ultimo: CorteHecho?) {
        ultimoEstado = Self.estado(d, ultimo: ultimo)
        enviar(["READY=1", "STATUS=" + ultimoEstado, "MAINPID=\(Maquina.pid)"])
        if aviso.vigilanciaNs != nil { enviar(["WATCHDOG=1"]) }
    }

    mutating func turno(_ d: Recepcion, ultimo: CorteHecho?, ahoraNs: Int64) {
        if let v = aviso.vigilanciaNs, ahoraNs >= proximoLatidoNs {
            enviar(["WATCHDOG=1"])
            proximoLatidoNs = ahoraNs + v / 2
        }
        guard ahoraNs >= proximoEstadoNs else { return }
        proximoEstadoNs = ahoraNs + 1_000_000_000
        let e = Self.estado(d, ultimo: ultimo)
        if e != ultimoEstado {
            ultimoEstado = e
            enviar(["STATUS=" + e])
        }
    }

    mutating func recargando(_ d: Recepcion, ultimo: CorteHecho?) {
        enviar(["RELOADING=1", "MONOTONIC_USEC=\(Reloj.monotonoNs() / 1000)"])
        enviar(["READY=1", "STATUS=" + Self.estado(d, ultimo: ultimo)])
    }

    mutating func deteniendo() { enviar(["STOPPING=1", "STATUS=stopping: finishing the step in hand"]) }
}

