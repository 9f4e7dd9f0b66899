import Glibc
import PrepDominio
import PrepPublicacion
import PrepSistema

/// `prep _simulate-cortes`: hidden, for the corte kill test. A miniature daemon around
/// `Publicador`: a spool root with `verified/KEY` and `packaged/KEY` marker files and
/// `images/KEY.jpg`; each round verifies a batch of synthetic actas, publishes a corte, and only
/// then moves the included actas from `verified/` to `packaged/` — the order the real daemon
/// must follow. SIGKILL it at any moment: cortes stay whole, and packaged actas are published.
let comandoSimularCortes = Comando(
    nombre: "_simulate-cortes",
    resumen: "(internal) publish synthetic cortes in a loop, for the kill test",
    descripcion: """
    Internal test harness: N rounds (default 1000) of B new synthetic verified actas
    (default 50) and one corte each, in DIR/publish.
    """,
    opciones: [
        .valor("root", "DIR", "the miniature spool", obligatoria: true),
        .valor("catalog", "DIR", "the catálogo folder", obligatoria: true),
        .valor("key", "SEC", "the signing key", obligatoria: true),
        .valor("rounds", "N", "cortes to publish (default 1000)"),
        .valor("batch", "B", "new actas per corte (default 50)"),
    ],
    ejecutar: { args in
        guard let raiz = args.valor("root"), let rutaCatalogo = args.valor("catalog"), let rutaClave = args.valor("key") else {
            avisar("prep _simulate-cortes: --root, --catalog and --key are required")
            return 2
        }
        let rondas = Int(args.valor("rounds") ?? "1000") ?? 1000
        let lote = Int(args.valor("batch") ?? "50") ?? 50
        do {
            let archivos = try leerArchivosCatalogo(ruta: rutaCatalogo)
            let catalogo = try cargarCatalogo(archivos, ruta: rutaCatalogo)
            let huella = SHA256.hex(try huellaCatalogo(archivos: archivos))
            let clave = try ArchivoClaves.leerSecreta(rutaClave)
            for d in ["", "/verified", "/packaged", "/images"] where mkdir(raiz + d, 0o755) != 0 && errno != EEXIST {
                throw ErrorPublicacion("mkdir \(raiz + d): \(Errno.actual)")
            }
            let config = ConfiguracionPublicador(carpeta: raiz + "/publish", modo: .simulacro, desfaseMinutos: -360,
                                                 intervaloSegundos: 60, catalogoSHA256: huella, clave: clave)
            let publicador = try Publicador(configuracion: config, catalogo: catalogo)
            let t0 = MarcaTiempo(segundosUnix: 1_717_380_000, desfaseMinutos: -360)
            var indice: [String: Int] = [:]
            for (i, a) in catalogo.actas.enumerated() { indice[a.clave.texto] = i }
            func acta(_ i: Int) throws -> (ActaVerificada, String) {
                let k = catalogo.actas[i].clave
                let bytes = ActaSintetica.imagen(k)
                return (try ActaSintetica.acta(i, catalogo: catalogo, bytesImagen: bytes, momento: t0), raiz + "/images/" + k.texto + ".jpg")
            }
            // Start: feed what is verified but not yet packaged.
            let verificadas = try listar(raiz + "/verified")
            for n in verificadas {
                guard let i = indice[n] else { continue }
                let (a, img) = try acta(i)
                try publicador.registrar(a, rutaImagen: a.imagen == nil ? nil : img)
            }
            var siguiente = verificadas.count + (try listar(raiz + "/packaged")).count
            for _ in 0..<rondas {
                for _ in 0..<lote where siguiente < catalogo.actas.count {
                    let (a, img) = try acta(siguiente)
                    let k = a.clave.texto
                    if a.imagen != nil { try escribirDurable(img, ActaSintetica.imagen(a.clave)) }
                    try escribirDurable(raiz + "/verified/" + k, [])
                    try publicador.registrar(a, rutaImagen: a.imagen == nil ? nil : img)
                    siguiente += 1
                }
                let corte = try publicador.publicarCorte(
                    ahora: MarcaTiempo(segundosUnix: t0.segundosUnix + Int64(publicador.ultimoSeq * 60), desfaseMinutos: 0))
                for k in corte.incluidas where rename(raiz + "/verified/" + k.texto, raiz + "/packaged/" + k.texto) != 0 {
                    throw ErrorPublicacion("rename \(k): \(Errno.actual)")
                }
                try sincronizar(raiz + "/verified")
                try sincronizar(raiz + "/packaged")
                imprimir(corte.nombre.description)
                fflush(nil)
            }
            return 0
        } catch {
            avisar("prep _simulate-cortes: \(error)")
            return 1
        }
    }
)

private func listar(_ ruta: String) throws -> [String] {
    guard let d = opendir(ruta) else { throw ErrorPublicacion("opendir \(ruta): \(Errno.actual)") }
    defer { closedir(d) }
    var n: [String] = []
    while let e = readdir(d) {
        let s = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
        if !s.hasPrefix(".") { n.append(s) }
    }
    return n
}

private func escribirDurable(_ ruta: String, _ bytes: [UInt8]) throws {
    let fd = try FileDescriptor.cwd.abrir(ruta, [.soloEscritura, .crear, .truncar])
    defer { try? fd.cerrar() }
    try fd.escribirTodo(bytes)
    try fd.sincronizar()
}

private func sincronizar(_ carpeta: String) throws {
    let fd = try FileDescriptor.cwd.abrir(carpeta, [.soloLectura, .directorio])
    defer { try? fd.cerrar() }
    try fd.sincronizar()
}
