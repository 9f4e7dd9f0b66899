import CSistema
import Glibc

/// SIGTERM, SIGINT, SIGUSR1, SIGHUP and SIGUSR2 as bytes on a non-blocking pipe (the self-pipe
/// trick), so the daemon's poll loop sees a stop request between steps and finishes the step in
/// hand first. SIGUSR1 is not a stop: it is `prep publish` asking for a corte now; SIGHUP asks to
/// re-read the configuration; SIGUSR2 is `prep retirar` asking to withdraw an acta.
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

    /// The signal `prep publish` sends to ask the running daemon for a corte now.
    public static let solicitudCorte: Int32 = SIGUSR1
    /// The signal `prep retirar` sends to ask the running daemon to withdraw an acta.
    public static let solicitudRetiro: Int32 = SIGUSR2
    /// The signal that asks the daemon to re-read its configuration.
    public static let recarga: Int32 = SIGHUP
    /// Signals that only stop the daemon (after the step in hand).
    public static let parada: Set<Int32> = [SIGTERM, SIGINT]

    /// A signal's name (`SIGHUP`) for a log line.
    public static func nombre(_ s: Int32) -> String {
        switch s {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGUSR1: "SIGUSR1"
        case SIGUSR2: "SIGUSR2"
        default: "signal \(s)"
        }
    }

    /// The signals received since the last call (numbers), draining the pipe.
    public func recibidas() -> [Int32] { vaciarTubo(fd).map { Int32($0) } }
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
