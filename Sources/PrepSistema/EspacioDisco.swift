import Glibc

/// The file system that holds a path, as `df` reports it (`statvfs`): what a writer that is not
/// root may still use, and its size. What `prep status` and the metrics compare a corte's size with.
public struct EspacioDisco: Sendable, Equatable {
    /// Bytes still available to an unprivileged writer (`f_bavail` × `f_frsize`): root's reserve
    /// is not counted, as the daemon need not run as root.
    public let libres: Int
    /// Bytes of the whole file system (`f_blocks` × `f_frsize`).
    public let total: Int

    public init(libres: Int, total: Int) {
        self.libres = libres
        self.total = total
    }

    /// The file system of `ruta` (a symbolic link is followed, as `df` does).
    public static func de(_ ruta: String) throws(ErrorSistema) -> EspacioDisco {
        var s = statvfs()
        guard statvfs(ruta, &s) == 0 else { throw ErrorSistema("statvfs", ruta, .actual) }
        let bloque = Int(s.f_frsize)
        return EspacioDisco(libres: Int(s.f_bavail) * bloque, total: Int(s.f_blocks) * bloque)
    }
}

/// Disk use of several trees counted together, as `du -s A B C` counts it: allocated blocks, each
/// inode once across every tree measured with it, so that a file hard-linked from one corte into
/// the next takes its bytes once. Symbolic links are not followed.
public struct OcupacionCompartida: Sendable {
    private var vistos: Set<[UInt64]> = []

    public init() {}

    /// The bytes `nombre` (in `base`) and everything under it add to what was measured before.
    public mutating func sumar(_ nombre: NombreArchivo, en base: Directorio = .actual) throws(ErrorSistema) -> Int {
        try sumar(nombre, en: base, &vistos)
    }

    private func sumar(_ nombre: NombreArchivo, en base: Directorio, _ vistos: inout Set<[UInt64]>) throws(ErrorSistema) -> Int {
        let e = try base.estado(nombre)
        guard vistos.insert([e.dispositivo, e.inodo]).inserted else { return 0 }
        guard e.tipo == .directorio else { return e.bytesEnDisco }
        return try base.abrir(sub: nombre).cerrarDespues { d throws(ErrorSistema) in
            var total = e.bytesEnDisco
            for x in try d.listar() { total += try sumar(x.nombre, en: d, &vistos) }
            return total
        }
    }
}
