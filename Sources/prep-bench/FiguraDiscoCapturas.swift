import Foundation
import Glibc  // getpid(2): a per-run folder name, no file work
import PrepDominio
import PrepPublicacion
import PrepSimulacion
import PrepSistema

/// What the published signed captures take on disk: `publish/capturas/` grows with the actas
/// (each capture copied once, never per corte), so it is a per-acta figure. The first
/// PREP_BENCH_ACTAS actas (default 10,000) of the CDMX catálogo are registered with two agreeing
/// captures each, signed by two registered operators and written in a spool folder as a station
/// drops them; one corte publishes them (no site). Printed: `du` of `capturas/` per acta, its
/// file count, the corte's time, and the same per-acta bytes at national scale (515,721 actas).
/// The corte is then checked as `prep verify` does, captures included.
let figuraDiscoCapturas = Figura(nombre: "disco-capturas") {
    let catalogo = try CargadorCatalogo.cargar(archivos: GeneradorCatalogo.generar(.cdmx)).get()
    let n = min(catalogo.actas.count, Int(Entorno.variable("PREP_BENCH_ACTAS") ?? "") ?? 10_000)
    let raiz = "/tmp/prep-bench-capturas-\(getpid())"
    defer { try? Directorio.actual.borrarArbol(NombreArchivo(raiz)) }
    let spool = raiz + "/spool"
    try Directorio.actual.crearCarpetas(NombreArchivo(spool))
    let clave = try ClaveSecretaSignify.generar()
    let operadores = try ["cap1", "cap2"].map { ($0, try ClaveSecretaSignify.generar()) }
    var c = CortesBanco.configuracion(carpeta: raiz + "/publish", clave: clave, sitio: nil)
    c.operadores = try RegistroOperadores(operadores: operadores.map { .init(nombre: $0.0, catd: "BANCO", clave: $0.1.publica) })
    let p = try ConstructorCortes(configuracion: c, catalogo: catalogo)
    let hora = CortesBanco.hora
    var g = Azar(semilla: 0xCA97_0001)
    for a in catalogo.actas.prefix(n) {
        let v = actaSinImagen(a, catalogo: catalogo, hora: hora, azar: &g)
        guard case .captura(let cap) = v.contenido else { throw ErrorBanco("acta \(a.clave) without figures") }
        var capturas: [CapturaEnSpool] = []
        for (op, sec) in operadores {
            let bytes = Contenido.captura(cap, operador: op)
            let ruta = "\(spool)/\(a.clave.texto).captura.\(op).json"
            try Directorio.actual.escribirArchivo(NombreArchivo(ruta), bytes, sincronizar: false)
            try Directorio.actual.escribirArchivo(NombreArchivo(ruta + ".sig"), try sec.firmarSeparado(bytes, comentario: "verify with \(op).pub"),
                                                  sincronizar: false)
            capturas.append(CapturaEnSpool(sha256: SHA256.resumen(bytes), bytes: bytes.count, ruta: ruta, rutaFirma: ruta + ".sig"))
        }
        try p.registrar(v, rutaImagen: nil, respaldo: FuenteRespaldo(resultado: .verificada, capturas: capturas))
    }
    let t0 = ahora()
    let corte = try p.publicarCorte(ahora: hora)
    let tCorte = ahora() - t0
    let bytes = try Directorio.actual.ocupacionEnDisco(NombreArchivo(p.carpetaCapturas))
    let archivos = try Directorio.actual.listar(NombreArchivo(p.carpetaCapturas)).count
    let informe = try VerificadorCorte.verificar(carpeta: corte.ruta, clave: clave.publica, ahora: hora)
    guard informe.capturas == 2 * n else { throw ErrorBanco("prep verify followed \(informe.capturas) captures, not \(2 * n)") }
    print("# \(n) actas, 2 signed captures each: capturas/ holds \(archivos) files; corte \(String(format: "%.2f", tCorte)) s; prep verify followed \(informe.capturas) captures")
    informar("disco-capturas-por-acta", Double(bytes) / Double(n) / 1e3, "KB", objetivo: "publish/capturas/ per acta, du")
    informar("disco-capturas-nacional", Double(bytes) / Double(n) * 515_721 / 1e9, "GB", objetivo: "the same at 515,721 actas")
}
