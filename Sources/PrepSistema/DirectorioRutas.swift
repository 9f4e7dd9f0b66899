import Glibc

/// Whole-file and whole-tree operations on top of `Directorio`'s `*at` calls: what the corte
/// writer, the commands and the simulator need beyond the spool's one-name steps. On
/// `Directorio.actual` a name may be any relative or absolute path.
extension Directorio {
    /// The working directory. Its messages name paths as given (no `./` prefix).
    public static let actual = Directorio(fd: .cwd, ruta: "")

    /// The working directory's absolute path (`getcwd(3)`); "." when it cannot be had (removed,
    /// or a path too long).
    public static func rutaActual() -> String {
        var b = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&b, b.count) != nil else { return "." }
        return String(decoding: b.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `ruta` made absolute against the working directory (an absolute path is kept as it is).
    public static func absoluta(_ ruta: String) -> String {
        ruta.hasPrefix("/") ? ruta : rutaActual() + "/" + ruta
    }

    /// Runs `cuerpo` with this directory, then closes it whatever happens.
    public func cerrarDespues<T>(_ cuerpo: (Directorio) throws(ErrorSistema) -> T) throws(ErrorSistema) -> T {
        try fd.cerrarDespues(ruta: ruta) { _ throws(ErrorSistema) in try cuerpo(self) }
    }

    /// The whole file `nombre` (a final symbolic link is followed: keys and catálogos may be links).
    public func leerTodo(_ nombre: NombreArchivo) throws(ErrorSistema) -> [UInt8] {
        let r = nombre.conCadenaC { p in openat(fd.rawValue, p, O_RDONLY | O_CLOEXEC) }
        guard r >= 0 else { throw ErrorSistema("open", rutaDe(nombre), .actual) }
        let ruta = rutaDe(nombre)
        return try FileDescriptor(rawValue: r).cerrarDespues(ruta: ruta) { f throws(ErrorSistema) in
            try f.leerHastaElFinal(ruta: ruta)
        }
    }

    /// Replaces (or creates) the file `nombre` with `bytes` atomically: written and fsynced under
    /// `nombre.tmp`, then renamed over it. Readers see the old file or the new one, never a part.
    /// `sincronizar` false skips the fsync (a file rewritten every second that a crash may lose).
    public func escribirAtomico(_ nombre: NombreArchivo, _ bytes: [UInt8], permisos: mode_t = 0o644,
                                sincronizar: Bool = true) throws(ErrorSistema) {
        let tmp = NombreArchivo(bytes: nombre.bytes + Array(".tmp".utf8))
        try borrarSiExiste(tmp)
        try escribirArchivo(tmp, bytes, sincronizar: sincronizar, permisos: permisos)
        try renombrar(tmp, a: self, nombre, modo: .reemplazando)
    }

    /// `mkdir -p`: creates `nombre` and its missing parents (mode 0755); existing folders are fine.
    public func crearCarpetas(_ nombre: NombreArchivo) throws(ErrorSistema) {
        var hecho: [UInt8] = nombre.bytes.first == UInt8(ascii: "/") ? [UInt8(ascii: "/")] : []
        for parte in nombre.bytes.split(separator: UInt8(ascii: "/")) {
            if !hecho.isEmpty, hecho.last != UInt8(ascii: "/") { hecho.append(UInt8(ascii: "/")) }
            hecho += parte
            try crearCarpeta(NombreArchivo(bytes: hecho), aunqueExista: true)
        }
    }

    /// The target of the symbolic link `nombre` (`readlinkat`).
    public func leerEnlace(_ nombre: NombreArchivo) throws(ErrorSistema) -> String {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = nombre.conCadenaC { p in readlinkat(fd.rawValue, p, &buf, buf.count - 1) }
        guard n >= 0 else { throw ErrorSistema("readlink", rutaDe(nombre), .actual) }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Points the symbolic link `nombre` at `destino` atomically: a new link `nombre.tmp`, renamed
    /// over it.
    public func cambiarEnlace(_ nombre: NombreArchivo, destino: String) throws(ErrorSistema) {
        let tmp = NombreArchivo(bytes: nombre.bytes + Array(".tmp".utf8))
        try borrarSiExiste(tmp)
        let r = tmp.conCadenaC { p in symlinkat(destino, fd.rawValue, p) }
        guard r == 0 else { throw ErrorSistema("symlink", rutaDe(tmp), .actual) }
        try renombrar(tmp, a: self, nombre, modo: .reemplazando)
    }

    /// `fchmodat`: sets the permission bits of `nombre` (following a final symbolic link).
    public func cambiarPermisos(_ nombre: NombreArchivo, _ permisos: mode_t) throws(ErrorSistema) {
        let r = nombre.conCadenaC { p in fchmodat(fd.rawValue, p, permisos, 0) }
        guard r == 0 else { throw ErrorSistema("chmod", rutaDe(nombre), .actual) }
    }

    /// `realpath(3)`: `ruta` absolute, with every symbolic link, `.` and `..` resolved.
    public static func rutaReal(_ ruta: String) throws(ErrorSistema) -> String {
        guard let p = realpath(ruta, nil) else { throw ErrorSistema("realpath", ruta, .actual) }
        defer { free(p) }
        return String(cString: p)
    }

    /// `mkdtemp(3)`: a new private folder `prefijoXXXXXX` (the X's made unique); returns its path.
    public static func crearTemporal(_ prefijo: String) throws(ErrorSistema) -> String {
        var plantilla = Array((prefijo + "XXXXXX").utf8CString)
        guard let r = plantilla.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw ErrorSistema("mkdtemp", prefijo + "XXXXXX", .actual)
        }
        return String(cString: r)
    }

    /// `borrar` that takes a missing file as done.
    public func borrarSiExiste(_ nombre: NombreArchivo) throws(ErrorSistema) {
        do { try borrar(nombre) } catch where error.errno == .noSuchFile {}
    }

    /// Removes `nombre` and, for a folder, everything under it; nothing there is done. Symbolic
    /// links are removed, never followed.
    public func borrarArbol(_ nombre: NombreArchivo) throws(ErrorSistema) {
        _ = try borrarArbol(nombre, mientras: { true })
    }

    /// `borrarArbol`, asking `seguir` before each entry: as soon as it says no, stops and returns
    /// false, leaving the rest in place (a long removal that a stop may cut short).
    public func borrarArbol(_ nombre: NombreArchivo, mientras seguir: () -> Bool) throws(ErrorSistema) -> Bool {
        guard seguir() else { return false }
        let tipo: TipoArchivo
        do { tipo = try estado(nombre).tipo } catch where error.errno == .noSuchFile { return true }
        guard tipo == .directorio else {
            try borrar(nombre)
            return true
        }
        let completo = try abrir(sub: nombre).cerrarDespues { d throws(ErrorSistema) -> Bool in
            for e in try d.listar() where try !d.borrarArbol(e.nombre, mientras: seguir) { return false }
            return true
        }
        if completo { try borrarCarpeta(nombre) }
        return completo
    }

    /// Bytes of the regular files in `nombre` and under it (symbolic links not followed).
    public func tamanoArbol(_ nombre: NombreArchivo) throws(ErrorSistema) -> Int {
        let e = try estado(nombre)
        guard e.tipo == .directorio else { return e.tipo == .regular ? e.tamano : 0 }
        return try abrir(sub: nombre).cerrarDespues { d throws(ErrorSistema) in
            var total = 0
            for x in try d.listar() { total += try d.tamanoArbol(x.nombre) }
            return total
        }
    }

    /// What `nombre` and everything under it take on disk, as `du -s` counts it: allocated
    /// blocks, each inode once (hard links are not counted twice), symbolic links not followed.
    public func ocupacionEnDisco(_ nombre: NombreArchivo) throws(ErrorSistema) -> Int {
        var o = OcupacionCompartida()
        return try o.sumar(nombre, en: self)
    }

    /// The entries of the subfolder `nombre` (a symbolic link to a folder is followed).
    public func listar(_ nombre: NombreArchivo) throws(ErrorSistema) -> [Entrada] {
        try abrir(sub: nombre, seguirEnlace: true).cerrarDespues { d throws(ErrorSistema) in try d.listar() }
    }

    /// `fsync` of the subfolder `nombre`, so the names created or renamed in it are durable.
    public func sincronizar(sub nombre: NombreArchivo) throws(ErrorSistema) {
        try abrir(sub: nombre, seguirEnlace: true).cerrarDespues { d throws(ErrorSistema) in try d.sincronizar() }
    }
}
