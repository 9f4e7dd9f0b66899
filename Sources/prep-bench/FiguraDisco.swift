import Glibc  // getpid(2): a per-run folder name, no file work
import PrepDominio
import PrepPublicacion
import PrepSimulacion
import PrepSistema
import PrepSitio

/// What cortes take on disk, and a night of them with retention (`keep_cortes`): every acta
/// registered, three cortes through the real publisher with the results site (the night's end:
/// the largest cortes), then retention with `keep_cortes = 2`, timed, reduces the first. Printed:
/// a whole corte's bytes (its folder, `du`), the same corte reduced, the reduction's time, and a
/// night of 96 cortes (24 h at 15 min) kept whole against 8 whole and the rest reduced. Images
/// are not in it (published once, outside the cortes: `imagenes/` grows with the actas, not the
/// cortes); the actas carry none and no signed captures.
let figuraDiscoCDMX = Figura(nombre: "disco-cdmx") { try medirDisco(.cdmx, nombre: "disco-cdmx") }
let figuraDiscoNacional = Figura(nombre: "disco-nacional") { try medirDisco(.national, nombre: "disco-nacional") }

func medirDisco(_ escala: GeneradorCatalogo.Escala, nombre: String) throws {
    let catalogo = try CargadorCatalogo.cargar(archivos: GeneradorCatalogo.generar(escala)).get()
    let clave = try ClaveSecretaSignify.generar()
    let raiz = "/tmp/prep-bench-disco-\(getpid())"
    // PREP_BENCH_CONSERVAR=1 keeps the folder and stops before the reduction, to time its steps by hand.
    let conservar = Entorno.variable("PREP_BENCH_CONSERVAR") != nil
    defer { if conservar { print("# kept \(raiz)") } else { try? Directorio.actual.borrarArbol(NombreArchivo(raiz)) } }
    let c = CortesBanco.configuracion(carpeta: raiz + "/publish", clave: clave, sitio: SitioResultados(clave: clave.publica))
    let p = try ConstructorCortes(configuracion: c, catalogo: catalogo)
    let hora = CortesBanco.hora
    var g = Azar(semilla: 0xD15C_0001)
    for a in catalogo.actas { try p.registrar(actaSinImagen(a, catalogo: catalogo, hora: hora, azar: &g), rutaImagen: nil) }
    var hechos: [CortePublicado] = []
    for n in 0..<3 {
        let t0 = ahora()
        hechos.append(try p.publicarCorte(ahora: MarcaTiempo(segundosUnix: hora.segundosUnix + 900 * Int64(n), desfaseMinutos: -360)))
        print("# corte \(hechos[n].nombre): \(hechos[n].registradas) actas, \(String(format: "%.2f", ahora() - t0)) s")
    }
    let completo = try Directorio.actual.ocupacionEnDisco(NombreArchivo(hechos[0].ruta))
    if conservar { return }
    let t0 = ahora()
    let r = RetencionCortes(carpeta: c.carpeta, conservar: 2, desfaseMinutos: -360).aplicar(ahora: hora)
    let tRetencion = ahora() - t0
    guard r.avisos.isEmpty, r.reducidos.count == 1 else { throw ErrorBanco("retention: \(r)") }
    print("# " + r.reducidos[0])
    let reducido = try Directorio.actual.ocupacionEnDisco(NombreArchivo(hechos[0].ruta))
    let t1 = ahora()
    let informe = try VerificadorCorte.verificar(carpeta: hechos[0].ruta, clave: clave.publica, ahora: hora)
    guard informe.retirados != nil else { throw ErrorBanco("the reduced corte did not verify as reduced") }
    print("# prep verify of the reduced corte: \(informe.filas) rows, \(String(format: "%.2f", ahora() - t1)) s")
    let mb = 1e6
    informar(nombre + "-corte-entero", Double(completo) / mb, "MB", objetivo: "a whole corte, every acta, with its site")
    informar(nombre + "-corte-reducido", Double(reducido) / mb, "MB", objetivo: "the same corte reduced by retention")
    informar(nombre + "-reduccion", tRetencion, "s", objetivo: "one corte reduced, on the corte worker after a corte")
    informar(nombre + "-noche-96-enteros", Double(96 * completo) / 1e9, "GB", objetivo: "96 cortes kept whole, images aside")
    informar(nombre + "-noche-96-keep-8", Double(8 * completo + 88 * reducido) / 1e9, "GB",
             objetivo: escala == .national ? "<= 10 GB, images aside" : "keep_cortes 8, images aside")
}
