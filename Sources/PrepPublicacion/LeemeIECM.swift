import PrepDominio

/// The `leeme.txt` of one election's package in a profile with zip packaging (`iecm-2024`): the
/// institute's template (reference `leeme_GUB.txt`, `leeme_DIP_LOC.txt`, `leeme_ALC.txt`: title,
/// the three components of the results file, one numbered entry per column, the code lists, the
/// N/A treatment, the candidaturas file), filled with this process's values: its columns, acta
/// types and coalitions of that election. UTF-8 without BOM, LF, as the institute's files.
func textoLeemeIECM(_ catalogo: Catalogo, _ e: Eleccion, desfase: Int) -> [UInt8] {
    let p = catalogo.proceso
    let perfil = p.perfil
    let d = perfil.disposicion(e)
    let csv = EscritorCSV.nombreArchivo(p, e)
    let titulo = "PROGRAMA DE RESULTADOS ELECTORALES PRELIMINARES \(p.anio) - \(d.tituloLeeme)"
    let encabezado = perfil.encabezado(e)
    let v = perfil.vocabulario
    var s = "\n\t\t\t\t\t\(titulo)\n\t\t\t\t\t\(String(repeating: "_", count: titulo.count))\n\n\n\n"
    s += """
    EL PROGRAMA DE RESULTADOS ELECTORALES PRELIMINARES PERMITE LA DESCARGA DE LA BASE DE DATOS A TRAVÉS DE UN ARCHIVO ZIP QUE CONTIENE LOS ARCHIVOS DE RESULTADOS Y EL CATÁLOGO DE CANDIDATURAS, EN FORMATO CSV, Y LA DESCRIPCIÓN DE LAS VARIABLES (LEEME.TXT) .
    \(p.descripcion.uppercased())

    ARCHIVO DE RESULTADOS

    A. LOS ARCHIVOS DE RESULTADOS (EN FORMATO CSV) CONTIENEN LAS ACTAS REGISTRADAS DE LA BASE DE DATOS Y PARA EL CASO DE \(d.tituloLeeme) SE NOMBRAN COMO  "\(csv.uppercased())".

    B. CODIFICACIÓN: TEXTO UTF-8 SIN BOM, SEPARADO POR COMAS, FIN DE LÍNEA LF; LOS CAMPOS QUE CONTIENEN ESPACIOS, COMAS O COMILLAS VAN ENTRE COMILLAS.

    C.  LA INFORMACIÓN EN EL ARCHIVO DE RESULTADOS (EN FORMATO CSV) SE DIVIDE EN TRES COMPONENTES:

       PRIMER COMPONENTE, ENCABEZADO:

    \t1. TIPO_DE_ELECCION - SE IDENTIFICA LA ELECCIÓN
    \t\tEJEMPLO DE FORMATO: \(d.nombre ?? e.nombre)

    \t2. FECHA_Y_HORA_DEL_CORTE_DE_INFORMACION - SE MUESTRAN LA FECHA Y HORA DEL CORTE DE INFORMACIÓN, DÍA Y MES A DOS DÍGITOS, AÑO A CUATRO, HORA EN FORMATO DE 24 HORAS.
    \t\tEJEMPLO DE FORMATO: 02/06/\(p.anio) 20:00\(perfil.espacioAntesUTC)\(etiquetaUTC(desfase))

       SEGUNDO COMPONENTE, VARIABLES RESUMEN (ENTRE DOS RENGLONES SEPARADORES):

    \(Resumen.encabezado.joined(separator: "|"))

    \t1. ACTAS_ESPERADAS - NÚMERO DE ACTAS PREP DE TODAS LAS CASILLAS APROBADAS, PARA ESTA ELECCIÓN. ESTE CONJUNTO DE ACTAS PREP CONFORMA EL CATÁLOGO DE ACTAS ESPERADAS.
    \t2. ACTAS_REGISTRADAS - NÚMERO DE ACTAS PREP ASENTADAS EN EL SISTEMA INFORMÁTICO AL MOMENTO DEL CORTE, SEAN CONTABILIZADAS O NO. INCLUYE LAS ACTAS FUERA DE CATÁLOGO.
    \t3. ACTAS_FUERA_CATALOGO - NÚMERO DE ACTAS PREP REGISTRADAS QUE NO SE PUEDEN ASOCIAR A UNA CASILLA APROBADA.
    \t4. ACTAS_CAPTURADAS - NÚMERO DE ACTAS PREP REGISTRADAS QUE SE ENCUENTRAN DENTRO DEL CATÁLOGO DE ACTAS ESPERADAS, SEAN CONTABILIZADAS O NO.
    \t5. PORCENTAJE_ACTAS_CAPTURADAS - (ACTAS_CAPTURADAS / ACTAS_ESPERADAS) * 100, A CUATRO DECIMALES, TRUNCADO Y NO REDONDEADO.
    \t6. ACTAS_CONTABILIZADAS - NÚMERO DE ACTAS PREP CAPTURADAS CUYA SUMA DE VOTOS NO EXCEDE LA LISTA NOMINAL (O LAS BOLETAS DE UNA CASILLA ESPECIAL) MÁS LAS Y LOS REPRESENTANTES, CON AL MENOS UN CAMPO DE VOTOS LEGIBLE.
    \t7. PORCENTAJE_ACTAS_CONTABILIZADAS - (ACTAS_CONTABILIZADAS / ACTAS_ESPERADAS) * 100, A CUATRO DECIMALES, TRUNCADO.
    \t8. PORCENTAJE_ACTAS_INCONSISTENCIAS - (ACTAS CAPTURADAS CON ALGUNA INCONSISTENCIA / ACTAS_ESPERADAS) * 100, A CUATRO DECIMALES, TRUNCADO. NO SE CUENTAN LAS SIN ACTA NI LAS FUERA DE CATÁLOGO.
    \t9. ACTAS_NO_CONTABILIZADAS - ACTAS CAPTURADAS QUE EXCEDEN LA LISTA NOMINAL, SIN DATO LEGIBLE ALGUNO O SIN ACTA.
    \t10. LISTA_NOMINAL_ACTAS_CONTABILIZADAS - SUMA DE LA LISTA NOMINAL DE LAS ACTAS CONTABILIZADAS.
    \t11. TOTAL_VOTOS_C_CS - SUMA DE VOTOS DE LAS ACTAS CONTABILIZADAS, INCLUIDAS LAS DE CASILLAS ESPECIALES.
    \t12. TOTAL_VOTOS_S_CS - LA MISMA SUMA SIN LAS ACTAS DE CASILLAS ESPECIALES.
    \t13. PORCENTAJE_PARTICIPACION_CIUDADANA - (\(perfil.participacionConEspeciales ? "TOTAL_VOTOS_C_CS" : "TOTAL_VOTOS_S_CS") / LISTA_NOMINAL_ACTAS_CONTABILIZADAS) * 100, A CUATRO DECIMALES, TRUNCADO.

       TERCER COMPONENTE, RESULTADOS A NIVEL ACTA.

    \(encabezado.map(\.nombre).joined(separator: "|"))


    """
    let tipos = d.tiposActa.sorted { $0.key < $1.key }.map { "\t\t- \($0.value) - \(descripcionTipoActa($0.key))" }.joined(separator: "\n")
    let observaciones = Set(v.observacion.values).sorted().map { "\t\t\t- \($0)" }.joined(separator: "\n")
    for (n, c) in encabezado.enumerated() {
        s += "\t\(n + 1). \(c.nombre) - "
        switch c.campo {
        case .claveCasilla: s += "CLAVE ÚNICA DE CASILLA (11 POSICIONES): ID_ENTIDAD (2), SECCION (4), TIPO_CASILLA (1: B, C, S, E, M, A, P), ID_CASILLA (2), EXT_CONTIGUA (2).\n\t\tEJEMPLO DE FORMATO: 090001C0100"
        case .claveActa: s += "CLAVE ÚNICA DE ACTA: CLAVE_CASILLA SEGUIDA DE TIPO_ACTA.\n\t\tEJEMPLO DE FORMATO: 090001C0100\(d.tipoActa("C"))\n\t\tPARA LAS ACTAS FUERA DE CATÁLOGO TIPO_ACTA VIENE EN \(v.tipoActaFuera ?? v.noAplica)."
        case .idEntidad: s += "IDENTIFICADOR DE LA ENTIDAD FEDERATIVA A DOS CARACTERES.\n\t\tEJEMPLO DE FORMATO: \(String(repeating: "0", count: max(0, 2 - String(p.idEntidad).count)))\(p.idEntidad)"
        case .entidad: s += "NOMBRE DE LA ENTIDAD FEDERATIVA.\n\t\tEJEMPLO DE FORMATO: \(p.entidad)"
        case .idAmbito: s += e.geografia == .distritoLocal ? "NÚMERO DEL DISTRITO ELECTORAL LOCAL A TRES CARACTERES; N/A PARA LAS MESAS M, A Y P." : "NÚMERO DE LA ALCALDÍA A TRES CARACTERES; N/A PARA LAS MESAS A Y P."
        case .nombreAmbito: s += "NOMBRE DE LA ALCALDÍA: " + catalogo.demarcaciones.map { "\($0.id).\($0.nombre)" }.joined(separator: ", ")
        case .seccion: s += "SECCIÓN ELECTORAL A CUATRO CARACTERES."
        case .idCasilla: s += "NÚMERO DE IDENTIFICACIÓN DE LA CASILLA A DOS CARACTERES."
        case .tipoCasilla: s += "B BÁSICA, C CONTIGUA, S ESPECIAL, E EXTRAORDINARIA, M MESA DE VOTO DE RESIDENTES EN EL EXTRANJERO, A MESA DE VOTO ANTICIPADO, P MESA DE VOTO DE PERSONAS EN PRISIÓN PREVENTIVA."
        case .extContigua: s += "NÚMERO DE CASILLA CONTIGUA A UNA EXTRAORDINARIA A DOS CARACTERES."
        case .ubicacion: s += "01 CASILLA URBANA, 02 NO URBANA, \(String(format2: v.ubicacionFuera ?? 3)) ACTA FUERA DE CATÁLOGO."
        case .tipoActa: s += "NÚMERO DE ACTA IMPRESO. PARA ESTE PROCESO:\n" + tipos
        case .total(let t): s += descripcionTotal(t)
        case .votos:
            let col = e.columnas.first { $0.id == c.nombre }
            s += "NÚMERO DE VOTOS " + (col.map { descripcionColumna($0) } ?? "") + ". VACÍO SI LA COLUMNA NO FIGURA EN EL ACTA DE ESA CASILLA."
        case .totalCalculado: s += "SUMA DE TODAS LAS COLUMNAS DE VOTOS QUE REALIZA EL SISTEMA; \(v.sinActa) PARA LOS SUPUESTOS SIN ACTA."
        case .listaNominal: s += "LISTA NOMINAL DE LA CASILLA; 0 EN CASILLAS ESPECIALES."
        case .representantes: s += "REPRESENTANTES DE PARTIDOS Y CANDIDATURAS SIN PARTIDO ACREDITADOS ANTE LA CASILLA."
        case .observaciones: s += "\(v.sinObservacion) SI NO HAY OBSERVACIÓN; SI NO, UNA SOLA DE (EXCEDE LISTA NOMINAL PREVALECE SOBRE LAS DEMÁS):\n" + observaciones
        case .contabilizada: s += "0 NO CONTABILIZADA (LA RAZÓN EN OBSERVACIONES), 1 CONTABILIZADA, 2 FUERA DE CATÁLOGO."
        case .mecanismoTraslado: s += "D DISPOSITIVO DE APOYO PARA EL TRASLADO, F CENTRO DE RECEPCIÓN Y TRASLADO FIJO, I CENTRO DE RECEPCIÓN Y TRASLADO ITINERANTE; VACÍO SI NO APLICA."
        case .codigoIntegridad: s += "SHA256 DEL ACTA DIGITALIZADA, EN HEXADECIMAL; \(v.noAplica) SIN IMAGEN."
        case .fechaAcopio, .fechaCaptura, .fechaVerificacion:
            s += "DD/MM/AAAA HH:MM:SS\(perfil.utcEnFilas ? " " + etiquetaUTC(desfase) : ""); \(v.noAplica) EN LOS SUPUESTOS SIN ACTA."
        case .origen: s += "\(v.origen[.casilla] ?? "") DIGITALIZADA DESDE LA CASILLA, \(v.origen[.catd] ?? "") DIGITALIZADA EN EL CATD; \(v.noAplica) SIN ACTA."
        case .digitalizacion: s += "\(v.digitalizacion[.casilla] ?? "") APLICATIVO PARA DISPOSITIVOS MÓVILES, \(v.digitalizacion[.catd] ?? "") ESCÁNER; \(v.noAplica) SIN ACTA."
        case .tipoDocumento:
            let otros = v.tipoDocumentoPorTipoCasilla.sorted { $0.key < $1.key }.map { "\($0.value) (TIPO_CASILLA \($0.key))" }
            let urna = v.tipoDocumentoUrna.map { ["\($0) (URNA ELECTRÓNICA)"] } ?? []
            let copias = TipoDocumento.allCases.filter { $0 != .actaPrep }.map { "\($0.rawValue) (COPIA CAPTURADA EN LUGAR DEL ACTA PREP)" }
            s += ([v.tipoDocumento] + otros + urna + copias).joined(separator: ", ") + "; \(v.noAplica) SIN ACTA."
        case .cotejada: s += "0 SIN COTEJO."
        }
        s += "\n\n"
    }
    s += "ARCHIVO DE CANDIDATURAS PARA \(d.tituloLeeme)\n\n\(d.encabezadoCandidaturas.joined(separator: "|"))\n\n"
    s += "\tUNA FILA POR CANDIDATURA: PARTIDO, COALICIÓN, CANDIDATURA COMÚN O CANDIDATURA SIN PARTIDO QUE LA POSTULA, Y SU NOMBRE.\n"
    return Array(s.utf8)
}

private func descripcionTipoActa(_ tipoCasilla: String) -> String {
    switch tipoCasilla {
    case "": "ACTA DE ESCRUTINIO Y CÓMPUTO DE CASILLA"
    case "S": "ACTA DE ESCRUTINIO Y CÓMPUTO DE CASILLA ESPECIAL"
    case "M": "ACTA DE MESA DE ESCRUTINIO Y CÓMPUTO (VOTO EN EL EXTRANJERO)"
    case "A": "ACTA DE MESA DE ESCRUTINIO Y CÓMPUTO (VOTO ANTICIPADO)"
    case "P": "ACTA DE MESA DE ESCRUTINIO Y CÓMPUTO (VOTO DE LAS PERSONAS EN PRISIÓN PREVENTIVA)"
    case "S-RP": "ACTA DE ESCRUTINIO Y CÓMPUTO DE CASILLA ESPECIAL DE REPRESENTACIÓN PROPORCIONAL"
    case "S UE": "ACTA DE RESULTADOS DE CASILLA ESPECIAL (URNA ELECTRÓNICA)"
    case "S-RP UE": "ACTA DE RESULTADOS DE CASILLA ESPECIAL DE REPRESENTACIÓN PROPORCIONAL (URNA ELECTRÓNICA)"
    default: "ACTA DE CASILLA TIPO \(tipoCasilla)"
    }
}

private func descripcionTotal(_ t: Total) -> String {
    switch t {
    case .boletasSobrantes: "TOTAL DE BOLETAS NO USADAS Y CANCELADAS."
    case .personasVotaron: "TOTAL DE PERSONAS QUE VOTARON."
    case .representantesVotaron: "REPRESENTANTES DE PARTIDOS Y CANDIDATURAS SIN PARTIDO QUE VOTARON EN LA CASILLA."
    case .votosSacados: "TOTAL DE VOTOS SACADOS DE LA URNA."
    case .totalAsentado: "TOTAL DE VOTOS ASENTADO EN EL ACTA PREP."
    }
}

private func descripcionColumna(_ c: ColumnaVoto) -> String {
    switch c.tipo {
    case .partido: "PARA EL PARTIDO \(c.nombre.uppercased())"
    case .coalicion: "PARA LA COMBINACIÓN DE COALICIÓN \(c.id)"
    case .candidaturaComun: "PARA LA CANDIDATURA COMÚN \(c.id)"
    case .independiente: "PARA LA CANDIDATURA SIN PARTIDO \(c.nombre.uppercased())"
    case .noRegistradas: "PARA CANDIDATURAS NO REGISTRADAS"
    case .nulos: "NULOS"
    }
}

extension String {
    /// `n` as two digits.
    fileprivate init(format2 n: Int) { self = n < 10 ? "0\(n)" : String(n) }
}
