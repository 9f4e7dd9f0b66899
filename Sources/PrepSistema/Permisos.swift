import CSistema
import Glibc

/// Who the process is, for deciding what it may close and what others could reach.
public enum Identidad {
    /// The effective user id (`geteuid`, read once: the process never changes it): the owner of
    /// what the daemon creates.
    public static let usuario: UInt32 = UInt32(geteuid())
}

/// Permission bits and owners through descriptors (never a path a writer could swap).
extension Directorio {
    /// `fchmod` of the open directory itself.
    public func fijarPermisos(_ permisos: mode_t) throws(ErrorSistema) {
        guard fchmod(fd.rawValue, permisos) == 0 else { throw ErrorSistema("chmod", ruta, .actual) }
    }

    /// Whether the entry `nombre` (not followed) is the root of another mount: a rename into or
    /// out of it fails with EXDEV, even for a bind mount of the same file system (same `st_dev`).
    /// False when the kernel cannot tell.
    public func esRaizDeMontaje(_ nombre: NombreArchivo) throws(ErrorSistema) -> Bool {
        let r = nombre.conCadenaC { p in csistema_raiz_de_montaje(fd.rawValue, p) }
        guard r >= 0 else { throw ErrorSistema("statx", rutaDe(nombre), .actual) }
        return r == 1
    }
}

extension FileDescriptor {
    /// `fchmod(2)`.
    public func fijarPermisos(_ permisos: mode_t) throws(Errno) {
        guard fchmod(rawValue, permisos) == 0 else { throw Errno.actual }
    }

    /// `fchown(2)` to `usuario`, the group unchanged (needs CAP_CHOWN unless it is already ours).
    public func cambiarDueno(_ usuario: UInt32) throws(Errno) {
        guard fchown(rawValue, usuario, gid_t.max) == 0 else { throw Errno.actual }
    }
}
