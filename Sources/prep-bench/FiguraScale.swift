import Foundation
import Glibc  // kill(2): stopping the daemon, no file work
import PrepDominio
import PrepSistema

/// Scale: 515,000 actas in packaged/ (tiny items). Restart to ready (the daemon's "ready" log
/// line), `prep status` time, and the daemon's peak RSS (VmHWM). Targets ≤ 15 s, ≤ 1 s, ≤ 200 MB.
let figuraScale = Figura(nombre: "scale") {
    let n = Int(ProcessInfo.processInfo.environment["PREP_BENCH_EMPAQUETADAS"] ?? "") ?? 515_000
    let d = try Banco.carpeta("scale", settle: "2s")
    defer { try? FileManager.default.removeItem(atPath: d) }
    let packaged = d + "/spool/packaged"
    try Directorio.actual.crearCarpeta(NombreArchivo(packaged), aunqueExista: true)
    let elecciones = ["GUB", "SEN", "DIPF", "DIPL", "AYUN"]
    for i in 0..<n {
        // Well-formed synthetic keys: entidad 01–32, sección, casilla; one item folder each.
        let k = "\(MarcaTiempo.dos(1 + i % 32))\(String(1000 + (i / 32) % 9000))B\(MarcaTiempo.dos((i / 288_000) % 100))\(MarcaTiempo.dos((i / 32 / 9000) % 100))-\(elecciones[i % 5])"
        let item = packaged + "/" + k
        guard (try? Directorio.actual.crearCarpeta(NombreArchivo(item))) != nil else { continue }
        try Directorio.actual.escribirArchivo(NombreArchivo(item + "/estado"), Array("prep-item 2\nhistoria\n".utf8))
    }
    // A spool of this version's layout (`prep run` would otherwise walk every item once, looking
    // for older items to fold in).
    try Directorio.actual.escribirArchivo(NombreArchivo(d + "/spool/formato"), Array("prep-spool 2\n".utf8))
    let hay = Banco.contar(packaged)
    Maquina.sincronizarDiscos()
    // Restart to ready.
    let (p, listo, texto) = try Banco.arrancarHastaListo(en: d)
    let (estado, tStatus) = try Banco.ejecutar(["status", "--config", "prep.conf"], en: d)
    let vm = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8)) ?? ""
    let hwm = vm.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        .flatMap { Double($0.split(separator: " ").dropFirst().first ?? "") } ?? -1
    kill(p.processIdentifier, SIGTERM)
    p.waitUntilExit()
    guard texto.contains(" ready "), estado == 0 else { throw ErrorBanco("scale: daemon or status failed: \(texto)") }
    informar("scale-restart", listo, "s", objetivo: "≤ 15; \(hay) actas in packaged/")
    informar("scale-status", tStatus, "s", objetivo: "≤ 1")
    informar("scale-rss", hwm / 1024, "MB", objetivo: "≤ 200")
}
