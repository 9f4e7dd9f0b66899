import PrepDominio
import PrepSimulacion
import PrepPublicacion
import PrepSitio

/// A compact registered row for the benchmark (like the corte's own rows): no dictionaries, so
/// the figure measures the site, not the test data.
private struct RegistroBench: RegistroSitio {
    let resultado: ResultadoComputo
    let esSinActa: Bool
    let imagen: ImagenActa?
    let cifras: [Int32]
    func votos(columna i: Int) -> Int { i < cifras.count ? Int(cifras[i]) : 0 }
}

/// The results site of a corte of the national catálogo (≈510,000 actas, 9 in 10 registered):
/// model (every figure counted per election and ámbito) plus every page, bytes handed to a sink
/// as the corte builder's hook would. Counted inside the corte's limits (≤ 10 s, ≤ 300 MB).
let figuraSitio = Figura(nombre: "sitio_nacional") {
    let cat = try CargadorCatalogo.cargar(archivos: GeneradorCatalogo.generar(.national)).get()
    var g = Azar(semilla: 0x5171_0000)
    func azar(_ n: Int) -> Int { g.entre(0...(n - 1)) }
    let huella = HuellaSHA256(palabras: (0x0123_4567_89ab_cdef, 0x0123_4567_89ab_cdef, 0x0123_4567_89ab_cdef, 0x0123_4567_89ab_cdef))
    var filas: [RegistroBench?] = []
    filas.reserveCapacity(cat.actas.count)
    for a in cat.actas {
        if azar(10) == 0 { filas.append(nil); continue }
        let n = cat.elecciones[a.eleccion].columnas.count
        var cifras = [Int32](repeating: 0, count: n)
        var suma = 0
        for i in 0..<n { let v = azar(60); cifras[i] = Int32(v); suma += v }
        let r = ResultadoComputo(contabilizada: .si, observaciones: [], totalCalculado: suma)
        filas.append(RegistroBench(resultado: r, esSinActa: false,
                                   imagen: ImagenActa(sha256: huella, extension_: "jpg", origen: .catd), cifras: cifras))
    }
    let hora = CortesBanco.hora
    let meta = MetadatosSitio(corte: NombreCorte(seq: 1, hora: hora), hora: hora,
                              expira: MarcaTiempo(segundosUnix: hora.segundosUnix + 1800, desfaseMinutos: -360),
                              simulacro: true, huellaClave: "0123456789abcdef", clavePublica: nil)
    let rssAntes = picoRSSMB()
    let t0 = ahora()
    var bytes = 0, archivos = 0, indice = 0
    AdaptadorSitio.generar(catalogo: cat, meta: meta, registro: { filas[$0] },
                           fueraDeCatalogo: { _ in [(clave: String, registro: RegistroBench)]() }) { ruta, b in
        bytes += b.count
        archivos += 1
        if ruta == "index.html" { indice = b.count }
    }
    let t1 = ahora()
    informar("sitio_nacional", t1 - t0, "s", objetivo: "part of corte ≤ 10 s; \(cat.actas.count) actas, \(archivos) files, \(bytes / 1_000_000) MB")
    informar("sitio_nacional_indice", Double(indice) / 1000, "KB", objetivo: "< 200 KB")
    informar("sitio_nacional_pico_rss", picoRSSMB(), "MB", objetivo: "whole corte ≤ 300 MB; catálogo and test rows alone: \(Int(rssAntes)) MB")
}
