import PrepDominio
import PrepSistema

/// The image copies of `imagenes/` as the start-up finds them: by SHA-256 (the 64 hex digits
/// before the name's first `.`) the file name, and the hidden temporaries an interrupted copy leaves. Any other
/// name is not a copy, and is left alone.
struct ListadoImagenes {
    /// SHA-256 → file name (`HASH.ext`).
    var porHash: [HuellaSHA256: String] = [:]
    /// `.NAME.tmp`: copies being written when the process stopped.
    var temporales: [String] = []

    /// Lists `carpeta` (the publish folder's `imagenes/`).
    static func leer(_ carpeta: String) throws(ErrorSistema) -> ListadoImagenes {
        var l = ListadoImagenes()
        for n in try Directorio.actual.listar(NombreArchivo(carpeta)).map(\.nombre.description) {
            if n.hasPrefix("."), n.hasSuffix(".tmp") {
                l.temporales.append(n)
            } else if let punto = n.firstIndex(of: "."), n.index(after: punto) < n.endIndex,
                      let h = try? HuellaSHA256(hex: n[..<punto]) {
                l.porHash[h] = n
            }
        }
        return l
    }
}

/// What the start-up did to the copies no durable corte names.
struct RevisionCopias: Sendable {
    /// One line per copy removed, saying why: its acta's image is copied again when the acta is
    /// registered (from `verified/` at start).
    var descartadas: [String] = []
    /// Copies kept because they hash to their name; their bytes may still be only in the page
    /// cache (the process stopped, the machine did not), so the next corte syncs them first.
    var conservadas = 0
}

extension ConstructorCortes {
    /// Start-up: a copy in `imagenes/` is trusted by its name only when the latest durable corte
    /// names it (`cubiertas`): that corte was made after a `syncfs` that covered it. Any other
    /// copy was renamed into place before its data was durable, and after a power loss may be
    /// empty or cut short under its right name: each is hashed (no further than its size, on
    /// every core) and removed unless its bytes are its name; temporaries of interrupted copies
    /// are removed. The folder is then fsynced, so no removed name comes back.
    static func revisarCopias(_ carpeta: String, _ listado: ListadoImagenes,
                              cubiertas: Set<HuellaSHA256>) throws(ErrorPublicacion) -> RevisionCopias {
        var r = RevisionCopias()
        let dudosas = listado.porHash.filter { h, _ in !cubiertas.contains(h) }.map { (hash: $0.key, nombre: $0.value) }.sorted { $0.nombre < $1.nombre }
        guard !dudosas.isEmpty || !listado.temporales.isEmpty else { return r }
        let d: Directorio
        do { d = try Directorio.actual.abrir(sub: NombreArchivo(carpeta)) } catch {
            throw ErrorPublicacion("cannot open \(carpeta) to check its copies: \(error)")
        }
        defer { d.cerrar() }
        let motivos = enParalelo(dudosas.count, minimo: 4) { i in Self.motivoCopiaMala(d, dudosas[i].nombre, hash: dudosas[i].hash) }
        do {
            for t in listado.temporales { try d.borrarArbol(NombreArchivo(t)) }
            for (i, motivo) in motivos.enumerated() {
                guard let motivo else {
                    r.conservadas += 1
                    continue
                }
                try d.borrarArbol(NombreArchivo(dudosas[i].nombre))
                r.descartadas.append("\(carpeta)/\(dudosas[i].nombre): a copy no corte names yet, and \(motivo) (cut short by a crash); removed, to be copied again from its acta")
            }
            try d.sincronizar()
        } catch {
            throw ErrorPublicacion("cannot clean \(carpeta): \(error)")
        }
        return r
    }

    /// Why the copy `nombre` is not the image `hash` (nil when it is): not a regular file,
    /// unreadable, or bytes that hash to something else. Reads no further than its size.
    static func motivoCopiaMala(_ d: Directorio, _ nombre: String, hash: HuellaSHA256) -> String? {
        let f: FileDescriptor
        do { f = try d.abrirLectura(NombreArchivo(nombre)) } catch { return "cannot open it (\(error.errno))" }
        defer { try? f.cerrar() }
        let e: PrepSistema.Estado
        do { e = try f.estado() } catch { return "cannot stat it (\(error))" }
        guard e.tipo == .regular else { return "a \(e.tipo), not a file" }
        do {
            let (digest, l) = try SHA256.deArchivo(f, maximo: e.tamano, ruta: d.rutaDe(NombreArchivo(nombre)))
            guard !l.masAllaDelLimite, l.bytes == e.tamano else { return "it changed while it was read" }
            return digest == hash ? nil : "its \(e.tamano) bytes do not hash to its name"
        } catch {
            return "cannot read it (\(error))"
        }
    }
}
