import PrepDominio
import PrepPublicacion
import PrepServicio
import PrepSimulacion
import PrepSistema
import PrepSpool

/// `prep demo`: its options, then `Demo` (PrepSimulacion) plays it.
let comandoDemo = Comando(
    nombre: "demo",
    resumen: "play an election night through the real daemon, then verify and check the last corte",
    descripcion: """
    Makes a demo folder with a spool, a signing key (prep keygen) and a config, starts the
    daemon (prep run) on it, plays an election night into it with the simulator (prep
    simulate) while showing a progress line, waits until every acta that arrived is
    published (however long a slow machine takes), then checks the last corte with prep
    verify, compares its totals with the simulator's ground truth, and tells where the
    results site is and how to check its signature with signify. Only the catálogo is
    taken from the configuration: the demo writes its own, with its spool and keys in DIR.
    Ctrl-C (or SIGTERM, SIGHUP) stops the daemon and the simulator and says where things
    are. One demo at a time per folder; --clean removes the folder.
    """,
    opciones: [
        .valor("dir", "DIR", "the demo folder (default: ./demo); a previous demo there is replaced, anything else there is refused"),
        .config,
        .valor("catalog", "DIR", "the catálogo folder (overrides the config's 'catalog'; default: etc/catalogo, the CDMX sample)"),
        .valor("duration", "D", "the night compressed into D (default: 2m)"),
        .valor("corte-interval", "D", "time between cortes (default: 20s)"),
        .maxActas,
        .semilla,
        .malas,
        .valor("writers", "N", "simulator writers working at once (default: 32)"),
        .bandera("clean", "remove the demo folder and exit (refused while a demo runs there)"),
    ],
    ejecutar: { args in
        do {
            if args.tiene("clean") { return try Demo.limpiar(Directorio.absoluta(args.valor("dir") ?? "demo")) }
            return try demo(args).ejecutar()
        } catch let e as ErrorUso {
            avisar("prep demo: \(e)")
            return 2
        } catch {
            avisar("prep demo: \(error)")
            return 1
        }
    }
)

/// The demo the options ask for.
private func demo(_ args: Argumentos) throws -> Demo {
    let dir = Directorio.absoluta(args.valor("dir") ?? "demo")
    let catalogo = Directorio.absoluta(try configuracionConCatalogo(args).catalogo)
    let textoDuracion = args.valor("duration") ?? "2m"
    guard let duracion = Duracion.segundos(textoDuracion) else {
        throw ErrorUso(mensaje: "--duration: expected a duration like 90s or 2m")
    }
    guard let intervalo = Duracion.segundos(args.valor("corte-interval") ?? "20s"), intervalo >= 1,
          intervalo <= Double(IntervaloCorte.maximoSegundos) else {
        throw ErrorUso(mensaje: "--corte-interval: expected a duration from 1s to 20m")
    }
    var parametros = ParametrosNoche()
    if let s = args.valor("seed") {
        guard let v = UInt64(s) else { throw ErrorUso(mensaje: "--seed: expected a whole number ≥ 0") }
        parametros.semilla = v
    }
    if let s = args.valor("max-actas") {
        guard let v = Int(s), v >= 0 else { throw ErrorUso(mensaje: "--max-actas: expected a whole number ≥ 0") }
        parametros.maxActas = v
    }
    if let s = args.valor("bad-share") {
        guard let v = Double(s), (0...0.5).contains(v) else { throw ErrorUso(mensaje: "--bad-share: expected 0 to 0.5") }
        parametros.malas = v
    }
    let escritores = args.valor("writers") ?? "32"
    guard let w = Int(escritores), (1...256).contains(w) else { throw ErrorUso(mensaje: "--writers: expected 1 to 256") }
    var opcionesNoche = ["--seed", String(parametros.semilla), "--bad-share", String(parametros.malas), "--writers", escritores]
    if let m = args.valor("max-actas") { opcionesNoche += ["--max-actas", m] }
    return Demo(dir: dir, catalogo: catalogo, duracion: duracion, textoDuracion: textoDuracion, intervalo: intervalo, parametros: parametros,
                opcionesNoche: opcionesNoche, leerCatalogo: { try leerCatalogo(ruta: $0) })
}
