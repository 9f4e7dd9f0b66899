import Glibc  // getpid(2): a per-run folder name, no file work
import PrepDominio
import PrepSimulacion
import PrepSistema
import PrepPublicacion
import PrepSitio

/// The site's share of a national corte, through the real corte builder: ≈510,000 actas (9 in 10
/// verified, no images) published once, without the site (`corte_nacional_base`) or with
/// `SitioResultados` as the hook (`corte_nacional_sitio`). Run each in its own process
/// (`prep-bench corte_nacional_base`, then `prep-bench corte_nacional_sitio`) so that each peak
/// RSS is its own; the difference is the site's.
let figuraCorteBase = Figura(nombre: "corte_nacional_base") { try medirCorteNacional(conSitio: false) }
let figuraCorteSitio = Figura(nombre: "corte_nacional_sitio") { try medirCorteNacional(conSitio: true) }
/// `prep verify` of that corte with the page check (`ComprobadorPaginas`: every page's figures and
/// every value of the "Consulta tu casilla" lookup files against the CSV rows), in its own process.
let figuraVerifySitio = Figura(nombre: "verify_nacional_sitio") { try medirCorteNacional(conSitio: true, verificar: true) }

func medirCorteNacional(conSitio: Bool, verificar: Bool = false) throws {
    let cat = try CargadorCatalogo.cargar(archivos: GeneradorCatalogo.generar(.national)).get()
    let clave = try ClaveSecretaSignify.generar()
    let hora = CortesBanco.hora
    let raiz = "/tmp/prep-bench-sitio-\(getpid())"
    defer { try? Directorio.actual.borrarArbol(NombreArchivo(raiz)) }

    func corte(_ sitio: SitioResultados?, _ carpeta: String) throws -> Double {
        let p = try ConstructorCortes(configuracion: CortesBanco.configuracion(carpeta: carpeta, clave: clave, sitio: sitio),
                                      catalogo: cat)
        var g = Azar(semilla: 0x5171_0001)
        for (k, a) in cat.actas.enumerated() where k % 10 != 0 { try registrarSinImagen(a, en: p, catalogo: cat, hora: hora, azar: &g) }
        let t0 = ahora()
        let hecho = try p.publicarCorte(ahora: hora)
        let t = ahora() - t0
        if sitio != nil, !verificar { try informarConsulta(hecho.ruta + "/" + IndiceConsulta.carpeta) }
        guard verificar else { return t }
        let t1 = ahora()
        let informe = try VerificadorCorte.verificar(carpeta: hecho.ruta, clave: clave.publica, ahora: hora, sitio: ComprobadorPaginas())
        informar("verify_nacional_sitio", ahora() - t1, "s", objetivo: "\(informe.filas) rows, \(informe.archivos) files, every page and lookup value checked")
        informar("verify_nacional_sitio_pico_rss", picoRSSMB(), "MB", objetivo: "whole process: the corte built, then verified")
        return t
    }

    /// The "Consulta tu casilla" lookup files: how many, the largest (what one lookup loads) and all.
    func informarConsulta(_ carpeta: String) throws {
        var mayor = 0, total = 0, n = 0
        for e in try Directorio.actual.listar(NombreArchivo(carpeta)) {
            let b = try Directorio.actual.estado(NombreArchivo(carpeta + e.nombre.description)).tamano
            mayor = max(mayor, b)
            total += b
            n += 1
        }
        informar("consulta_archivos", Double(n), "files", objetivo: "one per entidad and \(IndiceConsulta.seccionesPorArchivo) secciones")
        informar("consulta_mayor", Double(mayor) / 1024, "KiB", objetivo: "what one lookup loads; no images in this corte (+66 bytes per acta with one)")
        informar("consulta_total", Double(total) / 1_048_576, "MiB", objetivo: "all lookup files of the corte")
    }

    let nombre = conSitio ? "corte_nacional_sitio" : "corte_nacional_base"
    let t = try corte(conSitio ? SitioResultados(clave: clave.publica) : nil, raiz + "/c")
    guard !verificar else { return }
    informar(nombre, t, "s", objetivo: "≤ 10 s; \(cat.actas.count) actas")
    informar(nombre + "_pico_rss", picoRSSMB(), "MB", objetivo: "≤ 300 MB; whole process incl. feeding the actas")
}

/// The national corte with its site, first and next, through the real corte builder (no images):
/// 99 % of the actas registered and published (`corte-nacional-sitio-1pct-primero`), then the
/// other 1 % registered, every hundredth acta, spread over the whole country as real arrivals are,
/// so that most ámbitos and lookup files see one (`corte-nacional-sitio-1pct`, the figure), then a
/// corte with nothing new (`-vacio`). Each line says how many of the corte's files are hard links
/// (a file with more than one name: shared with the previous corte) and the bytes of the others;
/// each `-piso` line, the floor of that corte (`PisoEscritura`).
let figuraCorteSitio1pct = Figura(nombre: "corte-nacional-sitio-1pct") {
    let cat = try CargadorCatalogo.cargar(archivos: GeneradorCatalogo.generar(.national)).get()
    let clave = try ClaveSecretaSignify.generar()
    let hora = CortesBanco.hora
    let raiz = "/tmp/prep-bench-sitio-1pct-\(getpid())"
    defer { try? Directorio.actual.borrarArbol(NombreArchivo(raiz)) }
    let p = try ConstructorCortes(configuracion: CortesBanco.configuracion(carpeta: raiz, clave: clave, sitio: SitioResultados(clave: clave.publica)),
                                  catalogo: cat)
    var g = Azar(semilla: 0x5171_0002)
    func registrar(_ a: ActaEsperada) throws { try registrarSinImagen(a, en: p, catalogo: cat, hora: hora, azar: &g) }
    var formas: [(nombre: String, forma: PisoEscritura.Forma)] = []
    func corte(_ n: Int, _ nombre: String, _ objetivo: String) throws {
        let t0 = ahora()
        let c = try p.publicarCorte(ahora: MarcaTiempo(segundosUnix: hora.segundosUnix + Int64(n) * 900, desfaseMinutos: -360))
        let t = ahora() - t0
        // CLOCK_MONOTONIC bounds, to cut one corte out of a `perf record -k CLOCK_MONOTONIC`.
        print(String(format: "# %@ from %.6f to %.6f (monotonic)", nombre, t0, t0 + t))
        let forma = try PisoEscritura.forma(de: c.ruta)
        let (archivos, enlazados, bytesNuevos) = forma.cuentas
        informar(nombre, t, "s", objetivo: "\(objetivo); \(archivos) files, \(enlazados) linked, \(bytesNuevos / 1_000_000) MB new, \(c.piezasCopiadas) pieces copied")
        formas.append((nombre, forma))
    }
    for (k, a) in cat.actas.enumerated() where k % 100 != 50 { try registrar(a) }
    try corte(0, "corte-nacional-sitio-1pct-primero", "≤ 1 s")
    for (k, a) in cat.actas.enumerated() where k % 100 == 50 { try registrar(a) }
    try corte(1, "corte-nacional-sitio-1pct", "≤ 0.5 s; \(cat.actas.count / 100) new actas")
    try corte(2, "corte-nacional-sitio-1pct-vacio", "nothing new")
    informar("corte-nacional-sitio-1pct-rss-pico", picoRSSMB(), "MB", objetivo: "-")
    // Each corte's floor, once all three are made.
    for (n, f) in formas.enumerated() {
        let piso = raiz + "-piso-\(n)"
        informar(f.nombre + "-piso", try PisoEscritura.medir(f.forma, en: piso), "s",
                 objetivo: "the same folders, new bytes and links by the simplest code, one syncfs")
        try Directorio.actual.borrarArbol(NombreArchivo(piso))
    }
}

/// Registers `a` as verified with random votes, no image (`actaSinImagen`).
func registrarSinImagen(_ a: ActaEsperada, en p: ConstructorCortes, catalogo cat: Catalogo, hora: MarcaTiempo, azar g: inout Azar) throws {
    try p.registrar(actaSinImagen(a, catalogo: cat, hora: hora, azar: &g), rutaImagen: nil)
}

/// A verified acta without image: one capture with random figures (0–59 a column) whose totals
/// are their sum, every time `hora`. What the national corte figures publish.
func actaSinImagen(_ a: ActaEsperada, catalogo: Catalogo, hora: MarcaTiempo, azar g: inout Azar) -> ActaVerificada {
    var votos: [String: Cifra] = [:]
    for c in catalogo.columnas(de: a) { votos[c.id] = .votos(g.entre(0...59)) }
    let suma = votos.values.reduce(0) { $0 + $1.valor }
    let cap = Captura(acta: a.clave, operador: "cap01", capturada: hora, acopio: hora,
                      totales: Dictionary(uniqueKeysWithValues: Total.allCases.map { ($0, Cifra.votos(suma)) }), votos: votos)
    return ActaVerificada(clave: a.clave, contenido: .captura(cap), imagen: nil, acopio: hora, captura: hora, verificacion: hora)
}
