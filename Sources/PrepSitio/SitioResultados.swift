import PrepDominio
import PrepPublicacion
import PrepSistema

/// A corte's row as the site reads it.
extension FilaActa: RegistroSitio {
    public var esSinActa: Bool { contabilizada != .fueraDeCatalogo && resultado.totalCalculado == nil }

    public func votos(columna i: Int) -> Int { cifra(columna: i)?.valor ?? 0 }
}

/// The results site as the corte builder's `GeneradorSitio` hook: every page from the corte's
/// own `DatosCorte` (the values its CSVs are written from), plus the public key as `prep.pub`
/// so that `signify -C -p prep.pub -x SHA256.sig` runs as is inside the corte folder (its
/// fingerprint, shown on every page, is what readers compare with the one published elsewhere).
public struct SitioResultados: GeneradorSitio {
    public let clave: ClavePublicaSignify
    public let maquetador: MaquetadorSitio
    /// Threads for the model's elections, ten nice values below the plan's caller (the daemon's
    /// loop keeps its core during a corte); the caller counts those none has begun.
    let hilos = HilosTrabajo(cortesia: 10)

    public init(clave: ClavePublicaSignify, maquetador: MaquetadorSitio = MaquetadorSitio()) {
        self.clave = clave
        self.maquetador = maquetador
    }

    /// Name of the public key inside the corte folder.
    public static let archivoClave = "prep.pub"

    public func generar(_ datos: DatosCorte) throws -> [ArchivoGenerado] {
        var r: [ArchivoGenerado] = []
        try generar(datos) { r.append($0) }
        return r
    }

    public func generar(_ datos: DatosCorte, emitir: (ArchivoGenerado) throws -> Void) throws {
        for a in plan(datos).archivos { try emitir(ArchivoGenerado(ruta: a.ruta, bytes: try a.bytes())) }
    }

    /// Every file of the site, each made on its own when asked (on any core): the overview, the
    /// election pages, `verificar.html`, `consulta.html` and `corte.js` change with every corte;
    /// an ámbito's page changes only when one of its actas does (the first page shows the whole
    /// ámbito's figures, each other page its rows); a lookup file only when an acta of its
    /// secciones does; the stylesheet, the key and `consulta/elecciones.js` only with the `ficha`.
    public func plan(_ datos: DatosCorte) -> PlanSitio {
        let cat = datos.catalogo
        let p = cat.proceso
        let tabla = Self.tablas(datos)
        let ficha = ficha(datos)
        // Against the previous corte of this process, made with the same ficha; else everything changes.
        let cambios = datos.cambios.flatMap { $0.fichaSitio == ficha ? $0 : nil }
        let previos = cambios.flatMap { datos.memoriaSitio?.leer(corte: $0.desde) as? AdaptadorSitio.TramosContados }
        let (m, rangos, tramos) = modelo(datos, tabla, previos: previos, cambios: cambios)
        datos.memoriaSitio?.guardar(tramos, corte: datos.nombre.description)
        let q = maquetador, clave = self.clave
        var archivos: [ArchivoPlaneado] = [
            ArchivoPlaneado(ruta: Self.archivoClave, cambia: cambios == nil) {
                clave.archivo(comentario: "PREP \(p.siglas) \(p.anio) public key (keynum \(clave.huella))")
            },
            ArchivoPlaneado(ruta: "estilo.css", cambia: cambios == nil) { q.estilo() },
            ArchivoPlaneado(ruta: "index.html", cambia: true) { q.indice(m) },
            ArchivoPlaneado(ruta: "verificar.html", cambia: true) { q.verificar(m) },
            ArchivoPlaneado(ruta: "consulta.html", cambia: true) { q.consulta(m) },
            ArchivoPlaneado(ruta: String(describing: MaquetadorSitio.archivoCorte), cambia: true) { q.corte(m) },
        ]
        // Every ámbito page's maker holds this one box and its own numbers (see `FuentePaginas`).
        let fuente = FuentePaginas(datos: datos, filas: Self.filas(datos), modelo: m, maquetador: q, cambios: cambios)
        for (ie, el) in m.elecciones.enumerated() {
            archivos.append(ArchivoPlaneado(ruta: "resultados/\(MaquetadorSitio.nombreArchivo(el.codigo)).html", cambia: true) {
                q.paginaEleccion(m, el)
            })
            for (ia, a) in el.ambitos.enumerated() {
                // The ámbito's actas are runs of the catálogo's order; a page's are a stretch of them.
                let runs = rangos[ie][ia]
                let total = runs.reduce(0) { $0 + $1.count }
                let paginas = max(1, (total + q.filasPorPagina - 1) / q.filasPorPagina)
                let ambitoCambia = cambios.map { c in runs.contains { c.alguno($0) } } ?? true
                for pagina in 1...paginas {
                    let tramos = Self.tramos(runs, desde: (pagina - 1) * q.filasPorPagina, n: q.filasPorPagina)
                    let cambia = pagina == 1 ? ambitoCambia : ambitoCambia && (cambios.map { c in tramos.contains { c.alguno($0) } } ?? true)
                    // One piece per acta row: a page that changed makes only the rows whose acta did.
                    let piezas = fuente.piezas(eleccion: ie, ambito: ia, tramos: tramos, de: total, pagina: pagina, paginas: paginas)
                    archivos.append(ArchivoPlaneado(ruta: "resultados/" + MaquetadorSitio.nombrePagina(el.codigo, a.id, pagina),
                                                    cambia: cambia, piezas: piezas) { piezas.hacer().bytes })
                }
            }
        }
        archivos += IndiceConsulta.plan(datos, cambios: cambios)
        return PlanSitio(ficha: ficha, archivos: archivos)
    }

    /// What every ámbito page of one corte is made from, held once by reference: a page's maker
    /// holding these values itself would hold a copy of `DatosCorte`, of the model's headers and of
    /// its election and ámbito (hundreds of bytes each, thousands of pages alive from the plan to
    /// the last file).
    final class FuentePaginas: Sendable {
        let datos: DatosCorte
        /// By election index, its table's rows (`SitioResultados.filas`).
        let filas: [FilasTabla?]
        let modelo: ModeloSitio
        let maquetador: MaquetadorSitio
        /// The actas registered since the previous corte (nil: every acta counts as changed).
        let cambios: CambiosCorte?

        init(datos: DatosCorte, filas: [FilasTabla?], modelo: ModeloSitio, maquetador: MaquetadorSitio, cambios: CambiosCorte?) {
            self.datos = datos
            self.filas = filas
            self.modelo = modelo
            self.maquetador = maquetador
            self.cambios = cambios
        }

        /// Page `pagina` of ámbito `ambito` of election `eleccion` (model indices), whose actas
        /// are `tramos` (`SitioResultados.tramos`), as its head (with the ámbito's figures on the
        /// first page), one piece per acta row, and its tail (`MaquetadorSitio.extremosPaginaAmbito`).
        /// A row depends on its acta's row in the corte only, which changes only when the acta is
        /// registered.
        func piezas(eleccion ie: Int, ambito ia: Int, tramos: [Range<Int>], de total: Int, pagina: Int, paginas: Int) -> PiezasArchivo {
            let q = maquetador
            let n = tramos.reduce(0) { $0 + $1.count }
            return PiezasArchivo(
                cuantas: n,
                extremos: { [self] in
                    let el = modelo.elecciones[ie]
                    return q.extremosPaginaAmbito(modelo, el, el.ambitos[ia], filas: n, de: total, pagina: pagina, paginas: paginas)
                },
                cambia: { [self] k in cambios?.cambio(SitioResultados.posicion(k, en: tramos)) ?? true },
                hacedor: { [self] in
                    let posiciones = tramos.flatMap { $0 }
                    return { [self] k, b in
                        let p = posiciones[k]
                        let fila = AdaptadorSitio.fila(datos.catalogo.actas[p].clave.texto, SitioResultados.registro(datos, filas, p))
                        Html.anexar(a: &b) { $0.filaActa(fila, imagenes: MaquetadorSitio.imagenesDesdeResultados) }
                    }
                })
        }
    }

    /// Each run's count, kept for the next corte as a plan of `datos` keeps them.
    public func recordar(_ datos: DatosCorte) {
        datos.memoriaSitio?.guardar(modelo(datos, Self.tablas(datos), previos: nil, cambios: nil).tramos, corte: datos.nombre.description)
    }

    /// Election index → its table in `datos.tablas`.
    static func tablas(_ datos: DatosCorte) -> [Int: Int] {
        var porIndice: [Int: Int] = [:]
        for (i, t) in datos.tablas.enumerated() { porIndice[t.indice] = i }
        return porIndice
    }

    /// By election index, its table's rows (nil: not published): what pages read acta by acta,
    /// without a copy of the whole table (and its profile) per acta.
    static func filas(_ datos: DatosCorte) -> [FilasTabla?] {
        var r = [FilasTabla?](repeating: nil, count: datos.catalogo.elecciones.count)
        for t in datos.tablas { r[t.indice] = t.filas }
        return r
    }

    /// The model every page is drawn from, and each run's count (`AdaptadorSitio.construir`).
    func modelo(_ datos: DatosCorte, _ tabla: [Int: Int], previos: AdaptadorSitio.TramosContados?, cambios: CambiosCorte?)
        -> (modelo: ModeloSitio, rangos: [[[Range<Int>]]], tramos: AdaptadorSitio.TramosContados) {
        let filas = Self.filas(datos)
        return AdaptadorSitio.construir(
            catalogo: datos.catalogo, meta: metadatos(datos), registro: { Self.registro(datos, filas, $0) },
            fueraDeCatalogo: { ie in
                guard let it = tabla[ie] else { return [] }
                return datos.tablas[it].fuera.map { (clave: $0.clave.texto, registro: $0.fila) }
            }, previos: previos, cambios: cambios, hilos: hilos)
    }

    /// Everything the files depend on besides the actas: mode, key, whether captures are
    /// authenticated, whether the corte lists signed captures at all (the lookup files name
    /// operators only then), rows per page and secciones per lookup file.
    public func ficha(_ datos: DatosCorte) -> String {
        "simulacro=\(datos.modo == .simulacro) clave=\(clave.huella) autenticados=\(datos.operadoresAutenticados) "
            + "capturas=\(!datos.respaldos.isEmpty) filas=\(maquetador.filasPorPagina) secciones=\(IndiceConsulta.seccionesPorArchivo)"
    }

    /// The stretch `desde ..< desde + n` of the runs laid end to end (a page of an ámbito's
    /// actas), as ranges of positions: what `posiciones` lists, one word of 64 actas at a time.
    static func tramos(_ runs: [Range<Int>], desde: Int, n: Int) -> [Range<Int>] {
        var r: [Range<Int>] = []
        var saltar = desde, faltan = n
        for run in runs where faltan > 0 {
            if saltar >= run.count { saltar -= run.count; continue }
            let inicio = run.lowerBound + saltar
            let fin = min(run.upperBound, inicio + faltan)
            r.append(inicio..<fin)
            faltan -= fin - inicio
            saltar = 0
        }
        return r
    }

    /// The `k`-th position of `tramos` laid end to end.
    static func posicion(_ k: Int, en tramos: [Range<Int>]) -> Int {
        var k = k
        for t in tramos {
            if k < t.count { return t.lowerBound + k }
            k -= t.count
        }
        return tramos.last.map { $0.upperBound } ?? k
    }

    /// The row of `catalogo.actas[p]` in this corte (`filas`: `filas(datos)`), nil while pending.
    static func registro(_ datos: DatosCorte, _ filas: [FilasTabla?], _ p: Int) -> FilaActa? {
        guard let f = filas[datos.catalogo.actas[p].eleccion] else { return nil }
        return f.fila(p - f.primera)
    }

    /// What the pages say about the corte besides the actas.
    func metadatos(_ datos: DatosCorte) -> MetadatosSitio {
        var meta = MetadatosSitio(corte: datos.nombre, hora: datos.corte, expira: datos.expira,
                                  simulacro: datos.modo == .simulacro, huellaClave: clave.huella,
                                  clavePublica: Self.archivoClave,
                                  descargas: [Descarga(ruta: datos.archivoDocumentacion, descripcion: datos.catalogo.proceso.perfil.zip
                                                           ? "paquete zip de cada elección: base de datos, candidaturas y leeme.txt"
                                                           : "descripción de cada columna y de sus valores")]
                                      + MetadatosSitio.descargasComunes.filter { $0.ruta != "datos/LEEME.txt" },
                                  final: datos.final)
        meta.operadoresAutenticados = datos.operadoresAutenticados
        return meta
    }
}
