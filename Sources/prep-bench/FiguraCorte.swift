import Foundation
import Glibc  // getpid(2): a per-run folder name, no file work
import PrepDominio
import PrepSimulacion
import PrepPublicacion
import PrepSistema

// Corte figures: a corte of every expected acta verified, CDMX sample and national
// scale, and `prep verify` of the national corte. Synthetic actas (`ActaSintetica`), one tiny image
// file per acta written beforehand in a temporary spool (not timed). Timed: `publicarCorte` (CSV,
// manifest, SHA256, signature, linking every image into imagenes/, fsyncs, rename, latest swap).

/// The shipped CDMX sample as it is: `iecm-2024`, the institute's CSVs and the zip packaging.
let figuraCorteCDMX = Figura(nombre: "corte-cdmx") {
    try medirCorte(.cdmx, nombre: "corte-cdmx", objetivo: "<= 0.1 s, iecm-2024 with the zip", verificar: false)
}
/// The same sample in INE's layout (`ine-2024`: every expected acta a row, no zip).
let figuraCorteCDMXINE = Figura(nombre: "corte-cdmx-ine") {
    try medirCorte(.cdmx, nombre: "corte-cdmx-ine", objetivo: "<= 1 s", verificar: false, perfil: "ine-2024")
}
let figuraCorteNacional = Figura(nombre: "corte-nacional") {
    try medirCorte(.national, nombre: "corte-nacional", objetivo: "<= 1 s, peak RSS <= 150 MB", verificar: false)
}
/// The next corte after 1 % new actas: 99 % of the actas registered and published, then
/// the other 1 % (every hundredth acta, spread over the whole country as real arrivals are)
/// registered; the figure is that second corte. Its actas carry no image (CODIGO_INTEGRIDAD is
/// N/A): images are published at registration, not by the corte, and writing 515,721 image files
/// made the setup take 20 minutes on a shared machine. `-primero` is the first corte (every row
/// rendered), `-vacio` a third one with nothing new, `-reinicio` the first corte of a publisher
/// restarted on that folder (`-reinicio-apertura`: its recovery), with nothing new.
let figuraCorteNacional1pct = Figura(nombre: "corte-nacional-1pct") {
    try medirCorte(.national, nombre: "corte-nacional-1pct", objetivo: "<= 0.5 s", verificar: false, diferidas: 100, imagenes: false)
}
let figuraVerifyNacional = Figura(nombre: "verify-nacional") {
    try medirCorte(.national, nombre: "verify-nacional", objetivo: "<= 3 s", verificar: true)
}

/// `diferidas` n > 0: every n-th acta is held back from the first corte and registered after it;
/// the figure is then the corte that publishes them (the first one is only printed).
func medirCorte(_ escala: GeneradorCatalogo.Escala, nombre: String, objetivo: String, verificar: Bool, perfil: String? = nil,
                diferidas: Int = 0, imagenes: Bool = true) throws {
    let catalogo: Catalogo
    var archivos = GeneradorCatalogo.generar(escala)
    if let perfil, let proceso = archivos["proceso.csv"] {
        // proceso.csv's optional PERFIL column (docs/catalogo.md), set on the generated sample.
        var lineas = String(decoding: proceso, as: UTF8.self).split(separator: "\n").map(String.init)
        if lineas[0].hasSuffix(",PERFIL"), let coma = lineas[1].lastIndex(of: ",") {
            lineas[0].removeLast(",PERFIL".count)
            lineas[1].removeSubrange(coma...)
        }
        archivos["proceso.csv"] = Array((lineas[0] + ",PERFIL\n" + lineas[1] + "," + perfil + "\n").utf8)
    }
    switch CargadorCatalogo.cargar(archivos: archivos) {
    case .success(let c): catalogo = c
    case .failure(let p): throw ErrorBanco("catálogo: \(p)")
    }
    // The daemon keeps no catálogo bytes once loaded (`leerCatalogo`): neither does the figure.
    archivos = [:]
    print("# catálogo loaded: \(catalogo.actas.count) actas, RSS \(Int(rssActualMB())) MB")
    let raiz = "/tmp/prep-bench-corte-\(getpid())"
    // PREP_BENCH_CONSERVAR=1 keeps the folder (its corte and the public key k.pub), to time or
    // profile `prep verify` on it by hand without paying the setup again.
    let conservar = ProcessInfo.processInfo.environment["PREP_BENCH_CONSERVAR"] != nil
    defer { if conservar { print("# kept \(raiz)") } else { try? Directorio.actual.borrarArbol(NombreArchivo(raiz)) } }
    for d in [raiz, raiz + "/spool"] { try Directorio.actual.crearCarpeta(NombreArchivo(d)) }
    let clave = try ClaveSecretaSignify.generar()
    _ = FileManager.default.createFile(atPath: raiz + "/k.pub", contents: Data(clave.publica.archivo(comentario: "prep-bench")))
    var config = ConfiguracionCortes(carpeta: raiz + "/publish", modo: .simulacro, desfaseMinutos: -360,
                                     intervaloSegundos: 900, catalogoSHA256: HuellaSHA256(palabras: (0, 0, 0, 0)), clave: clave)
    // PREP_BENCH_SIN_GENERADOR=1: cortes name no generator, so a restart renders every row (the
    // behaviour before restarts reused rows: `-reinicio`'s baseline in the same build).
    config.generador = ProcessInfo.processInfo.environment["PREP_BENCH_SIN_GENERADOR"] == nil ? "prep-bench" : nil
    let publicador = try ConstructorCortes(configuracion: config, catalogo: catalogo)
    print("# publisher open: RSS \(Int(rssActualMB())) MB")
    let momento = MarcaTiempo(segundosUnix: 1_717_380_000, desfaseMinutos: -360)

    // Setup, not timed: an image file per acta, and every acta registered.
    let t0 = ahora()
    func registrar(_ i: Int) throws {
        let k = catalogo.actas[i].clave
        let bytes = ActaSintetica.imagen(k)
        var acta = try ActaSintetica.acta(i, catalogo: catalogo, bytesImagen: bytes, momento: momento)
        if !imagenes {
            acta = ActaVerificada(clave: acta.clave, contenido: acta.contenido, imagen: nil, acopio: acta.acopio,
                                  captura: acta.captura, verificacion: acta.verificacion)
        }
        var ruta: String?
        if acta.imagen != nil {
            let r = raiz + "/spool/" + k.texto + ".jpg"
            let fd = try FileDescriptor.cwd.abrir(r, [.soloEscritura, .crear, .truncar])
            try fd.escribirTodo(bytes)
            try fd.cerrar()
            ruta = r
        }
        try publicador.registrar(acta, rutaImagen: ruta)
    }
    for i in catalogo.actas.indices where diferidas == 0 || i % diferidas != diferidas / 2 { try registrar(i) }
    let tRegistro = ahora() - t0
    print("# registered: RSS \(Int(rssActualMB())) MB, peak \(Int(picoRSSMB())) MB")

    let t1 = ahora()
    let corte = try publicador.publicarCorte(ahora: momento)
    let tCorte = ahora() - t1
    if diferidas > 0 {
        print("# first corte: \(corte.registradas) rows registered")
        informar(nombre + "-primero", tCorte, "s", objetivo: "<= 1 s")
        var n = 0
        for i in catalogo.actas.indices where i % diferidas == diferidas / 2 {
            try registrar(i)
            n += 1
        }
        let t2 = ahora()
        let siguiente = try publicador.publicarCorte(ahora: MarcaTiempo(segundosUnix: momento.segundosUnix + 900, desfaseMinutos: -360))
        let tSiguiente = ahora() - t2
        print("# \(n) new actas, \(siguiente.incluidas.count) included")
        informar(nombre, tSiguiente, "s", objetivo: objetivo)
        let t3 = ahora()
        _ = try publicador.publicarCorte(ahora: MarcaTiempo(segundosUnix: momento.segundosUnix + 1800, desfaseMinutos: -360))
        informar(nombre + "-vacio", ahora() - t3, "s", objetivo: "nothing new")
        informar(nombre + "-rss-pico", picoRSSMB(), "MB", objetivo: "-")
        // A restart: a new publisher recovers from that corte, then makes one with nothing new.
        let t4 = ahora()
        let reiniciado = try ConstructorCortes(configuracion: config, catalogo: catalogo)
        informar(nombre + "-reinicio-apertura", ahora() - t4, "s", objetivo: "recovery from the last corte")
        let t5 = ahora()
        _ = try reiniciado.publicarCorte(ahora: MarcaTiempo(segundosUnix: momento.segundosUnix + 2700, desfaseMinutos: -360))
        informar(nombre + "-reinicio", ahora() - t5, "s", objetivo: "first corte after a restart, nothing new: like -vacio")
        return
    }
    if !verificar {
        print("# \(catalogo.actas.count) actas registered in \(Int(tRegistro * 1000)) ms (setup incl. writing images)")
        informar(nombre, tCorte, "s", objetivo: objetivo)
        // A next corte with nothing new takes a tenth of a second at CDMX scale, where one run's
        // noise is as large as a change: the figure is the median of several (PREP_BENCH_SIGUIENTES,
        // default 5), each 15 minutes after the last.
        let veces = max(1, Int(ProcessInfo.processInfo.environment["PREP_BENCH_SIGUIENTES"] ?? "") ?? 5)
        var tiempos: [Double] = []
        for v in 1...veces {
            let t2 = ahora()
            _ = try publicador.publicarCorte(ahora: MarcaTiempo(segundosUnix: momento.segundosUnix + 900 * Int64(v), desfaseMinutos: -360))
            tiempos.append(ahora() - t2)
        }
        let m = medianaYRango(tiempos)
        informar(nombre + "-siguiente", m.mediana, "s",
                 objetivo: String(format: "no new images; median of %d, %.3f–%.3f s", veces, m.minimo, m.maximo))
        informar(nombre + "-rss-pico", picoRSSMB(), "MB", objetivo: escala == .national ? "<= 150 MB" : "-")
        return
    }
    // The figure is the real `prep verify` command on the finished corte, as an auditor runs it:
    // a separate process, after the setup's writes have reached the disk.
    Maquina.sincronizarDiscos()
    let (estado, tVerify) = try Banco.ejecutar(["verify", corte.ruta, "--key", raiz + "/k.pub"], en: raiz)
    guard estado == 0 else { throw ErrorBanco("prep verify exited \(estado) on \(corte.ruta)") }
    print("# prep verify \(corte.ruta) --key k.pub: \(catalogo.actas.count) rows and every image hashed")
    informar(nombre, tVerify, "s", objetivo: objetivo)
}

/// Current resident set size, in MB (from /proc/self/statm).
func rssActualMB() -> Double {
    guard let statm = try? Directorio.actual.leerTodo("/proc/self/statm") else { return 0 }
    let partes = String(decoding: statm, as: UTF8.self).split(separator: " ")
    guard partes.count >= 2, let residente = Int(partes[1]) else { return 0 }
    return Double(residente * Maquina.tamanoPagina) / 1_048_576
}
