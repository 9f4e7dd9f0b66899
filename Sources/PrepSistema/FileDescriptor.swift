import Glibc

/// An open file descriptor. A value type like swift-system's: closing is explicit (`close()`),
/// so ownership stays visible at the call site.
public struct FileDescriptor: Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Standard error (descriptor 2).
    public static let errorEstandar = FileDescriptor(rawValue: 2)
    /// Standard output.
    public static let salidaEstandar = FileDescriptor(rawValue: 1)

    /// Whether it is a terminal (`isatty`): e.g. a `\r` progress line only makes sense on one.
    public var esTerminal: Bool { isatty(rawValue) == 1 }

    /// `AT_FDCWD`: paths relative to the working directory.
    public static let cwd = FileDescriptor(rawValue: AT_FDCWD)

    /// Opening options (the subset the daemon uses).
    public struct Opciones: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let soloLectura = Opciones(rawValue: O_RDONLY)
        public static let soloEscritura = Opciones(rawValue: O_WRONLY)
        public static let lecturaEscritura = Opciones(rawValue: O_RDWR)
        public static let crear = Opciones(rawValue: O_CREAT)
        public static let exclusivo = Opciones(rawValue: O_EXCL)
        public static let truncar = Opciones(rawValue: O_TRUNC)
        public static let anexar = Opciones(rawValue: O_APPEND)
        public static let directorio = Opciones(rawValue: O_DIRECTORY)
        public static let sinSeguirEnlace = Opciones(rawValue: O_NOFOLLOW)
        public static let noBloqueante = Opciones(rawValue: O_NONBLOCK)
        public static let cerrarEnExec = Opciones(rawValue: O_CLOEXEC)
    }

    /// `openat(2)` relative to this descriptor (a directory, or `.cwd`). Always adds O_CLOEXEC.
    public func abrir(_ ruta: String, _ opciones: Opciones, permisos: mode_t = 0o644) throws(ErrorSistema) -> FileDescriptor {
        let flags = opciones.union(.cerrarEnExec).rawValue
        do {
            let fd = try reintentandoEINTR { openat(rawValue, ruta, flags, permisos) }
            return FileDescriptor(rawValue: fd)
        } catch {
            throw ErrorSistema("open", ruta, error)
        }
    }

    /// `close(2)`. An error from close is reported (it can carry a deferred write error).
    public func cerrar() throws(Errno) {
        if Glibc.close(rawValue) != 0 {
            let e = Errno.actual
            if e != .interrupted { throw e }
        }
    }

    /// Runs `cuerpo` with this descriptor, then closes it whatever happens: the one place where
    /// close-on-error is written. After a successful `cuerpo`, a failing close is an error (it can
    /// carry a deferred write error) naming `ruta`; after a failed one, the body's error wins.
    public func cerrarDespues<T>(ruta: String, _ cuerpo: (FileDescriptor) throws(ErrorSistema) -> T) throws(ErrorSistema) -> T {
        let resultado: T
        do {
            resultado = try cuerpo(self)
        } catch {
            try? cerrar()
            throw error
        }
        do { try cerrar() } catch { throw ErrorSistema("close", ruta, error) }
        return resultado
    }

    /// `lseek(0, SEEK_SET)`: back to the start, e.g. to hash what was just written.
    public func rebobinar() throws(Errno) {
        if lseek(rawValue, 0, SEEK_SET) != 0 { throw Errno.actual }
    }

    /// Reads from the current offset to the end of the file (`ruta` only names it in errors).
    public func leerHastaElFinal(ruta: String) throws(ErrorSistema) -> [UInt8] {
        var st = stat()
        guard fstat(rawValue, &st) == 0 else { throw ErrorSistema("stat", ruta, .actual) }
        var salida = [UInt8]()
        salida.reserveCapacity(Int(st.st_size) + 1)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n: Int
            do { n = try leer(en: buffer) } catch { throw ErrorSistema("read", ruta, error) }
            if n == 0 { return salida }
            salida.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// `fsync(2)`. A failure is final: callers must stop, never retry (see README, durability).
    public func sincronizar() throws(Errno) {
        _ = try reintentandoEINTR { fsync(rawValue) }
    }

    /// `fsync(2)` of the file at `ruta`; a failure (final, as above) names that path.
    public func sincronizar(ruta: String) throws(ErrorSistema) {
        do { try sincronizar() } catch { throw ErrorSistema("fsync", ruta, error) }
    }

    /// Reads up to `buffer.count` bytes; returns how many (0 at end of file).
    public func leer(en buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try reintentandoEINTR { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Reads exactly `n` bytes at offset `desde` (`leer(en:desde:)`, looping over short reads);
    /// fewer only at the end of the file.
    public func leer(_ n: Int, desde: Int) throws(Errno) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: n)
        var hecho = 0
        while hecho < n {
            let r: Result<Int, Errno> = b.withUnsafeMutableBytes { u in
                Result { () throws(Errno) in try leer(en: UnsafeMutableRawBufferPointer(rebasing: u[hecho...]), desde: desde + hecho) }
            }
            let leidos = try r.get()
            if leidos == 0 { break }
            hecho += leidos
        }
        if hecho < n { b.removeLast(n - hecho) }
        return b
    }

    /// Writes all of `bytes`, looping over short writes.
    public func escribirTodo(_ bytes: UnsafeRawBufferPointer) throws(Errno) {
        guard let base = bytes.baseAddress else { return }  // empty buffer: nothing to write
        var hecho = 0
        while hecho < bytes.count {
            let n = try reintentandoEINTR {
                Glibc.write(rawValue, base + hecho, bytes.count - hecho)
            }
            hecho += n
        }
    }

    /// Writes all of `bytes`.
    public func escribirTodo(_ bytes: [UInt8]) throws(Errno) {
        let r: Result<Void, Errno> = bytes.withUnsafeBytes { b in Result { () throws(Errno) in try escribirTodo(b) } }
        try r.get()
    }
}
