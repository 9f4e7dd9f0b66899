import Foundation
import Glibc  // kill(2), getpid(2) and usleep(3): driving the daemon, no file work
import PrepDominio
import PrepSistema

/// Drops that wait: 200,000 valid lone captures for well-formed keys outside the catálogo (their
/// election exists, so each waits for an image that never comes) and 50,000 captures of one
/// catálogo acta (its first two agree; its image never comes), renamed into `incoming/captura/`;
/// then, once the daemon has looked at all of them, one ordinary acta dropped the SPEC §4 way.
/// Reports the daemon's peak resident size (VmHWM) and the ordinary acta's drop→verified time.
/// Targets: under 250 MB, within 1 s. `PREP_BENCH_ESPERA` scales the 200,000 (the 50,000 is a
/// quarter of it).
let figuraEspera = Figura(nombre: "espera") {
    let solas = Int(ProcessInfo.processInfo.environment["PREP_BENCH_ESPERA"] ?? "") ?? 200_000
    let deUna = solas / 4
    let catalogo = Banco.catalogo
    let d = try Banco.carpeta("espera", settle: "2s")
    defer { try? FileManager.default.removeItem(atPath: d) }
    let inc = d + "/spool/incoming"
    let escenario = d + "/escenario"
    for c in [escenario, inc + "/captura", inc + "/catd-07"] {
        try FileManager.default.createDirectory(atPath: c, withIntermediateDirectories: true)
    }

    // One JG acta of the catálogo gives the vote columns of every lone capture (a
    // fuera-de-catálogo capture may carry any of its election's columns, and every control
    // total); a second one is the flooded acta, a third the ordinary acta dropped at the end.
    let jg = catalogo.elecciones.firstIndex { $0.codigo == "JG" } ?? 0
    let actas = Array(catalogo.actas.lazy.filter { $0.eleccion == jg }.prefix(3))
    guard actas.count == 3 else { throw ErrorBanco("espera: the catálogo has fewer than 3 JG actas") }
    let modelo = EscritorJSON.texto(.objeto([
        (clave: "version", valor: .entero(1)),
        (clave: "acta", valor: .texto(actas[0].clave.texto)),
        (clave: "operador", valor: .texto("op1")),
        (clave: "totales", valor: .objeto(Total.allCases.map { (clave: $0.rawValue, valor: .entero(0)) })),
        (clave: "votos", valor: .objeto(catalogo.columnas(de: actas[0]).map { (clave: $0.id, valor: .entero(0)) })),
    ]), estilo: .sangrado)
    var claves: [String] = []
    claves.reserveCapacity(solas)
    buscar: for seccion in 1...9999 {
        for id in 1...99 {
            guard let cc = ClaveCasilla(entidad: 9, seccion: seccion, tipo: "X", idCasilla: id, extContigua: 0),
                  let k = ClaveActa(casilla: cc, eleccion: "JG"), catalogo.acta(k) == nil else { continue }
            claves.append(k.texto)
            if claves.count == solas { break buscar }
        }
    }
    print("# staging \(solas) lone captures and \(deUna) captures of \(actas[1].clave.texto)…")
    var nombres: [String] = []
    nombres.reserveCapacity(solas + deUna)
    for k in claves {
        let n = "\(k).captura.op1.json"
        try Data(modelo.replacingOccurrences(of: actas[0].clave.texto, with: k).utf8)
            .write(to: URL(fileURLWithPath: escenario + "/" + n))
        nombres.append(n)
    }
    for i in 1...deUna {
        let n = "\(actas[1].clave.texto).captura.op\(i).json"
        try Data(PlantillaCaptura.json(actas[1], catalogo: catalogo, operador: "op\(i)").utf8)
            .write(to: URL(fileURLWithPath: escenario + "/" + n))
        nombres.append(n)
    }

    let (p, log) = try Banco.demonio(en: d)
    defer { kill(p.processIdentifier, SIGTERM); p.waitUntilExit() }

    let t0 = ahora()
    for n in nombres {
        try Directorio.actual.renombrar(NombreArchivo(escenario + "/" + n), a: .actual,
                                        NombreArchivo(inc + "/captura/" + n), modo: .reemplazando)
    }
    // Looked at: every extra capture of the flooded acta refused (each beside its .reason), and
    // the waiting ones counted by the daemon's metrics of files in incoming/ would be all that
    // is left: the lone captures and the flooded acta's two agreeing ones.
    let rechazadas = deUna - 2
    var tope = ahora() + 900
    func hecho() -> Bool {
        Banco.contar(d + "/spool/rejected") >= 2 * rechazadas && Banco.contar(inc + "/captura") <= solas + 2
    }
    while !hecho(), ahora() < tope { usleep(200_000) }
    guard hecho() else {
        throw ErrorBanco("espera: \(Banco.contar(d + "/spool/rejected") / 2) of \(rechazadas) refusals after 900 s; see \(log)")
    }
    let asimilado = ahora() - t0
    // Every lone capture checked (a batch takes at most 9,000 files, and a valid lone drop logs
    // nothing): wait until the daemon is idle, less than 50 ms of CPU in a second.
    func cpu() -> Int {
        let s = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/stat", encoding: .utf8)) ?? ""
        let campos = s.split(separator: ")").last?.split(separator: " ") ?? []
        return campos.count > 12 ? (Int(campos[11]) ?? 0) + (Int(campos[12]) ?? 0) : 0
    }
    var antes = cpu()
    repeat {
        usleep(1_000_000)
        let ya = cpu()
        defer { antes = ya }
        if ya - antes < 5 { break }
    } while ahora() < tope

    let k = actas[2].clave.texto
    let t1 = ahora()
    Banco.soltar(inc + "/catd-07", "\(k).jpg", Banco.imagen(7, 64 * 1024))
    Banco.soltar(inc + "/captura", "\(k).captura.cap1.json", Banco.captura(actas[2], "cap1"))
    Banco.soltar(inc + "/captura", "\(k).captura.cap2.json", Banco.captura(actas[2], "cap2"))
    let t2 = ahora()
    tope = t2 + 60
    while !FileManager.default.fileExists(atPath: d + "/spool/verified/" + k), ahora() < tope { usleep(2000) }
    let verificada = ahora() - t2
    guard FileManager.default.fileExists(atPath: d + "/spool/verified/" + k) else {
        throw ErrorBanco("espera: the ordinary acta was not verified within 60 s")
    }
    let hwm = Banco.picoRSSMB(p.processIdentifier)
    let esperando = Banco.contar(inc + "/captura")
    print("# \(nombres.count) captures renamed in; flood refused after \(Int(asimilado)) s; \(esperando) files left in incoming/captura; ordinary acta dropped in \(Int((t2 - t1) * 1000)) ms")
    informar("espera-rss-pico", hwm, "MB", objetivo: "daemon VmHWM, < 250")
    informar("espera-acta", verificada * 1000, "ms", objetivo: "last drop → verified/, ≤ 1000")
}
