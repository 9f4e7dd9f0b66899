import PrepDominio
import PrepPublicacion
import PrepSistema

/// One registered acta row as the site needs it: whatever the corte stores per acta (a verified
/// acta with its cómputo, or the corte's compact row) conforms to this.
public protocol RegistroSitio {
    /// CONTABILIZADA, OBSERVACIONES and TOTAL_VOTOS_CALCULADO, as the CSV publishes them.
    var resultado: ResultadoComputo { get }
    /// A *sin acta* declaration (no image, no figures).
    var esSinActa: Bool { get }
    /// The published image, if any.
    var imagen: ImagenActa? { get }
    /// Votes the row gives column `i` of its election (`Eleccion.columnas` index): ilegible,
    /// sin dato and not applicable count 0.
    func votos(columna i: Int) -> Int
}

/// A verified acta with its cómputo: the simplest `RegistroSitio`.
public struct RegistroVerificado: RegistroSitio, Sendable {
    public let acta: ActaVerificada
    public let resultado: ResultadoComputo
    /// The election's columns, to look figures up by id.
    public let columnas: [ColumnaVoto]

    public init(acta: ActaVerificada, resultado: ResultadoComputo, columnas: [ColumnaVoto]) {
        self.acta = acta
        self.resultado = resultado
        self.columnas = columnas
    }

    public var esSinActa: Bool {
        if case .sinActa = acta.contenido { return true }
        return false
    }

    public var imagen: ImagenActa? { acta.imagen }

    public func votos(columna i: Int) -> Int {
        guard case .captura(let c) = acta.contenido else { return 0 }
        return c.votos[columnas[i].id]?.valor ?? 0
    }
}

/// What the site says about the corte besides the actas.
public struct MetadatosSitio: Sendable {
    public var corte: NombreCorte
    /// Corte time, in the configured offset.
    public var hora: MarcaTiempo
    /// The manifest's `expires`.
    public var expira: MarcaTiempo
    public var simulacro: Bool
    public var huellaClave: String
    /// Path of the public key relative to the corte folder; nil when not published.
    public var clavePublica: String?
    /// Files besides the election CSVs (LEEME, manifest, SHA256, SHA256.sig).
    public var descargas: [Descarga]
    /// The corte that closes the night: the site says "corte final" and never "desactualizada".
    public var final = false
    /// Whether every acta's figures come from captures signed by registered operators.
    public var operadoresAutenticados = true

    public init(corte: NombreCorte, hora: MarcaTiempo, expira: MarcaTiempo, simulacro: Bool, huellaClave: String,
                clavePublica: String?, descargas: [Descarga] = MetadatosSitio.descargasComunes, final: Bool = false) {
        self.final = final
        self.corte = corte
        self.hora = hora
        self.expira = expira
        self.simulacro = simulacro
        self.huellaClave = huellaClave
        self.clavePublica = clavePublica
        self.descargas = descargas
    }

    /// The files every corte has (SPEC §7).
    public static let descargasComunes = [
        Descarga(ruta: "datos/LEEME.txt", descripcion: "descripción de cada columna y de sus valores"),
        Descarga(ruta: "manifest.json", descripcion: "datos del corte: modo, secuencia, horas, vigencia, cifras de control"),
        Descarga(ruta: "SHA256", descripcion: "huella SHA-256 de cada archivo del corte"),
        Descarga(ruta: "SHA256.sig", descripcion: "firma Ed25519 (signify) del archivo SHA256"),
    ]
}

/// Turns a corte's data (catálogo + one row per registered acta) into the site's model, counting
/// every figure with the domain's own rules (`Resumen`, `Porcentaje`), per election and per ámbito.
public enum AdaptadorSitio {
    /// The whole model, acta rows included (small catálogos, tests).
    /// - `registro(p)`: the row of `catalogo.actas[p]`, nil while not registered.
    /// - `fueraDeCatalogo(e)`: the fuera de catálogo rows of `catalogo.elecciones[e]`, in CSV order.
    public static func modelo<R: RegistroSitio>(
        catalogo: Catalogo, meta: MetadatosSitio,
        registro: (Int) -> R?, fueraDeCatalogo: (Int) -> [(clave: String, registro: R)]
    ) -> ModeloSitio {
        construir(catalogo: catalogo, meta: meta, registro: registro, fueraDeCatalogo: fueraDeCatalogo, conActas: true).modelo
    }

    /// Writes the whole site of a corte through `emitir`, building each ámbito's acta rows only
    /// while its pages are written: what the corte builder calls (memory stays that of the
    /// largest ámbito, not of the 515,000 rows of a national corte).
    public static func generar<R: RegistroSitio>(
        catalogo: Catalogo, meta: MetadatosSitio,
        registro: (Int) -> R?, fueraDeCatalogo: (Int) -> [(clave: String, registro: R)],
        generador: MaquetadorSitio = MaquetadorSitio(), emitir: (String, [UInt8]) throws -> Void
    ) rethrows {
        let (m, rangos, _) = construir(catalogo: catalogo, meta: meta, registro: registro, fueraDeCatalogo: fueraDeCatalogo, conActas: false)
        try generador.generar(m, actas: { e, a in
            rangos[e][a].flatMap { $0.map { p in fila(catalogo.actas[p].clave.texto, registro(p)) } }
        }, emitir: emitir)
    }

    /// The model and, per election and ámbito (ámbitos in id order), the positions of its actas in
    /// `catalogo.actas`: the runs of the catálogo's order, more than one when a profile publishes
    /// mesas apart (an alcaldía's mesas A and P come before its casillas).
    ///
    /// `previos`: each run's count in the corte `cambios` are counted from, by the run's first
    /// position (`tramos` of that corte's call): a run none of whose actas changed since keeps
    /// its count, and only the others are counted again, row by row. `tramos` is every run's count
    /// in this call, for the next.
    static func construir<R: RegistroSitio>(
        catalogo: Catalogo, meta: MetadatosSitio,
        registro: (Int) -> R?, fueraDeCatalogo: (Int) -> [(clave: String, registro: R)], conActas: Bool,
        previos: TramosContados? = nil, cambios: CambiosCorte? = nil
    ) -> (modelo: ModeloSitio, rangos: [[[Range<Int>]]], tramos: TramosContados) {
        var partes: [ParteEleccion] = []
        var p = 0
        for ie in catalogo.elecciones.indices {
            let parte = eleccion(ie, desde: p, catalogo: catalogo, registro: registro, fueraDeCatalogo: fueraDeCatalogo,
                                 conActas: conActas, previos: previos, cambios: cambios)
            p = parte.fin
            partes.append(parte)
        }
        return juntar(partes, catalogo: catalogo, meta: meta)
    }

    /// `construir` with each election counted on its own thread of `hilos` (the caller runs those
    /// no thread has begun): the elections' actas are separate stretches of the catálogo's order,
    /// and a national corte's model was a third of a second on one core.
    static func construir<R: RegistroSitio & Sendable>(
        catalogo: Catalogo, meta: MetadatosSitio,
        registro: @escaping @Sendable (Int) -> R?, fueraDeCatalogo: @escaping @Sendable (Int) -> [(clave: String, registro: R)],
        previos: TramosContados?, cambios: CambiosCorte?, hilos: HilosTrabajo
    ) -> (modelo: ModeloSitio, rangos: [[[Range<Int>]]], tramos: TramosContados) {
        let actas = catalogo.actas
        // Each election's first acta: they are in election order (the loop of `construir` relies
        // on the same), so the first position whose election is not before it.
        let inicios = catalogo.elecciones.indices.map { ie in
            var (lo, hi) = (0, actas.count)
            while lo < hi {
                let m = (lo + hi) / 2
                if actas[m].eleccion < ie { lo = m + 1 } else { hi = m }
            }
            return lo
        }
        let partes = hilos.encargar(catalogo.elecciones.count) { ie in
            eleccion(ie, desde: inicios[ie], catalogo: catalogo, registro: registro, fueraDeCatalogo: fueraDeCatalogo,
                     conActas: false, previos: previos, cambios: cambios)
        }.esperar()
        return juntar(partes, catalogo: catalogo, meta: meta)
    }

    /// One election's part of the model: its figures and ámbitos, its ámbitos' runs, its runs'
    /// counts, and the position after its last acta.
    struct ParteEleccion: Sendable {
        let eleccion: EleccionSitio
        let rangos: [[Range<Int>]]
        let tramos: [Int: TramosContados.Tramo]
        let fin: Int
    }

    /// Election `ie`, whose actas start at `primera` in `catalogo.actas`.
    static func eleccion<R: RegistroSitio>(
        _ ie: Int, desde primera: Int, catalogo: Catalogo,
        registro: (Int) -> R?, fueraDeCatalogo: (Int) -> [(clave: String, registro: R)], conActas: Bool,
        previos: TramosContados?, cambios: CambiosCorte?
    ) -> ParteEleccion {
        var tramos: [Int: TramosContados.Tramo] = [:]
        var p = primera
        let actas = catalogo.actas
        let perfil = catalogo.proceso.perfil
        let eleccion = catalogo.elecciones[ie]
        let g = eleccion.geografia
        let n = eleccion.columnas.count
        var total = Cuenta(columnas: n, perfil: perfil)
        // Per ámbito id: its runs, its count and its rows.
        var porAmbito: [Int: (rangos: [Range<Int>], cuenta: Cuenta, filas: [FilaActaSitio])] = [:]
        while p < actas.count, actas[p].eleccion == ie {
            let inicio = p
            let idAmbito = catalogo.casillas[actas[p].casilla].ambito(g)
            var cuenta = Cuenta(columnas: n, perfil: perfil)
            var filas: [FilaActaSitio] = []
            if !conActas, let previo = previos?.porInicio[inicio], let cambios, !cambios.alguno(inicio..<previo.fin) {
                // The same catálogo (one per corte builder), so the same run; no row changed.
                cuenta = previo.cuenta
                p = previo.fin
            } else {
                while p < actas.count, actas[p].eleccion == ie {
                    let acta = actas[p]
                    let casilla = catalogo.casillas[acta.casilla]
                    guard casilla.ambito(g) == idAmbito else { break }
                    cuenta.esperada()
                    let r = registro(p)
                    if let r { cuenta.agregar(r, casilla: casilla, columnas: n) }
                    if conActas { filas.append(fila(acta.clave.texto, r)) }
                    p += 1
                }
            }
            tramos[inicio] = TramosContados.Tramo(fin: p, cuenta: cuenta)
            total.sumar(cuenta)
            var previo = porAmbito[idAmbito] ?? ([], Cuenta(columnas: n, perfil: perfil), [])
            previo.rangos.append(inicio..<p)
            previo.cuenta.sumar(cuenta)
            previo.filas += filas
            porAmbito[idAmbito] = previo
        }
        var ambitos: [AmbitoSitio] = []
        var rangosEleccion: [[Range<Int>]] = []
        for idAmbito in porAmbito.keys.sorted() {
            guard let a = porAmbito[idAmbito] else { continue }
            let indices = eleccion.indicesColumnas(ambito: idAmbito)
            rangosEleccion.append(a.rangos)
            ambitos.append(AmbitoSitio(
                id: idAmbito, nombre: catalogo.nombreAmbito(idAmbito, g) ?? Self.sinAmbito,
                resultados: resultados(a.cuenta, eleccion, indices, candidaturas(catalogo, eleccion, idAmbito)),
                actas: a.filas))
        }
        var fuera: [FilaActaSitio] = []
        for (clave, r) in fueraDeCatalogo(ie) {
            total.agregar(r, casilla: nil, columnas: n)
            fuera.append(fila(clave, r))
        }
        let pr = catalogo.proceso
        let sitio = EleccionSitio(
            codigo: eleccion.codigo, nombre: eleccion.nombre,
            tipoAmbito: g == .distritoLocal ? "Distrito" : "Demarcación territorial",
            archivoDatos: "datos/" + pr.archivoActas(eleccion),
            archivoCandidaturas: "datos/" + pr.archivoCandidaturas(eleccion),
            resultados: resultados(total, eleccion, Array(eleccion.columnas.indices), candidaturas(catalogo, eleccion, 0)),
            ambitos: ambitos, fueraDeCatalogo: fuera)
        return ParteEleccion(eleccion: sitio, rangos: rangosEleccion, tramos: tramos, fin: p)
    }

    /// The model from its elections' parts, with what the pages say about the corte.
    static func juntar(_ partes: [ParteEleccion], catalogo: Catalogo, meta: MetadatosSitio)
        -> (modelo: ModeloSitio, rangos: [[[Range<Int>]]], tramos: TramosContados) {
        var tramos = TramosContados()
        for parte in partes { tramos.porInicio.merge(parte.tramos) { a, _ in a } }
        let pr = catalogo.proceso
        let modelo = ModeloSitio(
            titulo: "PREP \(pr.anio) · \(MaquetadorSitio.nombreVisible(pr.entidad))", descripcion: pr.descripcion,
            corte: meta.corte.description, horaCorte: textoHora(meta.hora), simulacro: meta.simulacro,
            expiraUnix: meta.expira.segundosUnix, expiraTexto: textoHora(meta.expira.en(desfaseMinutos: meta.hora.desfaseMinutos)),
            huellaClave: meta.huellaClave, clavePublica: meta.clavePublica, descargas: meta.descargas,
            elecciones: partes.map(\.eleccion), final: meta.final)
        var conAutenticacion = modelo
        conAutenticacion.operadoresAutenticados = meta.operadoresAutenticados
        conAutenticacion.entidades = Set(catalogo.casillas.map(\.clave.entidad)).sorted()
        return (conAutenticacion, partes.map(\.rangos), tramos)
    }

    /// Each run's count (a run: consecutive actas of the catálogo's order in one ámbito of one
    /// election), by its first position: what the next corte's site keeps for the runs none of
    /// whose actas changed.
    struct TramosContados: Sendable {
        struct Tramo: Sendable {
            let fin: Int
            let cuenta: Cuenta
        }
        var porInicio: [Int: Tramo] = [:]
    }

    /// The counts of a set of rows (the domain's `AcumuladorResumen`, the one the CSV preamble is
    /// counted with), plus votes by column position.
    struct Cuenta: Sendable {
        var resumenes = AcumuladorResumen(actasEsperadas: 0)
        var votos: [Int]
        /// The corte's profile: its participation rule, as the CSV applies it.
        let perfil: PerfilPublicacion

        init(columnas: Int, perfil: PerfilPublicacion) {
            votos = Array(repeating: 0, count: columnas)
            self.perfil = perfil
        }

        mutating func esperada() { resumenes.esperada() }

        mutating func agregar(_ r: some RegistroSitio, casilla: Casilla?, columnas: Int) {
            guard resumenes.agregar(r.resultado, casilla: casilla) else { return }
            for i in 0..<columnas { votos[i] += r.votos(columna: i) }
        }

        mutating func sumar(_ o: Cuenta) {
            resumenes.sumar(o.resumenes)
            for i in votos.indices { votos[i] += o.votos[i] }
        }

        var resumen: Resumen { resumenes.resumen(perfil: perfil) }
    }

    static func fila(_ clave: String, _ r: (some RegistroSitio)?) -> FilaActaSitio {
        guard let r else {
            // As the CSV prints a pending row: `-` in OBSERVACIONES, CONTABILIZADA and CODIGO_INTEGRIDAD.
            return FilaActaSitio(clave: clave, estado: estadoPendiente, observaciones: "-", contabilizada: "-", imagen: nil, codigo: "-")
        }
        let res = r.resultado
        return FilaActaSitio(
            clave: clave, estado: r.esSinActa ? "Sin acta" : "Capturada",
            observaciones: res.observaciones.isEmpty ? "" : res.textoObservaciones,
            contabilizada: res.contabilizada.rawValue,
            imagen: r.imagen?.nombrePublicado, codigo: r.imagen.map { "\($0.sha256)" } ?? "-")
    }

    static func resultados(_ c: Cuenta, _ e: Eleccion, _ indices: [Int], _ cs: [Candidatura]) -> ResultadosSitio {
        let total = indices.reduce(0) { $0 + c.votos[$1] }
        let r = c.resumen
        let columnas = indices.map { i in
            let col = e.columnas[i]
            return VotosColumna(id: col.id, nombre: col.nombre, tipo: etiqueta(col.tipo), color: col.color,
                                votos: c.votos[i], porcentaje: Porcentaje.truncado(c.votos[i], de: total).description)
        }
        return ResultadosSitio(
            resumen: zip(Resumen.encabezado, r.valores).map { CifraResumen(campo: $0, texto: $1) },
            columnas: columnas, candidaturas: agrupar(cs, e, indices, c.votos, total))
    }

    /// The estado an acta table shows for an expected acta not yet registered.
    static let estadoPendiente = "Pendiente"

    /// The name of ámbito 0 on the site: the mesas that belong to no distrito (voto en el extranjero).
    static let sinAmbito = "Sin distrito (voto desde el extranjero)"

    static func candidaturas(_ catalogo: Catalogo, _ e: Eleccion, _ ambito: Int) -> [Candidatura] {
        catalogo.candidaturas.filter { $0.eleccion == e.codigo && $0.idAmbito == ambito }
    }

    /// Votes per candidacy: a person postulated by several columns (rows of the candidaturas file
    /// with the same propietaria) gets every column that postulates them, plus every coalition
    /// combination whose parties (its id split at `_` or `-`) all postulate them, as the PREP's
    /// "votos por candidatura" does. Ballot order (first column's position).
    static func agrupar(_ cs: [Candidatura], _ e: Eleccion, _ indices: [Int], _ votos: [Int], _ total: Int) -> [VotosCandidatura] {
        var orden: [String] = []
        var propias: [String: (suplente: String, ids: Set<String>)] = [:]
        for c in cs {
            if propias[c.propietaria] == nil { orden.append(c.propietaria) }
            propias[c.propietaria, default: (c.suplente, [])].ids.insert(c.columna)
        }
        func partes(_ id: String) -> Set<Substring> { Set(id.split { $0 == "_" || $0 == "-" }) }
        return orden.compactMap { nombre -> VotosCandidatura? in
            guard let (suplente, ids) = propias[nombre] else { return nil }
            let partidos = ids.reduce(into: Set<Substring>()) { $0.formUnion(partes($1)) }
            let suyas = indices.filter { i in
                let col = e.columnas[i]
                if ids.contains(col.id) { return true }
                return (col.tipo == .partido || col.tipo == .coalicion || col.tipo == .candidaturaComun) && partes(col.id).isSubset(of: partidos)
            }
            guard let primera = suyas.first else { return nil }
            let v = suyas.reduce(0) { $0 + votos[$1] }
            return VotosCandidatura(propietaria: nombre, suplente: suplente, columnas: suyas.map { e.columnas[$0].id },
                                    color: e.columnas[primera].color, votos: v,
                                    porcentaje: Porcentaje.truncado(v, de: total).description)
        }
    }

    static func etiqueta(_ t: TipoColumna) -> String {
        switch t {
        case .partido: "Partido político"
        case .coalicion: "Coalición"
        case .candidaturaComun: "Candidatura común"
        case .independiente: "Candidatura independiente"
        case .noRegistradas: "Candidaturas no registradas"
        case .nulos: "Votos nulos"
        }
    }

    /// `dd/mm/YYYY HH:MM (UTC-6)`, the corte line of the CSV.
    public static func textoHora(_ t: MarcaTiempo) -> String {
        let c = t.civil()
        let d = t.desfaseMinutos
        var desfase = "UTC" + (d < 0 ? "-" : "+") + String(abs(d) / 60)
        if abs(d) % 60 != 0 { desfase += ":" + MarcaTiempo.dos(abs(d) % 60) }
        return "\(MarcaTiempo.dos(c.dia))/\(MarcaTiempo.dos(c.mes))/\(c.anio) \(MarcaTiempo.dos(c.hora)):\(MarcaTiempo.dos(c.minuto)) (\(desfase))"
    }
}
