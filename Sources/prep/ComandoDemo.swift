import Foundation
import PrepDominio
import PrepServicio
import PrepSimulacion
import PrepSistema

/// `prep demo`: the whole system in one command, driving the real daemon as a subprocess.
let comandoDemo = Comando(
    nombre: "demo",
    resumen: "play an election night through the real daemon, then verify and check the last corte",
    descripcion: """
    Makes a demo folder with a spool, a signing key (prep keygen) and a config, starts the
    daemon (prep run) on it, plays an election night into it with the simulator (as
    prep simulate does) while showing a progress line, waits until every acta that arrived
    is published, then checks the last corte with prep verify, compares its totals with the
    simulator's ground truth, and tells where the results site is and how to check its
    signature with signify. Only the catálogo is taken from the configuration: the demo
    writes its own, with its spool and keys in DIR.
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
    ],
    ejecutar: { args in
        do {
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
    let intervalo: Double
    var parametros = ParametrosNoche()
    let prep: String

    init(_ args: Argumentos) throws {
        dir = Demo.absoluta(args.valor("dir") ?? "demo")
        catalogo = Demo.absoluta(try configuracionConCatalogo(args).catalogo)
        guard let d = segundosDeDuracion(args.valor("duration") ?? "2m") else {
            throw ErrorUso(mensaje: "--duration: expected a duration like 90s or 2m")
        }
        duracion = d
        guard let i = segundosDeDuracion(args.valor("corte-interval") ?? "20s"), i >= 1, i <= 1200 else {
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
        prep = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func absoluta(_ r: String) -> String { r.hasPrefix("/") ? r : FileManager.default.currentDirectoryPath + "/" + r }

    func ejecutar() throws -> Int32 {
        let fm = FileManager.default
        // 1. A fresh demo folder, keys and config.
        if fm.fileExists(atPath: dir) {
            guard fm.fileExists(atPath: dir + "/.prep-demo") else {
                throw ErrorSimulacion("\(dir) exists and is not a prep demo folder: choose another with --dir")
            }
            try fm.removeItem(atPath: dir)
        }
        try fm.createDirectory(atPath: dir + "/keys", withIntermediateDirectories: true)
        _ = fm.createFile(atPath: dir + "/.prep-demo", contents: Data("made by prep demo; removed by the next one\n".utf8))
        let keygen = try correr(["keygen", "--out", dir + "/keys/prep"])
        guard keygen.estado == 0 else { throw ErrorSimulacion("prep keygen failed: \(keygen.err)") }
        try """
        # Written by prep demo.
        spool = spool
        catalog = \(catalogo)
        signing_key = keys/prep.sec
        mode = simulacro
        corte_interval = \(Int(intervalo))s
        settle = 1s
        rescan_interval = 10s
        """.write(toFile: dir + "/prep.conf", atomically: true, encoding: .utf8)
        let cat = try leerCatalogo(ruta: catalogo)
        let plan = PlanNoche(catalogo: cat, parametros: parametros)
        let verdad = VerdadNoche(plan: plan)
        try verdad.json.write(toFile: dir + "/truth.json", atomically: true, encoding: .utf8)
        let finales = verdad.actasCapturadas + verdad.actasSinActa + verdad.actasFueraCatalogo
        avisar("demo: \(dir): \(plan.entregas.count) drops for \(finales) actas in about \(Int(duracion)) s, a corte every \(Int(intervalo)) s")

        // 2. The daemon.
        let demonio = Process()
        demonio.executableURL = URL(fileURLWithPath: prep)
        demonio.arguments = ["run", "--config", dir + "/prep.conf"]
        demonio.standardOutput = FileHandle.nullDevice
        _ = fm.createFile(atPath: dir + "/prep-run.log", contents: nil)
        demonio.standardError = FileHandle(forWritingAtPath: dir + "/prep-run.log")
        try demonio.run()
        defer { Demo.detener(demonio) }
        let raiz = dir + "/spool"
        let arranque = Date().addingTimeInterval(30)
        while ConteoSpool(raiz: raiz).ultimoCorte == nil, demonio.isRunning, Date() < arranque { usleep(100_000) }
        guard demonio.isRunning else { throw ErrorSimulacion("prep run stopped; see \(dir)/prep-run.log") }
        avisar("demo: daemon running (pid \(demonio.processIdentifier)), log in \(dir)/prep-run.log")

        // 3. The night, on a writer thread; progress here.
        var o = OpcionesEscritura()
        o.duracion = duracion
        o.escritores = 32
        let escritor = Escritor(raiz: raiz, plan: plan, opciones: o)
        let estado = EstadoDemo()
        Thread.detachNewThread {
            do {
                _ = try escritor.ejecutar { hechas, _ in estado.entregas = hechas }
            } catch {
                estado.error = "\(error)"
            }
            estado.terminado = true
        }
        let inicio = Date()
        let terminal = FileDescriptor.errorEstandar.esTerminal
        var historial: [(Double, Int)] = []
        var ultimaLinea = 0.0
        var vistoCortes = -1
        let tope = inicio.addingTimeInterval(duracion + 5 * intervalo + 180)
        var conteo = ConteoSpool(raiz: raiz)
        while Date() < tope, demonio.isRunning {
            usleep(500_000)
            conteo = ConteoSpool(raiz: raiz)
            let t = Date().timeIntervalSince(inicio)
            let hechas = conteo.verified + conteo.packaged
            historial.append((t, hechas))
            historial.removeAll { $0.0 < t - 5 }
            let ritmo = historial.count > 1 ? Double(hechas - historial[0].1) / max(0.5, t - historial[0].0) : 0
            let linea = "[\(Int(t))s] drops \(estado.entregas)/\(plan.entregas.count) · \(conteo.linea) · \(Int(ritmo)) actas/s"
            if terminal {
                avisarSinSalto("\r" + linea + "   ")
            } else if t - ultimaLinea >= 5 {
                avisar(linea)
                ultimaLinea = t
            }
            if let e = estado.error { throw ErrorSimulacion(e) }
            // Done: every acta that arrived is packaged, and one more corte has been made since.
            if estado.terminado, conteo.packaged >= finales {
                if vistoCortes < 0 { vistoCortes = conteo.cortes } else if conteo.cortes > vistoCortes { break }
            }
        }
        if terminal { avisar("") }
        guard conteo.packaged >= finales, vistoCortes >= 0, conteo.cortes > vistoCortes else {
            throw ErrorSimulacion("gave up: \(conteo.packaged) of \(finales) actas published (\(conteo.linea)); see \(dir)/prep-run.log")
        }
        Demo.detener(demonio)
        avisar("demo: night over in \(Int(Date().timeIntervalSince(inicio))) s; daemon stopped")

        // 4. Verify the last corte and compare it with the ground truth.
        let cortes = ConteoSpool.cortes(raiz: raiz)
        guard let ultima = cortes.last.map({ raiz + "/publish/cortes/" + $0 }) else { throw ErrorSimulacion("no corte was published") }
        var argsVerify = ["verify", ultima, "--key", dir + "/keys/prep.pub"]
        if cortes.count >= 2 { argsVerify += ["--previous", raiz + "/publish/cortes/" + cortes[cortes.count - 2]] }
        let v = try correr(argsVerify)
        imprimir("prep " + argsVerify.joined(separator: " "))
        imprimir((v.out + v.err).trimmingCharacters(in: .whitespacesAndNewlines))
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
        check its signature and every file (OpenBSD signify; Debian: apt-get install signify-openbsd, command signify-openbsd):
          cd \(ultima) && signify -C -p \(dir)/keys/prep.pub -x SHA256.sig
        """)
        return v.estado == 0 && d.isEmpty ? 0 : 1
    }

    /// Runs `prep ARGS…` to completion.
    func correr(_ args: [String]) throws -> (estado: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: prep)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        while p.isRunning { usleep(10_000) }
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// SIGTERM, then SIGKILL if it has not stopped after 30 s. Polls: `waitUntilExit` can hang.
    static func detener(_ p: Process) {
        guard p.isRunning else { return }
        p.terminate()
        let tope = Date().addingTimeInterval(30)
        while p.isRunning, Date() < tope { usleep(20_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
    }
}

/// What the writer thread reports to the progress loop.
final class EstadoDemo: @unchecked Sendable {
    private let cerrojo = NSLock()
    private var _entregas = 0, _terminado = false
    private var _error: String?
    var entregas: Int {
        get { cerrojo.withLock { _entregas } }
        set { cerrojo.withLock { _entregas = newValue } }
    }
    var terminado: Bool {
        get { cerrojo.withLock { _terminado } }
        set { cerrojo.withLock { _terminado = newValue } }
    }
    var error: String? {
        get { cerrojo.withLock { _error } }
        set { cerrojo.withLock { _error = newValue } }
    }
}
