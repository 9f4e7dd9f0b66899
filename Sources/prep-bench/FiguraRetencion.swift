import Dispatch
import Glibc  // getpid(2): a per-run folder name, no file work
import PrepDominio
import PrepPublicacion
import PrepSimulacion
import PrepSistema
import PrepSitio
import Synchronization

/// The corte right after a reduction, national, with its site (`keep_cortes = 2`): how long from
/// a durable corte (which makes the corte two back due for reduction) until the next corte is
/// durable too, when that next corte is asked for at once (a short `corte_interval`). Every acta
/// but a tenth is registered first; each corte adds 1 % more, every hundredth acta, so most pages
/// and lookup files change as on a real night and each reduction unlinks a whole site.
///
/// Both designs through the same code, alternated in one process (ABBA rounds):
/// - on the corte worker (the daemon until this figure): the reduction, then the next corte;
/// - on retention's own thread (`ReductorCortes`): the next corte while the reduction runs.
/// Printed: each round's reduction and corte times, and the median delay of each design.
let figuraRetencionNacional = Figura(nombre: "retencion-nacional") {
    let cat = try CargadorCatalogo.cargar(archivos: GeneradorCatalogo.generar(.national)).get()
    let clave = try ClaveSecretaSignify.generar()
    let hora = CortesBanco.hora
    let raiz = "/tmp/prep-bench-retencion-\(getpid())"
    defer { try? Directorio.actual.borrarArbol(NombreArchivo(raiz)) }
    let c = CortesBanco.configuracion(carpeta: raiz, clave: clave, sitio: SitioResultados(clave: clave.publica))
    let p = try ConstructorCortes(configuracion: c, catalogo: cat)
    let retencion = RetencionCortes(carpeta: c.carpeta, conservar: 2, desfaseMinutos: -360)
    var g = Azar(semilla: 0x2E7E_0003)
    var n = 0
    func registrar(franja: Int) throws {
        for (k, a) in cat.actas.enumerated() where franja < 0 ? k % 100 < 90 : k % 100 == franja {
            try registrarSinImagen(a, en: p, catalogo: cat, hora: hora, azar: &g)
        }
    }
    func corte() throws -> Double {
        let t0 = ahora()
        _ = try p.publicarSinReducir(ahora: MarcaTiempo(segundosUnix: hora.segundosUnix + Int64(n) * 900, desfaseMinutos: -360))
        n += 1
        return ahora() - t0
    }
    func reducir() throws -> Double {
        let t0 = ahora()
        let r = retencion.aplicar(ahora: hora)
        guard r.avisos.isEmpty else { throw ErrorBanco("retention: \(r.avisos)") }
        return ahora() - t0
    }
    try registrar(franja: -1)
    _ = try corte()
    try registrar(franja: 90)
    _ = try corte()
    var retrasos: [Bool: [Double]] = [:]
    for (ronda, enHilo) in [false, true, true, false].enumerated() {
        // A corte: the one two back is now due for reduction.
        try registrar(franja: 91 + 2 * ronda)
        _ = try corte()
        try registrar(franja: 92 + 2 * ronda)
        let t0 = ahora()
        let (tReduccion, tCorte): (Double, Double)
        if enHilo {
            let reduccion = Mutex<Double>(0)
            let hecha = DispatchGroup()
            DispatchQueue.global().async(group: hecha) {
                let t = ahora()
                _ = retencion.aplicar(ahora: hora)
                reduccion.withLock { $0 = ahora() - t }
            }
            tCorte = try corte()
            let retraso = ahora() - t0
            hecha.wait()
            tReduccion = reduccion.withLock { $0 }
            retrasos[true, default: []].append(retraso)
        } else {
            tReduccion = try reducir()
            tCorte = try corte()
            retrasos[false, default: []].append(ahora() - t0)
        }
        print("# round \(ronda + 1), reduction \(enHilo ? "on its own thread" : "on the corte worker"): reduction "
              + "\(String(format: "%.2f", tReduccion)) s, next corte \(String(format: "%.2f", tCorte)) s, "
              + "durable \(String(format: "%.2f", retrasos[enHilo]?.last ?? 0)) s after the one before")
        // The corte just made makes another due: reduced untimed, so every round starts alike.
        _ = try reducir()
    }
    func mediana(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.isEmpty ? 0 : (s[(s.count - 1) / 2] + s[s.count / 2]) / 2
    }
    informar("retencion-nacional-siguiente-trabajador", mediana(retrasos[false] ?? []), "s",
             objetivo: "reduction on the corte worker: the next corte durable this long after the one before")
    informar("retencion-nacional-siguiente-hilo", mediana(retrasos[true] ?? []), "s",
             objetivo: "reduction on its own thread, the same")
}
