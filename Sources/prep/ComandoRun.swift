import PrepDominio
import PrepSistema
import PrepServicio
import PrepSpool

/// The configuration for a command: `--config FILE`, else the first of `BuscarConfiguracion`'s
/// places; `--root` overrides the spool. Found nowhere: an error naming every place looked at,
/// unless `exigir` is false (a command given all it needs by options), which uses the defaults.
/// `delDemonio` (`prep run`): the file must be one only root or the daemon's user can change.
func configuracion(_ args: Argumentos, exigir: Bool = true, delDemonio: Bool = false) throws(Configuracion.Fallo) -> Configuracion {
    var c: Configuracion
    let prepConfig = Entorno.variable("PREP_CONFIG")
    if let ruta = args.valor("config") {
        c = try Configuracion.leer(ruta, delDemonio: delDemonio)
    } else if let ruta = BuscarConfiguracion.encontrar(prepConfig: prepConfig) {
        c = try Configuracion.leer(ruta, delDemonio: delDemonio)
    } else if !exigir || args.valor("root") != nil {
        c = Configuracion()
    } else {
        throw Configuracion.Fallo(archivo: "", linea: 0, razon: BuscarConfiguracion.ninguna(prepConfig: prepConfig))
    }
    if let raiz = args.valor("root") { c.spool = raiz }
    return c
}

/// `prep run [--root DIR] [--config FILE] [--once] [--verbose]`: the daemon.
let comandoRun = Comando(
    nombre: "run",
    resumen: "run the spool daemon (watch incoming/, move actas through their phases)",
    descripcion: """
    Creates the spool layout and moves every acta through its phases
    (incoming/ -> captured/ -> verified/ -> packaged/), refusing bad drops into
    rejected/ beside a .reason file. Stops on SIGTERM or SIGINT after the step
    in hand (exit 0); an I/O error stops it with exit 1. SIGHUP re-reads the
    configuration: limits, rescan_interval, publish_command, publish_timeout and
    metrics_file apply at once; the other keys are logged as needing a restart.
    The config file must be owned by root or the daemon's user and writable by
    its owner only (it names publish_command, which the daemon runs).
    """,
    opciones: [
        .raiz,
        .config,
        .bandera("once", "process everything present, then exit (scripts, cron, tests)"),
        .bandera("verbose", "log every event, not only rejections, warnings and errors"),
    ],
    ejecutar: { args in
        let config: Configuracion
        do { config = try configuracion(args, delDemonio: true) } catch {
            avisar("prep run: refusing to start: \(error)")
            return 1
        }
        return ejecutarServicio(config, modo: args.tiene("once") ? .unaVez : .demonio, detallado: args.tiene("verbose"),
                                comando: "prep run", recarga: { () throws(Configuracion.Fallo) in try configuracion(args, delDemonio: true) })
    }
)

/// Runs the service (`prep run`, and `prep publish` when no daemon holds the spool). Returns the
/// exit status; a failure is one line on standard error.
func ejecutarServicio(_ config: Configuracion, modo: Servicio.Modo, detallado: Bool, comando: String,
                      recarga: (() throws(Configuracion.Fallo) -> Configuracion)? = nil) -> Int32 {
    do {
        try Servicio.ejecutar(config, modo: modo, detallado: detallado, recarga: recarga)
        return 0
    } catch {
        avisar("\(comando): \(error)")
        return 1
    }
}
