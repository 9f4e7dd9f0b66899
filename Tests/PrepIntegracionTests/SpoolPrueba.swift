import Foundation
import Glibc
import PrepDominio

/// A temporary spool with its own config, and the real `prep` binary running on it. Files are
/// dropped the ways real writers do (temp name + rename, or written in place).
final class SpoolPrueba: @unchecked Sendable {
    static let raizRepo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// The shipped CDMX sample cut to its first 4,000 casillas and its mesas (the cut the corte
    /// worker's tests drop the same actas into), written once per test process and removed at
    /// its exit. Every daemon these tests start loads its catálogo, publishes it in each corte
    /// and has it checked by `prep verify`; in the debug build the tests run, the whole sample
    /// (13,285 casillas) made each of those three to four times as costly, and no test here
    /// checks the scale. The tests that do drive the whole sample name `etc/catalogo` itself.
    static let rutaCatalogo: String = {
        let carpeta = "/tmp/prep-pruebas-catalogo-\(getpid())"
        atexit { try? FileManager.default.removeItem(atPath: "/tmp/prep-pruebas-catalogo-\(getpid())") }
        do {
            return try CortesTests.catalogoPequeno(carpeta, casillas: 4000)
        } catch {
            fatalError("test catálogo: \(error)")
        }
    }()

    /// The test catálogo (`rutaCatalogo`), loaded once.
    static let catalogo: Catalogo = {
        var archivos: [String: [UInt8]] = [:]
        for n in CargadorCatalogo.archivos {
            if let d = FileManager.default.contents(atPath: rutaCatalogo + "/" + n) { archivos[n] = Array(d) }
        }
        switch CargadorCatalogo.cargar(archivos: archivos) {
        case .success(let c): return c
        case .failure(let p): fatalError("test catálogo: \(p)")
        }
    }()

    let dir: String
    let spool: String
    let config: String
    let log: String
    /// Run the daemon as uid 65534 (when the tests run as root, so that permissions bite).
    let comoNadie: Bool
    /// The `prep` binary the daemon runs from (a copy in `dir` when it runs as another user).
    private(set) var binario: String
    private(set) var proceso: Process?

    init(_ nombre: String, configExtra: String = "", settle: String = "100ms", comoNadie: Bool = false) throws {
        dir = "/tmp/prep-prueba-\(nombre)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        spool = dir + "/spool"
        config = dir + "/prep.conf"
        log = dir + "/daemon.log"
        self.comoNadie = comoNadie && getuid() == 0
        try FileManager.default.createDirectory(atPath: spool + "/incoming", withIntermediateDirectories: true)
        // Run as another user, the daemon may not be able to reach the checkout (CI clones into a
        // private temporary folder): it gets its own copy of the catálogo.
        var catalogo = Self.rutaCatalogo
        binario = Binario.ruta
        if self.comoNadie {
            catalogo = dir + "/catalogo"
            try FileManager.default.copyItem(atPath: Self.rutaCatalogo, toPath: catalogo)
            chmod(catalogo, 0o755)
            binario = dir + "/prep"
            try FileManager.default.copyItem(atPath: Binario.ruta, toPath: binario)
            chmod(binario, 0o755)
        }
        let texto = "spool = spool\ncatalog = \(catalogo)\nsettle = \(settle)\n\(configExtra)"
        try Data(texto.utf8).write(to: URL(fileURLWithPath: config))
        if self.comoNadie {
            chown(dir, 65534, 65534)
            chown(spool, 65534, 65534)
            chown(spool + "/incoming", 65534, 65534)
        }
    }

    deinit {
        if let p = proceso, p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Starts `prep run` (in the background) with stderr appended to `log`.
    func iniciar(verbose: Bool = true, extra: [String] = [], entorno: [String: String] = [:]) throws {
        let p = Process()
        if !entorno.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(entorno) { $1 } }
        var args = ["run", "--config", config] + (verbose ? ["--verbose"] : []) + extra
        if comoNadie {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            args = ["--reuid=65534", "--regid=65534", "--clear-groups", binario] + args
        } else {
            p.executableURL = URL(fileURLWithPath: Binario.ruta)
        }
        p.arguments = args
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        h.seekToEndOfFile()
        p.standardError = h
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        proceso = p
    }

    /// `prep run --once` to completion.
    func unaVez() throws -> Binario.Salida {
        try Binario.ejecutar(["run", "--config", config, "--once", "--verbose"])
    }

    /// SIGTERM, then the exit status.
    @discardableResult
    func detener() -> Int32 {
        guard let p = proceso else { return -1 }
        kill(p.processIdentifier, SIGTERM)
        proceso = nil
        // A daemon that ignores SIGTERM is a failure, not a hung test.
        let fin = Date().addingTimeInterval(15)
        while p.isRunning, Date() < fin { usleep(10_000) }
        if p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            return -9
        }
        return p.terminationStatus
    }

    /// SIGKILL (a crash).
    func matar() {
        guard let p = proceso else { return }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        proceso = nil
    }

    var vivo: Bool { proceso?.isRunning ?? false }

    /// The running daemon's pid.
    var pid: Int32? { proceso.map(\.processIdentifier) }

    var textoLog: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    enum Modo { case renombre, enSitio, lento }

    /// Drops `bytes` as `nombre` into incoming/ (or `incoming/carpeta/`).
    func soltar(_ nombre: String, _ bytes: [UInt8], carpeta: String? = nil, modo: Modo = .renombre) throws {
        var d = spool + "/incoming"
        if let carpeta {
            d += "/" + carpeta
            if !FileManager.default.fileExists(atPath: d) {
                try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
                if comoNadie { chown(d, 65534, 65534) }
            }
        }
        switch modo {
        case .renombre:
            let tmp = d + "/." + nombre + ".part"
            try Self.escribirSinHeredar(tmp, bytes)
            guard rename(tmp, d + "/" + nombre) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        case .enSitio:
            try Data(bytes).write(to: URL(fileURLWithPath: d + "/" + nombre))
        case .lento:
            let fd = open(d + "/" + nombre, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw POSIXError(.EIO) }
            let mitad = bytes.count / 2
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, mitad) }
            usleep(300_000)  // longer than the test settle time: the half file must not be taken
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + mitad, bytes.count - mitad) }
            close(fd)
        }
    }

    /// Writes `bytes` to a new file at `ruta` through a descriptor that no child process can
    /// inherit (`O_CLOEXEC`), as an honest writer must: the tests run in one process that starts
    /// daemons, browsers and signify from other threads at any moment, and a child that inherits
    /// a descriptor open for writing closes it whenever it exits — an `IN_CLOSE_WRITE` after the
    /// rename, which the daemon rightly treats as a write in place that must settle.
    /// (Foundation's `Data.write(to:)` opens without `O_CLOEXEC`.)
    static func escribirSinHeredar(_ ruta: String, _ bytes: [UInt8]) throws {
        let fd = open(ruta, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var hecho = 0
        while hecho < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + hecho, bytes.count - hecho) }
            guard n > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            hecho += n
        }
    }

    /// Polls `condicion` (the daemon works asynchronously) until it holds or `segundos` pass.
    func esperar(_ segundos: Double = 20, _ condicion: () -> Bool) -> Bool {
        let fin = Date().addingTimeInterval(segundos)
        while Date() < fin {
            if condicion() { return true }
            usleep(20_000)
        }
        return condicion()
    }

    func listar(_ carpeta: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool + "/" + carpeta)) ?? []).sorted()
    }

    func existe(_ ruta: String) -> Bool { FileManager.default.fileExists(atPath: spool + "/" + ruta) }

    func leer(_ ruta: String) -> String { (try? String(contentsOfFile: spool + "/" + ruta, encoding: .utf8)) ?? "" }

    /// Entry names of a folder as raw bytes (FileManager would mangle non-UTF-8 names).
    static func nombresCrudos(_ carpeta: String) -> [[UInt8]] {
        guard let d = opendir(carpeta) else { return [] }
        defer { closedir(d) }
        var r: [[UInt8]] = []
        while let e = readdir(d) {
            let n: [UInt8] = withUnsafeBytes(of: &e.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if n != [46] && n != [46, 46] { r.append(n) }
        }
        return r
    }

    /// A file's bytes, its name given as raw bytes.
    static func leerCrudo(_ carpeta: String, _ nombre: [UInt8]) -> [UInt8] {
        var ruta = Array(carpeta.utf8) + nombre + [0]
        let fd = ruta.withUnsafeMutableBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_RDONLY) }
        }
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var b = [UInt8](repeating: 0, count: 1 << 16)
        let n = b.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return Array(b.prefix(max(0, n)))
    }

    // MARK: drops

    /// The expected actas of the sample, in catálogo order.
    static func actas(_ n: Int, eleccion: String = "JG", desde: Int = 0) -> [ActaEsperada] {
        let i = catalogo.elecciones.firstIndex { $0.codigo == eleccion } ?? 0
        return Array(catalogo.actas.lazy.filter { $0.eleccion == i }.dropFirst(desde).prefix(n))
    }

    /// A valid capture of `acta` by `operador`; `nulos` varies the figures (a disagreement).
    static func captura(_ acta: ActaEsperada, _ operador: String, nulos: Int = 3) -> [UInt8] {
        let t = PlantillaCaptura.json(acta, catalogo: catalogo, operador: operador)
        return Array(t.replacingOccurrences(of: "\"NULOS\": 0", with: "\"NULOS\": \(nulos)").utf8)
    }

    /// A JPEG-looking image (magic bytes, then `tamano` pseudo-random bytes from `semilla`, then
    /// the end-of-image marker that makes it whole).
    static func imagen(_ semilla: Int, tamano: Int = 2048) -> [UInt8] {
        var g = UInt64(truncatingIfNeeded: semilla) &* 0x9E3779B97F4A7C15 | 1
        var b: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        b.reserveCapacity(tamano + 6)
        for _ in 0..<tamano {
            g ^= g << 13; g ^= g >> 7; g ^= g << 17
            b.append(UInt8(truncatingIfNeeded: g))
        }
        return b + [0xFF, 0xD9]
    }

    /// The smallest whole PNG, PDF and TIFF the daemon accepts (magic bytes and format end).
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3,
                               0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
    static let pdf = Array("%PDF-1.4 acta\n%%EOF\n".utf8)
    static let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]
}
