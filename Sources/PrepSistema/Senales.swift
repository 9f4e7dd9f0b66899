import CSistema
import Glibc

/// A signal the process catches (`Senales`) or sends (`Maquina.senalar`). What each one asks of
/// the daemon is the service's to say; here it is only a signal.
public struct Senal: Hashable, Sendable, CustomStringConvertible {
    public let numero: Int32

    public static let term = Senal(numero: SIGTERM)
    public static let int = Senal(numero: SIGINT)
    public static let hup = Senal(numero: SIGHUP)
    public static let usr1 = Senal(numero: SIGUSR1)
    public static let usr2 = Senal(numero: SIGUSR2)

    /// Its name (`SIGHUP`) for a log line.
    public var description: String {
        switch numero {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGUSR1: "SIGUSR1"
        case SIGUSR2: "SIGUSR2"
        default: "signal \(numero)"
        }
    }
}

/// SIGTERM, SIGINT, SIGHUP, SIGUSR1 and SIGUSR2 as bytes on a non-blocking pipe (the self-pipe
/// trick), so a poll loop sees them between steps and finishes the step in hand first. None of
/// them kills the process: each is only reported (`recibidas`).
public struct Senales: Sendable {
    /// The read end: readable when a signal arrived.
    public let fd: FileDescriptor

    /// Installs the handlers. Call once per process.
    public static func instalar() throws(ErrorSistema) -> Senales {
        var fds: [Int32] = [-1, -1]
        guard csistema_pipe_noblock(&fds) == 0 else { throw ErrorSistema("pipe2", "-", .actual) }
        guard csistema_senales_a_tubo(fds[1]) == 0 else { throw ErrorSistema("sigaction", "-", .actual) }
        return Senales(fd: FileDescriptor(rawValue: fds[0]))
    }

    /// The signals received since the last call, draining the pipe.
    public func recibidas() -> [Senal] { vaciarTubo(fd).map { Senal(numero: Int32($0)) } }
}

/// Every byte waiting in the non-blocking pipe `fd` (a self-pipe: `Senales`, `Despertador`),
/// read until it is empty.
func vaciarTubo(_ fd: FileDescriptor) -> [UInt8] {
    var b = [UInt8](repeating: 0, count: 64)
    var todos: [UInt8] = []
    while true {
        let n = b.withUnsafeMutableBytes { read(fd.rawValue, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        todos += b[0..<n]
    }
    return todos
}

/// Waits until one of `fds` is readable or `timeoutMs` passes (−1: forever). Returns the
/// readable ones. EINTR counts as a timeout (the caller's loop goes round again).
public func esperarLectura(_ fds: [FileDescriptor], timeoutMs: Int32) throws(ErrorSistema) -> [FileDescriptor] {
    var p = fds.map { pollfd(fd: $0.rawValue, events: Int16(POLLIN), revents: 0) }
    let r = poll(&p, nfds_t(p.count), timeoutMs)
    if r < 0 {
        if Errno.actual == .interrupted { return [] }
        throw ErrorSistema("poll", "-", .actual)
    }
    return zip(fds, p).filter { $0.1.revents != 0 }.map(\.0)
}
