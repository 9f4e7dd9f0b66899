import Foundation
import PrepSistema

/// fsyncs together: the latency of making a live batch's step durable, the way `Lote` does it
/// (`SincronizacionConjunta`, every fsync of a step at once) against one fsync after another.
/// Each round creates eight small files in a fresh folder, like a live batch's intents, and
/// times their fsyncs and the folder's; the median of 40 rounds of each, alternated. The
/// difference is what a batch's latency gains per step (it has three: intents, taken drops,
/// touched folders).
let figuraSincronizacion = Figura(nombre: "fsync-juntos") {
    let d = try Banco.carpeta("fsync-juntos", settle: "2s")
    defer { try? FileManager.default.removeItem(atPath: d) }
    let raiz = try Directorio.abrir(d)
    defer { raiz.cerrar() }
    var enSerie: [Double] = [], juntos: [Double] = []
    for ronda in 0..<80 {
        let carpeta = NombreArchivo("r\(ronda)")
        try raiz.crearCarpeta(carpeta, permisos: 0o750)
        let dir = try raiz.abrir(sub: carpeta)
        defer { dir.cerrar() }
        let nombres = (0..<8).map { NombreArchivo("estado\($0)") }
        for n in nombres { try dir.escribirArchivo(n, Array("fase captured\n".utf8)) }
        let objetivos = nombres.map { SincronizacionConjunta.Objetivo(dir, $0) } + [.init(dir), .init(raiz)]
        let t0 = ahora()
        if ronda % 2 == 0 {
            for o in objetivos { try SincronizacionConjunta.sincronizar([o]) }
            enSerie.append(ahora() - t0)
        } else {
            try SincronizacionConjunta.sincronizar(objetivos)
            juntos.append(ahora() - t0)
        }
    }
    func mediana(_ x: [Double]) -> Double { x.sorted()[x.count / 2] * 1000 }
    informar("fsync-juntos-en-serie", mediana(enSerie), "ms", objetivo: "info: 10 fsyncs one after another")
    informar("fsync-juntos", mediana(juntos), "ms", objetivo: "info: the same 10 fsyncs together")
}
