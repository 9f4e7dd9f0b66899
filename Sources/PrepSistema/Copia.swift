import Glibc
import PrepDominio

extension FileDescriptor {
    /// `fstat(2)`: the metadata of the open file itself (never of whatever now has its name).
    public func estado() throws(Errno) -> Estado {
        var s = stat()
        _ = try reintentandoEINTR { fstat(rawValue, &s) }
        return Estado(s)
    }

    /// `pread(2)`: up to `buffer.count` bytes from `desde`, without moving the file offset.
    public func leer(en buffer: UnsafeMutableRawBufferPointer, desde: Int) throws(Errno) -> Int {
        try reintentandoEINTR { pread(rawValue, buffer.baseAddress, buffer.count, off_t(desde)) }
    }
}

/// What `Directorio.copiar` wrote: the SHA-256 and length of exactly the bytes the copy holds,
/// and whether the source held more than the copy's limit (bytes left out).
public struct Copia: Sendable {
    public let sha256: HuellaSHA256
    public let bytes: Int
    public let masAllaDelLimite: Bool
}

extension Directorio {
    /// Creates `nombre` here (it must not exist) and returns it open for writing.
    public func crear(_ nombre: NombreArchivo, permisos: mode_t = 0o644) throws(ErrorSistema) -> FileDescriptor {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        let r = nombre.conCadenaC { p in openat(fd.rawValue, p, flags, permisos) }
        guard r >= 0 else { throw ErrorSistema("create", rutaDe(nombre), .actual) }
        return FileDescriptor(rawValue: r)
    }

    /// Copies the regular file `nombre` (never following a link) into a new file `nuevo` in
    /// `destino`, hashing exactly the bytes written, so the caller can prove the copy is the bytes
    /// it checked. With `sincronizar`, the copy is fsynced before it is closed. Errors opening or
    /// reading the source carry its errno (ENOENT: it is gone); the new file is removed on any error.
    /// At most `limite` bytes are copied (the file's first `limite` bytes), without it at most the
    /// size the source had when it was opened: a source that grows meanwhile is never read past
    /// that (`Copia.masAllaDelLimite` says it held more).
    public func copiar(_ nombre: NombreArchivo, a destino: Directorio, _ nuevo: NombreArchivo, permisos: mode_t,
                       sincronizar: Bool, limite: Int? = nil) throws(ErrorSistema) -> Copia {
        let origen = try abrirLectura(nombre)
        defer { try? origen.cerrar() }
        let ruta = rutaDe(nombre)
        let estado: Estado
        do { estado = try origen.estado() } catch { throw ErrorSistema("fstat", ruta, error) }
        guard estado.tipo == .regular else { throw ErrorSistema("copy", ruta, Errno(rawValue: EINVAL)) }
        let salida = try destino.crear(nuevo, permisos: permisos)
        var cerrado = false
        defer { if !cerrado { try? salida.cerrar(); try? destino.borrar(nuevo) } }
        func copiarBytes() throws(ErrorSistema) -> (sha: HuellaSHA256, lectura: LecturaAcotada) {
            var h = SHA256()
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
            defer { buffer.deallocate() }
            let lectura = try origen.leerAcotado(maximo: limite ?? estado.tamano, en: buffer, ruta: ruta) { trozo throws(ErrorSistema) in
                h.actualizar(trozo)
                do throws(Errno) { try salida.escribirTodo(trozo) } catch { throw ErrorSistema("write", destino.rutaDe(nuevo), error) }
            }
            return (h.finalizar(), lectura)
        }
        let (sha, lectura) = try copiarBytes()
        if sincronizar { try salida.sincronizar(ruta: destino.rutaDe(nuevo)) }
        cerrado = true
        do { try salida.cerrar() } catch {
            try? destino.borrar(nuevo)
            throw ErrorSistema("close", destino.rutaDe(nuevo), error)
        }
        return Copia(sha256: sha, bytes: lectura.bytes, masAllaDelLimite: lectura.masAllaDelLimite)
    }
}

extension Errno {
    /// EPERM: not permitted (e.g. a sticky folder, an immutable file).
    public static let notPermitted = Errno(rawValue: EPERM)
}

/// The process's open-file limit (`RLIMIT_NOFILE`).
public enum LimiteArchivos {
    /// Raises the soft limit to the hard one (systemd's default soft limit is 1,024, its hard
    /// limit far higher). Returns (before, after) when it changed anything, nil otherwise.
    public static func elevarAlMaximo() -> (Int, Int)? {
        var l = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &l) == 0, l.rlim_cur < l.rlim_max else { return nil }
        let antes = l.rlim_cur
        l.rlim_cur = l.rlim_max
        guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &l) == 0 else { return nil }
        return (Int(clamping: antes), Int(clamping: l.rlim_max))
    }
}
