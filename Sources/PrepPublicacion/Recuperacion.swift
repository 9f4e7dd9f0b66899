import PrepDominio
import PrepSistema

extension ConstructorCortes {
    /// Start-up: drop unfinished cortes, then load the highest complete one (see `ConstructorCortes`),
    /// then check every image copy it does not name (`revisarCopias`).
    static func recuperar(_ e: inout Estado, configuracion c: ConfiguracionCortes, catalogo: Catalogo) throws(ErrorPublicacion)
        -> RevisionCopias {
        let cortes = c.carpeta + "/cortes"
        let nombres: [String]
        do {
            nombres = try Directorio.actual.listar(NombreArchivo(cortes)).map(\.nombre.description)
            // A crash mid-corte leaves only a hidden `.NAME.partial`: never published, never referenced.
            for n in nombres where n.hasPrefix(".") { try Directorio.actual.borrarArbol(NombreArchivo(cortes + "/" + n)) }
            try? Directorio.actual.borrar(NombreArchivo(c.carpeta + "/latest.tmp"))
            try? Directorio.actual.borrar(NombreArchivo(c.carpeta + "/" + PiezasGuardadas.temporal))
            try Directorio.actual.sincronizar(sub: NombreArchivo(cortes))
        } catch { throw ErrorPublicacion("cannot clean \(cortes): \(error)") }
        let carpetaImagenes = c.carpeta + "/imagenes"
        let listado: ListadoImagenes
        do { listado = try ListadoImagenes.leer(carpetaImagenes) } catch { throw ErrorPublicacion("cannot list \(carpetaImagenes): \(error)") }
        var cubiertas = Set<HuellaSHA256>()
        try cargarUltimo(&e, cortes: cortes, nombres: nombres, imagenes: listado.porHash, cubiertas: &cubiertas,
                         configuracion: c, catalogo: catalogo)
        var revision = try revisarCopias(carpetaImagenes, listado, cubiertas: cubiertas)
        let capturas = Set(e.respaldos.values.flatMap(\.capturas))
        revision.descartadas += try limpiarCapturas(c.carpeta + "/capturas", cubiertas: capturas)
        return revision
    }

    /// Loads the highest complete corte in `cortes/` (none: nothing to load). `cubiertas` gets the
    /// SHA-256 of every image its rows name.
    static func cargarUltimo(_ e: inout Estado, cortes: String, nombres: [String], imagenes: [HuellaSHA256: String],
                             cubiertas: inout Set<HuellaSHA256>, configuracion c: ConfiguracionCortes,
                             catalogo: Catalogo) throws(ErrorPublicacion) {
        let completos = nombres.compactMap { n in NombreCorte(n).map { (n, $0) } }
        guard let (nombre, nc) = completos.max(by: { $0.1.seq < $1.1.seq }) else { return }
        let carpeta = cortes + "/" + nombre
        // Retention never reduces the newest corte; one reduced by hand (or the newer cortes
        // removed by hand) has no CSVs to read back, and no site: no corte can follow it safely.
        guard !Directorio.actual.existe(NombreArchivo(carpeta + "/" + DisposicionCorte.marcaRetencion)) else {
            throw ErrorPublicacion("latest corte \(nombre) was reduced by retention (\(DisposicionCorte.marcaRetencion)): the newest corte must be whole to recover from; were newer cortes removed from \(cortes)?")
        }
        do {
            let lista = try Directorio.actual.leerTodo(NombreArchivo(carpeta + "/SHA256"))
            let manifiesto: Manifiesto
            do { manifiesto = try Manifiesto(analizando: try Directorio.actual.leerTodo(NombreArchivo(carpeta + "/manifest.json"))) } catch {
                throw ErrorPublicacion("latest corte \(nombre): \(error)")
            }
            guard manifiesto.seq == nc.seq else {
                throw ErrorPublicacion("latest corte \(nombre): manifest seq \(manifiesto.seq) does not match its name")
            }
            guard manifiesto.catalogoSHA256 == c.catalogoSHA256 else {
                throw ErrorPublicacion("latest corte \(nombre) was made with another catálogo (\(manifiesto.catalogoSHA256)); the catálogo must not change during a process")
            }
            try recuperarRespaldos(&e, carpeta: carpeta)
            e.ultimoSeq = nc.seq
            e.ultimoCorte = manifiesto.corte
            e.ultimoFinal = manifiesto.final
            e.anteriorSHA256 = SHA256.resumen(lista)

            cubiertas.reserveCapacity(imagenes.count)
            let desfase = manifiesto.corte.desfaseMinutos
            // The list, when this daemon's key signs it: what the first corte of this process may
            // reuse of this corte (checked once, here). Its unchanged rows are copied when they are
            // what this process renders (`MarcasFilas`); else every row is rendered.
            let firmada = MarcasFilas.listaFirmada(carpeta: carpeta, lista: lista, clave: c.clave.publica)
            let mismoGenerador = reutilizable(manifiesto, configuracion: c, catalogo: catalogo)
            let escritor = EscritorCSV(catalogo: catalogo, desfase: c.desfaseMinutos)
            var filas: [FilasPrevias?] = []
            for (ie, el) in catalogo.elecciones.enumerated() {
                let ruta = "datos/" + EscritorCSV.nombreArchivo(catalogo.proceso, el)
                var lectura: LecturaCSV
                do {
                    lectura = try LecturaCSV(try Directorio.actual.leerTodo(NombreArchivo(carpeta + "/" + ruta)), archivo: nombre + "/" + ruta,
                                             perfil: catalogo.proceso.perfil, eleccion: el.codigo)
                    let primera = e.tablas[ie].primera
                    var marcas = MarcasFilas(inicioFilas: lectura.lector.registro.upperBound, cuenta: e.tablas[ie].cuenta)
                    while try lectura.siguiente() {
                        let acta: ActaVerificada?
                        do { acta = try lectura.actaVerificada(desfase: desfase, imagenes: imagenes, horaCorte: manifiesto.corte) } catch {
                            // One row the daemon cannot read back never stops a restart: that
                            // acta is read again from its item (the spool is the source of truth).
                            guard let clave = lectura.claveActa() else { throw error }
                            e.porReleer.append(clave)
                            marcas.fila(catalogo.posicion(clave).map { $0 - primera }, lectura.lector.registro, legible: false)
                            continue
                        }
                        marcas.fila(lectura.claveActa().flatMap { catalogo.posicion($0) }.map { $0 - primera },
                                    lectura.lector.registro, legible: true)
                        guard let acta else { continue }
                        _ = try agregar(acta, a: &e, catalogo: catalogo)
                        if let h = acta.imagen?.sha256 { cubiertas.insert(h) }
                    }
                    if mismoGenerador, let digesto = firmada?.entradas[ruta] {
                        filas.append(marcas.filas(e.tablas[ie], ruta: carpeta + "/" + ruta, bytes: lectura.lector.bytes,
                                                  sha256: digesto, escritor: escritor))
                    } else {
                        filas.append(nil)
                    }
                } catch let error as ErrorPublicacion {
                    throw error
                } catch {
                    throw ErrorPublicacion("cannot read back latest corte: \(error)")
                }
            }
            // Only now: `agregar` above marks every row registered since the last corte.
            e.filasCSV = filas.map { $0 ?? .ninguna }
            if let firmada {
                recuperarArchivos(&e, carpeta: carpeta, nombre: nc, manifiesto: manifiesto, lista: firmada,
                                  mismoGenerador: mismoGenerador, configuracion: c, catalogo: catalogo)
            }
            // A crash between the rename and the swap leaves `latest` one corte behind.
            if (try? Directorio.actual.leerEnlace(NombreArchivo(c.carpeta + "/latest"))) != "cortes/" + nombre {
                try Directorio.actual.cambiarEnlace(NombreArchivo(c.carpeta + "/latest"), destino: "cortes/" + nombre)
                try Directorio.actual.sincronizar(sub: NombreArchivo(c.carpeta))
            }
        } catch let error as ErrorPublicacion {
            throw error
        } catch {
            throw ErrorPublicacion("cannot recover from latest corte \(nombre): \(error)")
        }
    }

    /// What the first corte after a restart reuses of the last corte beyond its rows, from its
    /// signed list `lista`: its files, read back and hashed again (`ArchivosPrevios.recuperar`),
    /// to be linked like those of a corte this process made; and, when the same program wrote it
    /// (`mismoGenerador`), which actas changed since (`CambiosCorte`: those registered from now
    /// on, and those whose rows could not be read back), with the site's `ficha` of that corte
    /// as this process spells it, so that the site's plan links the pages and lookup files whose
    /// actas did not change without making them, and what the site keeps of a corte for the next
    /// (`GeneradorSitio.recordar`); and the zip's deflated pieces (`PiezasZip`).
    static func recuperarArchivos(_ e: inout Estado, carpeta: String, nombre: NombreCorte, manifiesto: Manifiesto,
                                  lista: ListaSHA256, mismoGenerador: Bool, configuracion c: ConfiguracionCortes,
                                  catalogo: Catalogo) {
        let csvs = Set(catalogo.elecciones.map { "datos/" + EscritorCSV.nombreArchivo(catalogo.proceso, $0) })
        e.previo = ArchivosPrevios.recuperar(carpeta: carpeta, lista: lista, excepto: csvs)
        guard mismoGenerador else { return }
        e.piezasZip = recuperarPiezasZip(carpeta: carpeta, lista: lista, corte: manifiesto.corte, catalogo: catalogo)
        guard let autenticados = manifiesto.operadoresAutenticados else { return }
        var datos = DatosCorte(nombre: nombre, modo: manifiesto.modo, corte: manifiesto.corte, generado: manifiesto.generado,
                               expira: manifiesto.expira, catalogo: catalogo, tablas: e.tablas, final: manifiesto.final)
        datos.operadoresAutenticados = autenticados
        if lista.entradas[RespaldoActa.archivo] != nil { datos.respaldos = e.respaldos }
        var cambios = CambiosCorte(actas: catalogo.actas.count, fichaSitio: c.sitio?.ficha(datos) ?? "", desde: nombre.description)
        for clave in e.porReleer { if let p = catalogo.posicion(clave) { cambios.marcar(p) } }
        e.cambios = cambios
        // Where the pieces of its pages and lookup files lie, as this program cut them: only
        // with `cambios`, which says which pieces may be copied.
        if var previo = e.previo, let digesto = e.anteriorSHA256 {
            PiezasGuardadas.recuperar(carpeta: c.carpeta, corte: nombre, lista: digesto, en: &previo)
            e.previo = previo
        }
        // What the generator keeps of a corte it planned, kept of this one from its rows read
        // back, so that the first corte after the restart reuses it like any next corte.
        datos.memoriaSitio = e.memoriaSitio
        c.sitio?.recordar(datos)
    }

    /// Whether the last corte's rows can be what this process renders: written by the same
    /// program and version, at the same UTC offset, in the same profile.
    static func reutilizable(_ m: Manifiesto, configuracion c: ConfiguracionCortes, catalogo: Catalogo) -> Bool {
        guard let g = c.generador, m.generador == g else { return false }
        return m.corte.desfaseMinutos == c.desfaseMinutos && m.perfil == catalogo.proceso.perfil
    }
}
