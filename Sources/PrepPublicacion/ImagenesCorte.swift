import PrepDominio
import PrepSistema
import Synchronization

/// The images folder as `prep verify` reads it: every file whose name is a SHA-256 in lowercase
/// hex, a `.` and anything after it (`HASH.jpg`), sorted by digest, from one pass over the
/// folder that allocates nothing per file it skips. A digest named twice (`H.jpg`, `H.png`) keeps
/// the later name in directory order.
struct CarpetaImagenes: Sendable {
    /// The open folder: each image is opened relative to it (no path walk per image).
    let directorio: Directorio
    /// Digest and what follows its 64 hex digits in the file name (`.jpg`), by digest, each digest once.
    let entradas: [(huella: HuellaSHA256, sufijo: String)]

    /// Opens and lists `ruta` (a symbolic link to a folder is followed); the caller closes it.
    static func abrir(_ ruta: String) -> Result<CarpetaImagenes, ErrorSistema> {
        let d: Directorio
        do { d = try Directorio.actual.abrir(sub: NombreArchivo(ruta), seguirEnlace: true) } catch { return .failure(error) }
        var todas: [(huella: HuellaSHA256, orden: Int, sufijo: String)] = []
        do {
            try d.recorrer { nombre, _ in
                guard nombre.count > 64, nombre[64] == 46,
                      let h = try? HuellaSHA256(hex: UnsafeRawBufferPointer(rebasing: nombre[..<64])) else { return }
                let resto = UnsafeRawBufferPointer(rebasing: nombre[64...])
                let sufijo = resto.allSatisfy { $0 > 32 && $0 < 127 }
                    ? String(decoding: resto, as: UTF8.self)
                    : String(NombreArchivo(bytes: Array(nombre)).description.utf8.dropFirst(64)) ?? ""
                todas.append((h, todas.count, sufijo))
            }
        } catch {
            d.cerrar()
            return .failure(error)
        }
        todas.sort { ($0.huella, $0.orden) < ($1.huella, $1.orden) }
        var entradas: [(huella: HuellaSHA256, sufijo: String)] = []
        entradas.reserveCapacity(todas.count)
        for (k, e) in todas.enumerated() where k + 1 == todas.count || todas[k + 1].huella != e.huella {
            entradas.append((e.huella, e.sufijo))
        }
        return .success(CarpetaImagenes(directorio: d, entradas: entradas))
    }

    func cerrar() { directorio.cerrar() }

    /// Hashes `imagenes` (digest and what follows it in the file name, in the order failures are
    /// ranked) on every core,
    /// each worker with one reused buffer and hasher, and returns the first failure in that order,
    /// or nil when every image's bytes hash to its name. A block of images that starts past a
    /// failure already found is skipped: it cannot hold an earlier one.
    func primeraMala(_ imagenes: [(huella: HuellaSHA256, sufijo: String)]) -> String? {
        let porBloque = max(64, imagenes.count / (Maquina.procesadores * 32))
        let bloques = (imagenes.count + porBloque - 1) / porBloque
        let primera = PrimeraFalla()
        let carpeta = directorio.fd
        let fallas = enParalelo(bloques, minimo: 2) { b -> (Int, String)? in
            let desde = b * porBloque
            guard desde < primera.indice.load(ordering: .relaxed) else { return nil }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
            defer { buffer.deallocate() }
            var hasher = SHA256Repetido()
            for i in desde..<min(desde + porBloque, imagenes.count) {
                let (huella, sufijo) = imagenes[i]
                let nombre = huella.description + sufijo
                let motivo: String
                switch Self.huella(carpeta, nombre, buffer, &hasher) {
                case .success(let h) where h == huella: continue
                case .success: motivo = "image \(nombre): its SHA-256 does not match its name"
                case .failure(let e): motivo = e.description
                }
                _ = primera.indice.min(i, ordering: .relaxed)
                return (i, motivo)
            }
            return nil
        }
        return fallas.compactMap { $0 }.min { $0.0 < $1.0 }?.1
    }

    /// SHA-256 of the file `nombre` of `carpeta`: open, read to the end, close.
    static func huella(_ carpeta: FileDescriptor, _ nombre: String, _ buffer: UnsafeMutableRawBufferPointer,
                       _ hasher: inout SHA256Repetido) -> Result<HuellaSHA256, ErrorVerificacion> {
        let fd: FileDescriptor
        do { fd = try carpeta.abrir(nombre, [.soloLectura, .sinSeguirEnlace]) } catch {
            return .failure(.sistema("cannot open \(nombre): \(error.errno)"))
        }
        defer { try? fd.cerrar() }
        hasher.empezar()
        while true {
            let n: Int
            do { n = try fd.leer(en: buffer) } catch { return .failure(.sistema("cannot read \(nombre): \(error)")) }
            if n == 0 { break }
            hasher.actualizar(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return .success(hasher.terminar())
    }
}

/// The lowest index of a failure found so far, shared by the hashing workers.
private final class PrimeraFalla: Sendable {
    let indice = Atomic<Int>(.max)
}
