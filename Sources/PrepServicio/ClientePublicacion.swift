import PrepSistema
import PrepSpool

/// `prep publish`'s client: a corte now. Asks the running daemon (SIGUSR1 to the pid in the
/// spool's lock file, with `SolicitudCorte` left for it) and waits for `publish/latest` to reach
/// the corte the daemon answered with (`corte.answer`: the one after a corte already in flight);
/// when no daemon holds the spool, runs the service once itself: everything present is processed
/// and one corte is published. A holder that lets the spool go without that corte (a `prep run
/// --once` past its last turn when the signal came) is waited for, then the pass is made here.
public enum ClientePublicacion {
    /// How asking for a corte ended.
    public enum Resultado: Equatable, Sendable {
        /// The folder of the corte that answers the request.
        case publicado(String)
        /// Why there is no corte: the one error line (without the command's name).
        case fallo(String)
    }

    /// Asks for a corte of `solicitud`'s kind in `config`'s spool, waiting at most `limite`
    /// seconds for a running daemon's corte.
    public static func pedir(_ config: Configuracion, solicitud: SolicitudCorte, limite: Int) -> Resultado {
        if solicitud == .normal, let u = UltimoCorte.delSpool(config.spool), u.final {
            return .fallo("the night is closed by the final corte \(u.nombre); prep publish --reopen publishes again")
        }
        // Whoever holds the spool is asked; when it lets the spool go without the corte (a `prep
        // run --once` that had finished its last turn), this process makes it.
        let fin = Reloj.monotonoNs() + Int64(limite) * 1_000_000_000
        while let pid = duenoDelSpool(config) {
            switch pedirAlDueno(pid, config: config, solicitud: solicitud, limite: limite, fin: fin) {
            case .publicado(let corte): return .publicado(corte)
            case .fallo(let linea): return .fallo(linea)
            case .soltado: continue
            }
        }
        return publicarAqui(config, solicitud: solicitud, limite: limite)
    }

    /// How asking the spool's holder ended.
    private enum Respuesta {
        case publicado(String)
        /// The holder let the spool go before that corte existed.
        case soltado
        case fallo(String)
    }

    /// Asks the process `pid` holding the spool for a corte (SIGUSR1, with `solicitud` left for it)
    /// and waits until `publish/latest` reaches the corte it answered with (`corte.answer`: the one
    /// after a corte already in flight), until `fin` or until it lets the spool go.
    private static func pedirAlDueno(_ pid: Int, config: Configuracion, solicitud: SolicitudCorte, limite: Int, fin: Int64) -> Respuesta {
        let latest = config.spool + "/" + Disposicion.publish + "/latest"
        let antes = leerEnlace(latest)
        // The request names the process meant to take it and until when: one left behind is
        // ignored by any later daemon.
        var dejada: String?
        if solicitud != .normal {
            do { dejada = try solicitud.dejar(raiz: config.spool, para: Int32(pid), hasta: Reloj.segundosUnix() + Int64(limite)) } catch {
                return .fallo("cannot leave the request for the daemon: \(error)")
            }
        }
        defer { if let dejada { SolicitudCorte.retirar(raiz: config.spool, linea: dejada) } }
        SolicitudCorte.borrarRespuesta(raiz: config.spool)
        do { try Maquina.senalar(Int32(pid), Orden.corte.senal) } catch {
            return .fallo("cannot signal the daemon (pid \(pid)): \(error)")
        }
        var respuesta: Int?
        func servida() -> String? {
            if respuesta == nil { respuesta = SolicitudCorte.leerRespuesta(raiz: config.spool) }
            guard let n = respuesta, let ahora = leerEnlace(latest), ahora != antes,
                  let seq = Int(ahora.split(separator: "/").last?.prefix(6) ?? ""), seq >= n else { return nil }
            return config.spool + "/" + Disposicion.publish + "/" + ahora
        }
        while Reloj.monotonoNs() < fin {
            if let corte = servida() { return .publicado(corte) }
            if duenoDelSpool(config) != pid {
                return servida().map { .publicado($0) } ?? .soltado
            }
            Reloj.dormir(segundos: 0.1)
        }
        return .fallo("the daemon (pid \(pid)) published no corte within \(limite) s")
    }

    /// No process holds the spool: this one runs the service once, which processes what is there
    /// and publishes one corte (`solicitud` left for this process).
    private static func publicarAqui(_ config: Configuracion, solicitud: SolicitudCorte, limite: Int) -> Resultado {
        let latest = config.spool + "/" + Disposicion.publish + "/latest"
        let antes = leerEnlace(latest)
        var dejada: String?
        if solicitud != .normal {
            do { dejada = try solicitud.dejar(raiz: config.spool, para: Maquina.pid, hasta: Reloj.segundosUnix() + Int64(limite)) } catch {
                return .fallo("cannot leave the request for the daemon: \(error)")
            }
        }
        var fallo: Servicio.Fallo?
        do { try Servicio.ejecutar(config, modo: .corteAhora, detallado: false) } catch { fallo = error }
        // Still there when the service never started (another daemon took the spool).
        if let dejada { SolicitudCorte.retirar(raiz: config.spool, linea: dejada) }
        if let fallo { return .fallo("\(fallo)") }
        guard let ahora = leerEnlace(latest), ahora != antes else { return .fallo("no corte was published") }
        return .publicado(config.spool + "/" + Disposicion.publish + "/" + ahora)
    }

    /// The pid of the daemon holding the spool lock, or nil when none does (no file, or the lock
    /// is free).
    private static func duenoDelSpool(_ config: Configuracion) -> Int? {
        Bloqueo.dueno(NombreArchivo(config.spool + "/" + Disposicion.lock), en: .actual)
    }

    /// The target of a symbolic link, or nil.
    private static func leerEnlace(_ ruta: String) -> String? {
        try? Directorio.actual.leerEnlace(NombreArchivo(ruta))
    }
}
