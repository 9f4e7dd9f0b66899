import Glibc

/// What kind of file a directory entry is (from `fstatat` without following symbolic links).
public enum TipoArchivo: Sendable, Hashable, CustomStringConvertible {
    case regular, directorio, enlaceSimbolico, fifo, dispositivoCaracter, dispositivoBloque, socket, desconocido

    init(modo: mode_t) {
        switch modo & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directorio
        case S_IFLNK: self = .enlaceSimbolico
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .dispositivoCaracter
        case S_IFBLK: self = .dispositivoBloque
        case S_IFSOCK: self = .socket
        default: self = .desconocido
        }
    }

    public var description: String {
        switch self {
        case .regular: "regular file"
        case .directorio: "directory"
        case .enlaceSimbolico: "symbolic link"
        case .fifo: "FIFO"
        case .dispositivoCaracter: "character device"
        case .dispositivoBloque: "block device"
        case .socket: "socket"
        case .desconocido: "unknown file type"
        }
    }
}

/// The metadata of one file (`struct stat`), as the daemon needs it.
public struct Estado: Sendable, Hashable {
    public let tipo: TipoArchivo
    public let tamano: Int
    /// Modification and status-change times, nanoseconds since the epoch.
    public let mtimeNs: Int64
    public let ctimeNs: Int64
    public let dispositivo: UInt64
    public let inodo: UInt64
    public let enlaces: Int
    public let permisos: UInt32
    public let propietario: UInt32
    /// Bytes the file takes on disk (`st_blocks` × 512).
    public let bytesEnDisco: Int

    init(_ s: stat) {
        tipo = TipoArchivo(modo: s.st_mode)
        tamano = Int(s.st_size)
        mtimeNs = Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec)
        ctimeNs = Int64(s.st_ctim.tv_sec) * 1_000_000_000 + Int64(s.st_ctim.tv_nsec)
        dispositivo = UInt64(s.st_dev)
        inodo = UInt64(s.st_ino)
        enlaces = Int(s.st_nlink)
        permisos = UInt32(s.st_mode & 0o7777)
        propietario = UInt32(s.st_uid)
        bytesEnDisco = Int(s.st_blocks) * 512
    }

    /// The later of mtime and ctime: the last time anything about the file changed.
    public var ultimoCambioNs: Int64 { max(mtimeNs, ctimeNs) }
}
