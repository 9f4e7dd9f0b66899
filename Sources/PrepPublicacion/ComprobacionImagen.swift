import PrepDominio
import PrepSistema

extension ConstructorCortes {
    /// Publishes `imagenes/NOMBRE` (content-addressed: `SHA256.ext`) once: a new file of its own,
    /// holding the first `bytes` bytes of the spool's image (when nil, what it held when opened),
    /// kept only if they hash to `sha256`. The spool's file may be a writer's inode that a writer
    /// still holding it open can change; the published one is the daemon's, and is exactly what
    /// was verified — even when a scanner finished writing after the image was taken (only
    /// appended bytes are left out). Returns false when it was already published: a name in
    /// `imagenes/` is named by a durable corte, checked at start (`revisarCopias`), or this
    /// process's own copy.
    static func publicarImagen(_ ruta: String, sha256: HuellaSHA256, bytes: Int?, en imagenes: String, nombre: String,
                               acta: ClaveActa) throws(ErrorPublicacion) -> Bool {
        let disco = Directorio.actual
        let destino = NombreArchivo(imagenes + "/" + nombre)
        if disco.existe(destino) { return false }
        let temporal = NombreArchivo(imagenes + "/." + nombre + ".tmp")
        try? disco.borrarSiExiste(temporal)
        let copia: Copia
        do {
            copia = try disco.copiar(NombreArchivo(ruta), a: disco, temporal, permisos: 0o444, sincronizar: false, limite: bytes)
        } catch {
            throw ErrorPublicacion("acta \(acta): cannot read its image \(ruta): \(error.errno)")
        }
        guard copia.sha256 == sha256, bytes.map({ $0 == copia.bytes }) ?? true else {
            try? disco.borrarSiExiste(temporal)
            throw ErrorPublicacion("acta \(acta): its image \(ruta) no longer has the SHA-256 it was verified with (\(sha256)); not published")
        }
        do { try disco.renombrar(temporal, a: disco, destino) } catch {
            try? disco.borrarSiExiste(temporal)
            if error.errno == .exists { return false }
            throw ErrorPublicacion("acta \(acta): cannot publish its image: \(error)")
        }
        return true
    }
}
