import Glibc
import PrepSistema

/// The few file-system calls the writers need, typed like PrepSistema's.
enum Archivos {
    /// `mkdir -p`: creates `ruta` and its missing parents (mode 0755).
    static func crearCarpetas(_ ruta: String) throws(ErrorSistema) {
        var hecho = ruta.hasPrefix("/") ? "/" : ""
        for parte in ruta.split(separator: "/") {
            hecho += (hecho.isEmpty || hecho.hasSuffix("/") ? "" : "/") + parte
            if mkdir(hecho, 0o755) != 0 {
                let e = Errno.actual
                if e != .exists { throw ErrorSistema("mkdir", hecho, e) }
            }
        }
    }

    /// `rename(2)`.
    static func renombrar(_ desde: String, _ hacia: String) throws(ErrorSistema) {
        if rename(desde, hacia) != 0 { throw ErrorSistema("rename", desde + " → " + hacia, Errno.actual) }
    }

    /// Writes `bytes` to a new (or truncated) file in `trozos` pieces, pausing `pausa` seconds
    /// between pieces (0 pieces of pause for a whole write).
    static func escribir(_ ruta: String, _ bytes: [UInt8], trozos: Int = 1, pausa: Double = 0) throws(ErrorSistema) {
        let fd = try FileDescriptor.cwd.abrir(ruta, [.soloEscritura, .crear, .truncar])
        do {
            let n = max(1, min(trozos, bytes.count))
            let tam = (bytes.count + n - 1) / max(1, n)
            var i = 0
            while i < bytes.count {
                if i > 0, pausa > 0 { dormir(pausa) }
                let fin = min(bytes.count, i + tam)
                try fd.escribirTodo(Array(bytes[i..<fin]))
                i = fin
            }
            try fd.cerrar()
        } catch {
            try? fd.cerrar()
            throw ErrorSistema("write", ruta, error)
        }
    }

    static func dormir(_ segundos: Double) {
        guard segundos > 0 else { return }
        var pedido = timespec(tv_sec: Int(segundos), tv_nsec: Int((segundos - Double(Int(segundos))) * 1e9))
        var resto = timespec()
        while nanosleep(&pedido, &resto) != 0, errno == EINTR { pedido = resto }
    }

    /// Monotonic seconds.
    static func reloj() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Wall-clock seconds since the epoch.
    static func segundosUnix() -> Int64 { Int64(time(nil)) }
}
