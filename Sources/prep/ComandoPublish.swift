import PrepServicio
import PrepSistema
import PrepSpool

/// `prep publish [--root DIR] [--config FILE]`: a corte now. Asks the running daemon (SIGUSR1 to
/// the pid in the spool's lock file) and waits for `publish/latest` to reach the corte the daemon
/// answered with (`corte.answer`: the one after a corte already in flight); when no daemon holds
/// the spool, runs one pass itself: everything present is processed and one corte is published.
let comandoPublish = Comando(
    nombre: "publish",
    resumen: "publish a corte now (asks the running daemon, or makes it itself)",
    descripcion: """
    Publishes a corte now with every verified acta. When a daemon holds the
    spool, sends it SIGUSR1 and waits until publish/latest names the corte that
    answers it (a corte already being built when it asked is not the answer;
    at most --timeout seconds, default 300). Otherwise processes what is in
    the spool once, publishes one corte and exits. Prints the new corte's folder.
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
        let latest = config.spool + "/" + Disposicion.publish + "/latest"
        let antes = leerEnlace(latest)
        let dueno = duenoDelSpool(config.spool + "/" + Disposicion.lock)
        // The request names the process meant to take it (the daemon, or this one running the
        // service itself) and until when: one left behind is ignored by any later daemon.
        var dejada: String?
        if solicitud != .normal {
            let para = dueno.map { Int32($0) } ?? Maquina.pid
            do { dejada = try solicitud.dejar(raiz: config.spool, para: para, hasta: Reloj.segundosUnix() + Int64(limite)) } catch {
                avisar("prep publish: cannot leave the request for the daemon: \(error)")
                return 1
            }
        }
        let retirar = { if let dejada { SolicitudCorte.retirar(raiz: config.spool, linea: dejada) } }
        switch dueno {
        case .some(let pid):
            SolicitudCorte.borrarRespuesta(raiz: config.spool)
            do { try Maquina.senalar(Int32(pid), Senales.solicitudCorte) } catch {
                retirar()
                avisar("prep publish: cannot signal the daemon (pid \(pid)): \(error)")
                return 1
            }
            let fin = Reloj.monotonoNs() + Int64(limite) * 1_000_000_000
            // The daemon answers with the seq of the corte that serves this request (the one
            // after a corte already in flight): `latest` must reach it, not merely move.
            var respuesta: Int?
            while Reloj.monotonoNs() < fin {
                if respuesta == nil { respuesta = SolicitudCorte.leerRespuesta(raiz: config.spool) }
                if let n = respuesta, let ahora = leerEnlace(latest), ahora != antes,
                   let seq = Int(ahora.split(separator: "/").last?.prefix(6) ?? ""), seq >= n {
                    imprimir(config.spool + "/" + Disposicion.publish + "/" + ahora)
                    return 0
                }
                Reloj.dormir(segundos: 0.1)
            }
            retirar()
            avisar("prep publish: the daemon (pid \(pid)) published no corte within \(limite) s")
            return 1
        case .none:
            let estado = ejecutarServicio(config, modo: .corteAhora, detallado: false, comando: "prep publish")
            retirar()  // still there when the service never started (another daemon took the spool)
            guard estado == 0 else { return estado }
            guard let ahora = leerEnlace(latest), ahora != antes else {
                avisar("prep publish: no corte was published")
                return 1
            }
            imprimir(config.spool + "/" + Disposicion.publish + "/" + ahora)
            return 0
        }
    }
)

/// The pid of the daemon holding the spool lock at `ruta`, or nil when none does (no file, or
/// the lock is free).
private func duenoDelSpool(_ ruta: String) -> Int? {
    Bloqueo.dueno(NombreArchivo(ruta), en: .actual)
}

/// The target of a symbolic link, or nil.
private func leerEnlace(_ ruta: String) -> String? {
    try? Directorio.actual.leerEnlace(NombreArchivo(ruta))
}
