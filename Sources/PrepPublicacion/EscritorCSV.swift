import PrepDominio
import PrepSistema

/// Writes an election's CSV in the layout of the process's `PerfilPublicacion`: the profile's
/// preamble, the acta header, then one row per acta the profile publishes (INE: every expected acta
/// in INE's order, pending ones as `-`; IECM: registered actas only), then fuera de catálogo rows.
/// Every word, width, quote and line end comes from the profile. Streams to the file in 1 MiB
/// pieces so the national table never sits whole in memory.
struct EscritorCSV {
    let catalogo: Catalogo
    /// Minutes from UTC of every time in the file.
    let desfase: Int
    let perfil: PerfilPublicacion
    private let voc: VocabularioBytes
    private let nombresDistrito: [Int: String]
    private let nombresDemarcacion: [Int: String]

    init(catalogo: Catalogo, desfase: Int) {
        self.catalogo = catalogo
        self.desfase = desfase
        perfil = catalogo.proceso.perfil
        voc = VocabularioBytes(perfil, desfase: desfase)
        nombresDistrito = Dictionary(catalogo.distritos.map { ($0.id, $0.nombre) }, uniquingKeysWith: { a, _ in a })
        nombresDemarcacion = Dictionary(catalogo.demarcaciones.map { ($0.id, $0.nombre) }, uniquingKeysWith: { a, _ in a })
    }

    /// The acta header of an election, as its profile names it.
    static func encabezado(_ e: Eleccion, perfil: PerfilPublicacion) -> [String] { perfil.encabezado(e).map(\.nombre) }

    /// File name of an election's CSV: `ENT_ETIQUETA_AAAA.csv` (`CDMX_JG_2024.csv`, `CDMX_GUB_2024.csv`).
    static func nombreArchivo(_ p: Proceso, _ e: Eleccion) -> String { p.archivoActas(e) }
    static func nombreCandidaturas(_ p: Proceso, _ e: Eleccion) -> String { p.archivoCandidaturas(e) }

    /// Writes the whole CSV of `tabla` to `fd` (already open, empty), hashing it as it goes (one
    /// sequential write, no read back). With `previas`, the rows of actas not registered since
    /// that file was written are copied from it instead of rendered; nil when that file turned out
    /// not to be what this writer wrote (the caller writes the CSV again without `previas`).
    /// Returns the file's SHA-256 and where its rows are, for the next corte.
    func escribir(_ tabla: TablaEleccion, corte: MarcaTiempo, en fd: FileDescriptor, ruta: String,
                  previas: FilasPrevias? = nil) throws(ErrorSistema) -> (sha256: HuellaSHA256, filas: FilasPrevias)? {
        let e = catalogo.elecciones[tabla.indice]
        var out = Bytes(capacidad: 1 << 21, perfil: perfil)
        var h: SHA256? = SHA256()
        var escritos = 0
        preambulo(&out, e, tabla, corte: corte)
        let inicioFilas = out.b.count
        let campos = perfil.encabezado(e).map(\.campo)
        let aplicanPorAmbito = e.columnasPorAmbito.mapValues(Set.init)
        let filas = tabla.filas
        func volcar(_ forzar: Bool) throws(ErrorSistema) {
            guard forzar || out.b.count >= 1 << 20 else { return }
            h?.actualizar(out.b)
            do { try fd.escribirTodo(out.b) } catch { throw ErrorSistema("write", ruta, error) }
            escritos += out.b.count
            out.b.removeAll(keepingCapacity: true)
        }
        let lector = previas.flatMap { $0.largos.count == tabla.cuenta ? LectorFilasPrevias($0) : nil }
        let largosPrevios = lector == nil ? [] : previas?.largos ?? []
        var largos = [Int32](repeating: 0, count: tabla.cuenta)
        for i in 0..<tabla.cuenta {
            let antes = out.b.count
            if let lector {
                let l = largosPrevios[i]
                if l >= 0 {
                    guard lector.copiar(Int(l), a: &out.b) else { return nil }
                    largos[i] = l
                    try volcar(false)
                    continue
                }
                guard lector.saltar(FilasPrevias.largo(l)) else { return nil }
            }
            guard tabla.metas[i].registrada || perfil.filasPendientes else { continue }
            filaEsperada(&out, filas, i, campos: campos, aplican: aplicanPorAmbito)
            largos[i] = Int32(out.b.count - antes)
            try volcar(false)
        }
        for k in tabla.fueraPorClave.keys.sorted() {
            filaFuera(&out, tabla, clave: k, campos: campos)
            try volcar(false)
        }
        try volcar(true)
        if let lector, !lector.verificar() { return nil }
        guard let hasher = h.take() else { throw ErrorSistema("sha256", ruta, .io) }
        let digest = hasher.finalizar()
        return (digest, FilasPrevias(ruta: ruta, sha256: digest, bytes: escritos, inicioFilas: inicioFilas, largos: largos))
    }

    /// The profile's preamble lines and the acta header.
    private func preambulo(_ out: inout Bytes, _ e: Eleccion, _ tabla: TablaEleccion, corte: MarcaTiempo) {
        if perfil.bom { out.b += [0xEF, 0xBB, 0xBF] }
        for linea in perfil.preambulo {
            switch linea {
            case .nombre: out.fila([perfil.disposicion(e).nombre ?? e.nombre])
            case .corte: out.fila([lineaCorte(corte.en(desfaseMinutos: desfase), perfil: perfil)])
            case .separador: out.fila(perfil.separador)
            case .resumenEncabezado: out.fila(Resumen.encabezado)
            case .resumenValores: out.fila(tabla.resumen.valores)
            }
        }
        out.fila(Self.encabezado(e, perfil: perfil))
    }

    /// Row `i` of `tabla` (the expected acta `catalogo.actas[tabla.primera + i]`), pending or
    /// not, as the CSV prints it. `aplican`: the election's `columnasPorAmbito` as sets.
    func filaEsperada(_ out: inout Bytes, _ tabla: FilasTabla, _ i: Int, campos: [CampoActa], aplican: [Int: Set<Int>]) {
        var todos: SeleccionCampos? = nil
        filaEsperada(&out, tabla, i, campos: campos, aplican: aplican, seleccion: &todos)
    }

    /// The same row with only the fields `seleccion` asks for rendered (the others left empty
    /// between their commas), and where each field ends (`SeleccionCampos.limites`).
    func filaEsperada(_ out: inout Bytes, _ tabla: FilasTabla, _ i: Int, campos: [CampoActa], aplican: [Int: Set<Int>],
                      seleccion: inout SeleccionCampos?) {
        let e = catalogo.elecciones[tabla.indice]
        let m = tabla.metas[i]
        let esperada = catalogo.actas[tabla.primera + i]
        let casilla = catalogo.casillas[esperada.casilla]
        let ambito = casilla.ambito(e.geografia)
        let base = i * tabla.ancho
        fila(&out, campos, Fila(clave: esperada.clave, casilla: casilla, esperada: esperada, ambito: ambito,
                                aplican: aplican[ambito], geografia: e.geografia,
                                datos: m.registrada ? (m, tabla.celdas[base..<(base + tabla.ancho)], tabla.anchas, base) : nil),
             seleccion: &seleccion)
    }

    /// The fuera de catálogo row of key `clave`, as the CSV prints it; nothing when there is none.
    func filaFuera(_ out: inout Bytes, _ tabla: TablaEleccion, clave: String, campos: [CampoActa]) {
        guard let f = tabla.fueraPorClave[clave] else { return }
        var todos: SeleccionCampos? = nil
        fila(&out, campos, Fila(clave: f.clave, casilla: nil, esperada: nil, ambito: 0, aplican: nil,
                                geografia: catalogo.elecciones[tabla.indice].geografia, datos: (f.meta, f.celdas[...], f.anchas, 0)),
             seleccion: &todos)
    }

    /// What one row is about.
    private struct Fila {
        let clave: ClaveActa
        let casilla: Casilla?
        let esperada: ActaEsperada?
        let ambito: Int
        let aplican: Set<Int>?
        let geografia: Geografia
        let datos: (meta: MetaFila, celdas: ArraySlice<Int16>, anchas: [Int: Int], base: Int)?
    }

    private func fila(_ out: inout Bytes, _ campos: [CampoActa], _ r: Fila, seleccion: inout SeleccionCampos?) {
        let k = r.clave.casilla
        let meta = r.datos?.meta
        // A mesa's ámbito, sección, ID_CASILLA and representantes are "no aplica" (leeme).
        let mesa = perfil.mesasAparte && r.casilla?.esMesa == true
        let sinActa = meta.map { $0.totalCalculado < 0 } ?? false
        // The row's figures, unpacked once: reading them through `r.datos` copied the optional
        // tuple (and retained its slice and dictionary) for every cell.
        let celdas = r.datos?.celdas
        let anchas = r.datos?.anchas ?? [:]
        let base = r.datos?.base ?? 0
        var j = 0
        for (n, campo) in campos.enumerated() {
            if n > 0 {
                seleccion?.limites.append(out.b.count)
                out.coma()
            }
            if seleccion?.solo[n] == false {
                if case .votos = campo { j += 1 }
                continue
            }
            switch campo {
            case .claveCasilla: clave(&out, k.texto)
            case .claveActa:
                if perfil.claveActaConTipo {
                    clave(&out, k.texto + (r.esperada?.tipoActa ?? perfil.vocabulario.tipoActaFuera ?? ""))
                } else {
                    clave(&out, r.clave.texto)
                }
            case .idEntidad: numero(&out, k.entidad, perfil.anchoEntidad)
            case .entidad:
                if k.entidad == catalogo.proceso.idEntidad { out.campo(catalogo.proceso.entidad) } else { out.b += voc.noAplica }
            case .idAmbito:
                if r.casilla != nil, !mesa { numero(&out, r.ambito, perfil.anchoAmbito) } else { out.b += voc.noAplica }
            case .nombreAmbito:
                let nombre = r.casilla == nil || mesa ? nil : (r.geografia == .distritoLocal ? nombresDistrito[r.ambito] : nombresDemarcacion[r.ambito])
                if let nombre { out.campo(nombre) } else { out.b += voc.noAplica }
            case .seccion: if mesa { out.b += voc.noAplica } else { out.relleno(k.seccion, 4) }
            case .idCasilla: if mesa { out.b += voc.noAplica } else { out.relleno(k.idCasilla, 2) }
            case .tipoCasilla: out.byte(UInt8(ascii: k.tipo.unicodeScalars.first ?? "-"))
            case .extContigua: out.relleno(k.extContigua, 2)
            case .ubicacion:
                if let c = r.casilla { numero(&out, c.ubicacion, perfil.anchoUbicacion) }
                else if let u = perfil.vocabulario.ubicacionFuera { numero(&out, u, perfil.anchoUbicacion) }
                else { out.b += voc.noAplica }
            case .tipoActa:
                if let t = r.esperada?.tipoActa ?? perfil.vocabulario.tipoActaFuera { out.campo(t) } else { out.b += voc.noAplica }
            case .total(let t):
                if sinActa, t == .totalAsentado { out.b += voc.sinActaTotalAsentado; continue }
                celda(&out, celdas, anchas, base, Total.allCases.firstIndex(of: t) ?? 0, sinActa: sinActa)
            case .votos:
                if celdas != nil { celda(&out, celdas, anchas, base, 5 + j, sinActa: sinActa) }
                else if let a = r.aplican, !a.contains(j) { out.b += voc.columnaAusente }
                else { out.b += voc.pendiente }
                j += 1
            case .totalCalculado:
                if let m = meta { if m.totalCalculado >= 0 { out.entero(Int(m.totalCalculado)) } else { out.b += voc.sinActa } }
                else { out.b += voc.pendiente }
            case .listaNominal:
                if let c = r.casilla { out.entero(c.listaNominal) } else { out.b += voc.noAplica }
            case .representantes:
                if let c = r.casilla, !mesa { out.entero(c.representantes) } else { out.b += voc.noAplica }
            case .observaciones:
                if let m = meta { out.b += voc.observaciones[Int(m.mascara)] } else { out.b += voc.pendiente }
            case .contabilizada:
                if let m = meta { out.texto(m.contabilizadaPublicada.rawValue) } else { out.b += voc.pendiente }
            case .mecanismoTraslado:
                // The catálogo's, per casilla; empty when none applies (and for fuera de catálogo).
                if let m = r.casilla?.mecanismoTraslado { out.texto(m.rawValue) }
            case .codigoIntegridad:
                if let m = meta { if let h = m.imagenSHA256 { h.anexarHex(&out.b) } else { out.b += voc.noAplica } }
                else { out.b += voc.pendiente }
            case .fechaAcopio: fecha(&out, meta, meta?.acopio, sinActa: sinActa)
            case .fechaCaptura: fecha(&out, meta, meta?.captura, sinActa: sinActa)
            case .fechaVerificacion:
                if sinActa, !perfil.vocabulario.horaVerificacionSinActa { out.b += voc.noAplica; continue }
                fecha(&out, meta, meta?.verificacion, sinActa: sinActa)
            case .origen, .digitalizacion, .tipoDocumento:
                guard let m = meta else { out.b += voc.pendiente; continue }
                guard m.extensionImagen > 0 else { out.b += voc.noAplica; continue }
                let origen = m.origen == 1 ? 1 : 0
                switch campo {
                case .origen: out.b += voc.origen[origen]
                case .digitalizacion: out.b += voc.digitalizacion[origen]
                default: out.campo(tipoDocumento(m, r.casilla, k.tipo))
                }
            case .cotejada:
                // Captured rows were not re-checked in a cotejo phase (0); sin acta has nothing to check.
                if let m = meta { if m.totalCalculado >= 0 { out.byte(48) } else { out.b += voc.sinActa } }
                else { out.b += voc.pendiente }
            }
        }
        seleccion?.limites.append(out.b.count)
        out.finLinea()
    }

    /// TIPO_DOCUMENTO: the copy the capture names, else the urna electrónica's or the casilla
    /// type's document (`ACTA UE`, `ACTA VRME`…), else the Acta PREP.
    private func tipoDocumento(_ m: MetaFila, _ casilla: Casilla?, _ tipo: Character) -> String {
        let v = perfil.vocabulario
        if let d = m.tipoDocumento { return d.rawValue }
        if casilla?.urnaElectronica == true, let u = v.tipoDocumentoUrna { return u }
        return v.tipoDocumentoPorTipoCasilla[tipo] ?? v.tipoDocumento
    }

    private func clave(_ out: inout Bytes, _ texto: String) {
        if perfil.apostrofos { out.byte(39) }
        out.texto(texto)
        if perfil.apostrofos { out.byte(39) }
    }

    private func numero(_ out: inout Bytes, _ n: Int, _ ancho: Int) {
        if ancho > 0 { out.relleno(n, ancho) } else { out.entero(n) }
    }

    /// A figure cell: the number, or the profile's word for its code.
    private func celda(_ out: inout Bytes, _ celdas: ArraySlice<Int16>?, _ anchas: [Int: Int], _ base: Int, _ k: Int, sinActa: Bool) {
        guard let celdas else { out.b += voc.pendiente; return }
        var v = Int(celdas[celdas.startIndex + k])
        if v == Celda.ancha { v = anchas[base + k] ?? v }
        switch v {
        case 0...: out.entero(v)
        case Celda.ilegible: out.b += voc.ilegible
        case Celda.sinDato: out.b += voc.sinDato
        case Celda.noAplica: out.b += voc.columnaAusente
        default: out.b += sinActa ? voc.sinActa : voc.noAplica
        }
    }

    private func fecha(_ out: inout Bytes, _ meta: MetaFila?, _ s: Int64?, sinActa: Bool) {
        guard meta != nil, let s else { out.b += voc.pendiente; return }
        if s == Celda.sinMarca { out.b += sinActa ? voc.noAplica : voc.sinValor; return }
        guard perfil.utcEnFilas else { out.fechaHora(s, desfase: desfase); return }
        var t = Bytes(capacidad: 32)
        t.fechaHora(s, desfase: desfase)
        t.b += voc.sufijoUTC
        perfil.comillas.anexar(t.b, a: &out.b)
    }

    /// `ENT_ETIQUETA_CANDIDATURAS_AAAA.csv`: one row per candidacy of the election, with the
    /// profile's header. UTF-8 with BOM, CRLF, RFC 4180 in both profiles (the IECM's own file is so).
    func candidaturas(_ e: Eleccion) -> [UInt8] {
        var out = Bytes()
        out.b += [0xEF, 0xBB, 0xBF]
        let encabezado = perfil.disposicion(e).encabezadoCandidaturas
        out.fila(encabezado)
        let p = catalogo.proceso
        for c in catalogo.candidaturas where c.eleccion == e.codigo {
            let nombre = c.idAmbito == 0 ? "-" : ((e.geografia == .distritoLocal ? nombresDistrito[c.idAmbito] : nombresDemarcacion[c.idAmbito]) ?? "-")
            func ancho(_ n: Int, _ w: Int) -> String { w == 0 ? String(n) : String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
            out.fila(encabezado.map { columna -> String in
                switch columna {
                case "ID_ENTIDAD": ancho(p.idEntidad, perfil.anchoEntidad)
                case "ENTIDAD": p.entidad
                case "PARTIDO_CI", "PARTIDO_CSP": c.columna
                case "CANDIDATURA", "CANDIDATURA_PROPIETARIA": c.propietaria
                case "CANDIDATURA_SUPLENTE": c.suplente
                case _ where columna.hasPrefix("ID_"): ancho(c.idAmbito, perfil.anchoAmbito)
                default: nombre
                }
            })
        }
        return out.b
    }
}

/// A profile's words as the bytes a row writes (already quoted as the profile quotes), and the
/// OBSERVACIONES text of each of the 256 observation masks: computed once per writer.
struct VocabularioBytes {
    let ilegible, sinDato, pendiente, columnaAusente, sinActa, sinActaTotalAsentado, sinValor, noAplica, sufijoUTC: [UInt8]
    let origen: [[UInt8]]
    let digitalizacion: [[UInt8]]
    let observaciones: [[UInt8]]

    init(_ p: PerfilPublicacion, desfase: Int) {
        func q(_ s: String) -> [UInt8] {
            var b: [UInt8] = []
            p.comillas.anexar(s.utf8, a: &b)
            return b
        }
        let v = p.vocabulario
        ilegible = q(v.ilegible); sinDato = q(v.sinDato); pendiente = q(v.pendiente); columnaAusente = q(v.columnaAusente)
        sinActa = q(v.sinActa); sinActaTotalAsentado = q(v.sinActaTotalAsentado); sinValor = q(v.sinValor); noAplica = q(v.noAplica)
        sufijoUTC = Array((" " + etiquetaUTC(desfase)).utf8)
        origen = [q(v.origen[.catd] ?? "CATD"), q(v.origen[.casilla] ?? "CASILLA")]
        digitalizacion = [q(v.digitalizacion[.catd] ?? ""), q(v.digitalizacion[.casilla] ?? "")]
        observaciones = (0..<256).map { m in
            q(p.textoObservaciones(Observacion.allCases.enumerated().filter { m & (1 << $0.offset) != 0 }.map(\.element)))
        }
    }
}

/// Which fields of a row to render (`solo`, by header position) and, once rendered, where each
/// field ends in the line (`limites`, one offset per field, the comma or line end that follows it).
struct SeleccionCampos {
    var solo: [Bool]
    var limites: [Int] = []
}
