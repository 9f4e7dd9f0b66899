import PrepDominio
import PrepSistema

/// The files of the last corte, as this process made them or read them back at start: what the
/// next corte may hard-link instead of writing again (the stylesheet, the key, candidaturas,
/// LEEME, the pages and lookup files whose actas did not change). A corte is never changed once
/// it is durable (nothing in the daemon opens a corte file for writing after its folder is
/// renamed into place), so an unchanged file is the same bytes under a second name, and costs no
/// write and no writeback.
///
/// A link is only ever made from this record, never from a file found on disk: its source is
/// the previous corte's file at the same path, and the inode the new corte ends up naming must
/// still be the one recorded (same device, inode, size and modification time), else the link is
/// undone and the file is written from its bytes. So a file rewritten in place or replaced
/// behind the daemon's back never reaches a new corte through a link; the new corte lists the hash
/// this process computed from bytes it made or read. (Whoever can change a file's modification
/// time back after writing it is the daemon's own user, who can read the signing key anyway.)
///
/// After a restart the record is read back from the last corte (`recuperar`), once its `SHA256`
/// list is known to be signed by this daemon's key: a listed file is recorded only when it is
/// still a regular file whose bytes, hashed again now, are the listed hash, so the record still
/// names only bytes this process knows. A file read back also carries its status-change time
/// (ctime, which no one can set back): between the start and the first corte the file must not
/// have been touched at all, checked just before the link, so that a file changed after it was
/// hashed (even with its modification time restored) is made again instead.
struct ArchivosPrevios: Sendable {
    /// One file as this process left it in the corte, or found it at start.
    struct Archivo: Sendable, Equatable {
        var sha256: HuellaSHA256
        var dispositivo: UInt64
        var inodo: UInt64
        var tamano: Int
        var mtimeNs: Int64
        /// Its status-change time when it was read back at start (nil for a file this process
        /// wrote or linked): the first corte links it only if nothing touched it since. Not kept
        /// beyond that corte: linking changes it, and so does retention removing an older name.
        var ctimeNs: Int64? = nil
        /// For a file made of pieces (`PiezasArchivo`), where they lie in it: the next corte copies
        /// the unchanged ones. Nil for any other file, and for a file read back at start unless
        /// `PiezasGuardadas` kept its places.
        var limites: [Int32]? = nil
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
        /// Pieces copied from the previous corte's file (`PiezasArchivo`), not made again.
        var copiadas = 0
    }

    /// Names `ruta`'s file of the previous corte at `destino` (a path inside the corte being built)
    /// when this record has it with hash `sha256` (any hash when nil) and it is still the inode this
    /// process recorded; nil otherwise, leaving nothing at `destino`. The record returned is the
    /// file as the new corte holds it (no status-change time: see `Archivo.ctimeNs`).
    func enlazar(_ ruta: String, sha256: HuellaSHA256? = nil, en destino: String) -> Archivo? {
        guard let r = archivos[ruta], sha256 == nil || r.sha256 == sha256 else { return nil }
        let d = Directorio.actual
        let origen = NombreArchivo(carpeta + "/" + ruta)
        if let ctime = r.ctimeNs {
            // Read back at start: untouched since it was hashed, or not linked at all.
            guard let s = try? d.estado(origen), r.identico(s), s.ctimeNs == ctime else { return nil }
        }
        do { try d.enlazar(origen, a: d, NombreArchivo(destino)) } catch { return nil }
        // Checked on the new name, which only this process writes: the inode it names now is the
        // one checked, whatever happens to the old name meanwhile.
        guard let s = try? d.estado(NombreArchivo(destino)), r.identico(s) else {
            try? d.borrar(NombreArchivo(destino))
            return nil
        }
        var hecho = r
        hecho.ctimeNs = nil
        return hecho
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

    /// The previous corte's bytes of `ruta` and where its pieces lie, when the record has places
    /// that fit the file as `piezas` lays it out (`PiezasArchivo.caben`; this process cut it, or
    /// `PiezasGuardadas` says where the process before the restart did) and the file still holds
    /// the bytes hashed; nil otherwise (every piece is then made). Checked before the file is
    /// read, so that places that cannot be used cost no read and no hash.
    func piezas(_ ruta: String, de piezas: PiezasArchivo) -> (bytes: [UInt8], limites: [Int32])? {
        guard let r = archivos[ruta], let limites = r.limites, piezas.caben(limites, en: r.tamano),
              let bytes = try? Directorio.actual.leerTodo(NombreArchivo(carpeta + "/" + ruta)),
              bytes.count == r.tamano, SHA256.resumen(bytes) == r.sha256 else { return nil }
        return (bytes, limites)
    }

    /// The record of a file just written at `ruta` (a path).
    static func registro(_ ruta: String, sha256: HuellaSHA256) throws(ErrorSistema) -> Archivo {
        let s = try Directorio.actual.estado(NombreArchivo(ruta))
        return Archivo(sha256: sha256, dispositivo: s.dispositivo, inodo: s.inodo, tamano: s.tamano, mtimeNs: s.mtimeNs)
    }

    /// The record of the last corte's files read back at start from `carpeta` (the corte's folder)
    /// and its signed list `lista` (the caller checked the signature), leaving out `excepto` (the
    /// election CSVs, whose rows are reused instead): each listed file that is a regular file whose
    /// bytes hash to the listed value now, hashed on every core. A file that is not is left out,
    /// and the next corte makes it.
    static func recuperar(carpeta: String, lista: ListaSHA256, excepto: Set<String>) -> ArchivosPrevios {
        let rutas = lista.entradas.keys.filter { !excepto.contains($0) }.sorted()
        let leidos = enParalelo(rutas.count, minimo: 8) { i -> Archivo? in
            guard let esperado = lista.entradas[rutas[i]] else { return nil }
            return try? leer(carpeta + "/" + rutas[i], sha256: esperado)
        }
        var archivos: [String: Archivo] = [:]
        archivos.reserveCapacity(rutas.count)
        for (ruta, a) in zip(rutas, leidos) { if let a { archivos[ruta] = a } }
        return ArchivosPrevios(carpeta: carpeta, archivos: archivos)
    }

    /// The record of `ruta` read back: nil unless it is a regular file (not followed through a
    /// symbolic link) whose bytes hash to `sha256` and that did not change while it was read.
    static func leer(_ ruta: String, sha256: HuellaSHA256) throws(ErrorSistema) -> Archivo? {
        let fd = try FileDescriptor.cwd.abrir(ruta, [.soloLectura, .sinSeguirEnlace, .noBloqueante])
        return try fd.cerrarDespues(ruta: ruta) { fd throws(ErrorSistema) -> Archivo? in
            func estado() throws(ErrorSistema) -> Estado {
                do throws(Errno) { return try fd.estado() } catch { throw ErrorSistema("fstat", ruta, error) }
            }
            let antes = try estado()
            guard antes.tipo == .regular else { return nil }
            let (digest, lectura) = try SHA256.deArchivo(fd, maximo: antes.tamano, ruta: ruta)
            let despues = try estado()
            guard digest == sha256, !lectura.masAllaDelLimite, lectura.bytes == antes.tamano, despues.tamano == antes.tamano,
                  despues.mtimeNs == antes.mtimeNs, despues.ctimeNs == antes.ctimeNs else { return nil }
            return Archivo(sha256: digest, dispositivo: antes.dispositivo, inodo: antes.inodo, tamano: antes.tamano,
                           mtimeNs: antes.mtimeNs, ctimeNs: antes.ctimeNs)
        }
    }

    /// Carries out a site plan inside `parcial` on every core (`hilos`, below the caller's
    /// priority, and the caller itself: a corte's files must not take the daemon loop's core): a
    /// file whose inputs did not change is linked from the previous corte without being made; any
    /// other is made, hashed, and then linked when its bytes are the previous corte's anyway, or
    /// written (not fsynced: the caller makes the site durable with one `syncfs`). Folders must
    /// exist. A generator error is the generator's, named with the file; any other the corte's.
    static func hacer(_ plan: [ArchivoPlaneado], en parcial: String, previo: ArchivosPrevios?,
                      corte: NombreCorte, hilos: HilosTrabajo) throws(ErrorPublicacion) -> [Hecho] {
        let resultados = hilos.encargar(plan.count) { i in
            Result { () throws(ErrorPublicacion) -> Hecho in
                let a = plan[i]
                if !a.cambia, let previo, let r = previo.enlazar(a.ruta, en: parcial + "/" + a.ruta) {
                    return Hecho(ruta: a.ruta, archivo: r, enlazado: true)
                }
                let bytes: [UInt8]
                var limites: [Int32]?
                var copiadas = 0
                if let piezas = a.piezas {
                    // Only the pieces that changed are made; the rest are the previous file's.
                    (bytes, limites, copiadas) = piezas.hacer(previo: previo?.piezas(a.ruta, de: piezas))
                } else {
                    do { bytes = try a.bytes() } catch {
                        throw ErrorPublicacion("corte \(corte): the site generator failed on \(a.ruta): \(error)")
                    }
                }
                do {
                    var h = try poner(a.ruta, bytes, sha256: SHA256.resumen(bytes), en: parcial, previo: previo, sincronizar: false)
                    h.archivo.limites = limites
                    h.copiadas = copiadas
                    return h
                } catch { throw ErrorPublicacion("corte \(corte) not published: \(error)") }
            }
        }.esperar()
        var hechos: [Hecho] = []
        hechos.reserveCapacity(resultados.count)
        for r in resultados { hechos.append(try r.get()) }
        return hechos
    }
}

extension ArchivosPrevios.Archivo {
    /// Whether `s` is still this file: a regular file, the same device and inode, size and
    /// modification time.
    func identico(_ s: Estado) -> Bool {
        s.tipo == .regular && s.dispositivo == dispositivo && s.inodo == inodo && s.tamano == tamano && s.mtimeNs == mtimeNs
    }
}
