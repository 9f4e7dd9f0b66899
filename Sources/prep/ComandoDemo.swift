import Foundation
import PrepDominio
import PrepPublicacion
import PrepServicio
import PrepSimulacion
import PrepSistema
import PrepSpool

/// `prep demo`: the whole system in one command, driving the real daemon and the simulator as
/// child processes.
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
            if args.tiene("clean") { return try Demo.limpiar(Demo.absoluta(args.valor("dir") ?? "demo")) }
            return try Demo(args).ejecutar()
        } catch let e as ErrorUso {
            avisar("prep demo: \(e)")
            return 2
        } catch {
            avisar("prep demo: \(error)")
            return 1
        }
    }
)

/// The steps of `prep demo`.
struct Demo {
    let dir: String
    let catalogo: String
    let duracion: Double
    /// `--duration` as given, passed on to `prep simulate`.
    let textoDuracion: String
    let intervalo: Double
    var parametros = ParametrosNoche()
    /// The night's options as given, passed on to `prep simulate` so that it plays the same plan.
    var opcionesNoche: [String] = []
    let prep: String

    init(_ args: Argumentos) throws {
        dir = Demo.absoluta(args.valor("dir") ?? "demo")
        catalogo = Demo.absoluta(try configuracionConCatalogo(args).catalogo)
        textoDuracion = args.valor("duration") ?? "2m"
        guard let d = Duracion.segundos(textoDuracion) else {
            throw ErrorUso(mensaje: "--duration: expected a duration like 90s or 2m")
        }
        duracion = d
        guard let i = Duracion.segundos(args.valor("corte-interval") ?? "20s"), i >= 1, i <= Double(IntervaloCorte.maximoSegundos) else {
            throw ErrorUso(mensaje: "--corte-interval: expected a duration from 1s to 20m")
        }
        intervalo = i
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
        opcionesNoche = ["--seed", String(parametros.semilla), "--bad-share", String(parametros.malas), "--writers", escritores]
        if let m = args.valor("max-actas") { opcionesNoche += ["--max-actas", m] }
        prep = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The signify this machine has: Debian names it `signify-openbsd`; elsewhere `signify`.
    static func signify() -> (nombre: String, hayQueInstalar: Bool) {
        let carpetas = (Entorno.variable("PATH") ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for nombre in ["signify-openbsd", "signify"] where carpetas.contains(where: { Directorio.actual.existe(NombreArchivo($0 + "/" + nombre)) }) {
            return (nombre, false)
        }
        return ("signify-openbsd", true)
    }

    static func absoluta(_ r: String) -> String { r.hasPrefix("/") ? r : FileManager.default.currentDirectoryPath + "/" + r }

    /// `prep demo --clean`.
    static func limpiar(_ dir: String) throws -> Int32 {
        guard let bytes = try CarpetaDemo.limpiar(dir) else {
            imprimir("nothing to clean: \(dir) does not exist")
            return 0
        }
        imprimir("removed \(dir) (\(CarpetaDemo.legible(bytes)) on disk)")
        return 0
    }

    func ejecutar() throws -> Int32 {
        let senales = SenalesDemo(senales: try Senales.instalar())
        let carpeta = try CarpetaDemo.tomar(dir)
        defer { carpeta.soltar() }
        let inicio = Reloj.monotonoSegundos()
        do {
            return try noche(carpeta, senales)
        } catch let i as InterrupcionDemo {
            // The children are stopped by now (noche's defer).
            avisar((FileDescriptor.errorEstandar.esTerminal ? "\n" : "") + "demo: \(i) after \(ProgresoDemo.duracion(Reloj.monotonoSegundos() - inicio)); the daemon and the simulator are stopped")
            for l in carpeta.dondeEsta(prep: prep) { avisar(l) }
            return 128 + i.senal
        }
    }

    /// Everything but the folder: keys, config, the daemon, the night, the checks.
    private func noche(_ c: CarpetaDemo, _ senales: SenalesDemo) throws -> Int32 {
        let keygen = try senales.correr(prep, ["keygen", "--out", c.ruta + "/keys/prep"])
        guard keygen.estado.exito else { throw ErrorSimulacion("prep keygen failed: \(keygen.salida)") }
        try escribirTexto(c.config, """
        # Written by prep demo.
        spool = spool
        catalog = \(catalogo)
        signing_key = keys/prep.sec
        operators = operadores.csv
        mode = simulacro
        corte_interval = \(Int(intervalo))s
        settle = 1s
        rescan_interval = 10s

        """)
        let plan = PlanNoche(catalogo: try leerCatalogo(ruta: catalogo), parametros: parametros)
        let verdad = VerdadNoche(plan: plan)
        try escribirTexto(c.ruta + "/truth.json", verdad.json)
        // Every operator of the night with a key, registered before the daemon starts: the
        // simulator signs every capture and sin acta declaration, as the shipped path does.
        _ = try FirmasSimuladas.preparar(plan: plan, carpeta: c.clavesOperadores, registro: c.ruta + "/operadores.csv")
        let finales = verdad.actasCapturadas + verdad.actasSinActa + verdad.actasFueraCatalogo
        avisar("demo: \(dir): \(plan.entregas.count) drops for \(finales) actas in about \(ProgresoDemo.duracion(duracion)), a corte every \(ProgresoDemo.duracion(intervalo)); Ctrl-C stops it")

        // The daemon, then the simulator: children the demo stops itself, whatever happens.
        var demonio = try HijoDemo.lanzar(prep, ["run", "--config", c.config], log: c.logDemonio)
        var simulador: HijoDemo?
        defer {
            simulador?.detener(graciaNs: 3_000_000_000)
            demonio.detener(graciaNs: 30_000_000_000)
        }
        avisar("demo: daemon running (pid \(demonio.proceso.pid)), log in \(c.logDemonio); waiting for its first corte")
        while ConteoSpool(raiz: c.spool).ultimoCorte == nil {
            try senales.esperar(ms: 200)
            guard demonio.vivo() else { throw ErrorSimulacion("prep run stopped (\(demonio.fin.map { "\($0)" } ?? "?")); see \(c.logDemonio)") }
        }
        simulador = try HijoDemo.lanzar(prep, ["simulate", "--config", c.config, "--duration", textoDuracion, "--quiet",
                                               "--operator-keys", c.clavesOperadores] + opcionesNoche,
                                        log: c.logSimulador)
        let inicio = Reloj.monotonoSegundos()
        avisar("demo: simulator running (pid \(simulador?.proceso.pid ?? 0)), log in \(c.logSimulador)")

        // Wait for the drain, however long it takes: every acta that arrived is packaged, and one
        // more corte has been made since.
        var progreso = ProgresoDemo(finales: finales, intervalo: intervalo, terminal: FileDescriptor.errorEstandar.esTerminal)
        var escrito: Double?
        var conteo = ConteoSpool(raiz: c.spool)
        // Until every drop is written and every acta verified (handed to the corte worker in the
        // turn that verified it); then the night is closed with `prep publish --final`, so the
        // last corte, the one whose site people open, is final and never "desactualizada".
        while true {
            try senales.esperar(ms: 500)
            guard demonio.vivo() else { throw ErrorSimulacion("prep run stopped (\(demonio.fin.map { "\($0)" } ?? "?")); see \(c.logDemonio)") }
            if escrito == nil, simulador?.vivo() == false {
                guard simulador?.fin?.exito == true else {
                    throw ErrorSimulacion("prep simulate failed (\(simulador?.fin.map { "\($0)" } ?? "?")); see \(c.logSimulador)")
                }
                escrito = Reloj.monotonoSegundos() - inicio
            }
            conteo = ConteoSpool(raiz: c.spool)
            progreso.mostrar(t: Reloj.monotonoSegundos() - inicio, conteo: conteo, escribiendo: escrito == nil)
            if escrito != nil, conteo.packaged + conteo.verified >= finales { break }
        }
        progreso.terminar()
        let cierre = try senales.correr(prep, ["publish", "--final", "--config", c.config])
        guard cierre.estado.exito else { throw ErrorSimulacion("prep publish --final failed: \(cierre.salida)") }
        let publicado = Reloj.monotonoSegundos() - inicio
        demonio.detener(graciaNs: 30_000_000_000)
        avisar("demo: the night took \(ProgresoDemo.duracion(publicado)): every drop written in \(ProgresoDemo.duracion(escrito ?? publicado)), "
               + "every acta published \(ProgresoDemo.duracion(publicado - (escrito ?? publicado))) later; daemon stopped")
        return try comprobar(c, senales, verdad)
    }

    /// Verifies the last corte, compares it with the ground truth and says where everything is.
    private func comprobar(_ c: CarpetaDemo, _ senales: SenalesDemo, _ verdad: VerdadNoche) throws -> Int32 {
        let cortes = ConteoSpool.cortes(raiz: c.spool)
        guard let ultima = cortes.last.map({ c.spool + "/publish/cortes/" + $0 }) else { throw ErrorSimulacion("no corte was published") }
        var argsVerify = ["verify", ultima, "--key", c.clavePublica]
        if cortes.count >= 2 { argsVerify += ["--previous", c.spool + "/publish/cortes/" + cortes[cortes.count - 2]] }
        let v = try senales.correr(prep, argsVerify)
        imprimir(prep + " " + argsVerify.joined(separator: " "))
        imprimir(v.salida.trimmingCharacters(in: .whitespacesAndNewlines))
        let d = diferencias(corte: try LectorCorte.leer(carpeta: ultima), verdad: verdad.elecciones)
        if d.isEmpty {
            let columnas = verdad.elecciones.reduce(0) { $0 + $1.votos.count }
            imprimir("ground truth: the last corte's totals equal it (\(verdad.elecciones.count) elections, every summary figure, \(columnas) vote columns)")
            for e in verdad.elecciones {
                let top = e.votos.sorted { $0.votos > $1.votos }.prefix(3).map { "\($0.columna) \($0.votos)" }.joined(separator: ", ")
                imprimir("  \(e.eleccion): \(e.resumen["ACTAS_CONTABILIZADAS"] ?? "?") actas counted of \(e.resumen["ACTAS_ESPERADAS"] ?? "?"); \(top)")
            }
        } else {
            imprimir("ground truth: \(d.count) differences:")
            for x in d.prefix(20) { imprimir("  " + x) }
        }
        imprimir("""

        results site: \(ultima)/index.html
        check its signature and every file with OpenBSD's signify\(Self.signify().hayQueInstalar ? " (Debian: apt-get install signify-openbsd)" : ""):
          cd \(ultima) && \(Self.signify().nombre) -C -p \(c.clavePublica) -x SHA256.sig
        """)
        // The shipped path is the authenticated one: every acta traced to signed captures.
        let manifiesto = try? Manifiesto(analizando: try Directorio.actual.leerTodo(NombreArchivo(ultima + "/manifest.json")))
        let autenticada = manifiesto?.operadoresAutenticados == true
        imprimir(autenticada
            ? "operators: every acta's figures come from captures signed by registered operators (\(c.ruta)/operadores.csv)"
            : "operators: the last corte does not say operators_authenticated true: some acta is not traced to signed captures")
        for l in c.dondeEsta(prep: prep) { imprimir(l) }
        return v.estado.exito && d.isEmpty && autenticada ? 0 : 1
    }
}
