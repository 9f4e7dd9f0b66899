import CSistema
import Glibc

/// An open directory (`O_DIRECTORY` descriptor) and the `*at` calls relative to it. Every name
/// is one path component; nothing here follows a symbolic link to its target.
/// Closing is explicit (`cerrar()`), like `FileDescriptor`.
public struct Directorio: Sendable {
    public let fd: FileDescriptor
    /// The path it was opened with, for messages only.
    public let ruta: String

    /// Wraps an already open directory descriptor (or `.cwd`).
    public init(fd: FileDescriptor, ruta: String) {
        self.fd = fd
        self.ruta = ruta
    }

    /// One entry of a listing: its name and the type `readdir` reported (may be nil: unknown).
    public struct Entrada: Sendable, Hashable {
        public let nombre: NombreArchivo
        public let tipo: TipoArchivo?
    }

    /// How a rename treats an existing target.
    public enum ModoRenombre: Sendable {
        /// `RENAME_NOREPLACE`: fail with EEXIST if the target exists (link+unlink where unsupported).
        case sinReemplazo
        /// `RENAME_EXCHANGE`: swap the two names atomically; both must exist.
        case intercambio
        /// Plain `renameat`: replace the target (only for the daemon's own files).
        case reemplazando
    }

    /// Opens `ruta` (relative to `en`) as a directory, without following a final symbolic link
    /// unless `seguirEnlace` (an operator's configured path, e.g. a spool root on another disk).
    public static func abrir(_ ruta: String, en base: FileDescriptor = .cwd, seguirEnlace: Bool = false) throws(ErrorSistema) -> Directorio {
        let fd = try base.abrir(ruta, seguirEnlace ? [.soloLectura, .directorio] : [.soloLectura, .directorio, .sinSeguirEnlace])
        return Directorio(fd: fd, ruta: ruta)
    }

    /// Opens the subfolder `nombre` of this directory (a symbolic link only with `seguirEnlace`).
    public func abrir(sub nombre: NombreArchivo, seguirEnlace: Bool = false) throws(ErrorSistema) -> Directorio {
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (seguirEnlace ? 0 : O_NOFOLLOW)
        let r = nombre.conCadenaC { p in openat(fd.rawValue, p, flags) }
        guard r >= 0 else { throw error("open", nombre) }
        return Directorio(fd: FileDescriptor(rawValue: r), ruta: ruta + "/" + nombre.description)
    }

    public func cerrar() { try? fd.cerrar() }

    /// `ruta/nombre`, printable; just `nombre` for `Directorio.actual` or an absolute `nombre`.
    public func rutaDe(_ nombre: NombreArchivo) -> String {
        ruta.isEmpty || nombre.bytes.first == UInt8(ascii: "/") ? nombre.description : ruta + "/" + nombre.description
    }

    private func error(_ op: String, _ nombre: NombreArchivo) -> ErrorSistema {
        ErrorSistema(op, rutaDe(nombre), .actual)
    }

    /// Every entry but `.` and `..`, in directory order.
    public func listar() throws(ErrorSistema) -> [Entrada] {
        var entradas: [Entrada] = []
        try recorrer { nombre, tipo in entradas.append(Entrada(nombre: NombreArchivo(bytes: Array(nombre)), tipo: tipo)) }
        return entradas
    }

    /// Calls `cuerpo` with every entry's name (its bytes, valid only during the call) and type but
    /// `.` and `..`, in directory order, allocating nothing per entry: for a folder of hundreds of
    /// thousands of files.
    public func recorrer(_ cuerpo: (UnsafeRawBufferPointer, TipoArchivo?) -> Void) throws(ErrorSistema) {
        // fdopendir takes ownership of the descriptor it gets, so give it a duplicate.
        let copia = dup(fd.rawValue)
        guard copia >= 0 else { throw ErrorSistema("dup", ruta, .actual) }
        guard let d = fdopendir(copia) else {
            let e = Errno.actual
            close(copia)
            throw ErrorSistema("opendir", ruta, e)
        }
        defer { closedir(d) }
        rewinddir(d)
        while true {
            errno = 0
            guard let ent = readdir(d) else {
                if errno != 0 { throw ErrorSistema("readdir", ruta, .actual) }
                break
            }
            let tipo: TipoArchivo?
            switch Int32(ent.pointee.d_type) {
            case Int32(DT_REG): tipo = .regular
            case Int32(DT_DIR): tipo = .directorio
            case Int32(DT_LNK): tipo = .enlaceSimbolico
            case Int32(DT_FIFO): tipo = .fifo
            case Int32(DT_CHR): tipo = .dispositivoCaracter
            case Int32(DT_BLK): tipo = .dispositivoBloque
            case Int32(DT_SOCK): tipo = .socket
            default: tipo = nil
            }
            withUnsafeBytes(of: &ent.pointee.d_name) { raw in
                let nombre = UnsafeRawBufferPointer(rebasing: raw[..<(raw.firstIndex(of: 0) ?? raw.count)])
                if nombre.elementsEqual([46]) || nombre.elementsEqual([46, 46]) { return }
                cuerpo(nombre, tipo)
            }
        }
    }

    /// `fstatat(AT_SYMLINK_NOFOLLOW)`: the entry itself, never a link's target (unless `seguir`).
    public func estado(_ nombre: NombreArchivo, seguir: Bool = false) throws(ErrorSistema) -> Estado {
        var s = stat()
        let r = nombre.conCadenaC { p in fstatat(fd.rawValue, p, &s, seguir ? 0 : AT_SYMLINK_NOFOLLOW) }
        guard r == 0 else { throw error("stat", nombre) }
        return Estado(s)
    }

    /// `fstat` of the directory itself.
    public func estadoPropio() throws(ErrorSistema) -> Estado {
        var s = stat()
        guard fstat(fd.rawValue, &s) == 0 else { throw ErrorSistema("stat", ruta, .actual) }
        return Estado(s)
    }

    /// Whether `nombre` exists (as anything, a dangling link included).
    public func existe(_ nombre: NombreArchivo) -> Bool {
        var s = stat()
        return nombre.conCadenaC { p in fstatat(fd.rawValue, p, &s, AT_SYMLINK_NOFOLLOW) } == 0
    }

    /// `mkdirat`. With `aunqueExista`, an existing directory is fine.
    public func crearCarpeta(_ nombre: NombreArchivo, permisos: mode_t = 0o755, aunqueExista: Bool = false) throws(ErrorSistema) {
        let r = nombre.conCadenaC { p in mkdirat(fd.rawValue, p, permisos) }
        if r == 0 { return }
        let e = Errno.actual
        if e == .exists, aunqueExista, (try? estado(nombre, seguir: true))?.tipo == .directorio { return }
        throw ErrorSistema("mkdir", rutaDe(nombre), e)
    }

    /// Renames `nombre` here to `nuevo` in `destino` (same file system).
    public func renombrar(_ nombre: NombreArchivo, a destino: Directorio, _ nuevo: NombreArchivo,
                          modo: ModoRenombre = .sinReemplazo) throws(ErrorSistema) {
        let r: Int32 = nombre.conCadenaC { p in
            nuevo.conCadenaC { q in
                switch modo {
                case .sinReemplazo: csistema_renameat2(fd.rawValue, p, destino.fd.rawValue, q, csistema_RENAME_NOREPLACE)
                case .intercambio: csistema_renameat2(fd.rawValue, p, destino.fd.rawValue, q, csistema_RENAME_EXCHANGE)
                case .reemplazando: renameat(fd.rawValue, p, destino.fd.rawValue, q)
                }
            }
        }
        if r == 0 { return }
        let e = Errno.actual
        if e == .invalid, modo == .sinReemplazo {
            // File systems without RENAME_NOREPLACE: link (fails with EEXIST) then unlink the old name.
            // Directories cannot be hard-linked; the daemon keeps to local file systems for those.
            if (try? estado(nombre))?.tipo != .directorio {
                try enlazar(nombre, a: destino, nuevo)
                try borrar(nombre)
                return
            }
        }
        throw ErrorSistema(modo == .intercambio ? "exchange" : "rename",
                           rutaDe(nombre) + " -> " + destino.rutaDe(nuevo), e)
    }

    /// What moving someone else's file came to.
    public enum Movida: Sendable, Equatable {
        case hecha
        /// The source is gone.
        case ausente
        /// Not allowed (EACCES/EPERM: e.g. a folder we may not write, a sticky directory), or
        /// impossible by rename (EXDEV: another mount).
        case denegada(Errno)
    }

    /// Like `renombrar(… .sinReemplazo)` for a drop: a missing source or a refused permission is
    /// an answer, not an error; anything else throws.
    public func mover(_ nombre: NombreArchivo, a destino: Directorio, _ nuevo: NombreArchivo) throws(ErrorSistema) -> Movida {
        do {
            try renombrar(nombre, a: destino, nuevo)
            return .hecha
        } catch {
            if error.errno == .noSuchFile { return .ausente }
            // EXDEV: the source is on another mount (a share mounted inside incoming/).
            if error.errno == .permissionDenied || error.errno == Errno(rawValue: EPERM) || error.errno == .crossDevice {
                return .denegada(error.errno)
            }
            throw error
        }
    }

    /// `linkat` without following links: a second name for the same inode.
    public func enlazar(_ nombre: NombreArchivo, a destino: Directorio, _ nuevo: NombreArchivo) throws(ErrorSistema) {
        let r: Int32 = nombre.conCadenaC { p in
            nuevo.conCadenaC { q in linkat(fd.rawValue, p, destino.fd.rawValue, q, 0) }
        }
        guard r == 0 else { throw ErrorSistema("link", rutaDe(nombre) + " -> " + destino.rutaDe(nuevo), .actual) }
    }

    /// `unlinkat` of a file (only ever the daemon's own files or a second name of a kept inode).
    public func borrar(_ nombre: NombreArchivo) throws(ErrorSistema) {
        let r = nombre.conCadenaC { p in unlinkat(fd.rawValue, p, 0) }
        guard r == 0 else { throw error("unlink", nombre) }
    }

    /// `unlinkat(AT_REMOVEDIR)` of an empty folder.
    public func borrarCarpeta(_ nombre: NombreArchivo) throws(ErrorSistema) {
        let r = nombre.conCadenaC { p in unlinkat(fd.rawValue, p, AT_REMOVEDIR) }
        guard r == 0 else { throw error("rmdir", nombre) }
    }

    /// `fsync` of the directory: its entries are durable. A failure is final: never retry.
    public func sincronizar() throws(ErrorSistema) {
        try fd.sincronizar(ruta: ruta)
    }

    /// `syncfs`: everything written on this file system (data and metadata) is durable. A failure
    /// is final: never retry.
    public func sincronizarSistemaDeArchivos() throws(ErrorSistema) {
        while true {
            if csistema_syncfs(fd.rawValue) == 0 { return }
            let e = Errno.actual
            if e != .interrupted { throw ErrorSistema("syncfs", ruta, e) }
        }
    }

    /// Opens `nombre` for reading without following a link and without blocking on a FIFO.
    public func abrirLectura(_ nombre: NombreArchivo) throws(ErrorSistema) -> FileDescriptor {
        let flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
        let r = nombre.conCadenaC { p in openat(fd.rawValue, p, flags) }
        guard r >= 0 else { throw error("open", nombre) }
        return FileDescriptor(rawValue: r)
    }

    /// Reads at most `maximo + 1` bytes of `nombre` (so a caller can tell "too big").
    public func leer(_ nombre: NombreArchivo, maximo: Int) throws(ErrorSistema) -> [UInt8] {
        let f = try abrirLectura(nombre)
        defer { try? f.cerrar() }
        return try Directorio.leer(f, maximo: maximo, ruta: rutaDe(nombre))
    }

    /// Reads at most `maximo + 1` bytes from `f` (`FileDescriptor.leerHasta`).
    public static func leer(_ f: FileDescriptor, maximo: Int, ruta: String) throws(ErrorSistema) -> [UInt8] {
        try f.leerHasta(maximo: maximo + 1, ruta: ruta).bytes
    }

    /// Creates `nombre` (must not exist) holding `bytes`; with `sincronizar`, fsyncs it before closing.
    public func escribirArchivo(_ nombre: NombreArchivo, _ bytes: [UInt8], sincronizar: Bool = false,
                                permisos: mode_t = 0o644) throws(ErrorSistema) {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        let r = nombre.conCadenaC { p in openat(fd.rawValue, p, flags, permisos) }
        guard r >= 0 else { throw error("create", nombre) }
        try FileDescriptor(rawValue: r).cerrarDespues(ruta: rutaDe(nombre)) { f throws(ErrorSistema) in
            do throws(Errno) {
                try f.escribirTodo(bytes)
                if sincronizar { try f.sincronizar() }
            } catch {
                throw ErrorSistema(sincronizar ? "write/fsync" : "write", rutaDe(nombre), error)
            }
        }
    }
}
