import CSistema
import Glibc

/// A child process started in a process group of its own, so that a shell command and every
/// program it starts can be stopped together (a hung `publish_command` and its `rsync`).
public struct ProcesoHijo: Sendable {
    public let pid: Int32

    /// How a child ended.
    public enum Fin: Sendable, Equatable, CustomStringConvertible {
        case salida(Int32)
        case senal(Int32)
        public var description: String {
            switch self {
            case .salida(let n): "exit status \(n)"
            case .senal(let s): "killed by signal \(s)"
            }
        }
        public var exito: Bool { self == .salida(0) }
    }

    /// Starts `argumentos[0]` (an absolute path) with the rest as its arguments; with
    /// `errorEstandar` (`salidaEstandar`), that descriptor is the child's standard error (output),
    /// e.g. a `TuboCaptura`'s end or a log file.
    public static func lanzar(_ argumentos: [String], salidaEstandar: FileDescriptor? = nil,
                              errorEstandar: FileDescriptor? = nil) throws(ErrorSistema) -> ProcesoHijo {
        guard let ruta = argumentos.first else { throw ErrorSistema("spawn", "", .invalid) }
        var c: [UnsafeMutablePointer<CChar>?] = argumentos.map { strdup($0) }
        c.append(nil)
        defer { for p in c { free(p) } }
        var pid: Int32 = 0
        let r = c.withUnsafeBufferPointer { csistema_lanzar_grupo(ruta, $0.baseAddress, salidaEstandar?.rawValue ?? -1, errorEstandar?.rawValue ?? -1, &pid) }
        guard r == 0 else { throw ErrorSistema("spawn", ruta, Errno(rawValue: r)) }
        return ProcesoHijo(pid: pid)
    }

    /// Waits at most `plazoNs` for the child to end; nil while it still runs. `cadaVuelta` runs
    /// between polls (every 20 ms), e.g. to drain a `TuboCaptura` so the child never blocks on it.
    public func esperar(plazoNs: Int64, cadaVuelta: () -> Void = {}) -> Fin? {
        let fin = Reloj.monotonoNs() + plazoNs
        while true {
            cadaVuelta()
            var estado: Int32 = 0
            let r = waitpid(pid, &estado, WNOHANG)
            if r == pid {
                // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
                let senal = estado & 0x7f
                return senal == 0 ? .salida((estado >> 8) & 0xff) : .senal(senal)
            }
            if r < 0, Errno.actual != .interrupted { return .salida(-1) }
            if Reloj.monotonoNs() >= fin { return nil }
            usleep(20_000)
        }
    }

    /// Sends `senal` to the child's whole process group.
    func senalarGrupo(_ senal: Int32) { _ = kill(-pid, senal) }

    /// SIGTERM to the child's whole process group: asks it and what it started to end.
    public func pedirFinDelGrupo() { senalarGrupo(SIGTERM) }

    /// SIGKILL to the child's whole process group.
    public func matarGrupo() { senalarGrupo(SIGKILL) }

    /// SIGTERM to the group, then SIGKILL after `graciaNs` if it has not ended; reaps it.
    public func terminar(graciaNs: Int64, cadaVuelta: () -> Void = {}) -> Fin {
        senalarGrupo(SIGTERM)
        if let f = esperar(plazoNs: graciaNs, cadaVuelta: cadaVuelta) {
            senalarGrupo(SIGKILL)  // any child the shell left behind
            return f
        }
        senalarGrupo(SIGKILL)
        return esperar(plazoNs: 5_000_000_000, cadaVuelta: cadaVuelta) ?? .senal(SIGKILL)
    }
}

/// A pipe that captures a child's standard error while the parent keeps only its tail: the last
/// line is what a log line quotes when a command fails. The parent passes `escritura` to
/// `ProcesoHijo.lanzar`, closes it (`cerrarEscritura`), and drains `lectura` while it waits.
public struct TuboCaptura: Sendable {
    public let lectura: FileDescriptor
    public private(set) var escritura: FileDescriptor?
    /// The last bytes read (at most `maximo`).
    public private(set) var cola: [UInt8] = []
    let maximo = 8192

    public init() throws(ErrorSistema) {
        var fds: [Int32] = [-1, -1]
        guard csistema_tubo_captura(&fds) == 0 else { throw ErrorSistema("pipe2", "-", .actual) }
        lectura = FileDescriptor(rawValue: fds[0])
        escritura = FileDescriptor(rawValue: fds[1])
    }

    /// Closes the parent's copy of the write end (after the child started), so the pipe ends
    /// when every writer is gone.
    public mutating func cerrarEscritura() {
        try? escritura?.cerrar()
        escritura = nil
    }

    /// Reads whatever is there without blocking, keeping the tail.
    public mutating func drenar() {
        var b = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = b.withUnsafeMutableBytes { read(lectura.rawValue, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            cola += b[0..<n]
            if cola.count > maximo { cola.removeFirst(cola.count - maximo) }
        }
    }

    /// The last non-empty line written, without its newline (nil when nothing was).
    public var ultimaLinea: String? {
        let lineas = cola.split(separator: 10).filter { !$0.allSatisfy { $0 == 13 || $0 == 32 } }
        return lineas.last.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Closes both ends.
    public mutating func cerrar() {
        cerrarEscritura()
        try? lectura.cerrar()
    }
}
