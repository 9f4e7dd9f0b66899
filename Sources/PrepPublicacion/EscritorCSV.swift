import PrepDominio
import PrepSistema

/// Writes an election's CSV in the PREP publication format (reference prep-domain §2): UTF-8 with
/// BOM, CRLF, RFC 4180 quoting; election name, corte line, summary header and values, acta header,
/// one row per expected acta in INE's order, then fuera de catálogo rows. Streams to the file in
/// 1 MiB pieces so the national table never sits whole in memory.
struct EscritorCSV {
    let catalogo: Catalogo
    /// Minutes from UTC of every time in the file.
    let desfase: Int
    private let nombresDistrito: [Int: String]
    private let nombresDemarcacion: [Int: String]

    init(catalogo: Catalogo, desfase: Int) {
        self.catalogo = catalogo
        self.desfase = desfase
        nombresDistrito = Dictionary(catalogo.distritos.map { ($0.id, $0.nombre) }, uniquingKeysWith: { a, _ in a })
        nombresDemarcacion = Dictionary(catalogo.demarcaciones.map { ($0.id, $0.nombre) }, uniquingKeysWith: { a, _ in a })
    }

    /// OBSERVACIONES text for each of the 256 observation masks, computed once.
    static let observaciones: [String] = (0..<256).map { m in
        ResultadoComputo(contabilizada: .no, observaciones: Observacion.allCases.enumerated()
            .filter { m & (1 << $0.offset) != 0 }.map(\.element), totalCalculado: nil).textoObservaciones
    }

    static let antesDeVotos = [
        "CLAVE_CASILLA", "CLAVE_ACTA", "ID_ENTIDAD", "ENTIDAD",
    ]
    static let casillaYTotales = [
        "SECCION", "ID_CASILLA", "TIPO_CASILLA", "EXT_CONTIGUA", "UBICACION_CASILLA", "TIPO_ACTA",
        "TOTAL_BOLETAS_SOBRANTES", "TOTAL_PERSONAS_VOTARON", "TOTAL_REP_PARTIDO_CI_VOTARON", "TOTAL_VOTOS_SACADOS",
    ]
    static let despuesDeVotos = [
        "TOTAL_VOTOS_ASENTADO", "TOTAL_VOTOS_CALCULADO", "LISTA_NOMINAL", "REPRESENTANTES_PP_CI", "OBSERVACIONES",
        "CONTABILIZADA", "MECANISMOS_TRASLADO", "CODIGO_INTEGRIDAD", "FECHA_HORA_ACOPIO", "FECHA_HORA_CAPTURA",
        "FECHA_HORA_VERIFICACION", "ORIGEN", "DIGITALIZACION", "TIPO_DOCUMENTO", "COTEJADA",
    ]

    /// The acta header of an election: INE's column order with the election's geography pair and
    /// its full vote column list.
    static func encabezado(_ e: Eleccion) -> [String] {
        antesDeVotos + ["ID_" + e.geografia.rawValue, e.geografia.rawValue] + casillaYTotales
            + e.columnas.map(\.id) + despuesDeVotos
    }

    /// File name inside `datos/`: `ENT_ELECCION_AAAA.csv`.
    static func nombreArchivo(_ p: Proceso, _ e: Eleccion) -> String { "\(p.siglas)_\(e.codigo)_\(p.anio).csv" }
    static func nombreCandidaturas(_ p: Proceso, _ e: Eleccion) -> String { "\(p.siglas)_\(e.codigo)_CANDIDATURAS_\(p.anio).csv" }

    /// Writes the whole CSV of `tabla` to `fd` (already open, empty).
    func escribir(_ tabla: TablaEleccion, corte: MarcaTiempo, en fd: FileDescriptor, ruta: String) throws(ErrorSistema) {
        let e = catalogo.elecciones[tabla.indice]
        var out = Bytes(capacidad: 1 << 21)
        out.b += [0xEF, 0xBB, 0xBF]
        out.fila([e.nombre])
        let c = corte.civil(desfaseMinutos: desfase)
        out.relleno(c.dia, 2); out.byte(47); out.relleno(c.mes, 2); out.byte(47); out.relleno(c.anio, 4)
        out.byte(32); out.relleno(c.hora, 2); out.byte(58); out.relleno(c.minuto, 2)
        out.byte(32); out.texto(etiquetaUTC(desfase)); out.finLinea()
        out.fila(Resumen.encabezado)
        out.fila(tabla.resumen.valores)
        out.fila(Self.encabezado(e))

        let aplicanPorAmbito = e.columnasPorAmbito.mapValues(Set.init)
        func volcar(_ forzar: Bool) throws(ErrorSistema) {
            guard forzar || out.b.count >= 1 << 20 else { return }
            do { try fd.escribirTodo(out.b) } catch { throw ErrorSistema("write", ruta, error) }
            out.b.removeAll(keepingCapacity: true)
        }
        for i in 0..<tabla.cuenta {
            let esperada = catalogo.actas[tabla.primera + i]
            let casilla = catalogo.casillas[esperada.casilla]
            let ambito = casilla.ambito(e.geografia)
            let m = tabla.metas[i]
            let base = i * tabla.ancho
            fila(&out, clave: esperada.clave, casilla: casilla, esperada: esperada, ambito: ambito,
                 aplican: aplicanPorAmbito[ambito], columnas: e.columnas.count, geografia: e.geografia,
                 datos: m.registrada ? (m, tabla.celdas[base..<(base + tabla.ancho)], tabla.anchas, base) : nil)
            try volcar(false)
        }
        for k in tabla.fueraPorClave.keys.sorted() {
            guard let f = tabla.fueraPorClave[k] else { continue }
            fila(&out, clave: f.clave, casilla: nil, esperada: nil, ambito: 0, aplican: nil,
                 columnas: e.columnas.count, geografia: e.geografia, datos: (f.meta, f.celdas[...], f.anchas, 0))
            try volcar(false)
        }
        try volcar(true)
    }

    private func fila(_ out: inout Bytes, clave: ClaveActa, casilla: Casilla?, esperada: ActaEsperada?, ambito: Int,
                      aplican: Set<Int>?, columnas: Int, geografia: Geografia,
                      datos: (meta: MetaFila, celdas: ArraySlice<Int16>, anchas: [Int: Int], base: Int)?) {
        let k = clave.casilla
        out.byte(39); out.texto(k.texto); out.byte(39); out.coma()
        out.byte(39); out.texto(clave.texto); out.byte(39); out.coma()
        out.entero(k.entidad); out.coma()
        if k.entidad == catalogo.proceso.idEntidad { out.campo(catalogo.proceso.entidad) } else { out.guion() }
        out.coma()
        if casilla != nil {
            out.entero(ambito); out.coma()
            let nombre = geografia == .distritoLocal ? nombresDistrito[ambito] : nombresDemarcacion[ambito]
            if let nombre { out.campo(nombre) } else { out.guion() }
        } else {
            out.guion(); out.coma(); out.guion()
        }
        out.coma()
        out.relleno(k.seccion, 4); out.coma()
        out.relleno(k.idCasilla, 2); out.coma()
        out.texto(String(k.tipo)); out.coma()
        out.relleno(k.extContigua, 2); out.coma()
        if let casilla { out.entero(casilla.ubicacion) } else { out.guion() }
        out.coma()
        if let esperada { out.campo(esperada.tipoActa) } else { out.guion() }
        out.coma()

        func celda(_ k: Int) {
            guard let d = datos else { return }
            var v = Int(d.celdas[d.celdas.startIndex + k])
            if v == Celda.ancha { v = d.anchas[d.base + k] ?? v }
            switch v {
            case 0...: out.entero(v)
            case Celda.ilegible: out.texto("Ilegible")
            case Celda.sinDato: out.texto("Sin dato")
            case Celda.noAplica: out.texto("N/A")
            default: out.guion()
            }
            out.coma()
        }
        if let f = datos?.meta {
            for t in 0..<4 { celda(t) }
            for j in 0..<columnas { celda(5 + j) }
            celda(4)
            if f.totalCalculado >= 0 { out.entero(Int(f.totalCalculado)) } else { out.guion() }
        } else {
            for _ in 0..<4 { out.guion(); out.coma() }
            for j in 0..<columnas {
                if let aplican, !aplican.contains(j) { out.texto("N/A") } else { out.guion() }
                out.coma()
            }
            out.guion(); out.coma()
            out.guion()
        }
        out.coma()
        if let casilla { out.entero(casilla.listaNominal); out.coma(); out.entero(casilla.representantes) } else {
            out.guion(); out.coma(); out.guion()
        }
        out.coma()
        guard let f = datos?.meta else {
            // OBSERVACIONES, CONTABILIZADA, MECANISMOS_TRASLADO, CODIGO_INTEGRIDAD, 3 times, ORIGEN,
            // DIGITALIZACION, TIPO_DOCUMENTO, COTEJADA.
            out.texto("-,-,,-,-,-,-,-,-,-,-")
            out.finLinea()
            return
        }
        if f.mascara != 0 { out.campo(Self.observaciones[Int(f.mascara)]) }
        out.coma()
        out.texto(f.contabilizadaPublicada.rawValue); out.coma()
        out.coma()  // MECANISMOS_TRASLADO: not tracked by the daemon (LEEME).
        if f.extensionImagen > 0 { f.hexHash(&out.b) } else { out.guion() }
        out.coma()
        for s in [f.acopio, f.captura, f.verificacion] {
            if s == Celda.sinMarca { out.guion() } else { out.fechaHora(s, desfase: desfase) }
            out.coma()
        }
        if f.extensionImagen > 0 {
            let origen: OrigenImagen = f.origen == 1 ? .casilla : .catd
            out.texto(origen.rawValue); out.coma()
            out.texto(origen.digitalizacion); out.coma()
            out.texto("Acta PREP"); out.coma()
        } else {
            out.texto("-,-,-,")
        }
        // COTEJADA: captured rows were not re-checked in a cotejo phase (0); sin acta has nothing to check.
        if f.totalCalculado >= 0 { out.byte(48) } else { out.guion() }
        out.finLinea()
    }

    /// `datos/ENT_ELECCION_CANDIDATURAS_AAAA.csv`: one row per candidacy of the election.
    func candidaturas(_ e: Eleccion) -> [UInt8] {
        var out = Bytes()
        out.b += [0xEF, 0xBB, 0xBF]
        let g = e.geografia.rawValue
        out.fila(["ID_ENTIDAD", "ENTIDAD", "ID_" + g, g, "PARTIDO_CI", "CANDIDATURA_PROPIETARIA", "CANDIDATURA_SUPLENTE"])
        for c in catalogo.candidaturas where c.eleccion == e.codigo {
            let nombre = c.idAmbito == 0 ? "-" : ((e.geografia == .distritoLocal ? nombresDistrito[c.idAmbito] : nombresDemarcacion[c.idAmbito]) ?? "-")
            out.fila([String(catalogo.proceso.idEntidad), catalogo.proceso.entidad, String(c.idAmbito), nombre,
                      c.columna, c.propietaria, c.suplente])
        }
        return out.b
    }
}
