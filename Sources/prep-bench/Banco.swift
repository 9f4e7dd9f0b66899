import Foundation
import Glibc  // getpid(2): a per-run folder name, no file work
import PrepDominio
import PrepSimulacion
import PrepSistema

/// Shared pieces of the spool benchmarks: a temporary spool on the same disk as /tmp, the
/// sample catálogo (run from the repository root), drops, and the real `prep` binary (the one
/// built next to prep-bench) run as a subprocess.
enum Banco {
    static let catalogo: Catalogo = {
        var archivos: [String: [UInt8]] = [:]
        for n in CargadorCatalogo.archivos {
            if let d = FileManager.default.contents(atPath: "etc/catalogo/" + n) { archivos[n] = Array(d) }
        }
        switch CargadorCatalogo.cargar(archivos: archivos) {
        case .success(let c): return c
        case .failure(let p): fatalError("prep-bench must run from the repository root (etc/catalogo): \(p)")
        }
    }()

    /// `prep` beside this executable.
    static var prep: String {
        let yo = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: yo).deletingLastPathComponent().appendingPathComponent("prep").path
    }

    /// A fresh folder (in /tmp, or in `base`) with `prep.conf` (spool = spool) and an empty spool/incoming.
    static func carpeta(_ nombre: String, settle: String, en base: String? = nil) throws -> String {
        let d = (base ?? "/tmp") + "/prep-bench-\(nombre)-\(getpid())"
        try? FileManager.default.removeItem(atPath: d)
        try FileManager.default.createDirectory(atPath: d + "/spool/incoming", withIntermediateDirectories: true)
        let conf = "spool = spool\ncatalog = \(FileManager.default.currentDirectoryPath)/etc/catalogo\nsettle = \(settle)\n"
        try Data(conf.utf8).write(to: URL(fileURLWithPath: d + "/prep.conf"))
        return d
    }

    static func imagen(_ semilla: Int, _ tamano: Int) -> [UInt8] {
        var g = Azar(semilla: UInt64(truncatingIfNeeded: semilla))
        var b = [UInt8](repeating: 0, count: tamano)
        b[0] = 0xFF; b[1] = 0xD8; b[2] = 0xFF; b[3] = 0xE0
        for i in 4..<tamano { b[i] = UInt8(truncatingIfNeeded: g.next()) }
        // Whole: the end-of-image marker last.
        b[tamano - 2] = 0xFF; b[tamano - 1] = 0xD9
        return b
    }

    static func captura(_ a: ActaEsperada, _ op: String) -> [UInt8] {
        Array(PlantillaCaptura.json(a, catalogo: catalogo, operador: op).utf8)
    }

    /// Writes a file by temp name + rename (as a well-behaved writer does).
    static func soltar(_ dir: String, _ nombre: String, _ bytes: [UInt8]) {
        let disco = Directorio.actual, tmp = NombreArchivo(dir + "/." + nombre + ".part")
        do {
            try disco.borrarSiExiste(tmp)
            try disco.escribirArchivo(tmp, bytes)
            try disco.renombrar(tmp, a: disco, NombreArchivo(dir + "/" + nombre), modo: .reemplazando)
        } catch {
            preconditionFailure("\(error)")
        }
    }

    /// Runs `prep ARGS` to completion; returns its exit status and seconds taken.
    static func ejecutar(_ args: [String], en dir: String) throws -> (Int32, Double) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: prep)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        let t0 = ahora()
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, ahora() - t0)
    }

    /// Starts `prep run --config prep.conf` in `dir`, its stderr into `dir/daemon.log`; returns
    /// once the `ready` line is logged (at most 120 s).
    static func demonio(en dir: String) throws -> (proceso: Process, log: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: prep)
        p.arguments = ["run", "--config", "prep.conf"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let log = dir + "/daemon.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try p.run()
        let fin = Date().addingTimeInterval(120)
        while !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains(" ready "), Date() < fin {
            usleep(50_000)
        }
        return (p, log)
    }

    /// Starts `prep run --config prep.conf` in `dir` and times it to its `ready` line (read from
    /// its standard error as it comes); returns the running daemon, the seconds and what it
    /// logged up to then (without `ready` when it stopped before).
    static func arrancarHastaListo(en dir: String) throws -> (proceso: Process, segundos: Double, texto: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: prep)
        p.arguments = ["run", "--config", "prep.conf"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let err = Pipe()
        p.standardError = err
        let t0 = ahora()
        try p.run()
        var texto = ""
        while !texto.contains(" ready ") {
            let datos = err.fileHandleForReading.availableData
            if datos.isEmpty { break }
            texto += String(decoding: datos, as: UTF8.self)
        }
        return (p, ahora() - t0, texto)
    }

    /// A process's peak resident size (VmHWM) in MB; -1 when it cannot be read.
    static func picoRSSMB(_ pid: Int32) -> Double {
        let vm = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let kb = vm.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
            .flatMap { Double($0.split(separator: " ").dropFirst().first ?? "") } ?? -1024
        return kb / 1024
    }

    static func contar(_ ruta: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: ruta)) ?? []).count
    }
}
