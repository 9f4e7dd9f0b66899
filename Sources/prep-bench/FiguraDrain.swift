import Foundation
import Glibc  // getpid(2): a per-run folder name
import PrepDominio
import PrepSistema

/// Drain: 20,000 actas (64 KB image + two agreeing captures each, signed by two registered
/// operators unless PREP_BENCH_SIN_FIRMAS) waiting in incoming/; `prep run --once` (the real
/// binary, durability on) brings all to verified/. Target ≥ 4,000 actas/s.
///
/// Each trial (PREP_BENCH_ENSAYOS, default 3) runs on a freshly made ext4 file system when it
/// can (root: a loop-mounted image; else it says why and uses /tmp's disk), and the figure is the
/// median with the lowest and highest trial.
let figuraDrain = Figura(nombre: "drain") {
    let entorno = ProcessInfo.processInfo.environment
    let n = Int(entorno["PREP_BENCH_ACTAS"] ?? "") ?? 20_000
    let ensayos = max(1, Int(entorno["PREP_BENCH_ENSAYOS"] ?? "") ?? 3)
    // PREP_BENCH_PREPARAR=1: only build the spool and print its folder (to profile the daemon by hand).
    if entorno["PREP_BENCH_PREPARAR"] != nil {
        let d = try Banco.carpeta("drain", settle: "0s")
        try prepararDrenaje(en: d, actas: n)
        print("drain: prepared \(d)")
        return
    }
    let motivo = SistemaArchivosNuevo.motivoSinMontar
    if let motivo {
        print("drain: trials share /tmp's disk, not a fresh file system each: \(motivo) (runs may then differ by 2×)")
    }
    var tasas: [Double] = []
    for i in 1...ensayos {
        let punto = "/tmp/prep-bench-drain-fs-\(getpid())"
        let fs = try motivo == nil ? SistemaArchivosNuevo.montar(en: punto, gigas: max(8, n / 2_500)) : nil
        defer { fs?.desmontar() }
        let d = try Banco.carpeta(fs == nil ? "drain" : "drain-fs", settle: "0s", en: fs?.punto)
        defer { if fs == nil { try? FileManager.default.removeItem(atPath: d) } }
        try prepararDrenaje(en: d, actas: n)
        let (estado, segundos) = try Banco.ejecutar(["run", "--once", "--config", "prep.conf"], en: d)
        // Verified, or already packaged by a corte the run made (an older daemon made one at start).
        let hechas = Banco.contar(d + "/spool/verified") + Banco.contar(d + "/spool/packaged")
        guard estado == 0, hechas == n else {
            throw ErrorBanco("drain: exit \(estado), \(hechas) of \(n) verified")
        }
        tasas.append(Double(hechas) / segundos)
        print("drain trial \(i): \((Double(hechas) / segundos).rounded()) actas/s (\(hechas) actas in \((segundos * 100).rounded() / 100) s\(fs == nil ? "" : ", fresh ext4"))")
    }
    let (m, lo, hi) = medianaYRango(tasas)
    informar("drain", m, "actas/s", objetivo: "≥ 4000; median of \(ensayos), \(lo.rounded())–\(hi.rounded()); \(n) actas each")
}

/// A spool in `d` (made by `Banco.carpeta`) with its first corte made and `actas` actas waiting in
/// incoming/, synced unless PREP_BENCH_DRAIN_FRESCO (a real night's drops arrive dirty; synced,
/// the writers' own I/O stays out of the figure).
func prepararDrenaje(en d: String, actas n: Int) throws {
    let firmas = try FirmasBanco.registrar(en: d)
    // The spool's first corte (the puesta en ceros) before the night: the drain measures taking
    // drops, not building the corte that publishes them (cortes have figures of their own).
    let (ceros, _) = try Banco.ejecutar(["publish", "--config", "prep.conf"], en: d)
    guard ceros == 0 else { throw ErrorBanco("drain: prep publish on the empty spool exited \(ceros)") }
    let inc = d + "/spool/incoming"
    for (i, a) in Banco.catalogo.actas.prefix(n).enumerated() {
        let k = a.clave.texto
        Banco.soltar(inc, "\(k).jpg", Banco.imagen(i, 64 * 1024))
        Banco.soltarCaptura(inc, "\(k).captura.cap1.json", Banco.captura(a, "cap1"), "cap1", firmas)
        Banco.soltarCaptura(inc, "\(k).captura.cap2.json", Banco.captura(a, "cap2"), "cap2", firmas)
    }
    if ProcessInfo.processInfo.environment["PREP_BENCH_DRAIN_FRESCO"] == nil { Maquina.sincronizarDiscos() }
}
