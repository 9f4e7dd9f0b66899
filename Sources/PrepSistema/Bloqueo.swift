import Glibc

/// The spool's lock file: one daemon per spool. `flock(LOCK_EX|LOCK_NB)` on a file holding the
/// owner's pid; the kernel releases it when the process dies, so a crash never leaves it stuck.
public struct Bloqueo: Sendable {
    public let fd: FileDescriptor

    /// Why the lock could not be taken.
    public enum Fallo: Error, CustomStringConvertible {
        /// Another process holds it; its pid as written in the file (nil if unreadable).
        case ocupado(ruta: String, pid: Int?)
        case sistema(ErrorSistema)

        public var description: String {
            switch self {
            case .ocupado(let ruta, let pid):
                "another prep daemon (pid \(pid.map(String.init) ?? "unknown")) holds the spool lock \(ruta)"
            case .sistema(let e): e.description
            }
        }
    }

    /// Takes the lock at `nombre` in `carpeta` and writes this process's pid into it.
    public static func tomar(_ nombre: NombreArchivo, en carpeta: Directorio) throws(Fallo) -> Bloqueo {
        let ruta = carpeta.rutaDe(nombre)
        let r = nombre.conCadenaC { p in openat(carpeta.fd.rawValue, p, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644) }
        guard r >= 0 else { throw .sistema(ErrorSistema("open", ruta, .actual)) }
        let fd = FileDescriptor(rawValue: r)
        if flock(r, LOCK_EX | LOCK_NB) != 0 {
            let e = Errno.actual
            let pid = pidEscrito(fd, ruta: ruta)
            try? fd.cerrar()
            if e == .wouldBlock { throw .ocupado(ruta: ruta, pid: pid) }
            throw .sistema(ErrorSistema("flock", ruta, e))
        }
        let pid = Array("\(getpid())\n".utf8)
        guard ftruncate(r, 0) == 0 else { throw .sistema(ErrorSistema("truncate", ruta, .actual)) }
        let escrito = pid.withUnsafeBytes { b in pwrite(r, b.baseAddress, b.count, 0) }
        guard escrito == pid.count else { throw .sistema(ErrorSistema("write", ruta, .actual)) }
        return Bloqueo(fd: fd)
    }

    /// Releases the lock (closing the descriptor releases it too).
    public func soltar() { try? fd.cerrar() }

    /// Who holds the lock at `nombre` in `carpeta`: the pid written in it while some process holds
    /// it, nil when none does (no file, a free lock) or the pid cannot be read. Takes nothing: a
    /// shared `flock` attempt, released at once.
    public static func dueno(_ nombre: NombreArchivo, en carpeta: Directorio) -> Int? {
        let r = nombre.conCadenaC { p in openat(carpeta.fd.rawValue, p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard r >= 0 else { return nil }
        let fd = FileDescriptor(rawValue: r)
        defer { try? fd.cerrar() }
        guard flock(r, LOCK_SH | LOCK_NB) != 0 else { return nil }
        return pidEscrito(fd, ruta: carpeta.rutaDe(nombre))
    }

    /// The pid on the first line of an open lock file, nil if unreadable.
    private static func pidEscrito(_ fd: FileDescriptor, ruta: String) -> Int? {
        (try? Directorio.leer(fd, maximo: 32, ruta: ruta)).flatMap {
            Int(String(decoding: $0, as: UTF8.self).split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: " ") ?? "")
        }
    }
}

extension String {
    /// Drops leading and trailing characters in `conjunto` (no Foundation needed).
    func trimmingCharacters(in conjunto: String) -> String {
        let c = Set(conjunto)
        return String(drop { c.contains($0) }.reversed().drop { c.contains($0) }.reversed())
    }
}
