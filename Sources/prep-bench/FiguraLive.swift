import Foundation
import Glibc  // kill(2) and usleep(3): driving the daemon, no file work
import PrepDominio
import PrepSistema

/// Live: the daemon running, drops arriving at 200/s (image, then two captures, by rename);
/// time from the last capture's rename into incoming/ to its acta's arrival in verified/
/// (seen through inotify on verified/). Target p99 ≤ 100 ms.
let figuraLive = Figura(nombre: "live") {
    let segundos = Double(ProcessInfo.processInfo.environment["PREP_BENCH_SEGUNDOS"] ?? "") ?? 15
    let d = try Banco.carpeta("live", settle: "2s")
    defer { try? FileManager.default.removeItem(atPath: d) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Banco.prep)
    p.arguments = ["run", "--config", "prep.conf"]
    p.currentDirectoryURL = URL(fileURLWithPath: d)
    p.standardError = FileHandle.nullDevice
    try p.run()
    defer { kill(p.processIdentifier, SIGTERM); p.waitUntilExit() }
    let verified = d + "/spool/verified"
    let fin = Date().addingTimeInterval(10)
    while Banco.contar(d + "/spool") < 7, Date() < fin { usleep(10_000) }
    usleep(300_000)
    let ino = try Inotify()
    _ = try ino.vigilar(NombreArchivo(verified), mascara: UInt32(IN_MOVED_TO | IN_CREATE))

    let actas = Array(Banco.catalogo.actas.prefix(Int(segundos * 200 / 3) + 1))
    let inc = d + "/spool/incoming"
    // Prepared before timing starts.
    let contenido = actas.enumerated().map { (i, a) in
        (a.clave.texto, Banco.imagen(i, 64 * 1024), Banco.captura(a, "cap1"), Banco.captura(a, "cap2"))
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
            for (nombre, b) in [("\(k).jpg", img), ("\(k).captura.cap1.json", c1), ("\(k).captura.cap2.json", c2)] {
                let objetivo = t0 + Double(n) / 200
                let falta = objetivo - ahora()
                if falta > 0 { usleep(UInt32(falta * 1e6)) }
                Banco.soltar(inc, nombre, b)
                n += 1
            }
            let t = ahora()
            tiempos.lock.lock(); tiempos.soltada[k] = t; tiempos.lock.unlock()
        }
    }
    hilo.start()
    var latencias: [Double] = []
    let limite = ahora() + segundos + 10
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
        throw ErrorBanco("live: \(latencias.count) of \(contenido.count) actas reached verified/")
    }
    latencias.sort()
    let p50 = latencias[latencias.count / 2] * 1000
    let p99 = latencias[min(latencias.count - 1, Int(Double(latencias.count) * 0.99))] * 1000
    informar("live-p50", p50, "ms", objetivo: "\(latencias.count) actas at 200 drops/s")
    informar("live-p99", p99, "ms", objetivo: "≤ 100")
}
