import Glibc
import PrepDominio
import PrepSistema

/// A catálogo that cannot be used: unreadable, or refused by `CargadorCatalogo`. `description` is
/// what the caller prints on standard error (one problem a line, `path/file:line: reason`).
struct ErrorCatalogo: Error, CustomStringConvertible {
    let description: String
}

/// The bytes of the catálogo folder's files (`CargadorCatalogo.archivos`); a missing file is left
/// out, so that the loader names it among the other problems.
func leerArchivosCatalogo(ruta: String) throws(ErrorCatalogo) -> [String: [UInt8]] {
    let carpeta: FileDescriptor
    do {
        carpeta = try FileDescriptor.cwd.abrir(ruta, [.soloLectura, .directorio])
    } catch {
        throw ErrorCatalogo(description: "catalog \(ruta): \(error.errno) (expected a folder with \(CargadorCatalogo.archivos.joined(separator: ", ")))")
    }
    defer { try? carpeta.cerrar() }
    var archivos: [String: [UInt8]] = [:]
    for nombre in CargadorCatalogo.archivos {
        do {
            archivos[nombre] = try leerTodo(carpeta, nombre)
        } catch let e where e.errno == .noSuchFile {
            continue
        } catch {
            throw ErrorCatalogo(description: "catalog \(ruta)/\(nombre): \(error.errno)")
        }
    }
    return archivos
}

/// Reads and checks the catálogo in the folder `ruta`. Problems name `ruta/file:line`.
func leerCatalogo(ruta: String) throws(ErrorCatalogo) -> Catalogo {
    try cargarCatalogo(leerArchivosCatalogo(ruta: ruta), ruta: ruta)
}

/// Loads already-read catálogo files; `ruta` only prefixes the problems.
func cargarCatalogo(_ archivos: [String: [UInt8]], ruta: String) throws(ErrorCatalogo) -> Catalogo {
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
func huellaCatalogo(archivos: [String: [UInt8]]) throws -> [UInt8] {
    try SHA256.resumen(CargadorCatalogo.bytesHuella(archivos: archivos))
}

/// Reads a whole regular file relative to a folder.
func leerTodo(_ carpeta: FileDescriptor, _ nombre: String) throws(ErrorSistema) -> [UInt8] {
    let fd = try carpeta.abrir(nombre, [.soloLectura])
    defer { try? fd.cerrar() }
    var bytes: [UInt8] = []
    var bloque = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let r: Result<Int, Errno> = bloque.withUnsafeMutableBytes { b in Result { () throws(Errno) in try fd.leer(en: b) } }
        let n: Int
        switch r {
        case .success(let x): n = x
        case .failure(let e): throw ErrorSistema("read", nombre, e)
        }
        if n == 0 { break }
        bytes.append(contentsOf: bloque[0..<n])
    }
    return bytes
}

/// Writes a file (created or truncated) relative to a folder.
func escribirArchivo(_ carpeta: FileDescriptor, _ nombre: String, _ bytes: [UInt8]) throws(ErrorSistema) {
    let fd = try carpeta.abrir(nombre, [.soloEscritura, .crear, .truncar])
    do {
        try fd.escribirTodo(bytes)
        try fd.cerrar()
    } catch {
        try? fd.cerrar()
        throw ErrorSistema("write", nombre, error)
    }
}
