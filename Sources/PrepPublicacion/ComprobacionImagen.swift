import PrepDominio
import PrepSistema

extension ConstructorCortes {
    /// Hashes the image at `ruta` and refuses it unless its SHA-256 is `sha256`: what a corte
    /// names `imagenes/HASH.ext` must be those bytes, whatever happened to the file since the
    /// acta was verified.
    static func comprobarImagen(_ ruta: String, sha256: String, acta: ClaveActa) throws(ErrorPublicacion) {
        let f: FileDescriptor
        do { f = try FileDescriptor.cwd.abrir(ruta, [.soloLectura, .sinSeguirEnlace]) } catch {
            throw ErrorPublicacion("acta \(acta): cannot read its image \(ruta): \(error.errno)")
        }
        defer { try? f.cerrar() }
        let digest: [UInt8]
        do { (digest, _) = try SHA256.deArchivo(f, ruta: ruta) } catch {
            throw ErrorPublicacion("acta \(acta): cannot hash its image \(ruta): \(error)")
        }
        guard SHA256.hex(digest) == sha256 else {
            throw ErrorPublicacion("acta \(acta): its image \(ruta) no longer has the SHA-256 it was verified with (\(sha256)); not published")
        }
    }
}
