import CSistema
import Glibc
import PrepSistema

/// The few file-system operations a corte needs, typed and durable: whole-file reads and writes
/// with fsync, folder fsync, no-clobber renames, atomic symlink swaps. Paths are plain strings.
enum Disco {
    /// The whole file (cortes' own files: CSVs, manifest, keys). Streams with a reused buffer.
    static func leer(_ ruta: String) throws(ErrorSistema) -> [UInt8] {
        let fd = try FileDescriptor.cwd.abrir(ruta, .soloLectura)
        defer { try? fd.cerrar() }
        var st = stat()
        if fstat(fd.rawValue, &st) != 0 { throw ErrorSistema("stat", ruta, .actual) }
        var salida = [UInt8]()
        salida.reserveCapacity(Int(st.st_size) + 1)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n: Int
            do { n = try fd.leer(en: buffer) } catch { throw ErrorSistema("read", ruta, error) }
            if n == 0 { break }
            salida.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return salida
    }

    /// Writes a new file (refusing to replace one), fsyncs it, then closes it.
    static func escribirNuevo(_ ruta: String, _ bytes: [UInt8], permisos: mode_t = 0o644) throws(ErrorSistema) {
        let fd = try FileDescriptor.cwd.abrir(ruta, [.soloEscritura, .crear, .exclusivo], permisos: permisos)
        do {
            try fd.escribirTodo(bytes)
            try fd.sincronizar()
            try fd.cerrar()
        } catch {
            try? fd.cerrar()
            throw ErrorSistema("write", ruta, error)
        }
    }

    /// fsync of a folder, so the names created or renamed in it are durable.
    static func sincronizarCarpeta(_ ruta: String) throws(ErrorSistema) {
        let fd = try FileDescriptor.cwd.abrir(ruta, [.soloLectura, .directorio])
        defer { try? fd.cerrar() }
        do { try fd.sincronizar() } catch { throw ErrorSistema("fsync", ruta, error) }
    }

    static func crearCarpeta(_ ruta: String, permisos: mode_t = 0o755) throws(ErrorSistema) {
        if mkdir(ruta, permisos) != 0 { throw ErrorSistema("mkdir", ruta, .actual) }
    }

    /// Creates the folder and its parents when missing.
    static func asegurarCarpeta(_ ruta: String) throws(ErrorSistema) {
        if existe(ruta) { return }
        var padre = ruta
        while padre.hasSuffix("/") { padre.removeLast() }
        if let barra = padre.lastIndex(of: "/"), barra != padre.startIndex {
            try asegurarCarpeta(String(padre[..<barra]))
        }
        if mkdir(ruta, 0o755) != 0, Errno.actual != .exists { throw ErrorSistema("mkdir", ruta, .actual) }
    }

    static func existe(_ ruta: String) -> Bool {
        var st = stat()
        return lstat(ruta, &st) == 0
    }

    static func esCarpeta(_ ruta: String) -> Bool {
        var st = stat()
        return lstat(ruta, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Permission bits of a file (following no link).
    static func permisos(_ ruta: String) throws(ErrorSistema) -> mode_t {
        var st = stat()
        if stat(ruta, &st) != 0 { throw ErrorSistema("stat", ruta, .actual) }
        return st.st_mode & 0o7777
    }

    /// `rename(2)` that refuses to replace an existing name (RENAME_NOREPLACE).
    static func renombrarSinReemplazar(_ de: String, _ a: String) throws(ErrorSistema) {
        if csistema_renameat2(AT_FDCWD, de, AT_FDCWD, a, csistema_RENAME_NOREPLACE) != 0 {
            throw ErrorSistema("rename to \(a)", de, .actual)
        }
    }

    /// Points the symlink `ruta` at `destino` atomically: a new link beside it, renamed over it.
    static func cambiarEnlace(_ ruta: String, destino: String) throws(ErrorSistema) {
        let tmp = ruta + ".tmp"
        unlink(tmp)
        if symlink(destino, tmp) != 0 { throw ErrorSistema("symlink", tmp, .actual) }
        if rename(tmp, ruta) != 0 { throw ErrorSistema("rename to \(ruta)", tmp, .actual) }
    }

    static func leerEnlace(_ ruta: String) -> String? {
        var buf = [Int8](repeating: 0, count: 4096)
        let n = readlink(ruta, &buf, buf.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Names in a folder, without `.` and `..`.
    static func listar(_ ruta: String) throws(ErrorSistema) -> [String] {
        guard let d = opendir(ruta) else { throw ErrorSistema("opendir", ruta, .actual) }
        defer { closedir(d) }
        var nombres: [String] = []
        while let e = readdir(d) {
            let nombre = withUnsafePointer(to: e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if nombre != "." && nombre != ".." { nombres.append(nombre) }
        }
        return nombres
    }

    /// Every regular file under `ruta`, as paths relative to it (`datos/x.csv`). Refuses anything
    /// else (symlinks, FIFOs): a corte holds only plain files and folders.
    static func archivosBajo(_ ruta: String, prefijo: String = "") throws(ErrorSistemaOCorte) -> [String] {
        var salida: [String] = []
        let nombres: [String]
        do { nombres = try listar(ruta) } catch { throw .sistema(error) }
        for n in nombres {
            let completo = ruta + "/" + n
            var st = stat()
            if lstat(completo, &st) != 0 { throw .sistema(ErrorSistema("stat", completo, .actual)) }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: salida += try archivosBajo(completo, prefijo: prefijo + n + "/")
            case S_IFREG: salida.append(prefijo + n)
            default: throw .otro("\(completo): not a regular file or folder")
            }
        }
        return salida
    }

    /// Removes a folder tree (only leftovers of an unfinished corte).
    static func borrarArbol(_ ruta: String) throws(ErrorSistema) {
        var st = stat()
        guard lstat(ruta, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            for n in try listar(ruta) { try borrarArbol(ruta + "/" + n) }
            if rmdir(ruta) != 0 { throw ErrorSistema("rmdir", ruta, .actual) }
        } else if unlink(ruta) != 0 {
            throw ErrorSistema("unlink", ruta, .actual)
        }
    }

    /// Publishes `origen` at `destino` once: a hard link when possible (same file system), else a
    /// copy written aside, fsynced and renamed. An existing `destino` is left alone (content-addressed).
    static func publicarUnaVez(_ origen: String, en destino: String) throws(ErrorSistema) {
        if existe(destino) { return }
        if link(origen, destino) == 0 { return }
        let e = Errno.actual
        if e == .exists { return }
        let tmp = destino + ".tmp"
        unlink(tmp)
        let bytes = try leer(origen)
        try escribirNuevo(tmp, bytes)
        if rename(tmp, destino) != 0 { throw ErrorSistema("rename to \(destino)", tmp, .actual) }
    }
}

/// A file-system error or another reason a corte folder is unusable.
enum ErrorSistemaOCorte: Error, CustomStringConvertible {
    case sistema(ErrorSistema)
    case otro(String)
    var description: String {
        switch self {
        case .sistema(let e): e.description
        case .otro(let s): s
        }
    }
}
