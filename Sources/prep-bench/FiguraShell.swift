import Foundation
import PrepSimulacion

/// The shell pipeline an administrator would script (tools/baseline-pipeline.sh: inotifywait +
/// bash + sha256sum + mv, with or without sync), and prep, draining the same drops side by side.
enum ComparacionShell {
    /// Actas per second through tools/baseline-pipeline.sh.
    static func medirScript(_ d: Drenaje, sincronizar: Bool) throws -> Double {
        let script = Drenaje.absoluta("tools/baseline-pipeline.sh")
        guard FileManager.default.isExecutableFile(atPath: script) else { throw ErrorSimulacion("\(script) not found: run from the repository root") }
        guard ["/usr/bin/inotifywait", "/usr/local/bin/inotifywait"].contains(where: FileManager.default.isExecutableFile) else {
            throw ErrorSimulacion("inotifywait not found: apt-get install -y inotify-tools")
        }
        let base = try d.limpia(sincronizar ? "shell" : "shell-nosync")
        let drop = base + "/drop", verificadas = base + "/verified"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script, drop, verificadas] + (sincronizar ? [] : ["--no-sync"])
        let salida = Pipe()
        p.standardOutput = salida
        // Its standard error goes to a log beside the drop folder, for diagnosis.
        _ = FileManager.default.createFile(atPath: base + "/baseline.log", contents: nil)
        p.standardError = FileHandle(forWritingAtPath: base + "/baseline.log")
        p.standardInput = FileHandle.nullDevice
        try p.run()
        defer { detener(p) { _ = FileManager.default.createFile(atPath: drop + "/.stop", contents: Data()) } }
        // "ready" once inotifywait has its watch.
        var leido = Data()
        while !String(decoding: leido, as: UTF8.self).contains("ready\n") {
            let trozo = salida.fileHandleForReading.availableData
            if trozo.isEmpty { throw ErrorSimulacion("baseline-pipeline.sh stopped before it was ready") }
            leido += trozo
        }
        // It prints one line per item once the item is moved (and synced): count those, and keep
        // draining so it never blocks on a full pipe.
        let lector = salida.fileHandleForReading
        let hechas = Contador()
        hechas.sumar(String(decoding: leido, as: UTF8.self).split(separator: "\n").count - 1)
        DispatchQueue.global().async {
            while true {
                let d = lector.availableData
                if d.isEmpty { break }
                hechas.sumar(d.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
            }
        }
        traza("shell: dropping \(d.archivos.count) files")
        let t0 = try d.soltar(escenario: base + "/stage", destino: drop)
        traza("shell: waiting")
        let t1 = try d.esperar(limite: 600, que: "baseline-pipeline.sh") { hechas.valor }
        traza("shell: done")
        return Double(d.actas) / (t1 - t0)
    }

    /// Actas per second through `prep run` (the real daemon, a release build beside prep-bench)
    /// from incoming/ to verified/ (or packaged/, should a corte pack them meanwhile).
    static func medirPrep(_ d: Drenaje) throws -> Double {
        let base = try d.limpia("prep")
        let conf = base + "/prep.conf"
        try """
        spool = spool
        catalog = \(d.catalogo)
        signing_key = keys/prep.sec
        corte_interval = 20m
        rescan_interval = 30s
        """.write(toFile: conf, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: carpetaEjecutable() + "/prep")
        p.arguments = ["run", "--config", conf]
        p.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: base + "/prep-run.log", contents: nil)
        p.standardError = FileHandle(forWritingAtPath: base + "/prep-run.log")
        p.standardInput = FileHandle.nullDevice
        try p.run()
        defer { detener(p) }
        // Ready when the spool layout exists (the daemon creates it before watching) and a bit more.
        let limite = ahora() + 60
        while !FileManager.default.fileExists(atPath: base + "/spool/verified") {
            guard p.isRunning, ahora() < limite else { throw ErrorSimulacion("prep run did not start (see \(conf))") }
            usleep(10_000)
        }
        usleep(300_000)
        traza("prep: dropping \(d.archivos.count) files")
        let t0 = try d.soltar(escenario: base + "/stage", destino: base + "/spool/incoming")
        traza("prep: waiting")
        let t1 = try d.esperar([base + "/spool/verified", base + "/spool/packaged"], limite: 600)
        traza("prep: done")
        return Double(d.actas) / (t1 - t0)
    }
}

/// A counter shared with a reader thread.
final class Contador: @unchecked Sendable {
    private let cerrojo = NSLock()
    private var n = 0
    func sumar(_ k: Int) { cerrojo.withLock { n += k } }
    var valor: Int { cerrojo.withLock { n } }
}

/// A progress note on standard error (the figures go to standard output).
func traza(_ s: String) {
    let linea = "  [\(Int(ahora()) % 100000)] \(s)\n"
    linea.withCString { _ = write(2, $0, strlen($0)) }
}

let figuraShell = Figura(nombre: "baseline", medir: {
    let d = try Drenaje.preparar()
    let s = try ComparacionShell.medirScript(d, sincronizar: true)
    informar("baseline", s, "actas/s", objetivo: "shell pipeline, \(d.actas) actas, fsync like prep")
})

/// Both contestants on the same drops in the same run; the ratio is against the durable script.
let figuraRazonShell = Figura(nombre: "ratio-vs-shell", medir: {
    let d = try Drenaje.preparar()
    let nuestro = try ComparacionShell.medirPrep(d)
    let shell = try ComparacionShell.medirScript(d, sincronizar: true)
    let shellSinSync = try ComparacionShell.medirScript(d, sincronizar: false)
    informar("drain-vs-shell-prep", nuestro, "actas/s", objetivo: "same \(d.actas) actas as the shell")
    informar("drain-vs-shell-shell", shell, "actas/s", objetivo: "inotifywait + bash + sha256sum + mv + sync")
    informar("ratio-vs-shell", nuestro / shell, "x", objetivo: "≥ 20x")
    informar("ratio-vs-shell-nosync", nuestro / shellSinSync, "x", objetivo: "info: script without fsync")
})
