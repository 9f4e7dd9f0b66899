import PrepServicio
import PrepSistema
import PrepSpool

/// `prep publish [--root DIR] [--config FILE]`: a corte now. Asks the running daemon (SIGUSR1 to
/// the pid in the spool's lock file) and waits for `publish/latest` to reach the corte the daemon
/// answered with (`corte.answer`: the one after a corte already in flight); when no daemon holds
/// the spool, runs one pass itself: everything present is processed and one corte is published.
/// A holder that lets the spool go without that corte (a `prep run --once` past its last turn
/// when the signal came) is waited for, then the pass is made here.
let comandoPublish = Comando(
    nombre: "publish",
    resumen: "publish a corte now (asks the running daemon, or makes it itself)",
    descripcion: """
    Publishes a corte now with every verified acta. When a daemon holds the
    spool, sends it SIGUSR1 and waits until publish/latest names the corte that
    answers it (a corte already being built when it asked is not the answer;
    at most --timeout seconds, default 300); a prep run --once answers with the
    corte it makes at its end. Otherwise, or when the holder ends without that
    corte, processes what is in the spool once, publishes one corte and exits.
    Prints the new corte's folder.
    --final closes the night: the corte is marked final in its manifest, never
    expires (the site says "corte final"), and no corte follows it, on schedule
    or asked for, until prep publish --reopen.
    """,
    opciones: [
        .raiz, .config, .valor("timeout", "SECONDS", "how long to wait for a running daemon's corte (default: 300)"),
        .bandera("final", "the final corte: closes the night (no corte after it until --reopen)"),
        .bandera("reopen", "publish again after a final corte (the interval cortes resume)"),
    ],
    ejecutar: { args in
        let config: Configuracion
        do { config = try configuracion(args) } catch {
            avisar("prep publish: \(error)")
            return 1
        }
        guard let limite = Int(args.valor("timeout") ?? "300"), limite > 0 else {
            avisar("prep publish: --timeout wants a whole number of seconds")
            return 2
        }
        if args.tiene("final") && args.tiene("reopen") {
            avisar("prep publish: --final and --reopen ask for opposite things; give one")
            return 2
        }
        let solicitud: SolicitudCorte = args.tiene("final") ? .final : args.tiene("reopen") ? .reabrir : .normal
        if solicitud == .normal, let u = UltimoCorte.delSpool(config.spool), u.final {
            avisar("prep publish: the night is closed by the final corte \(u.nombre); prep publish --reopen publishes again")
            return 1
        }
        // Whoever holds the spool is asked; when it lets the spool go without the corte (a `prep
        // run --once` that had finished its last turn), this process makes it.
        let fin = Reloj.monotonoNs() + Int64(limite) * 1_000_000_000
        while let pid = duenoDelSpool(config.spool + "/" + Disposicion.lock) {
            switch pedirAlDueno(pid, config: config, solicitud: solicitud, limite: limite, fin: fin) {
            case .publicado(let corte):
                imprimir(corte)
                return 0
            case .fallo(let linea):
                avisar("prep publish: \(linea)")
                return 1
            case .soltado:
                continue
            }
        }
        return publicarAqui(config, solicitud: solicitud, limite: limite)
    }
)

/// How asking the spool's holder for a corte ended.
private enum Respuesta {
    /// The corte that answers the request (its folder).
    case publicado(String)
    /// The holder let the spool go before that corte existed.
    case soltado
    /// Why there is no corte (for the one error line).
    case fallo(String)
}

/// Asks the process `pid` holding the spool for a corte (SIGUSR1, with `solicitud` left for it)
/// and waits until `publish/latest` reaches the corte it answered with (`corte.answer`: the one
/// after a corte already in flight), until `fin` or until it lets the spool go.
private func pedirAlDueno(_ pid: Int, config: Configuracion, solicitud: SolicitudCorte, limite: Int, fin: Int64) -> Respuesta {
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
    do { try Maquina.senalar(Int32(pid), Senales.solicitudCorte) } catch {
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
        if duenoDelSpool(config.spool + "/" + Disposicion.lock) != pid {
            return servida().map { .publicado($0) } ?? .soltado
        }
        Reloj.dormir(segundos: 0.1)
    }
    return .fallo("the daemon (pid \(pid)) published no corte within \(limite) s")
}

/// No process holds the spool: this one runs the service once, which processes what is there and
/// publishes one corte (`solicitud` left for this process).
private func publicarAqui(_ config: Configuracion, solicitud: SolicitudCorte, limite: Int) -> Int32 {
    let latest = config.spool + "/" + Disposicion.publish + "/latest"
    let antes = leerEnlace(latest)
    var dejada: String?
    if solicitud != .normal {
        do { dejada = try solicitud.dejar(raiz: config.spool, para: Maquina.pid, hasta: Reloj.segundosUnix() + Int64(limite)) } catch {
            avisar("prep publish: cannot leave the request for the daemon: \(error)")
            return 1
        }
    }
    let estado = ejecutarServicio(config, modo: .corteAhora, detallado: false, comando: "prep publish")
    // Still there when the service never started (another daemon took the spool).
    if let dejada { SolicitudCorte.retirar(raiz: config.spool, linea: dejada) }
    guard estado == 0 else { return estado }
    guard let ahora = leerEnlace(latest), ahora != antes else {
        avisar("prep publish: no corte was published")
        return 1
    }
    imprimir(config.spool + "/" + Disposicion.publish + "/" + ahora)
    return 0
}

/// The pid of the daemon holding the spool lock at `ruta`, or nil when none does (no file, or
/// the lock is free).
private func duenoDelSpool(_ ruta: String) -> Int? {
    Bloqueo.dueno(NombreArchivo(ruta), en: .actual)
}

/// The target of a symbolic link, or nil.
private func leerEnlace(_ ruta: String) -> String? {
    try? Directorio.actual.leerEnlace(NombreArchivo(ruta))
}
