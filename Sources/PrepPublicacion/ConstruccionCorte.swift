import PrepDominio
import PrepSistema

extension ConstructorCortes {
    /// Builds, signs and publishes a corte as of `ahora`, whole or not at all:
    /// 1. every file is written into `cortes/.NAME.partial/` and fsynced;
    /// 2. `SHA256` lists them, `SHA256.sig` signs it (signify's embedded form, what `-C` reads);
    /// 3. `imagenes/` is fsynced when `registrar` linked new images into it;
    /// 4. the folder is renamed to `cortes/NAME` (never replacing one) and `cortes/` fsynced;
    /// 5. `latest` is swapped by rename and `publish/` fsynced.
    /// Only then are the included actas reported, for the daemon to mark packaged.
    /// `final` marks the corte that closes the night (manifest `"final": true`; it never expires).
    /// Then, once the corte is durable, retention reduces the cortes older than `keep_cortes`
    /// (`retencion`; its failures are reported in `CortePublicado.retencion`, never thrown: the
    /// corte is already durable).
    public func publicarCorte(ahora: MarcaTiempo, final esFinal: Bool = false) throws(ErrorPublicacion) -> CortePublicado {
        var corte = try publicarSinReducir(ahora: ahora, final: esFinal)
        if let retencion { corte.retencion = retencion.aplicar(ahora: ahora) }
        return corte
    }

    /// `publicarCorte` without retention: the caller reduces the older cortes with `retencion`
    /// when it sees fit (the daemon does it on a thread of its own, off the corte worker). A
    /// reduction never touches the newest corte, the only one a later corte reads.
    public func publicarSinReducir(ahora: MarcaTiempo, final esFinal: Bool = false) throws(ErrorPublicacion) -> CortePublicado {
        try publicarEntero(ahora: ahora, final: esFinal)
    }

    /// Retention as `keep_cortes` is now (nil: every corte is kept whole).
    public var retencion: RetencionCortes? {
        estado.conservarCortes.map { RetencionCortes(carpeta: configuracion.carpeta, conservar: $0, desfaseMinutos: configuracion.desfaseMinutos) }
    }

    /// Replaces `keep_cortes` (a reload): applied after the next corte. nil keeps every corte whole.
    public func cambiarRetencion(_ conservar: Int?) {
        estado.conservarCortes = conservar
    }

    private func publicarEntero(ahora: MarcaTiempo, final esFinal: Bool) throws(ErrorPublicacion) -> CortePublicado {
        let c = configuracion
        let catalogo = self.catalogo
        return try conEstado { (e: inout Estado) throws(ErrorPublicacion) -> CortePublicado in
            let seq = e.ultimoSeq + 1
            // Never before the previous corte, whatever the clock did since.
            let corte = max(ahora, e.ultimoCorte ?? ahora).en(desfaseMinutos: c.desfaseMinutos)
            let nombre = NombreCorte(seq: seq, hora: corte)
            let generado = MarcaTiempo(segundosUnix: Reloj.segundosUnix(), desfaseMinutos: c.desfaseMinutos)
            let expira = MarcaTiempo(segundosUnix: corte.segundosUnix + Int64(3 * c.intervaloSegundos), desfaseMinutos: c.desfaseMinutos)
            var datos = DatosCorte(nombre: nombre, modo: c.modo, corte: corte, generado: generado, expira: expira,
                                   catalogo: catalogo, tablas: e.tablas, final: esFinal)
            datos.cambios = e.cambios
            datos.memoriaSitio = e.memoriaSitio
            let capturas = Self.archivosCapturas(e, registradas: e.tablas.reduce(0) { $0 + $1.resumen.actasRegistradas })
            datos.operadoresAutenticados = capturas?.autenticados ?? false
            if capturas != nil { datos.respaldos = e.respaldos }
            let parcial = carpetaCortes + "/." + nombre.description + ".partial"
            let final = carpetaCortes + "/" + nombre.description
            do {
                var obra = try CorteEnObra(parcial: parcial, previo: e.previo)
                let planEnCurso = planearSitio(datos, nombre: nombre)
                let filasEscritas: [FilasPrevias], piezasReusadas: Int
                do {
                    (filasEscritas, piezasReusadas) = try escribirDatos(&obra, &e, corte: corte, final: final)
                    // The site's lookup files read their rows from these files from now on.
                    datos.csvEscritos.fijar(filasEscritas.map {
                        CSVEscrito(ruta: obra.parcial + "/" + $0.ruta.dropFirst(final.count + 1), filas: $0)
                    })
                    if let capturas {
                        try obra.crearCarpeta("capturas")
                        try obra.escribir(RespaldoActa.archivoOperadores, capturas.operadores)
                        try obra.escribir(RespaldoActa.archivo, capturas.actas)
                    }
                } catch {
                    planEnCurso?.abandonar()
                    throw error
                }
                let fichaSitio = try escribirSitio(&obra, try planEnCurso?.esperar().first?.get(), nombre: nombre)
                let conteos = conteos(e.tablas)
                var manifiesto = Manifiesto(
                    eleccion: "\(catalogo.proceso.siglas)-\(catalogo.proceso.anio)", modo: c.modo, seq: seq, corte: corte,
                    generado: generado, expira: expira, intervaloSegundos: c.intervaloSegundos, catalogoSHA256: c.catalogoSHA256,
                    anteriorSHA256: e.anteriorSHA256, keynum: c.clave.publica.huella, conteos: conteos, final: esFinal)
                manifiesto.perfil = catalogo.proceso.perfil
                manifiesto.operadoresAutenticados = datos.operadoresAutenticados
                manifiesto.host = c.host
                manifiesto.generador = c.generador
                try obra.escribir("manifest.json", manifiesto.bytes)
                let lista = try firmar(obra, nombre: nombre)
                try hacerVisible(obra, nombre: nombre, final: final, sincronizarImagenes: e.imagenesSinSincronizar || e.capturasSinSincronizar)

                e.filasCSV = filasEscritas
                e.previo = ArchivosPrevios(carpeta: final, archivos: obra.hechos)
                // Only speed rides on it (a restart's first corte copies pieces): a failure to
                // write it leaves the last one, which names an older corte and is then ignored.
                if obra.hechos.values.contains(where: { $0.limites != nil }) {
                    try? PiezasGuardadas.guardar(en: c.carpeta, corte: nombre, lista: lista, archivos: obra.hechos)
                }
                e.cambios = CambiosCorte(actas: catalogo.actas.count, fichaSitio: fichaSitio, desde: nombre.description)
                e.ultimoSeq = seq
                e.anteriorSHA256 = lista
                e.imagenesSinSincronizar = false
                e.capturasSinSincronizar = false
                e.ultimoCorte = corte
                e.ultimoFinal = esFinal
                let incluidas = e.nuevas
                e.nuevas.removeAll()
                var hecho = CortePublicado(nombre: nombre, ruta: final, incluidas: incluidas,
                                           registradas: conteos["total"]?.registradas ?? 0)
                hecho.enlazados = obra.enlazados
                hecho.piezasCopiadas = obra.piezasCopiadas
                hecho.piezasReusadas = piezasReusadas
                return hecho
            } catch let error as ErrorPublicacion {
                // The one place a section's failure becomes the corte's: its own reason as it is,
                // a system error prefixed with the corte; the partial folder goes either way.
                try? Directorio.actual.borrarArbol(NombreArchivo(parcial))
                throw error
            } catch {
                try? Directorio.actual.borrarArbol(NombreArchivo(parcial))
                throw ErrorPublicacion("corte \(nombre) not published: \(error)")
            }
        }
    }

    /// `datos/`: each election's CSV (its unchanged rows copied from the last corte's file) and
    /// candidaturas, then the zips (the institute's packaging: each election's on its own core,
    /// reusing the last corte's unchanged deflated pieces) or `LEEME.txt`. Returns the rows' places
    /// in the CSVs written, for the next corte, and how many deflated pieces were reused.
    private func escribirDatos(_ obra: inout CorteEnObra, _ e: inout Estado, corte: MarcaTiempo,
                               final: String) throws -> (filas: [FilasPrevias], piezasReusadas: Int) {
        let c = configuracion, catalogo = self.catalogo, p = catalogo.proceso
        let escritor = EscritorCSV(catalogo: catalogo, desfase: c.desfaseMinutos)
        var porEmpaquetar: [(nombre: String, pieza: String, entradas: [ArchivoZip.Entrada])] = []
        var filasEscritas: [FilasPrevias] = []
        // Each election's CSV on its own core (`hilos`, below the loop's priority; this thread
        // writes those no helper has begun): a national first corte renders half a million rows,
        // and the elections' files are independent (their own file, hash and rows' places).
        let tablas = e.tablas, filasCSV = e.filasCSV, parcial = obra.parcial
        let rutas = tablas.map { "datos/" + EscritorCSV.nombreArchivo(p, catalogo.elecciones[$0.indice]) }
        let escritos = hilos.encargar(tablas.count) { it in
            Result { () throws(ErrorSistema) in
                try Self.escribirCSV(escritor, tablas[it], corte: corte, carpeta: parcial, ruta: rutas[it],
                                     previas: it < filasCSV.count ? filasCSV[it] : nil)
            }
        }.esperar()
        for (it, tabla) in e.tablas.enumerated() {
            let el = catalogo.elecciones[tabla.indice]
            let ruta = rutas[it]
            var (sha256, filas) = try escritos[it].get()
            obra.anotarSinEnlace(ruta, sha256)
            filas.ruta = final + "/" + ruta
            filasEscritas.append(filas)
            let candidaturas = escritor.candidaturas(el)
            try obra.escribir("datos/" + EscritorCSV.nombreCandidaturas(p, el), candidaturas)
            if p.perfil.zip {
                let entradas: [ArchivoZip.Entrada] = [
                    .init(nombre: EscritorCSV.nombreArchivo(p, el),
                          bytes: try Directorio.actual.leerTodo(NombreArchivo(obra.parcial + "/" + ruta))),
                    .init(nombre: EscritorCSV.nombreCandidaturas(p, el), bytes: candidaturas),
                    .init(nombre: "leeme.txt", bytes: textoLeemeIECM(catalogo, el, desfase: c.desfaseMinutos)),
                ]
                porEmpaquetar.append((Self.nombreZip(corte, p, etiqueta: p.perfil.disposicion(el).etiqueta), ruta, entradas))
            }
        }
        guard p.perfil.zip else {
            try obra.escribir("datos/LEEME.txt", textoLeeme(catalogo, desfase: c.desfaseMinutos))
            return (filasEscritas, 0)
        }
        // Each election's zip deflates its CSV on its own core: deflate is most of a CDMX corte,
        // and the three are independent. Pieces of the last corte's zip that did not change are
        // reused (MemoriaDeflate).
        let previas = e.piezasZip
        let zips = enParalelo(porEmpaquetar.count, minimo: 2) { [porEmpaquetar] i in
            Result { () throws(ErrorPublicacion) -> ([UInt8], MemoriaDeflate) in
                var memoria = MemoriaDeflate()
                let z = try ArchivoZip.bytes(porEmpaquetar[i].entradas, hora: corte, memoria: &memoria,
                                             previa: previas[porEmpaquetar[i].pieza])
                return (z, memoria)
            }
        }
        var paquetes: [ArchivoZip.Entrada] = []
        var piezas: [String: MemoriaDeflate] = [:]
        var reusadas = 0
        for (i, z) in zips.enumerated() {
            let (bytes, memoria) = try z.get()
            paquetes.append(.init(nombre: porEmpaquetar[i].nombre, bytes: bytes))
            piezas[porEmpaquetar[i].pieza] = memoria
            reusadas += memoria.reusados
        }
        e.piezasZip = piezas
        try obra.escribir("datos/" + Self.nombreZip(corte, p, etiqueta: nil), try ArchivoZip.bytes(paquetes, hora: corte, deflactar: false))
        return (filasEscritas, reusadas)
    }

    /// The site's plan of `datos`, begun on a helper (`hilos`) when a site is configured: it reads
    /// only `datos`, so it is made while this thread writes the CSVs (on a national first corte,
    /// each alone fills a core). Wait for it with `esperar`, or `abandonar` it.
    private func planearSitio(_ datos: DatosCorte, nombre: NombreCorte) -> Encargo<Result<PlanSitio, ErrorPublicacion>>? {
        configuracion.sitio.map { sitio in
            hilos.encargar(1) { _ in Result { () throws(ErrorPublicacion) -> PlanSitio in
                do { return try sitio.plan(datos) } catch {
                    throw ErrorPublicacion("corte \(nombre): the site generator failed: \(error)")
                }
            } }
        }
    }

    /// The results site, when configured (`plan`, made from the corte's data): its files, made on
    /// every core (those whose actas did not change are links to the last corte's), then one
    /// syncfs, so the site's data is durable before `SHA256` lists it. Returns the plan's token for
    /// the next corte ("" without a site).
    private func escribirSitio(_ obra: inout CorteEnObra, _ plan: PlanSitio?, nombre: NombreCorte) throws -> String {
        guard let plan else { return "" }
        var rutas = Set<String>()
        for a in plan.archivos {
            guard ListaSHA256.rutaValida(a.ruta), !a.ruta.hasPrefix("datos/"),
                  !["manifest.json", "SHA256", "SHA256.sig"].contains(a.ruta), obra.hashes[a.ruta] == nil,
                  rutas.insert(a.ruta).inserted else {
                throw ErrorPublicacion("corte \(nombre): the site generator produced a forbidden path '\(a.ruta)'")
            }
            try obra.crearCarpetas(para: a.ruta)
        }
        // Thousands of small files, made durable together by one syncfs, not one fsync each.
        for h in try ArchivosPrevios.hacer(plan.archivos, en: obra.parcial, previo: obra.previo, corte: nombre, hilos: hilos) { obra.anotar(h) }
        let d = try Directorio.actual.abrir(sub: NombreArchivo(obra.parcial))
        defer { d.cerrar() }
        try d.sincronizarSistemaDeArchivos()
        return plan.ficha
    }

    /// The manifest's counts: each election's and their total.
    private func conteos(_ tablas: [TablaEleccion]) -> [String: Conteos] {
        var conteos: [String: Conteos] = [:]
        var total = Conteos()
        for t in tablas {
            let x = Conteos(t.resumen)
            conteos[catalogo.elecciones[t.indice].codigo] = x
            total = total + x
        }
        conteos["total"] = total
        return conteos
    }

    /// `SHA256` listing every file written, and `SHA256.sig` signing it, both fsynced, then every
    /// folder of the corte (deepest first). Returns the list's own SHA-256 (the next corte's
    /// `previous_sha256`).
    private func firmar(_ obra: CorteEnObra, nombre: NombreCorte) throws -> HuellaSHA256 {
        let c = configuracion, p = catalogo.proceso
        let bytesLista = ListaSHA256(entradas: obra.hashes).bytes
        let firma: [UInt8]
        do {
            firma = try c.clave.firmarEmbebido(bytesLista, comentario: "verify with the PREP \(p.siglas) \(p.anio) public key (keynum \(c.clave.publica.huella))")
        } catch { throw ErrorPublicacion("corte \(nombre): signing failed: \(error)") }
        try Directorio.actual.escribirArchivo(NombreArchivo(obra.parcial + "/SHA256"), bytesLista, sincronizar: true)
        try Directorio.actual.escribirArchivo(NombreArchivo(obra.parcial + "/SHA256.sig"), firma, sincronizar: true)
        for carpeta in obra.carpetas.sorted(by: { $0.count > $1.count }) { try Directorio.actual.sincronizar(sub: NombreArchivo(carpeta)) }
        return SHA256.resumen(bytesLista)
    }

    /// Steps 3–5: the images (and published captures) the corte names made durable first, then the
    /// corte's folder renamed into `cortes/` and `latest` swapped to it, each rename synced.
    private func hacerVisible(_ obra: CorteEnObra, nombre: NombreCorte, final: String,
                              sincronizarImagenes: Bool) throws(ErrorSistema) {
        // New images are the corte's own copies: their data and names are durable before the
        // corte that names them is (one syncfs covers every copy at once).
        if sincronizarImagenes {
            let d = try Directorio.actual.abrir(sub: NombreArchivo(carpetaImagenes))
            defer { d.cerrar() }
            try d.sincronizarSistemaDeArchivos()
        }
        try Directorio.actual.renombrar(NombreArchivo(obra.parcial), a: Directorio.actual, NombreArchivo(final))
        try Directorio.actual.sincronizar(sub: NombreArchivo(carpetaCortes))
        try Directorio.actual.cambiarEnlace(NombreArchivo(enlaceLatest), destino: "cortes/" + nombre.description)
        try Directorio.actual.sincronizar(sub: NombreArchivo(configuracion.carpeta))
    }

    /// Writes one election's CSV into the corte folder and fsyncs it, reusing the unchanged rows
    /// of the last corte's file when there is one; when that file is not what this process wrote,
    /// the CSV is written again from the table alone. Returns the file's SHA-256 and its rows' places.
    static func escribirCSV(_ escritor: EscritorCSV, _ tabla: TablaEleccion, corte: MarcaTiempo, carpeta: String, ruta: String,
                            previas: FilasPrevias?) throws(ErrorSistema) -> (sha256: HuellaSHA256, filas: FilasPrevias) {
        let fd = try FileDescriptor.cwd.abrir(carpeta + "/" + ruta, [.soloEscritura, .crear, .exclusivo])
        let r = try fd.cerrarDespues(ruta: ruta) { fd throws(ErrorSistema) in
            let r = try escritor.escribir(tabla, corte: corte, en: fd, ruta: ruta, previas: previas)
            if r != nil { try fd.sincronizar(ruta: ruta) }
            return r
        }
        if let r { return r }
        try Directorio.actual.borrar(NombreArchivo(carpeta + "/" + ruta))
        return try escribirCSV(escritor, tabla, corte: corte, carpeta: carpeta, ruta: ruta, previas: nil)
    }

    /// `YYYYMMDD_HHMM_PREP_CDMX.zip`, or with `etiqueta` the election's `YYYYMMDD_HHMM_PREP_GUB_CDMX.zip`
    /// (the IECM's packaging), at the corte's local time.
    static func nombreZip(_ corte: MarcaTiempo, _ p: Proceso, etiqueta: String?) -> String {
        let c = corte.civil()
        func d(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
        return "\(d(c.anio, 4))\(d(c.mes, 2))\(d(c.dia, 2))_\(d(c.hora, 2))\(d(c.minuto, 2))_PREP_" + (etiqueta.map { $0 + "_" } ?? "") + p.siglas + ".zip"
    }
}
