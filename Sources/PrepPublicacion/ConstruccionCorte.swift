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
        let cortes = carpetaCortes, imagenes = carpetaImagenes, latest = enlaceLatest
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
            let capturas = Self.archivosCapturas(e, registradas: e.tablas.reduce(0) { $0 + $1.resumen.actasRegistradas })
            datos.operadoresAutenticados = capturas?.autenticados ?? false
            if capturas != nil { datos.respaldos = e.respaldos }
            let parcial = cortes + "/." + nombre.description + ".partial"
            let final = cortes + "/" + nombre.description
            do {
                try Directorio.actual.borrarArbol(NombreArchivo(parcial))
                try Directorio.actual.crearCarpeta(NombreArchivo(parcial))
                try Directorio.actual.crearCarpeta(NombreArchivo(parcial + "/datos"))
                var hashes: [String: HuellaSHA256] = [:]
                var carpetas: Set<String> = [parcial, parcial + "/datos"]
                // Every file but the CSVs and the signed list, as the next corte may link it.
                var hechos: [String: ArchivosPrevios.Archivo] = [:]
                var enlazados = 0
                func anotar(_ h: ArchivosPrevios.Hecho) {
                    hashes[h.ruta] = h.archivo.sha256
                    hechos[h.ruta] = h.archivo
                    if h.enlazado { enlazados += 1 }
                }
                // A file with the bytes of the previous corte's at the same path is linked to it.
                func escribir(_ ruta: String, _ bytes: [UInt8]) throws(ErrorSistema) {
                    anotar(try ArchivosPrevios.poner(ruta, bytes, sha256: SHA256.resumen(bytes), en: parcial, previo: e.previo, sincronizar: true))
                }

                let escritor = EscritorCSV(catalogo: catalogo, desfase: c.desfaseMinutos)
                let p = catalogo.proceso
                var porEmpaquetar: [(nombre: String, pieza: String, entradas: [ArchivoZip.Entrada])] = []
                var filasEscritas: [FilasPrevias] = []
                for (it, tabla) in e.tablas.enumerated() {
                    let el = catalogo.elecciones[tabla.indice]
                    let ruta = "datos/" + EscritorCSV.nombreArchivo(p, el)
                    let previas = it < e.filasCSV.count ? e.filasCSV[it] : nil
                    var (sha256, filas) = try Self.escribirCSV(escritor, tabla, corte: corte, carpeta: parcial, ruta: ruta, previas: previas)
                    hashes[ruta] = sha256
                    filas.ruta = final + "/" + ruta
                    filasEscritas.append(filas)
                    let candidaturas = escritor.candidaturas(el)
                    try escribir("datos/" + EscritorCSV.nombreCandidaturas(p, el), candidaturas)
                    if p.perfil.zip {
                        let entradas: [ArchivoZip.Entrada] = [
                            .init(nombre: EscritorCSV.nombreArchivo(p, el),
                                  bytes: try Directorio.actual.leerTodo(NombreArchivo(parcial + "/" + ruta))),
                            .init(nombre: EscritorCSV.nombreCandidaturas(p, el), bytes: candidaturas),
                            .init(nombre: "leeme.txt", bytes: textoLeemeIECM(catalogo, el, desfase: c.desfaseMinutos)),
                        ]
                        porEmpaquetar.append((Self.nombreZip(corte, p, etiqueta: p.perfil.disposicion(el).etiqueta), ruta, entradas))
                    }
                }
                if p.perfil.zip {
                    // Each election's zip deflates its CSV on its own core: deflate is most of a
                    // CDMX corte, and the three are independent.
                    // Pieces of the last corte's zip that did not change are reused (MemoriaDeflate).
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
                    for (i, z) in zips.enumerated() {
                        let (bytes, memoria) = try z.get()
                        paquetes.append(.init(nombre: porEmpaquetar[i].nombre, bytes: bytes))
                        piezas[porEmpaquetar[i].pieza] = memoria
                    }
                    e.piezasZip = piezas
                    try escribir("datos/" + Self.nombreZip(corte, p, etiqueta: nil), try ArchivoZip.bytes(paquetes, hora: corte, deflactar: false))
                } else {
                    try escribir("datos/LEEME.txt", textoLeeme(catalogo, desfase: c.desfaseMinutos))
                }

                if let capturas {
                    try Directorio.actual.crearCarpeta(NombreArchivo(parcial + "/capturas"))
                    carpetas.insert(parcial + "/capturas")
                    try escribir(RespaldoActa.archivoOperadores, capturas.operadores)
                    try escribir(RespaldoActa.archivo, capturas.actas)
                }

                var fichaSitio = ""
                if let sitio = c.sitio {
                    let plan: PlanSitio
                    do { plan = try sitio.plan(datos) } catch {
                        throw ErrorPublicacion("corte \(nombre): the site generator failed: \(error)")
                    }
                    fichaSitio = plan.ficha
                    var rutas = Set<String>()
                    for a in plan.archivos {
                        guard ListaSHA256.rutaValida(a.ruta), !a.ruta.hasPrefix("datos/"),
                              !["manifest.json", "SHA256", "SHA256.sig"].contains(a.ruta), hashes[a.ruta] == nil,
                              rutas.insert(a.ruta).inserted else {
                            throw ErrorPublicacion("corte \(nombre): the site generator produced a forbidden path '\(a.ruta)'")
                        }
                        var carpeta = parcial
                        for parte in a.ruta.split(separator: "/").dropLast() {
                            carpeta += "/" + parte
                            if !carpetas.contains(carpeta) {
                                try Directorio.actual.crearCarpeta(NombreArchivo(carpeta))
                                carpetas.insert(carpeta)
                            }
                        }
                    }
                    // Made on every core; thousands of small files, made durable together by one
                    // syncfs below, not one fsync each. Files whose actas did not change are links.
                    for h in try ArchivosPrevios.hacer(plan.archivos, en: parcial, previo: e.previo, corte: nombre) { anotar(h) }
                    // The site's data is durable before SHA256 lists it (the folders are synced below).
                    let d = try Directorio.actual.abrir(sub: NombreArchivo(parcial))
                    defer { d.cerrar() }
                    try d.sincronizarSistemaDeArchivos()
                }

                var conteos: [String: Conteos] = [:]
                var total = Conteos()
                for t in e.tablas {
                    let x = Conteos(t.resumen)
                    conteos[catalogo.elecciones[t.indice].codigo] = x
                    total = total + x
                }
                conteos["total"] = total
                var manifiesto = Manifiesto(
                    eleccion: "\(p.siglas)-\(p.anio)", modo: c.modo, seq: seq, corte: corte, generado: generado,
                    expira: expira, intervaloSegundos: c.intervaloSegundos, catalogoSHA256: c.catalogoSHA256,
                    anteriorSHA256: e.anteriorSHA256, keynum: c.clave.publica.huella, conteos: conteos, final: esFinal)
                manifiesto.perfil = p.perfil
                manifiesto.operadoresAutenticados = datos.operadoresAutenticados
                manifiesto.host = c.host
                manifiesto.generador = c.generador
                try escribir("manifest.json", manifiesto.bytes)

                let lista = ListaSHA256(entradas: hashes)
                let bytesLista = lista.bytes
                let firma: [UInt8]
                do {
                    firma = try c.clave.firmarEmbebido(bytesLista, comentario: "verify with the PREP \(p.siglas) \(p.anio) public key (keynum \(c.clave.publica.huella))")
                } catch { throw ErrorPublicacion("corte \(nombre): signing failed: \(error)") }
                try Directorio.actual.escribirArchivo(NombreArchivo(parcial + "/SHA256"), bytesLista, sincronizar: true)
                try Directorio.actual.escribirArchivo(NombreArchivo(parcial + "/SHA256.sig"), firma, sincronizar: true)
                for carpeta in carpetas.sorted(by: { $0.count > $1.count }) { try Directorio.actual.sincronizar(sub: NombreArchivo(carpeta)) }

                // Images before the corte that names them.
                // New images are the corte's own copies: their data and names are durable before
                // the corte that names them is (one syncfs covers every copy at once).
                if e.imagenesSinSincronizar || e.capturasSinSincronizar {
                    let d = try Directorio.actual.abrir(sub: NombreArchivo(imagenes))
                    defer { d.cerrar() }
                    try d.sincronizarSistemaDeArchivos()
                }

                try Directorio.actual.renombrar(NombreArchivo(parcial), a: Directorio.actual, NombreArchivo(final))
                try Directorio.actual.sincronizar(sub: NombreArchivo(cortes))
                try Directorio.actual.cambiarEnlace(NombreArchivo(latest), destino: "cortes/" + nombre.description)
                try Directorio.actual.sincronizar(sub: NombreArchivo(c.carpeta))

                e.filasCSV = filasEscritas
                e.previo = ArchivosPrevios(carpeta: final, archivos: hechos)
                e.cambios = CambiosCorte(actas: catalogo.actas.count, fichaSitio: fichaSitio)
                e.ultimoSeq = seq
                e.anteriorSHA256 = SHA256.resumen(bytesLista)
                e.imagenesSinSincronizar = false
                e.capturasSinSincronizar = false
                e.ultimoCorte = corte
                e.ultimoFinal = esFinal
                let incluidas = e.nuevas
                e.nuevas.removeAll()
                var hecho = CortePublicado(nombre: nombre, ruta: final, incluidas: incluidas, registradas: total.registradas)
                hecho.enlazados = enlazados
                return hecho
            } catch let error as ErrorPublicacion {
                try? Directorio.actual.borrarArbol(NombreArchivo(parcial))
                throw error
            } catch {
                try? Directorio.actual.borrarArbol(NombreArchivo(parcial))
                throw ErrorPublicacion("corte \(nombre) not published: \(error)")
            }
        }
    }

    /// Writes one election's CSV into the corte folder and fsyncs it, reusing the unchanged rows
    /// of the last corte's file when there is one; when that file is not what this process wrote,
    /// the CSV is written again from the table alone. Returns the file's SHA-256 and its rows' places.
    static func escribirCSV(_ escritor: EscritorCSV, _ tabla: TablaEleccion, corte: MarcaTiempo, carpeta: String, ruta: String,
                            previas: FilasPrevias?) throws(ErrorSistema) -> (sha256: HuellaSHA256, filas: FilasPrevias) {
        let fd = try FileDescriptor.cwd.abrir(carpeta + "/" + ruta, [.soloEscritura, .crear, .exclusivo])
        let r = try fd.cerrarDespues(ruta: ruta) { fd throws(ErrorSistema) in
            let r = try escritor.escribir(tabla, corte: corte, en: fd, ruta: ruta, previas: previas)
            if r != nil { try Self.sincronizar(fd, ruta) }
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

    static func sincronizar(_ fd: FileDescriptor, _ ruta: String) throws(ErrorSistema) {
        do { try fd.sincronizar() } catch { throw ErrorSistema("fsync", ruta, error) }
    }
}
