import PrepServicio
import PrepSpool

/// `prep publish [--root DIR] [--config FILE]`: a corte now, through `ClientePublicacion`.
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
        switch ClientePublicacion.pedir(config, solicitud: solicitud, limite: limite) {
        case .publicado(let corte):
            imprimir(corte)
            return 0
        case .fallo(let linea):
            avisar("prep publish: \(linea)")
            return 1
        }
    }
)
