import Glibc

/// A POSIX error number, so the rest of the code never handles a raw `errno`.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's current `errno`.
    @usableFromInline static var actual: Errno { Errno(rawValue: errno) }

    public static let noSuchFile = Errno(rawValue: ENOENT)
    public static let exists = Errno(rawValue: EEXIST)
    public static let interrupted = Errno(rawValue: EINTR)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let permissionDenied = Errno(rawValue: EACCES)
    public static let crossDevice = Errno(rawValue: EXDEV)
    public static let notDirectory = Errno(rawValue: ENOTDIR)
    public static let isDirectory = Errno(rawValue: EISDIR)
    public static let loop = Errno(rawValue: ELOOP)
    public static let notEmpty = Errno(rawValue: ENOTEMPTY)
    public static let invalid = Errno(rawValue: EINVAL)
    public static let io = Errno(rawValue: EIO)

    public var description: String { String(cString: strerror(rawValue)) }
}

/// An operation on a path that failed: what was attempted, on which path, and why.
public struct ErrorSistema: Error, Sendable, CustomStringConvertible {
    public let operacion: String
    public let ruta: String
    public let errno: Errno

    public init(_ operacion: String, _ ruta: String, _ errno: Errno) {
        self.operacion = operacion
        self.ruta = ruta
        self.errno = errno
    }

    public var description: String { "\(operacion) \(ruta): \(errno)" }
}

/// Retries a system call while it fails with EINTR; returns its result or throws its errno.
@inlinable
public func reintentandoEINTR<T: BinaryInteger>(_ llamada: () -> T) throws(Errno) -> T {
    while true {
        let r = llamada()
        if r >= 0 { return r }
        let e = Errno.actual
        if e != .interrupted { throw e }
    }
}
