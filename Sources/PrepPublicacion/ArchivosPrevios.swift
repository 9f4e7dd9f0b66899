import PrepDominio
import PrepSistema

/// The files of the last corte this process published, as it made them: what the next corte may
/// hard-link instead of writing again (the stylesheet, the key, candidaturas, LEEME, the pages and
/// lookup files whose actas did not change). A corte is never changed once it is durable (nothing
/// in the daemon opens a corte file for writing after its folder is renamed into place), so an
/// unchanged file is the same bytes under a second name, and costs no write and no writeback.
///
/// A link is only ever made from this record, never from a file found on disk: its source is
/// the previous corte's file at the same path, and the inode the new corte ends up naming must
/// still be the one this process wrote (same device, inode, size and modification time), else the
/// link is undone and the file is written from its bytes. So a file rewritten in place or replaced
/// behind the daemon's back never reaches a new corte through a link; the new corte lists the hash
/// this process computed when it wrote the bytes. (Whoever can change a file's modification time
/// back after writing it is the daemon's own user, who can read the signing key anyway.)
/// After a restart there is no record: the first corte writes every file.
struct ArchivosPrevios: Sendable {
    /// One file as this process left it in the corte.
    struct Archivo: Sendable, Equatable {
        var sha256: HuellaSHA256
        var dispositivo: UInt64
        var inodo: UInt64
        var tamano: Int
        var mtimeNs: Int64
    }

    /// The corte's folder, under its final name.
    var carpeta: String
    /// Path inside the corte → the file.
    var archivos: [String: Archivo]

    /// How a file got into the new corte.
    struct Hecho: Sendable {
        var ruta: String
        var archivo: Archivo
        var enlazado: Bool
    }

    /// Names `ruta`'s file of the previous corte at `destino` (a path inside the corte being built)
    /// when this record has it with hash `sha256` (any hash when nil) and it is still the inode this
    /// process wrote; nil otherwise, leaving nothing at `destino`.
    func enlazar(_ ruta: String, sha256: HuellaSHA256? = nil, en destino: String) -> Archivo? {
        guard let r = archivos[ruta], sha256 == nil || r.sha256 == sha256 else { return nil }
        let d = Directorio.actual
        do { try d.enlazar(NombreArchivo(carpeta + "/" + ruta), a: d, NombreArchivo(destino)) } catch { return nil }
        // Checked on the new name, which only this process writes: the inode it names now is the
        // one checked, whatever happens to the old name meanwhile.
        guard let s = try? d.estado(NombreArchivo(destino)), s.tipo == .regular, s.dispositivo == r.dispositivo,
              s.inodo == r.inodo, s.tamano == r.tamano, s.mtimeNs == r.mtimeNs else {
            try? d.borrar(NombreArchivo(destino))
            return nil
        }
        return r
    }

    /// Puts `bytes` at `ruta` inside the corte being built (`parcial`): a hard link to the
    /// previous corte's file when it holds these very bytes (same SHA-256) and is still what this
    /// process wrote, else a new file (fsynced when `sincronizar`).
    static func poner(_ ruta: String, _ bytes: [UInt8], sha256: HuellaSHA256, en parcial: String, previo: ArchivosPrevios?,
                      sincronizar: Bool) throws(ErrorSistema) -> Hecho {
        let destino = parcial + "/" + ruta
        if let previo, let a = previo.enlazar(ruta, sha256: sha256, en: destino) { return Hecho(ruta: ruta, archivo: a, enlazado: true) }
        try Directorio.actual.escribirArchivo(NombreArchivo(destino), bytes, sincronizar: sincronizar)
        return Hecho(ruta: ruta, archivo: try registro(destino, sha256: sha256), enlazado: false)
    }

    /// The record of a file just written at `ruta` (a path).
    static func registro(_ ruta: String, sha256: HuellaSHA256) throws(ErrorSistema) -> Archivo {
        let s = try Directorio.actual.estado(NombreArchivo(ruta))
        return Archivo(sha256: sha256, dispositivo: s.dispositivo, inodo: s.inodo, tamano: s.tamano, mtimeNs: s.mtimeNs)
    }

    /// Carries out a site plan inside `parcial` on every core: a file whose inputs did not change
    /// is linked from the previous corte without being made; any other is made, hashed, and then
    /// linked when its bytes are the previous corte's anyway, or written (not fsynced: the
    /// caller makes the site durable with one `syncfs`). Folders must exist. A generator error
    /// is the generator's, named with the file; any other the corte's.
    static func hacer(_ plan: [ArchivoPlaneado], en parcial: String, previo: ArchivosPrevios?,
                      corte: NombreCorte) throws(ErrorPublicacion) -> [Hecho] {
        let resultados = enParalelo(plan.count, minimo: 2) { i in
            Result { () throws(ErrorPublicacion) -> Hecho in
                let a = plan[i]
                if !a.cambia, let previo, let r = previo.enlazar(a.ruta, en: parcial + "/" + a.ruta) {
                    return Hecho(ruta: a.ruta, archivo: r, enlazado: true)
                }
                let bytes: [UInt8]
                do { bytes = try a.bytes() } catch {
                    throw ErrorPublicacion("corte \(corte): the site generator failed on \(a.ruta): \(error)")
                }
                do {
                    return try poner(a.ruta, bytes, sha256: SHA256.resumen(bytes), en: parcial, previo: previo, sincronizar: false)
                } catch { throw ErrorPublicacion("corte \(corte) not published: \(error)") }
            }
        }
        var hechos: [Hecho] = []
        hechos.reserveCapacity(resultados.count)
        for r in resultados { hechos.append(try r.get()) }
        return hechos
    }
}
