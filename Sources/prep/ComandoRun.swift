import Glibc
import PrepDominio
import PrepSistema
import PrepSpool

/// Where `prep run`, `status` and `show` look for the config when no `--config` is given.
let rutaConfigPorOmision = "etc/prep.conf"

/// The configuration for a command: `--config FILE`, else `etc/prep.conf` if present, else the
/// defaults; `--root` overrides the spool.
func configuracion(_ args: Argumentos) throws(Configuracion.Fallo) -> Configuracion {
    var c: Configuracion
    if let ruta = args.valor("config") {
        c = try Configuracion.leer(ruta)
    } else if access(rutaConfigPorOmision, F_OK) == 0 {
        c = try Configuracion.leer(rutaConfigPorOmision)
    } else {
        c = Configuracion()
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
    in hand (exit 0); an I/O error stops it with exit 1.
    """,
    opciones: [
        .raiz,
        .config,
        .bandera("once", "process everything present, then exit (scripts, cron, tests)"),
        .bandera("verbose", "log every event, not only rejections, warnings and errors"),
    ],
    ejecutar: { args in
        let config: Configuracion
        do { config = try configuracion(args) } catch {
            avisar("prep run: refusing to start: \(error)")
            return 1
        }
        return ejecutarDemonio(config, unaVez: args.tiene("once"), detallado: args.tiene("verbose"),
                               corteAhora: false, comando: "prep run")
    }
)

/// Runs the daemon on `config` (also `prep publish` when no daemon holds the spool, with
/// `corteAhora`: one corte with everything verified, then exit). Returns the exit status.
func ejecutarDemonio(_ config: Configuracion, unaVez: Bool, detallado: Bool, corteAhora: Bool, comando: String) -> Int32 {
    let catalogo: Catalogo
    do { catalogo = try leerCatalogo(ruta: config.catalogo) } catch {
        avisar("\(comando): refusing to start: \(error)")
        return 1
    }
    let registro = Registro(detallado: detallado, desfaseMinutos: config.desfaseUTCMinutos)
    do {
        let senales = try Senales.instalar()
        let spool = try Spool.abrir(raiz: config.spool, crear: true, reglas: ReglasDominio(catalogo: catalogo),
                                    desfaseMinutos: config.desfaseUTCMinutos, registro: registro)
        let publicador = try PublicadorDemonio(config: config, catalogo: catalogo, unaVez: unaVez, registro: registro)
        if corteAhora { publicador.solicitarCorte() }
        let demonio = try Demonio(spool: spool, config: config, unaVez: unaVez, publicador: publicador,
                                  senales: senales)
        try demonio.ejecutar()
        publicador.terminar()
        return 0
    } catch let e as FalloSpool {
        avisar("\(comando): \(e)")
        return 1
    } catch {
        avisar("\(comando): \(error)")
        return 1
    }
}
