/// The two known publication profiles, as data. Every choice of `iecm2024` and its source line is
/// in docs/perfiles.md (precedence: the institute's export for bytes and header names, its
/// leeme.txt for meanings and code lists, the January specimen for what both leave open).
extension PerfilPublicacion {
    /// INE's federal layout (reference prep-domain §2), what `prep` always published: UTF-8 with BOM,
    /// CRLF, RFC 4180, keys between apostrophes, every expected acta from the first corte on.
    public static let ine2024 = PerfilPublicacion(
        nombre: "ine-2024", bom: true, crlf: true, comillas: .rfc4180,
        preambulo: [.nombre, .corte, .resumenEncabezado, .resumenValores], separador: [],
        espacioAntesUTC: " ", utcEnFilas: false, filasPendientes: true, apostrofos: true, claveActaConTipo: false,
        anchoEntidad: 0, anchoAmbito: 0, anchoUbicacion: 0,
        columnas: comunes(personasVotaron: "TOTAL_PERSONAS_VOTARON", calculado: "TOTAL_VOTOS_CALCULADO",
                          mecanismo: "MECANISMOS_TRASLADO") + [(.cotejada, "COTEJADA")],
        vocabulario: Vocabulario(
            ilegible: "Ilegible", sinDato: "Sin dato", pendiente: "-", columnaAusente: "N/A", sinActa: "-",
            sinActaTotalAsentado: "-", horaVerificacionSinActa: true,
            sinObservacion: "", sinValor: "-", noAplica: "-",
            observacion: Dictionary(uniqueKeysWithValues: Observacion.allCases.map { ($0, $0.rawValue) }),
            origen: [.casilla: "CASILLA", .catd: "CATD"], digitalizacion: [.casilla: "Móvil", .catd: "Escáner"],
            tipoDocumento: "Acta PREP", tipoDocumentoPorTipoCasilla: [:], tipoDocumentoUrna: nil,
            ubicacionFuera: nil, tipoActaFuera: nil),
        observaciones: .unidas(separador: ", "), participacionConEspeciales: false, elecciones: [:], zip: false,
        mesasAparte: false)

    /// The IECM's own layout for the CDMX 2023-2024 PREP, as its 12 May 2024 drill export and its
    /// three leeme.txt files have it (docs/perfiles.md).
    public static let iecm2024 = PerfilPublicacion(
        nombre: "iecm-2024", bom: false, crlf: false, comillas: .fputcsv,
        preambulo: [.nombre, .corte, .separador, .resumenEncabezado, .resumenValores, .separador],
        separador: ["\t", "\t", "\t", "\t"],
        espacioAntesUTC: "", utcEnFilas: true, filasPendientes: false, apostrofos: false, claveActaConTipo: true,
        anchoEntidad: 2, anchoAmbito: 3, anchoUbicacion: 2,
        columnas: comunes(personasVotaron: "PERSONAS_VOTARON", calculado: "TOTAL_VOTOS_CALCULADOS",
                          mecanismo: "MECANISMO_TRASLADO"),
        vocabulario: Vocabulario(
            ilegible: "ILEGIBLE ", sinDato: "SIN DATO", pendiente: "", columnaAusente: "", sinActa: "SIN ACTA",
            sinActaTotalAsentado: "", horaVerificacionSinActa: false,
            sinObservacion: "--", sinValor: "", noAplica: "N/A",
            observacion: [
                .excedeListaNominal: "EXCEDE LISTA NOMINAL",
                .ilegible: "ALGUN CAMPO ILEGIBLE O SIN DATOS", .sinDato: "ALGUN CAMPO ILEGIBLE O SIN DATOS",
                .todosIlegibles: "TODOS ILEGIBLES O SIN DATO", .todosVacios: "TODOS ILEGIBLES O SIN DATO",
                .sinActaCasillaNoInstalada: "SIN ACTA POR CASILLA NO INSTALADA",
                .sinActaPaqueteNoEntregado: "SIN ACTA POR PAQUETE NO ENTREGADO",
                .sinActaPaqueteSinSobre: "SIN ACTA POR PAQUETE ENTREGADO SIN BOLSA",
            ],
            origen: [.casilla: "CASILLA", .catd: "CATD"], digitalizacion: [.casilla: "MOVIL", .catd: "ESCANER"],
            tipoDocumento: "ACTA PREP", tipoDocumentoPorTipoCasilla: ["M": "ACTA VRME", "A": "ACTA VA", "P": "ACTA VPPP"],
            tipoDocumentoUrna: "ACTA UE", ubicacionFuera: 3, tipoActaFuera: "0"),
        observaciones: .prevalece(prioridad: [
            .excedeListaNominal, .todosIlegibles, .todosVacios, .ilegible, .sinDato,
            .sinActaCasillaNoInstalada, .sinActaPaqueteNoEntregado, .sinActaPaqueteSinSobre,
        ]),
        participacionConEspeciales: true,
        elecciones: [
            "JG": DisposicionEleccion(
                etiqueta: "GUB", geografia: [(.idAmbito, "DISTRITO_LOCAL")],
                encabezadoCandidaturas: ["ID_ENTIDAD", "PARTIDO_CI", "CANDIDATURA"],
                tiposActa: ["": "A02", "S": "A02E", "S UE": "A04UE", "M": "A01", "A": "A01VA", "P": "A01PPP"],
                nombre: "JEFATURA DE GOBIERNO", tituloLeeme: "JEFATURA DE GOBIERNO"),
            "DIP": DisposicionEleccion(
                etiqueta: "DIP_LOC", geografia: [(.idAmbito, "ID_DISTRITO_LOCAL")],
                encabezadoCandidaturas: ["ID_ENTIDAD", "ID_DISTRITO_LOCAL", "PARTIDO_CSP", "CANDIDATURA_PROPIETARIA", "CANDIDATURA_SUPLENTE"],
                tiposActa: ["": "A03", "S": "A03EMR", "S-RP": "A03ERP", "S UE": "A05UEMR", "S-RP UE": "A05UERP",
                            "M": "A02", "A": "A02VA", "P": "A02PPP"],
                nombre: "DIPUTACIONES LOCALES", tituloLeeme: "DIPUTACIONES"),
            "ALC": DisposicionEleccion(
                etiqueta: "ALC", geografia: [(.idAmbito, "ID_ALCALDIA"), (.nombreAmbito, "ALCALDIA")],
                encabezadoCandidaturas: ["ID_ENTIDAD", "ID_ALCALDIA", "ALCALDIA", "PARTIDO_CSP", "CANDIDATURA"],
                tiposActa: ["": "A04", "S": "A04E", "S UE": "A06UE", "A": "A03VA", "P": "A03PPP"],
                nombre: "ALCALDIAS", tituloLeeme: "ALCALDÍAS"),
        ],
        zip: true, mesasAparte: true)

    /// The acta columns both profiles share, with the three names they spell differently.
    private static func comunes(personasVotaron: String, calculado: String, mecanismo: String) -> [(campo: CampoActa, nombre: String)] {
        [
            (.claveCasilla, "CLAVE_CASILLA"), (.claveActa, "CLAVE_ACTA"), (.idEntidad, "ID_ENTIDAD"), (.entidad, "ENTIDAD"),
            (.idAmbito, ""), (.nombreAmbito, ""),
            (.seccion, "SECCION"), (.idCasilla, "ID_CASILLA"), (.tipoCasilla, "TIPO_CASILLA"), (.extContigua, "EXT_CONTIGUA"),
            (.ubicacion, "UBICACION_CASILLA"), (.tipoActa, "TIPO_ACTA"),
            (.total(.boletasSobrantes), "TOTAL_BOLETAS_SOBRANTES"), (.total(.personasVotaron), personasVotaron),
            (.total(.representantesVotaron), "TOTAL_REP_PARTIDO_CI_VOTARON"), (.total(.votosSacados), "TOTAL_VOTOS_SACADOS"),
            (.votos, ""),
            (.total(.totalAsentado), "TOTAL_VOTOS_ASENTADO"), (.totalCalculado, calculado),
            (.listaNominal, "LISTA_NOMINAL"), (.representantes, "REPRESENTANTES_PP_CI"), (.observaciones, "OBSERVACIONES"),
            (.contabilizada, "CONTABILIZADA"), (.mecanismoTraslado, mecanismo), (.codigoIntegridad, "CODIGO_INTEGRIDAD"),
            (.fechaAcopio, "FECHA_HORA_ACOPIO"), (.fechaCaptura, "FECHA_HORA_CAPTURA"),
            (.fechaVerificacion, "FECHA_HORA_VERIFICACION"), (.origen, "ORIGEN"), (.digitalizacion, "DIGITALIZACION"),
            (.tipoDocumento, "TIPO_DOCUMENTO"),
        ]
    }
}
