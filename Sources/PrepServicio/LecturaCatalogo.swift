import PrepDominio
import PrepSistema

/// A catálogo that cannot be used: unreadable, or refused by `CargadorCatalogo`. `description` is
/// what the caller prints on standard error (one problem a line, `path/file:line: reason`).
public struct ErrorCatalogo: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// The bytes of the catálogo folder's files (`CargadorCatalogo.archivos`); a missing file is left
/// out, so that the loader names it among the other problems.
public func leerArchivosCatalogo(ruta: String) throws(ErrorCatalogo) -> [String: [UInt8]] {
    let carpeta: Directorio
    do {
        carpeta = try Directorio.actual.abrir(sub: NombreArchivo(ruta), seguirEnlace: true)
    } catch {
        throw ErrorCatalogo(description: "catalog \(ruta): \(error.errno) (expected a folder with \(CargadorCatalogo.archivos.joined(separator: ", ")))")
    }
    defer { carpeta.cerrar() }
    var archivos: [String: [UInt8]] = [:]
    for nombre in CargadorCatalogo.archivos {
        do {
            archivos[nombre] = try carpeta.leerTodo(NombreArchivo(nombre))
        } catch let e where e.errno == .noSuchFile {
            continue
        } catch {
            throw ErrorCatalogo(description: "catalog \(ruta)/\(nombre): \(error.errno)")
        }
    }
    return archivos
}

/// Reads and checks the catálogo in the folder `ruta`. Problems name `ruta/file:line`.
public func leerCatalogo(ruta: String) throws(ErrorCatalogo) -> Catalogo {
    try cargarCatalogo(leerArchivosCatalogo(ruta: ruta), ruta: ruta)
}

/// Loads already-read catálogo files; `ruta` only prefixes the problems.
public func cargarCatalogo(_ archivos: [String: [UInt8]], ruta: String) throws(ErrorCatalogo) -> Catalogo {
    switch CargadorCatalogo.cargar(archivos: archivos) {
    case .success(let c):
        return c
    case .failure(let p):
        let prefijo = ruta.hasSuffix("/") ? ruta : ruta + "/"
        throw ErrorCatalogo(description: "catalog refused:\n" + ProblemasCatalogo(p.problemas.map { prefijo + $0 }).description)
    }
}

/// SHA-256 of the catálogo (the manifest's catálogo hash): of `CargadorCatalogo.bytesHuella`, i.e.
/// for each file in sorted name order its name, NUL, its length in decimal, LF, its bytes.
public func huellaCatalogo(archivos: [String: [UInt8]]) -> HuellaSHA256 {
    SHA256.resumen(CargadorCatalogo.bytesHuella(archivos: archivos))
}
