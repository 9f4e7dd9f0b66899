import Foundation
import PrepDominio
import PrepSimulacion
import PrepSistema

/// The input both contestants of the shell comparison drain: N catálogo actas, each one CATD
/// scan (PNG) and two agreeing captures, staged on the same file system and then renamed into
/// the watched folder as fast as possible. Settings from the environment:
/// `PREP_BENCH_ACTAS` (default 1000), `PREP_BENCH_DIR` (default `.build/bench-tmp`),
/// `PREP_BENCH_CATALOG` (default `etc/catalogo`).
struct Drenaje {
    let actas: Int
    let carpeta: String
    let catalogo: String
    /// Relative name → bytes, flat (no subfolders: the script watches one folder).
    let archivos: [(nombre: String, bytes: [UInt8])]

    static func preparar() throws -> Drenaje {
        let entorno = ProcessInfo.processInfo.environment
        let n = Int(entorno["PREP_BENCH_ACTAS"] ?? "") ?? 1000
        let carpeta = absoluta(entorno["PREP_BENCH_DIR"] ?? ".build/bench-tmp")
        let rutaCatalogo = absoluta(entorno["PREP_BENCH_CATALOG"] ?? "etc/catalogo")
        var contenido: [String: [UInt8]] = [:]
        for nombre in CargadorCatalogo.archivos {
            if let d = FileManager.default.contents(atPath: rutaCatalogo + "/" + nombre) { contenido[nombre] = [UInt8](d) }
        }
        let catalogo: Catalogo
        switch CargadorCatalogo.cargar(archivos: contenido) {
        case .success(let c): catalogo = c
        case .failure(let p): throw ErrorSimulacion("catálogo \(rutaCatalogo): \(p)")
        }
        var p = ParametrosNoche()
        p.maxActas = n
        p.pendientes = 0
        p.sinActa = 0
        p.discrepancias = 0
        p.ilegibles = 0
        p.excedeListaNominal = 0
        p.fueraDeCatalogo = 0
        p.foto = 0
        p.escaneo = 1
        p.malas = 0
        let plan = PlanNoche(catalogo: catalogo, parametros: p)
        let ahora = MarcaTiempo(segundosUnix: Int64(Date().timeIntervalSince1970), desfaseMinutos: -360)
        let archivos = plan.entregas.map { ($0.nombre, plan.bytes(de: $0, ahora: ahora)) }
        return Drenaje(actas: plan.actas.filter { $0.destino == .captura }.count, carpeta: carpeta,
                       catalogo: rutaCatalogo, archivos: archivos)
    }

    static func absoluta(_ ruta: String) -> String {
        ruta.hasPrefix("/") ? ruta : FileManager.default.currentDirectoryPath + "/" + ruta
    }

    /// Writes every file into `escenario` (not watched), then renames them all into `destino`
    /// in the plan's order; returns the monotonic time of the first rename.
    func soltar(escenario: String, destino: String) throws -> Double {
        try FileManager.default.createDirectory(atPath: escenario, withIntermediateDirectories: true)
        for (nombre, bytes) in archivos {
            guard FileManager.default.createFile(atPath: escenario + "/" + nombre, contents: Data(bytes)) else {
                throw ErrorSimulacion("cannot write \(escenario)/\(nombre)")
            }
        }
        let t0 = ahora()
        for (nombre, _) in archivos {
            try Directorio.actual.renombrar(NombreArchivo(escenario + "/" + nombre), a: .actual,
                                            NombreArchivo(destino + "/" + nombre), modo: .reemplazando)
        }
        return t0
    }

    /// Waits until the folders hold `actas` entries between them (polled every 2 ms); returns
    /// the monotonic time it happened. Throws when the count has not moved for 30 s.
    func esperar(_ carpetas: [String], limite: Double) throws -> Double {
        try esperar(limite: limite, que: carpetas.joined(separator: ", ")) {
            carpetas.reduce(0) { $0 + ((try? FileManager.default.contentsOfDirectory(atPath: $1)) ?? []).count }
        }
    }

    /// Waits until `cuenta()` reaches `actas` (polled every 2 ms); returns the monotonic time it
    /// happened. Throws when the count has not moved for 30 s.
    func esperar(limite: Double, que: String, _ cuenta: () -> Int) throws -> Double {
        let tope = ahora() + limite
        var ultimo = -1, desde = ahora()
        while ahora() < tope {
            let n = cuenta()
            if n >= actas { return ahora() }
            if n != ultimo { (ultimo, desde) = (n, ahora()) }
            if ahora() - desde > 30 { break }
            usleep(2000)
        }
        throw ErrorSimulacion("\(que): \(max(0, ultimo)) of \(actas) actas, stuck (see the logs in \(carpeta))")
    }

    /// A fresh, empty folder for one contestant.
    func limpia(_ nombre: String) throws -> String {
        let c = carpeta + "/" + nombre
        try? FileManager.default.removeItem(atPath: c)
        try FileManager.default.createDirectory(atPath: c, withIntermediateDirectories: true)
        return c
    }
}

/// Stops a child: asks first (`pedir`), then SIGTERM after `gracia` seconds, then SIGKILL.
/// Polls instead of `waitUntilExit`, which can hang on Linux once the child is gone.
func detener(_ p: Process, gracia: Double = 5, pedir: () -> Void = {}) {
    pedir()
    var tope = ahora() + gracia
    while p.isRunning, ahora() < tope { usleep(5000) }
    if p.isRunning { p.terminate() }
    tope = ahora() + gracia
    while p.isRunning, ahora() < tope { usleep(5000) }
    if p.isRunning { kill(p.processIdentifier, SIGKILL) }
}

/// The folder of this executable (where `swift build` also put `prep`).
func carpetaEjecutable() -> String {
    let yo = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: yo).deletingLastPathComponent().path
}
