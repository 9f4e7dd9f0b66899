import PrepSistema

/// The take's confirmation: what reaches an item is the very file that was checked, unchanged, with
/// no other name a writer could reach it by.
///
/// Two stats around the take's rename, both on the loop and no read: just before it, the drop in
/// `incoming/` must still have every attribute it had when it was checked, its ctime included.
/// No writer can set a ctime: any write, truncation, `chmod`, `chown`, new hard link or `utimensat`
/// (a writer putting its mtime back after rewriting the file in place) sets it to the current
/// time, and a drop is checked only after it stopped changing (`settle`) or was renamed into place
/// whole. Just after it, the file under its new name must still be that inode with that size and
/// mtime and one name (the rename itself sets the ctime, so it is not compared there): this catches
/// a file renamed over the drop between the two calls.
///
/// What it cannot see is a write through a descriptor the writer still holds, made after the
/// first stat (the writer of an image or capture already has that power after the take, at any
/// time): such an item no longer matches its `estado`, and a corte puts it in quarantine rather
/// than publish it (docs/spool.md). Hashing the taken file again, as an earlier version did, only
/// moved that instant a little later, for a fifth of a backlog's CPU.
extension Spool {
    /// Whether the drop `d` at its place in `dir` is still exactly the file that was checked. A
    /// drop gone or unreadable is a no, not an error; any other failure is thrown.
    nonisolated static func intacto(_ d: DropValido, en dir: Directorio) throws(ErrorSistema) -> Bool {
        do {
            return sinCambios(try dir.estado(d.ubicacion.nombre), d.estado)
        } catch {
            switch error.errno {
            case .noSuchFile, .loop, .permissionDenied, .notPermitted, .notDirectory: return false
            default: throw error
            }
        }
    }

    /// Whether the drop `d`, just taken as `nombre` in `tmp`, is still the inode that was checked
    /// (size, mtime, one name). When it is, and the daemon runs as root, it is closed to its writer
    /// (`cerrarTomado`).
    nonisolated static func tomado(_ d: DropValido, _ nombre: NombreArchivo, en tmp: Directorio) throws(ErrorSistema) -> Bool {
        let e: Estado
        do { e = try tmp.estado(nombre) } catch {
            if error.errno == .noSuchFile { return false }
            throw error
        }
        guard mismoArchivo(e, d.estado), e.enlaces == 1 else { return false }
        cerrarTomado(nombre, e, en: tmp)
        return true
    }

    /// Everything a writer could change about a file, compared: `mismoArchivo` and the ctime and
    /// link count (not the blocks on disk, which the file system may account for later).
    nonisolated static func sinCambios(_ a: Estado, _ b: Estado) -> Bool {
        mismoArchivo(a, b) && a.ctimeNs == b.ctimeNs && a.enlaces == b.enlaces && a.permisos == b.permisos
            && a.propietario == b.propietario
    }
}
