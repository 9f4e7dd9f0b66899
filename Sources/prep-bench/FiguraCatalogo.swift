import Glibc  // clock_gettime(CLOCK_THREAD_CPUTIME_ID) and getenv(3), no file work
import PrepDominio
import PrepSimulacion
import PrepSistema

/// `catalogo-carga`: the national-scale synthetic catálogo (≈170,000 casillas, ≈515,000 actas),
/// written to a temporary folder first (untimed), then read from disk (warm page cache) and loaded
/// with every check. Target ≤ 2 s.
let figuraCatalogoCarga = Figura(nombre: "catalogo-carga") {
    let archivos = GeneradorCatalogo.generar(.national)
    let carpeta = try CarpetaTemporal()
    defer { carpeta.borrar() }
    for (n, b) in archivos { try carpeta.escribir(n, b) }
    let t0 = ahora()
    var leidos: [String: [UInt8]] = [:]
    for n in CargadorCatalogo.archivos { leidos[n] = try carpeta.leer(n) }
    let catalogo = try CargadorCatalogo.cargar(archivos: leidos).get()
    let t = ahora() - t0
    informar("catalogo-carga", t, "s", objetivo: "≤ 2 s for \(catalogo.actas.count) actas, \(catalogo.casillas.count) casillas, from disk")
}

/// `captura-validacion`: one capture JSON per expected acta of the national catálogo, built in
/// memory (untimed); then, on one core, each is validated against the catálogo and counted, and
/// every row goes into the election's summary. Target ≤ 2 s for ≈515,000.
let figuraCapturaValidacion = Figura(nombre: "captura-validacion") {
    let catalogo = try CargadorCatalogo.cargar(archivos: GeneradorCatalogo.generar(.national)).get()
    var documentos: [[UInt8]] = []
    documentos.reserveCapacity(catalogo.actas.count)
    var g = Azar(semilla: 42)
    func azar(_ n: Int) -> Int { g.entre(0...(n - 1)) }
    for acta in catalogo.actas {
        var s = "{\"version\":1,\"acta\":\"\(acta.clave.texto)\",\"operador\":\"cap017\",\"capturada\":\"2024-06-02T21:20:31-06:00\","
        s += "\"totales\":{\"boletas_sobrantes\":210,\"personas_votaron\":402,\"representantes_votaron\":2,\"votos_sacados\":402,\"total_asentado\":402},\"votos\":{"
        s += catalogo.columnas(de: acta).map { c in
            let r = azar(100)
            return "\"\(c.id)\":" + (r == 0 ? "\"ilegible\"" : r == 1 ? "\"sin dato\"" : String(azar(40)))
        }.joined(separator: ",")
        s += "}}"
        documentos.append(Array(s.utf8))
    }
    let bytes = documentos.reduce(0) { $0 + $1.count }
    // Timed: validate + count (Computo) every capture on this one thread. A second pass also
    // accumulates the election summaries (what a corte adds), reported apart from the target.
    let verificacion = MarcaTiempo(segundosUnix: 1_717_385_000, desfaseMinutos: -360)
    var acumuladores = catalogo.elecciones.map { e in
        AcumuladorResumen(actasEsperadas: catalogo.actas.count { catalogo.elecciones[$0.eleccion].codigo == e.codigo })
    }
    var medidas: [(pared: Double, cpu: Double, contabilizadas: Int)] = []
    for conResumen in [false, true] {
        var rechazadas = 0, contabilizadas = 0
        let c0 = cpuHilo()
        let t0 = ahora()
        for (i, acta) in catalogo.actas.enumerated() {
            switch ValidadorCaptura.validar(documentos[i], clave: acta.clave, operador: "cap017", catalogo: catalogo) {
            case .failure:
                rechazadas += 1
            case .success(let captura):
                let v = ActaVerificada(clave: acta.clave, contenido: .captura(captura), imagen: nil, acopio: nil,
                                       captura: captura.capturada, verificacion: verificacion)
                let r = Computo.computar(v, esperada: acta, catalogo: catalogo)
                if r.contabilizada == .si { contabilizadas += 1 }
                if conResumen { acumuladores[acta.eleccion].agregar(r, acta: v, casilla: catalogo.casillas[acta.casilla]) }
            }
        }
        medidas.append((ahora() - t0, cpuHilo() - c0, contabilizadas))
        guard rechazadas == 0 else { throw ErrorFigura(description: "\(rechazadas) valid captures were refused") }
    }
    let total = acumuladores.reduce(0) { $0 + $1.resumen(perfil: catalogo.proceso.perfil).actasContabilizadas }
    informar("captura-validacion", medidas[0].pared, "s",
             objetivo: "≤ 2 s on one core for \(documentos.count) captures (\(bytes / 1_000_000) MB), \(medidas[0].contabilizadas) counted; thread CPU \(Int(medidas[0].cpu * 1000)) ms")
    informar("captura-validacion+resumen", medidas[1].pared, "s",
             objetivo: "informational: the same plus the summaries of \(total) counted actas; thread CPU \(Int(medidas[1].cpu * 1000)) ms")
}

/// CPU time of the calling thread, in seconds (the figure's "one core", whatever else the machine runs).
func cpuHilo() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

struct ErrorFigura: Error, CustomStringConvertible {
    let description: String
}

/// A scratch folder under $TMPDIR (or /tmp) for the duration of one figure.
struct CarpetaTemporal {
    let ruta: String

    init() throws {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        ruta = try Directorio.crearTemporal(base + "/prep-bench-")
    }

    func escribir(_ nombre: String, _ bytes: [UInt8]) throws {
        try Directorio.actual.escribirAtomico(NombreArchivo(ruta + "/" + nombre), bytes)
    }

    func leer(_ nombre: String) throws -> [UInt8] {
        try Directorio.actual.leerTodo(NombreArchivo(ruta + "/" + nombre))
    }

    func borrar() {
        try? Directorio.actual.borrarArbol(NombreArchivo(ruta))
    }
}
