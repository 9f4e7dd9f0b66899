import Foundation
import Glibc  // kill(2) and usleep(3): driving the daemon, no file work
import PrepDominio
import PrepSimulacion
import PrepSistema

/// Live: the daemon running, drops arriving at 200/s (image into `incoming/catd-07/`, then two
/// captures into `incoming/captura/`, each by rename from a dot-name in its folder, as SPEC §4);
/// time from the last capture's rename into incoming/ to its acta's arrival in verified/
/// (seen through inotify on verified/). Target p99 ≤ 100 ms. CDMX sample, default cortes (15 min).
let figuraLive = Figura(nombre: "live") {
    try medirLive(nombre: "live", catalogo: Banco.catalogo, rutaCatalogo: nil, dropsPorSegundo: 200,
                  intervaloCorte: nil, segundos: 15, objetivo: "≤ 100")
}

/// Live at national scale: the national synthetic catálogo (≈515,000 expected actas,
/// `ine-2024`: every corte writes a row for each), a corte every 5 s, 70 actas/s arriving (210
/// drops/s). Every drop that arrives while a corte is built on the daemon's loop waits for it; with
/// the corte on its own thread none should. Targets p99 ≤ 50 ms, max ≤ 250 ms.
let figuraLiveNacional = Figura(nombre: "live-nacional") {
    let d = "/tmp/prep-bench-catalogo-nacional-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: d) }
    let archivos = GeneradorCatalogo.generar(.national)
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    for (n, b) in archivos { try Data(b).write(to: URL(fileURLWithPath: d + "/" + n)) }
    let catalogo = try CargadorCatalogo.cargar(archivos: archivos).get()
    try medirLive(nombre: "live-nacional", catalogo: catalogo, rutaCatalogo: d, dropsPorSegundo: 210,
                  intervaloCorte: "5s", segundos: 30, objetivo: "≤ 50, max ≤ 250")
}

/// Runs `prep run` on a fresh spool and drops whole actas at `dropsPorSegundo` for `segundos`
/// (PREP_BENCH_SEGUNDOS overrides); reports p50, p90, p99 and max drop→verified latency, and the
/// cortes the daemon logged meanwhile.
func medirLive(nombre: String, catalogo: Catalogo, rutaCatalogo: String?, dropsPorSegundo: Double,
               intervaloCorte: String?, segundos porDefecto: Double, objetivo: String) throws {
    let segundos = Double(ProcessInfo.processInfo.environment["PREP_BENCH_SEGUNDOS"] ?? "") ?? porDefecto
    let d = try Banco.carpeta(nombre, settle: "2s")
    defer { try? FileManager.default.removeItem(atPath: d) }
    var conf = try String(contentsOfFile: d + "/prep.conf", encoding: .utf8)
    if let rutaCatalogo {
        conf = conf.split(separator: "\n").map { $0.hasPrefix("catalog =") ? "catalog = \(rutaCatalogo)" : String($0) }
            .joined(separator: "\n") + "\n"
    }
    if let intervaloCorte { conf += "corte_interval = \(intervaloCorte)\n" }
    try Data(conf.utf8).write(to: URL(fileURLWithPath: d + "/prep.conf"))
    let firmas = try FirmasBanco.registrar(en: d)
    // Ready: the corte at start is made before the ready line.
    let (p, log) = try Banco.demonio(en: d)
    defer { kill(p.processIdentifier, SIGTERM); p.waitUntilExit() }
    let verified = d + "/spool/verified"
    usleep(300_000)
    let ino = try Inotify()
    _ = try ino.vigilar(NombreArchivo(verified), mascara: UInt32(IN_MOVED_TO | IN_CREATE))

    let actas = Array(catalogo.actas.prefix(Int(segundos * dropsPorSegundo / 3) + 1))
    // SPEC §4's writers: the CATD scanner renames each image into its own folder, the capture
    // stations rename captures into theirs, each from a dot-name in the same folder.
    let inc = d + "/spool/incoming"
    let (carpetaImagen, carpetaCaptura) = (inc + "/catd-07", inc + "/captura")
    for c in [carpetaImagen, carpetaCaptura] { try FileManager.default.createDirectory(atPath: c, withIntermediateDirectories: true) }
    // Prepared before timing starts.
    let contenido = actas.enumerated().map { (i, a) in
        (a.clave.texto, Banco.imagen(i, 64 * 1024),
         Array(PlantillaCaptura.json(a, catalogo: catalogo, operador: "cap1").utf8),
         Array(PlantillaCaptura.json(a, catalogo: catalogo, operador: "cap2").utf8))
    }
    final class Tiempos: @unchecked Sendable {
        let lock = NSLock()
        var soltada: [String: Double] = [:]
    }
    let tiempos = Tiempos()
    let hilo = Thread {
        let t0 = ahora()
        var n = 0
        for (k, img, c1, c2) in contenido {
            for (carpeta, nombre, b, op) in [(carpetaImagen, "\(k).jpg", img, nil as String?), (carpetaCaptura, "\(k).captura.cap1.json", c1, "cap1"),
                                             (carpetaCaptura, "\(k).captura.cap2.json", c2, "cap2")] {
                let objetivo = t0 + Double(n) / dropsPorSegundo
                let falta = objetivo - ahora()
                if falta > 0 { usleep(UInt32(falta * 1e6)) }
                // A capture comes with its signature (made by the station before it sends).
                if let op { Banco.soltarCaptura(carpeta, nombre, b, op, firmas) } else { Banco.soltar(carpeta, nombre, b) }
                n += 1
            }
            let t = ahora()
            tiempos.lock.lock(); tiempos.soltada[k] = t; tiempos.lock.unlock()
        }
    }
    hilo.start()
    var latencias: [Double] = []
    let limite = ahora() + segundos + 30
    while latencias.count < contenido.count, ahora() < limite {
        _ = try esperarLectura([ino.fd], timeoutMs: 200)
        let llegada = ahora()
        for ev in try ino.leerEventos() {
            guard let k = ev.nombre.texto else { continue }
            tiempos.lock.lock(); let t = tiempos.soltada[k]; tiempos.lock.unlock()
            if let t { latencias.append(llegada - t) }
        }
    }
    guard latencias.count == contenido.count else {
        throw ErrorBanco("\(nombre): \(latencias.count) of \(contenido.count) actas reached verified/")
    }
    // The daemon's own peak resident size (VmHWM), through every corte of the run.
    let hwm = Banco.picoRSSMB(p.processIdentifier)
    latencias.sort()
    func percentil(_ q: Double) -> Double { latencias[min(latencias.count - 1, Int(Double(latencias.count) * q))] * 1000 }
    // The cortes made while the actas arrived, as the daemon logged them (count and slowest).
    let cortes = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
        .filter { $0.contains(" built in ") }
    let duraciones = cortes.compactMap { l in
        l.range(of: " built in ").flatMap { Double(l[$0.upperBound...].prefix { $0 != " " }) }
    }
    print("# \(cortes.count) cortes logged, slowest built in \(duraciones.max() ?? 0) s; last: \(cortes.last.map(String.init) ?? "none")")
    let ritmo = "\(latencias.count) actas at \(Int(dropsPorSegundo)) drops/s" + (intervaloCorte.map { ", a corte every \($0)" } ?? "")
    informar(nombre + "-p50", percentil(0.5), "ms", objetivo: ritmo)
    informar(nombre + "-p90", percentil(0.9), "ms", objetivo: "-")
    informar(nombre + "-p99", percentil(0.99), "ms", objetivo: objetivo)
    informar(nombre + "-max", latencias[latencias.count - 1] * 1000, "ms", objetivo: "-")
    informar(nombre + "-rss-pico", hwm, "MB", objetivo: "daemon VmHWM")
}
