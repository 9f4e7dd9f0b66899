import Foundation  // String(format:) for sizes
import PrepSistema
import PrepSpool

/// The demo folder, held by one `prep demo` at a time: `DIR/demo.lock` (a `Bloqueo`, holding the
/// demo's pid), `DIR/.prep-demo` (the marker that lets a later demo, or `--clean`, remove it), and
/// what the demo puts in it (keys, prep.conf, the spool, the logs, truth.json).
struct CarpetaDemo {
    let ruta: String
    private let bloqueo: Bloqueo

    static let marca = ".prep-demo"
    static let cerrojo = "demo.lock"

    /// Why the folder cannot be used (or cleaned): the one line `prep demo` prints.
    struct Rechazo: Error, CustomStringConvertible {
        let description: String
    }

    /// Takes `ruta` for a new demo: made when missing; a previous demo there is emptied (the lock
    /// file aside); anything else, a demo still running there or a daemon a killed demo left
    /// running on its spool is refused, naming the pid.
    static func tomar(_ ruta: String) throws(Rechazo) -> CarpetaDemo {
        let carpeta = try tomarExistente(ruta, crear: true)
        let dir = try abrir(ruta)
        defer { dir.cerrar() }
        do {
            for e in try dir.listar() where e.nombre.description != cerrojo {
                try dir.borrarArbol(e.nombre)
            }
            try dir.crearCarpeta(NombreArchivo("keys"), permisos: 0o700)
            try dir.escribirArchivo(NombreArchivo(marca), Array("made by prep demo; prep demo --clean removes this folder\n".utf8))
        } catch {
            throw Rechazo(description: "cannot empty the previous demo in \(ruta): \(error)")
        }
        return carpeta
    }

    /// `prep demo --clean`: removes the demo folder `ruta` unless a demo or its daemon still runs
    /// there. Returns the bytes it took on disk (nil: there was no folder).
    static func limpiar(_ ruta: String) throws(Rechazo) -> Int? {
        guard Directorio.actual.existe(NombreArchivo(ruta)) else { return nil }
        let carpeta = try tomarExistente(ruta, crear: false)
        defer { carpeta.soltar() }
        let bytes = carpeta.bytesEnDisco
        do { try Directorio.actual.borrarArbol(NombreArchivo(ruta)) } catch {
            throw Rechazo(description: "cannot remove \(ruta): \(error)")
        }
        return bytes
    }

    /// The lock on an existing demo folder (or a new one, with `crear`), after checking that it
    /// is a demo's and that no daemon of an earlier demo still holds its spool.
    private static func tomarExistente(_ ruta: String, crear: Bool) throws(Rechazo) -> CarpetaDemo {
        let nombre = NombreArchivo(ruta)
        if crear, !Directorio.actual.existe(nombre) {
            do { try Directorio.actual.crearCarpetas(nombre) } catch { throw Rechazo(description: "cannot make \(ruta): \(error)") }
        }
        let dir = try abrir(ruta)
        defer { dir.cerrar() }
        let vacia = ((try? dir.listar()) ?? []).isEmpty
        guard vacia || dir.existe(NombreArchivo(marca)) || dir.existe(NombreArchivo(cerrojo)) else {
            throw Rechazo(description: "\(ruta) exists and is not a prep demo folder: choose another with --dir")
        }
        let bloqueo: Bloqueo
        do { bloqueo = try Bloqueo.tomar(NombreArchivo(cerrojo), en: dir) } catch {
            switch error {
            case .ocupado(_, let pid):
                throw Rechazo(description: "another prep demo (pid \(pid.map(String.init) ?? "unknown")) is running in \(ruta); stop it first (Ctrl-C in its terminal, or kill \(pid.map(String.init) ?? "PID"))")
            case .sistema(let e):
                throw Rechazo(description: "cannot lock \(ruta)/\(cerrojo): \(e)")
            }
        }
        let carpeta = CarpetaDemo(ruta: ruta, bloqueo: bloqueo)
        if let pid = Bloqueo.dueno(NombreArchivo(carpeta.spool + "/" + Disposicion.lock), en: .actual) {
            carpeta.soltar()
            throw Rechazo(description: "a prep daemon (pid \(pid)) left by an earlier demo still runs on \(carpeta.spool); stop it first (kill \(pid))")
        }
        return carpeta
    }

    private static func abrir(_ ruta: String) throws(Rechazo) -> Directorio {
        do { return try Directorio.abrir(ruta) } catch { throw Rechazo(description: "cannot open \(ruta): \(error)") }
    }

    /// Releases the lock (the process's end releases it too).
    func soltar() { bloqueo.soltar() }

    var spool: String { ruta + "/spool" }
    var config: String { ruta + "/prep.conf" }
    var logDemonio: String { ruta + "/prep-run.log" }
    var logSimulador: String { ruta + "/prep-simulate.log" }
    var clavePublica: String { ruta + "/keys/prep.pub" }
    /// The simulated capture operators' keys (`OPERATOR.sec`, `.pub`).
    var clavesOperadores: String { ruta + "/keys/operadores" }

    /// What the folder takes on disk now (0 if it cannot be read).
    var bytesEnDisco: Int { (try? Directorio.actual.ocupacionEnDisco(NombreArchivo(ruta))) ?? 0 }

    /// Where everything is and how to look at it: what the demo says when it ends, however it ends.
    /// `prep`: the path of the running binary, so every printed command runs as pasted (after
    /// `swift run` there is no `prep` on the PATH).
    func dondeEsta(prep: String) -> [String] {
        var l = ["demo folder: \(ruta) (\(Self.legible(bytesEnDisco)) on disk; \(prep) demo --clean --dir \(ruta) removes it)",
                 "  spool: \(spool) — \(prep) status --config \(config); \(prep) show KEY --config \(config)",
                 "  logs: \(logDemonio) (the daemon), \(logSimulador) (the simulator)"]
        if let u = ConteoSpool.cortes(raiz: spool).last.map({ spool + "/publish/cortes/" + $0 }) {
            l += ["  last corte: \(u)",
                  "    site: \(u)/index.html",
                  "    check it: \(prep) verify \(u) --key \(clavePublica)"]
        } else {
            l.append("  last corte: none yet")
        }
        return l
    }

    /// `12.3 MB`.
    static func legible(_ bytes: Int) -> String {
        let unidades = ["bytes", "KB", "MB", "GB", "TB"]
        var v = Double(bytes), i = 0
        while v >= 1000, i < unidades.count - 1 { v /= 1000; i += 1 }
        return i == 0 ? "\(bytes) bytes" : String(format: "%.1f", v) + " " + unidades[i]
    }
}
