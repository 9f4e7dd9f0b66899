import PrepDominio
import PrepPublicacion
import PrepSistema
import PrepSpool

/// `prep adopt`: the recovery of a spool whose chain is behind, or forked from, the published one
/// (`ComprobacionCadena` refused its start). With the spool's lock held, as a start would:
/// 1. the published chain is read from the source (every corte's `SHA256` and manifest) and
///    checked from its latest corte, which must verify with this spool's key, back to seq 1
///    through each `previous_sha256`;
/// 2. from the first seq where this spool's corte differs (or is missing) to the published latest,
///    the published cortes are copied whole, with the images (and signed captures) they name,
///    and each is verified (`prep verify --previous`) before anything in the spool changes;
/// 3. this spool's own cortes from that seq on are set aside in `publish/apartados/` (kept for the
///    audit, never published again), the copies renamed into `publish/cortes/`, `latest` swapped;
/// 4. every packaged acta the adopted corte does not have a row for goes back to `verified/`
///    (history line `desempaquetada`), so the next corte, which follows the published one,
///    publishes it. Every acta of the published corte stays: its rows are the new base.
public enum AdopcionCorte {
    /// What the adoption did.
    public struct Informe: Sendable {
        /// The published latest seq, now this spool's last corte.
        public let seq: Int
        /// Corte folders copied from the source (empty: the spool already had the published chain).
        public let adoptados: [String]
        /// This spool's cortes moved to `publish/apartados/`.
        public let apartados: [String]
        /// Packaged actas sent back to `verified/` for the next corte.
        public let reregistradas: Int
    }

    public static func ejecutar(_ config: Configuracion, desde: FuentePublicada?) throws(Servicio.Fallo) -> Informe {
        guard let fuente = desde ?? config.fuentePublicada else {
            throw Servicio.Fallo(description: "no published_source in \(config.carpetaConfig.map { $0 + "/" } ?? "")the configuration and no --from: nothing to adopt from")
        }
        let catalogo: Catalogo
        do { catalogo = try leerCatalogo(ruta: config.catalogo) } catch { throw Servicio.Fallo(description: "\(error)") }
        let registro = Registro(detallado: false, desfaseMinutos: config.desfaseUTCMinutos)
        do {
            let spool = try Spool.abrir(raiz: config.spool, crear: false, reglas: ReglasDominio(catalogo: catalogo),
                                        desfaseMinutos: config.desfaseUTCMinutos, registro: registro)
            try spool.recuperar()
            let c = try CicloCortes.configuracionCortes(config)
            let lectura = LecturaPublicada(fuente: fuente)
            let tmp = config.spool + "/" + Disposicion.tmp + "/adopcion"
            defer { try? Directorio.actual.borrarArbol(NombreArchivo(tmp)) }
            let copia = try copiar(lectura, a: tmp, publish: c.carpeta, clave: c.clave.publica, catalogoSHA256: c.catalogoSHA256)
            guard !copia.nombres.isEmpty else { return Informe(seq: copia.seq, adoptados: [], apartados: [], reregistradas: 0) }
            let apartados = try instalar(copia, desde: tmp + "/cortes", publish: c.carpeta)
            // The adopted corte read back as a start does: the base of the next corte.
            let cortes = try ConstructorCortes(configuracion: c, catalogo: catalogo)
            let fuera = try spool.claves(.packaged).filter { !cortes.registrada($0) }
            try spool.desempaquetar(fuera, detalle: "not in corte \(copia.seq) adopted from \(fuente): published again by the next corte")
            return Informe(seq: copia.seq, adoptados: copia.nombres, apartados: apartados, reregistradas: fuera.count)
        } catch let f as Servicio.Fallo {
            throw f
        } catch {
            throw Servicio.Fallo(description: "\(error)")
        }
    }

    /// The published cortes this spool lacks or has otherwise, copied into `tmp/cortes/` and
    /// verified; their images and captures copied into `publish`. `nombres` empty: none to adopt.
    struct Copia {
        let seq: Int
        let nombres: [String]
        /// The first seq adopted (this spool's cortes from it on are set aside).
        let desde: Int
    }

    static func copiar(_ lectura: LecturaPublicada, a tmp: String, publish: String, clave: ClavePublicaSignify,
                       catalogoSHA256: HuellaSHA256) throws -> Copia {
        let origen = try lectura.rutaRsync()
        // rsync makes only the last folder of a destination.
        try lectura.limpiar(tmp + "/cortes")
        let publicado = try ComprobacionCadena.leer(try lectura.ultimo(destino: tmp + "/ultimo"), clave: clave)
        // Every published corte's SHA256 and manifest (small), to find where this spool differs.
        try lectura.rsync(["--include=*/", "--include=/*/SHA256", "--include=/*/manifest.json", "--exclude=*",
                           origen + "/../", tmp + "/cadena/"])
        var publicados: [Int: (nombre: String, sha256: HuellaSHA256, anterior: HuellaSHA256?)] = [:]
        for e in try Directorio.actual.listar(NombreArchivo(tmp + "/cadena")) {
            let n = e.nombre.description
            guard let nc = NombreCorte(n) else { continue }
            let lista = try Directorio.actual.leerTodo(NombreArchivo(tmp + "/cadena/" + n + "/SHA256"))
            let m = try Manifiesto(analizando: try Directorio.actual.leerTodo(NombreArchivo(tmp + "/cadena/" + n + "/manifest.json")))
            publicados[nc.seq] = (n, SHA256.resumen(lista), m.anteriorSHA256)
        }
        // The signed latest vouches for each earlier SHA256 through previous_sha256.
        var esperado: HuellaSHA256? = publicado.sha256
        for k in stride(from: publicado.seq, through: 1, by: -1) {
            guard let p = publicados[k], p.sha256 == esperado else {
                throw ErrorPublicacion("the published chain at \(origen) does not hold together at seq \(k): missing, or not the corte seq \(k + 1) names")
            }
            esperado = p.anterior
        }
        let cortes = publish + "/cortes"
        guard let desde = (1...publicado.seq).first(where: { ComprobacionCadena.hashCorte(cortes, seq: $0) != publicados[$0]?.sha256 }) else {
            return Copia(seq: publicado.seq, nombres: [], desde: publicado.seq + 1)
        }
        // Images and captures first: a corte never arrives before what it names.
        try lectura.rsync(["--ignore-existing", origen + "/../../imagenes/", publish + "/imagenes/"])
        // Signed captures are published only where the publish command copies them: absent on
        // the source, the verification below names any capture a corte lists and lacks.
        _ = try? lectura.rsync(["--ignore-existing", origen + "/../../capturas/", publish + "/capturas/"])
        var nombres: [String] = []
        var anterior: String? = desde > 1 ? try carpetaCorte(cortes, seq: desde - 1) : nil
        for k in desde...publicado.seq {
            // Every seq up to the latest is there: the chain was walked above.
            guard let n = publicados[k]?.nombre else { throw ErrorPublicacion("published corte \(k) vanished") }
            let destino = tmp + "/cortes/" + n
            try lectura.rsync([origen + "/../" + n + "/", destino + "/"])
            do {
                let informe = try VerificadorCorte.verificar(carpeta: destino, clave: clave, anterior: anterior, imagenes: publish + "/imagenes",
                                                             capturas: publish + "/capturas",
                                                             ahora: MarcaTiempo(segundosUnix: Reloj.segundosUnix(), desfaseMinutos: 0))
                guard informe.manifiesto.catalogoSHA256 == catalogoSHA256 else {
                    throw ErrorPublicacion("published corte \(n) counts against another catálogo (\(informe.manifiesto.catalogoSHA256))")
                }
            } catch let e as ErrorPublicacion {
                throw e
            } catch {
                throw ErrorPublicacion("published corte \(n) does not verify here: \(error)")
            }
            nombres.append(n)
            anterior = destino
        }
        return Copia(seq: publicado.seq, nombres: nombres, desde: desde)
    }

    /// The folder of this spool's corte `seq`.
    static func carpetaCorte(_ cortes: String, seq: Int) throws -> String {
        guard let n = try Directorio.actual.listar(NombreArchivo(cortes)).map(\.nombre.description).first(where: { NombreCorte($0)?.seq == seq }) else {
            throw ErrorPublicacion("this spool has no corte \(seq)")
        }
        return cortes + "/" + n
    }

    /// Sets this spool's cortes from `copia.desde` on aside, renames the copies in, swaps `latest`.
    /// Returns the names set aside.
    static func instalar(_ copia: Copia, desde tmp: String, publish: String) throws -> [String] {
        let cortes = publish + "/cortes", apartados = publish + "/apartados"
        try Directorio.actual.crearCarpetas(NombreArchivo(apartados))
        var movidos: [String] = []
        for e in try Directorio.actual.listar(NombreArchivo(cortes)) {
            let n = e.nombre.description
            guard let nc = NombreCorte(n), nc.seq >= copia.desde else { continue }
            var destino = n
            // A corte set aside before under the same name (a second adoption) is kept too.
            var i = 1
            while Directorio.actual.existe(NombreArchivo(apartados + "/" + destino)) {
                destino = n + "." + String(i)
                i += 1
            }
            try Directorio.actual.renombrar(NombreArchivo(cortes + "/" + n), a: Directorio.actual, NombreArchivo(apartados + "/" + destino))
            movidos.append(n)
        }
        try Directorio.actual.sincronizar(sub: NombreArchivo(apartados))
        // rsync does not fsync what it wrote: one syncfs makes the copies, images and captures
        // durable before any name in cortes/ points at them.
        let d = try Directorio.actual.abrir(sub: NombreArchivo(publish))
        defer { d.cerrar() }
        try d.sincronizarSistemaDeArchivos()
        for n in copia.nombres {
            try Directorio.actual.renombrar(NombreArchivo(tmp + "/" + n), a: Directorio.actual, NombreArchivo(cortes + "/" + n))
        }
        try Directorio.actual.sincronizar(sub: NombreArchivo(cortes))
        if let ultimo = copia.nombres.last {
            try Directorio.actual.cambiarEnlace(NombreArchivo(publish + "/latest"), destino: "cortes/" + ultimo)
        }
        try Directorio.actual.sincronizar(sub: NombreArchivo(publish))
        return movidos.sorted()
    }
}
