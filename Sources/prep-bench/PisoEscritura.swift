import PrepSistema

/// The least a corte laid out like a given one costs this file system: the same folders, a new
/// file of the same size for each file the corte wrote anew, a hard link for each file it shared
/// with the previous corte, and one `syncfs`; no formatting, hashing or reading. Timed on the same
/// file system once the cortes are made (measured between them, its own writing and deleting
/// slowed the next corte), "corte − floor" is what prep's code adds to what the disk must do in
/// any case, a figure that holds on a machine whose disk or memory is slower or faster.
enum PisoEscritura {
    /// What a corte's folder holds, read right after it is made (a later corte's links raise its
    /// files' link counts): its folders and files, each file's size and whether it was linked.
    struct Forma: Sendable {
        fileprivate var carpetas: [String] = []
        fileprivate var archivos: [Archivo] = []

        /// Its files, how many are hard links (a file with more than one name: shared with
        /// another corte), and the bytes of the others: what the corte wrote anew.
        var cuentas: (archivos: Int, enlazados: Int, bytesNuevos: Int) {
            archivos.reduce((0, 0, 0)) { c, a in (c.0 + 1, c.1 + (a.enlazado ? 1 : 0), c.2 + (a.enlazado ? 0 : a.tamano)) }
        }
    }

    /// The shape of the corte folder at `ruta`.
    static func forma(de ruta: String) throws -> Forma {
        var f = Forma()
        func recorrer(_ relativa: String) throws {
            for e in try Directorio.actual.listar(NombreArchivo(ruta + relativa)) {
                let r = relativa + "/" + e.nombre.description
                let s = try Directorio.actual.estado(NombreArchivo(ruta + r))
                if s.tipo == .directorio {
                    f.carpetas.append(r)
                    try recorrer(r)
                } else {
                    f.archivos.append(Archivo(ruta: r, tamano: s.tamano, enlazado: s.enlaces > 1))
                }
            }
        }
        try recorrer("")
        return f
    }

    /// Seconds to lay out a copy of `forma` under `destino` (which must not exist) and make it
    /// durable. `destino` is left in place for the caller to delete outside the timing.
    static func medir(_ forma: Forma, en destino: String) throws -> Double {
        let carpetas = forma.carpetas
        var archivos = forma.archivos
        // Bytes that are not all zeros, one 1 MiB buffer written as often as each file needs: the
        // floor copies them into the page cache as the corte does, and allocates nothing per file
        // (nor enough to move the figure's peak RSS).
        let relleno = [UInt8]((0..<(1 << 20)).lazy.map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try Directorio.actual.crearCarpeta(NombreArchivo(destino))
        let raiz = try Directorio.abrir(destino)
        defer { raiz.cerrar() }
        // One file of its own behind each link, as the corte links each file to the previous
        // corte's: links to one inode would all wait on that inode's lock.
        try raiz.crearCarpeta(NombreArchivo(".origen-enlaces"))
        for (i, a) in archivos.enumerated() where a.enlazado {
            archivos[i].origen = ".origen-enlaces/\(i)"
            try raiz.escribirArchivo(NombreArchivo(".origen-enlaces/\(i)"), [0x0A])
        }
        // Those files durable before the clock starts: the timed sync is the copy's alone.
        try raiz.sincronizarSistemaDeArchivos()

        let t0 = ahora()
        for c in carpetas { try raiz.crearCarpeta(NombreArchivo(String(c.dropFirst()))) }
        // On every core, as the corte writes its files.
        let todos = archivos
        let resultados = enParalelo(todos.count, minimo: 1) { i in
            Result { () throws(ErrorSistema) in try escribir(todos[i], en: raiz, relleno: relleno) }
        }
        for case .failure(let e) in resultados { throw e }
        try raiz.sincronizarSistemaDeArchivos()
        return ahora() - t0
    }

    /// A file of the corte: its path below the corte folder (with a leading `/`), its size, and
    /// whether it was shared with the previous corte (then `origen` is the copy's file to link).
    fileprivate struct Archivo: Sendable {
        var ruta: String
        var tamano: Int
        var enlazado: Bool
        var origen = ""
    }

    /// One file of the copy: a hard link to its own file in `.origen-enlaces` where the corte shared its file, or
    /// `archivo.tamano` bytes of `relleno`, repeated.
    private static func escribir(_ archivo: Archivo, en raiz: Directorio,
                                 relleno: [UInt8]) throws(ErrorSistema) {
        let nombre = NombreArchivo(String(archivo.ruta.dropFirst()))
        if archivo.enlazado {
            try raiz.enlazar(NombreArchivo(archivo.origen), a: raiz, nombre)
            return
        }
        let f = try raiz.fd.abrir(nombre.description, [.soloEscritura, .crear, .exclusivo, .sinSeguirEnlace])
        let escrito: Result<Void, Errno> = relleno.withUnsafeBytes { b in
            Result { () throws(Errno) in
                var quedan = archivo.tamano
                while quedan > 0 {
                    let n = min(quedan, b.count)
                    try f.escribirTodo(UnsafeRawBufferPointer(rebasing: b[0..<n]))
                    quedan -= n
                }
            }
        }
        try f.cerrarDespues(ruta: raiz.rutaDe(nombre)) { _ throws(ErrorSistema) in
            if case .failure(let e) = escrito { throw ErrorSistema("write", raiz.rutaDe(nombre), e) }
        }
    }
}
