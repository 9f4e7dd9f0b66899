import Foundation
import Glibc  // kill(2): stopping the daemon, no file work
import PrepDominio
import PrepPublicacion
import PrepSimulacion
import PrepSistema

/// Takeover (docs/ha.md): the daemon's own share of a takeover, from `prep run` to its `ready`
/// line, on a national-size spool at the end of the night — the national catálogo, a latest corte
/// with every expected acta registered, one item folder per acta in packaged/ (empty: a start
/// lists packaged/ and reads no item in it; `PREP_BENCH_EMPAQUETADAS` makes fewer). That start is what the
/// standby does on the DRBD volume it was just handed: load the catálogo, recover the spool, read
/// the latest corte back, check the published chain (a folder `published_source` serving that
/// corte), make the corte at start, say ready. Median of three starts; each start's corte at
/// start leaves the spool as national as before. Setup (not timed): the corte is built with the
/// publisher directly, actas without images (as `corte-nacional-1pct`: 515,000 image files would
/// make the setup take many minutes and the start does not read them).
let figuraRelevo = Figura(nombre: "takeover") {
    let d = "/tmp/prep-bench-takeover-\(getpid())"
    try? FileManager.default.removeItem(atPath: d)
    defer { try? FileManager.default.removeItem(atPath: d) }
    for c in ["", "/catalogo", "/keys", "/spool", "/spool/packaged"] { try Directorio.actual.crearCarpeta(NombreArchivo(d + c)) }
    let archivos = GeneradorCatalogo.generar(.national)
    for (n, b) in archivos { try Directorio.actual.escribirArchivo(NombreArchivo(d + "/catalogo/" + n), b) }
    let catalogo: Catalogo
    switch CargadorCatalogo.cargar(archivos: archivos) {
    case .success(let c): catalogo = c
    case .failure(let p): throw ErrorBanco("catálogo: \(p)")
    }
    let huella = SHA256.resumen(CargadorCatalogo.bytesHuella(archivos: archivos))
    let clave = try ArchivoClaves.generar(prefijo: d + "/keys/prep")
    let config = ConfiguracionCortes(carpeta: d + "/spool/publish", modo: .simulacro, desfaseMinutos: -360,
                                     intervaloSegundos: 900, catalogoSHA256: huella, clave: clave)
    let publicador = try ConstructorCortes(configuracion: config, catalogo: catalogo)
    let momento = MarcaTiempo(segundosUnix: Reloj.segundosUnix() - 3600, desfaseMinutos: -360)
    let empaquetadas = min(catalogo.actas.count, Int(ProcessInfo.processInfo.environment["PREP_BENCH_EMPAQUETADAS"] ?? "") ?? catalogo.actas.count)
    for i in catalogo.actas.indices {
        let a = try ActaSintetica.acta(i, catalogo: catalogo, bytesImagen: ActaSintetica.imagen(catalogo.actas[i].clave), momento: momento)
        let acta = ActaVerificada(clave: a.clave, contenido: a.contenido, imagen: nil, acopio: a.acopio,
                                  captura: a.captura, verificacion: a.verificacion)
        try publicador.registrar(acta, rutaImagen: nil)
        if i < empaquetadas { try Directorio.actual.crearCarpeta(NombreArchivo(d + "/spool/packaged/" + a.clave.texto)) }
    }
    let corte = try publicador.publicarCorte(ahora: momento)
    try "spool = spool\ncatalog = catalogo\nsigning_key = keys/prep.sec\ncorte_interval = 15m\npublished_source = spool/publish/latest\n"
        .write(toFile: d + "/prep.conf", atomically: true, encoding: .utf8)
    print("# national spool: \(catalogo.actas.count) actas, latest corte \(corte.nombre) with \(corte.registradas) rows, \(empaquetadas) packaged item folders")
    Maquina.sincronizarDiscos()

    var tiempos: [Double] = []
    for _ in 0..<3 {
        let (p, listo, texto) = try Banco.arrancarHastaListo(en: d)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        guard texto.contains(" ready "), texto.contains("published chain checked") else { throw ErrorBanco("takeover: no ready line: \(texto)") }
        tiempos.append(listo)
        print("# start to ready: \(String(format: "%.2f", listo)) s")
        Maquina.sincronizarDiscos()
    }
    informar("takeover-ready", tiempos.sorted()[1], "s", objetivo: "median of 3; national catálogo, \(catalogo.actas.count) actas published, \(empaquetadas) packaged")
}
