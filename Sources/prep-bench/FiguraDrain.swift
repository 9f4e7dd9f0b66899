import Foundation
import PrepDominio
import PrepSistema

/// Drain: 20,000 actas (64 KB image + two agreeing captures each, signed by two registered
/// operators unless PREP_BENCH_SIN_FIRMAS) waiting in incoming/;
/// `prep run --once` (the real binary, durability on) brings all to verified/. Target ≥ 2,000 actas/s.
let figuraDrain = Figura(nombre: "drain") {
    let n = Int(ProcessInfo.processInfo.environment["PREP_BENCH_ACTAS"] ?? "") ?? 20_000
    // settle 0s: the files were complete before the daemon started (timing starts at exec).
    let d = try Banco.carpeta("drain", settle: "0s")
    let firmas = try FirmasBanco.registrar(en: d)
    // PREP_BENCH_PREPARAR=1: only build the spool and print its folder (to profile the daemon by hand).
    let soloPreparar = ProcessInfo.processInfo.environment["PREP_BENCH_PREPARAR"] != nil
    defer { if !soloPreparar { try? FileManager.default.removeItem(atPath: d) } }
    // The spool's first corte (the puesta en ceros) before the night: the drain measures taking
    // drops, not building the corte that publishes them (cortes have figures of their own). An
    // older daemon still builds one empty corte at the start of --once (about 0.25 s here).
    let (ceros, _) = try Banco.ejecutar(["publish", "--config", "prep.conf"], en: d)
    guard ceros == 0 else { throw ErrorBanco("drain: prep publish on the empty spool exited \(ceros)") }
    let actas = Array(Banco.catalogo.actas.prefix(n))
    let inc = d + "/spool/incoming"
    for (i, a) in actas.enumerated() {
        let k = a.clave.texto
        Banco.soltar(inc, "\(k).jpg", Banco.imagen(i, 64 * 1024))
        Banco.soltarCaptura(inc, "\(k).captura.cap1.json", Banco.captura(a, "cap1"), "cap1", firmas)
        Banco.soltarCaptura(inc, "\(k).captura.cap2.json", Banco.captura(a, "cap2"), "cap2", firmas)
    }
    // PREP_BENCH_DRAIN_FRESCO=1: leave the writers' data dirty, as a real night's drops arrive
    // (by default it is synced first, which takes the writers' own I/O out of the figure).
    let fresco = ProcessInfo.processInfo.environment["PREP_BENCH_DRAIN_FRESCO"] != nil
    if !fresco { Maquina.sincronizarDiscos() }
    if soloPreparar {
        print("drain: prepared \(d)")
        return
    }
    let (estado, segundos) = try Banco.ejecutar(["run", "--once", "--config", "prep.conf"], en: d)
    // Verified, or already packaged by the one corte the run makes (a corte at start in older
    // daemons, at the end since --once publishes what it verified): both runs include one CDMX corte.
    let hechas = Banco.contar(d + "/spool/verified") + Banco.contar(d + "/spool/packaged")
    guard estado == 0, hechas == actas.count else {
        throw ErrorBanco("drain: exit \(estado), \(hechas) of \(actas.count) verified")
    }
    informar("drain", Double(hechas) / segundos, "actas/s", objetivo: "≥ 2000; \(hechas) actas in \((segundos * 100).rounded() / 100) s")
}
