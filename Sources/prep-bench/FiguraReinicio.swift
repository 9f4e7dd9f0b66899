import Glibc  // getpid(2): a per-run folder name, no file work
import PrepDominio
import PrepSimulacion
import PrepSistema
import PrepPublicacion
import PrepSitio

/// The first corte after a restart against a next corte of the same process, with the results
/// site, through the real corte builder (no images; cortes name a generator, so a restart may
/// reuse the last corte's rows): the national catálogo (`corte-reinicio-nacional`) and the CDMX
/// sample in `iecm-2024`, whose zip reuses deflated pieces (`corte-reinicio-cdmx`). In order:
/// every acta but two held-back hundredths registered and published (`-primero`); a next corte
/// with nothing new (`-siguiente-vacio`) and one with the first hundredth new (`-siguiente-1pct`),
/// the references; a publisher opened on that folder as after a restart (`-apertura`) and its
/// first corte with nothing new (`-reinicio-vacio`); another restart, the second hundredth
/// registered, and its first corte (`-reinicio-1pct`). Each line says how many of the corte's
/// files are hard links (shared with the previous corte), how many pieces of its pages and
/// lookup files were copied from the previous corte's, and, with the zip, how many of its
/// deflated pieces were the previous corte's.
let figuraReinicioNacional = Figura(nombre: "corte-reinicio-nacional") { try medirReinicio(.national, nombre: "corte-reinicio-nacional") }
let figuraReinicioCDMX = Figura(nombre: "corte-reinicio-cdmx") { try medirReinicio(.cdmx, nombre: "corte-reinicio-cdmx") }

func medirReinicio(_ escala: GeneradorCatalogo.Escala, nombre: String) throws {
    let cat = try CargadorCatalogo.cargar(archivos: GeneradorCatalogo.generar(escala)).get()
    let clave = try ClaveSecretaSignify.generar()
    let hora = CortesBanco.hora
    let raiz = "/tmp/prep-bench-reinicio-\(getpid())"
    defer { try? Directorio.actual.borrarArbol(NombreArchivo(raiz)) }
    var config = CortesBanco.configuracion(carpeta: raiz, clave: clave, sitio: SitioResultados(clave: clave.publica))
    config.generador = "prep-bench"
    var g = Azar(semilla: 0x5171_0003)
    var n = 0

    func abrir(_ etiqueta: String?) throws -> ConstructorCortes {
        let (t0, c0) = (ahora(), cpuProceso())
        let p = try ConstructorCortes(configuracion: config, catalogo: cat)
        if let etiqueta {
            informar(nombre + etiqueta, ahora() - t0, "s", objetivo: "recovery from the last corte; CPU \(Int((cpuProceso() - c0) * 1000)) ms")
        }
        return p
    }
    func corte(_ p: ConstructorCortes, _ etiqueta: String, _ objetivo: String) throws {
        let (t0, c0) = (ahora(), cpuProceso())
        let c = try p.publicarCorte(ahora: MarcaTiempo(segundosUnix: hora.segundosUnix + Int64(n) * 900, desfaseMinutos: -360))
        let (t, cpu) = (ahora() - t0, cpuProceso() - c0)
        n += 1
        let (archivos, enlazados, bytesNuevos) = try PisoEscritura.forma(de: c.ruta).cuentas
        let zip = cat.proceso.perfil.zip ? ", \(c.piezasReusadas) zip pieces reused" : ""
        informar(nombre + etiqueta, t, "s", objetivo: "\(objetivo); CPU \(Int(cpu * 1000)) ms; \(archivos) files, \(enlazados) linked, \(bytesNuevos / 1_000_000) MB new, \(c.piezasCopiadas) pieces copied\(zip)")
    }
    func registrar(_ p: ConstructorCortes, resto: Int) throws -> Int {
        var k = 0
        for (i, a) in cat.actas.enumerated() where i % 100 == resto {
            try registrarSinImagen(a, en: p, catalogo: cat, hora: hora, azar: &g)
            k += 1
        }
        return k
    }

    let p = try abrir(nil)
    for (i, a) in cat.actas.enumerated() where i % 100 != 50 && i % 100 != 51 {
        try registrarSinImagen(a, en: p, catalogo: cat, hora: hora, azar: &g)
    }
    try corte(p, "-primero", "every file made")
    try corte(p, "-siguiente-vacio", "reference: a next corte, nothing new")
    let nuevas = try registrar(p, resto: 50)
    try corte(p, "-siguiente-1pct", "reference: a next corte, \(nuevas) new actas")
    try corte(try abrir("-apertura"), "-reinicio-vacio", "first corte after a restart, nothing new: like -siguiente-vacio")
    let q = try abrir(nil)
    let otras = try registrar(q, resto: 51)
    try corte(q, "-reinicio-1pct", "first corte after a restart, \(otras) new actas: like -siguiente-1pct")
    informar(nombre + "-rss-pico", picoRSSMB(), "MB", objetivo: "-")
}
