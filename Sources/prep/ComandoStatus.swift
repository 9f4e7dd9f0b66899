import PrepDominio
import PrepServicio
import PrepSistema
import PrepSpool

/// `prep status [--json | --check | --watch] [--root DIR] [--config FILE]`.
let comandoStatus = Comando(
    nombre: "status",
    resumen: "actas per phase and election, the daemon, the last and next corte, oldest waiting; --check for monitoring",
    descripcion: """
    Reads the spool's folders (a daemon need not be running) and prints: drops
    waiting in incoming/, actas in captured/ (discrepancies, waiting for a second
    capture), verified/ and packaged/, per election; rejected drops; actas in
    quarantine (their files differ from their estado); the oldest
    waiting drop, captured and verified acta and their ages; the daemon holding
    the spool (its pid); the last corte, its age and when the next is due; what
    publish/ takes on disk (each inode once; cortes whole and reduced by
    retention, images, captures) and the space left on its file system.
    --check prints one line and exits 0 (ok), 1 (warning: a corte overdue, an
    item waiting longer than --max-wait, an acta in quarantine, room for fewer
    than 24 more cortes the size of the last) or 2 (critical: no daemon, no corte or
    the last one expired, verified actas not published for two intervals, room
    for fewer than 4 cortes), as a monitoring probe expects. After a final corte
    no daemon is needed.
    """,
    opciones: [
        .bandera("json", "one JSON object instead of text"),
        .bandera("check", "one line and exit status 0 ok, 1 warning, 2 critical (monitoring probes)"),
        .bandera("watch", "redraw the report every second until interrupted"),
        .valor("max-wait", "D", "with --check: a waiting drop or captured acta older than D is a warning (default: 30m)"),
        .raiz, .config,
    ],
    ejecutar: { args in
        let config: Configuracion
        do { config = try configuracion(args) } catch {
            avisar("prep status: \(error)")
            return 1
        }
        guard let maxEspera = Duracion.ns(args.valor("max-wait") ?? "30m") else {
            avisar("prep status: --max-wait: expected a duration like 30m")
            return 2
        }
        // The probe and the redrawn screen measure the cortes and the free space, not every image.
        func calcular(_ disco: EstadoSpool.MedidaDisco = .todo) throws(FalloSpool) -> EstadoSpool {
            try EstadoSpool.calcular(raiz: config.spool, desfaseMinutos: config.desfaseUTCMinutos, disco: disco)
        }
        do {
            if args.tiene("check") {
                let e = try calcular(.cortes)
                let salud = SaludSpool(e, maxEsperaSegundos: maxEspera / 1_000_000_000)
                imprimir(salud.linea(e))
                return salud.nivel.rawValue
            }
            if args.tiene("watch") {
                while true {
                    let texto = try calcular(.cortes).texto
                    // Home, clear, the report: one write, so the screen never shows half of it.
                    imprimirSinSalto("\u{1B}[H\u{1B}[2J" + texto)
                    Reloj.dormir(segundos: 1)
                }
            }
            let e = try calcular()
            imprimir(args.tiene("json") ? e.json : e.texto)
            return 0
        } catch {
            if args.tiene("check") {
                imprimir("PREP CRITICAL: \(error)")
                return 2
            }
            avisar("prep status: \(error)")
            return 1
        }
    }
)

/// `prep show KEY [--root DIR] [--config FILE]`.
let comandoShow = Comando(
    nombre: "show",
    resumen: "one acta: phase, quarantine, images and hashes, captures, history",
    descripcion: """
    Prints everything the spool holds about acta KEY: its phase, its quarantine
    (which file differs from its estado, and how), its images with
    their SHA-256, its captures and operators, its history, and any drop for it
    still waiting in incoming/ or refused into rejected/ (with the reason).
    Exit status 1 when the spool has nothing for KEY.
    """,
    opciones: [.clave, .raiz, .config],
    ejecutar: { args in
        guard let clave = claveActa(args.posicionales[0], comando: "show") else { return 2 }
        let config: Configuracion
        do { config = try configuracion(args) } catch {
            avisar("prep show: \(error)")
            return 1
        }
        do {
            guard let t = try FichaActa.texto(raiz: config.spool, clave: clave) else {
                avisar("prep show: acta \(clave) is not in the spool \(config.spool) (not in any phase, incoming/ or rejected/)")
                return 1
            }
            imprimir(t)
            return 0
        } catch {
            avisar("prep show: \(error)")
            return 1
        }
    }
)
