import CSistema
import Glibc

/// A wake-up between threads that a poll loop can wait on: another thread calls `avisar()`, the
/// loop sees `fd` readable (with its other descriptors in `esperarLectura`) and calls `vaciar()`.
/// A non-blocking pipe (the self-pipe trick): any number of `avisar()` calls before the loop
/// looks collapse into one wake-up, and `avisar()` never blocks.
public final class Despertador: Sendable {
    /// The read end: readable after `avisar()`, until `vaciar()`.
    public let fd: FileDescriptor
    private let escritura: FileDescriptor

    public init() throws(ErrorSistema) {
        var fds: [Int32] = [-1, -1]
        guard csistema_pipe_noblock(&fds) == 0 else { throw ErrorSistema("pipe2", "-", .actual) }
        fd = FileDescriptor(rawValue: fds[0])
        escritura = FileDescriptor(rawValue: fds[1])
    }

    deinit {
        try? fd.cerrar()
        try? escritura.cerrar()
    }

    /// Wakes the loop. A full pipe already means "wake up", so a failed write loses nothing.
    public func avisar() {
        var b: UInt8 = 1
        _ = write(escritura.rawValue, &b, 1)
    }

    /// Takes every pending wake-up (call from the loop, before looking at what changed).
    public func vaciar() { _ = vaciarTubo(fd) }
}
