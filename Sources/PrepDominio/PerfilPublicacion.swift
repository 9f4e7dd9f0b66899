/// One field of a published acta row, independent of the name a profile gives it in the header.
public enum CampoActa: Hashable, Sendable {
    case claveCasilla, claveActa, idEntidad, entidad
    /// The distrito or demarcación id of the election's geografía.
    case idAmbito
    /// The distrito or demarcación name.
    case nombreAmbito
    case seccion, idCasilla, tipoCasilla, extContigua, ubicacion, tipoActa
    /// A control total (`Total.allCases` order, TOTAL_VOTOS_ASENTADO included).
    case total(Total)
    /// Placeholder for the election's vote columns (catálogo order), named by their ids.
    case votos
    case totalCalculado, listaNominal, representantes, observaciones, contabilizada, mecanismoTraslado
    case codigoIntegridad, fechaAcopio, fechaCaptura, fechaVerificacion, origen, digitalizacion, tipoDocumento
    case cotejada
}

/// One line of a CSV's preamble, before the acta header.
public enum LineaPreambulo: Hashable, Sendable {
    /// The election's name.
    case nombre
    /// The corte's date and time.
    case corte
    /// A row of the profile's `separador` fields.
    case separador
    case resumenEncabezado
    case resumenValores
}

/// When a field must be quoted.
public enum Comillas: Hashable, Sendable {
    /// RFC 4180: only a field holding `,` `"` CR or LF.
    case rfc4180
    /// PHP's `fputcsv`, what the IECM's exporter used: also a field holding a space, a tab or `\`.
    case fputcsv

    /// Whether a field with these bytes is quoted.
    @inlinable
    public func exige(_ u: some Sequence<UInt8>) -> Bool {
        switch self {
        case .rfc4180: u.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        case .fputcsv: u.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A || $0 == 0x20 || $0 == 0x09 || $0 == 0x5C }
        }
    }

    /// Appends `u` as one field, quoted (with doubled quotes) when `exige` says so.
    @inlinable
    public func anexar(_ u: some Collection<UInt8>, a b: inout [UInt8]) {
        guard exige(u) else { b.append(contentsOf: u); return }
        b.append(0x22)
        for c in u {
            if c == 0x22 { b.append(0x22) }
            b.append(c)
        }
        b.append(0x22)
    }
}

/// How OBSERVACIONES is spelled.
public enum FormaObservaciones: Hashable, Sendable {
    /// Every observation that applies, in canonical order, joined with `separador` (INE's QA suite).
    case unidas(separador: String)
    /// Only the first of `prioridad` that applies, alone (the IECM: "EXCEDE LISTA NOMINAL siempre
    /// prevalecerá"); observations mapped to the same text are one published value.
    case prevalece(prioridad: [Observacion])
}

/// The words a profile writes where a cell holds no figure, and its code lists.
public struct Vocabulario: Hashable, Sendable {
    public let ilegible, sinDato: String
    /// A cell of a row not yet registered.
    public let pendiente: String
    /// A vote column the acta does not show (its ámbito lacks the party or coalition).
    public let columnaAusente: String
    /// A figure cell of a sin acta row.
    public let sinActa: String
    /// TOTAL_VOTOS_ASENTADO of a sin acta row (the IECM's export leaves it empty while every other
    /// figure cell says `SIN ACTA`).
    public let sinActaTotalAsentado: String
    /// Whether a sin acta row carries FECHA_HORA_VERIFICACION; false writes `noAplica` (the IECM's
    /// leeme: "PARA LOS SUPUESTOS SIN ACTA ESTE CAMPO SE MARCARÁ CON UN N/A").
    public let horaVerificacionSinActa: Bool
    /// OBSERVACIONES when none applies.
    public let sinObservacion: String
    /// A field with no value on a registered row (a time never recorded, no image).
    public let sinValor: String
    /// "No aplica": fields of a sin acta row without an image, of a mesa (M, A, P), of fuera de catálogo.
    public let noAplica: String
    /// Every observation's text.
    public let observacion: [Observacion: String]
    public let origen: [OrigenImagen: String]
    public let digitalizacion: [OrigenImagen: String]
    /// TIPO_DOCUMENTO of a row with an image of the Acta PREP, and per casilla type when it differs
    /// (`M` → `ACTA VRME`).
    public let tipoDocumento: String
    public let tipoDocumentoPorTipoCasilla: [Character: String]
    /// TIPO_DOCUMENTO of an urna electrónica's acta (`ACTA UE`); nil: as any other.
    public let tipoDocumentoUrna: String?
    /// UBICACION_CASILLA of a fuera de catálogo row; nil writes `noAplica`.
    public let ubicacionFuera: Int?
    /// TIPO_ACTA of a fuera de catálogo row; nil writes `noAplica`.
    public let tipoActaFuera: String?
}

/// The layout of one election in a profile (file tag, geography columns, candidaturas header,
/// TIPO_ACTA codes, leeme).
public struct DisposicionEleccion: Hashable, Sendable {
    /// The election's part of file names: `GUB` → `CDMX_GUB_2024.csv`.
    public let etiqueta: String
    /// Geography columns of the acta header (`idAmbito`, `nombreAmbito`) and their names.
    public let geografia: [(campo: CampoActa, nombre: String)]
    /// Header of the candidaturas file.
    public let encabezadoCandidaturas: [String]
    /// TIPO_ACTA by TIPO_CASILLA, acta variant and urna electrónica: keys `S`, `S-RP`, `S UE`,
    /// `S-RP UE`; `""` is the default for any type not listed (see `tipoActa`).
    public let tiposActa: [String: String]
    /// Line 1 of the CSV; nil: the catálogo's NOMBRE.
    public let nombre: String?
    /// The election's name in the leeme's title (`JEFATURA DE GOBIERNO`).
    public let tituloLeeme: String

    public static func == (a: Self, b: Self) -> Bool {
        a.etiqueta == b.etiqueta && a.geografia.map(\.nombre) == b.geografia.map(\.nombre)
            && a.encabezadoCandidaturas == b.encabezadoCandidaturas && a.tiposActa == b.tiposActa && a.tituloLeeme == b.tituloLeeme && a.nombre == b.nombre
    }

    public func hash(into h: inout Hasher) { h.combine(etiqueta) }

    /// TIPO_ACTA of a casilla of type `tipo`.
    public func tipoActa(_ tipo: Character) -> String { tipoActa(tipo, variante: nil, urna: false) }

    /// TIPO_ACTA of the acta `variante` of a casilla of type `tipo` (with an urna electrónica or not):
    /// the most specific of the keys `T-V UE`, `T-V`, `T UE`, `T`, `""` that the table has.
    public func tipoActa(_ tipo: Character, variante: String?, urna: Bool) -> String {
        let t = String(tipo)
        let v = variante.map { t + "-" + $0 }
        let claves = [v.map { $0 + " UE" }, v, t + " UE", t, ""]
        for case let k? in claves where urna || !k.hasSuffix(" UE") {
            if let codigo = tiposActa[k] { return codigo }
        }
        return ""
    }

    /// The acta variant whose TIPO_ACTA is `codigo` (`A03ERP` → `RP`); nil when it is no variant's.
    public func variante(deTipoActa codigo: String) -> String? {
        for (k, v) in tiposActa where v == codigo {
            let sinUrna = k.hasSuffix(" UE") ? String(k.dropLast(3)) : k
            if let guion = sinUrna.firstIndex(of: "-") { return String(sinUrna[sinUrna.index(after: guion)...]) }
        }
        return nil
    }
}

/// A publication profile: everything about the published database's layout that is a convention
/// of an institute rather than a rule of counting — file names, packaging, preamble, header names
/// and order, key style, code lists, placeholder words, time format, line ends, BOM, quoting, which
/// actas get a row. Chosen per process (`proceso.csv`'s PERFIL); `PerfilPublicacion.ine2024` and
/// `.iecm2024` are the two known ones (data, in `PerfilesConocidos.swift`).
public struct PerfilPublicacion: Hashable, Sendable {
    /// `ine-2024`, `iecm-2024`.
    public let nombre: String
    public let bom: Bool
    /// CRLF when true, LF otherwise.
    public let crlf: Bool
    public let comillas: Comillas
    public let preambulo: [LineaPreambulo]
    /// The fields of a `separador` preamble row.
    public let separador: [String]
    /// Between the corte's `HH:MM` and `(UTC-6)` on the corte line.
    public let espacioAntesUTC: String
    /// Whether row times end in ` (UTC-6)`.
    public let utcEnFilas: Bool
    /// Whether every expected acta has a row from the first corte on (INE), or only registered ones (IECM).
    public let filasPendientes: Bool
    /// Keys between apostrophes (`'090001B0100'`), so spreadsheets keep the zeros.
    public let apostrofos: Bool
    /// CLAVE_ACTA as CLAVE_CASILLA + TIPO_ACTA (`090001C0100A02`) instead of the SPEC's acta key.
    public let claveActaConTipo: Bool
    /// Zero-padding widths; 0 writes the plain number.
    public let anchoEntidad, anchoAmbito, anchoUbicacion: Int
    /// The acta header; `.votos` expands to the election's columns, `.idAmbito`/`.nombreAmbito` are
    /// replaced by the election's `geografia` of `disposicion`.
    public let columnas: [(campo: CampoActa, nombre: String)]
    public let vocabulario: Vocabulario
    public let observaciones: FormaObservaciones
    /// PORCENTAJE_PARTICIPACION_CIUDADANA over TOTAL_VOTOS_C_CS (IECM) instead of TOTAL_VOTOS_S_CS (INE).
    public let participacionConEspeciales: Bool
    /// Per election code; an election not listed gets `disposicionGenerica`.
    public let elecciones: [String: DisposicionEleccion]
    /// Whether the corte also carries the institute's zip packaging.
    public let zip: Bool
    /// Mesas (M, A, P: `Casilla.esMesa`) as the IECM's leeme treats them: their rows first (M, then
    /// A, then P) and their ámbito, SECCION, ID_CASILLA and REPRESENTANTES_PP_CI written `noAplica`.
    public let mesasAparte: Bool

    public static func == (a: Self, b: Self) -> Bool { a.nombre == b.nombre }
    public func hash(into h: inout Hasher) { h.combine(nombre) }

    /// The layout of election `e` in this profile.
    public func disposicion(_ e: Eleccion) -> DisposicionEleccion {
        if let d = elecciones[e.codigo] { return d }
        let g = e.geografia.rawValue
        return DisposicionEleccion(
            etiqueta: e.codigo, geografia: [(.idAmbito, "ID_" + g), (.nombreAmbito, g)],
            encabezadoCandidaturas: ["ID_ENTIDAD", "ENTIDAD", "ID_" + g, g, "PARTIDO_CI", "CANDIDATURA_PROPIETARIA", "CANDIDATURA_SUPLENTE"],
            tiposActa: ["S": "2E", "": "2"], nombre: nil, tituloLeeme: e.nombre)
    }

    /// The acta header of election `e`: fields and names, in order.
    public func encabezado(_ e: Eleccion) -> [(campo: CampoActa, nombre: String)] {
        let d = disposicion(e)
        var salida: [(campo: CampoActa, nombre: String)] = []
        for c in columnas {
            switch c.campo {
            case .idAmbito: salida += d.geografia
            case .nombreAmbito: break
            case .votos: salida += e.columnas.map { (.votos, $0.id) }
            default: salida.append(c)
            }
        }
        return salida
    }

    /// OBSERVACIONES of a row: empty list → the profile's `sinObservacion`.
    public func textoObservaciones(_ obs: [Observacion]) -> String {
        guard !obs.isEmpty else { return vocabulario.sinObservacion }
        switch observaciones {
        case .unidas(let sep):
            return obs.map { vocabulario.observacion[$0] ?? $0.rawValue }.joined(separator: sep)
        case .prevalece(let prioridad):
            let o = prioridad.first { obs.contains($0) } ?? obs[0]
            return vocabulario.observacion[o] ?? o.rawValue
        }
    }

    /// The observations a published OBSERVACIONES text stands for (one per distinct text in
    /// `prevalece`: the first of `prioridad` with that text); nil when it is not a text of this profile.
    public func observaciones(deTexto texto: String) -> [Observacion]? {
        if texto == vocabulario.sinObservacion { return [] }
        var inverso: [String: Observacion] = [:]
        for o in Observacion.allCases.reversed() { if let t = vocabulario.observacion[o] { inverso[t] = o } }
        if case .prevalece(let prioridad) = observaciones {
            for o in prioridad.reversed() { if let t = vocabulario.observacion[o] { inverso[t] = o } }
            return inverso[texto].map { [$0] }
        }
        guard case .unidas(let sep) = observaciones else { return nil }
        var salida: [Observacion] = []
        for parte in texto.split(separator: sep, omittingEmptySubsequences: false) {
            guard let o = inverso[String(parte)] else { return nil }
            salida.append(o)
        }
        return salida
    }

    /// The known profiles by name.
    public static let conocidos: [String: PerfilPublicacion] = [ine2024.nombre: ine2024, iecm2024.nombre: iecm2024]

    /// The profile of a catálogo whose `proceso.csv` names none: every catálogo written before
    /// profiles existed, so its cortes stay byte for byte what they were.
    public static let predeterminado = ine2024
}

extension Proceso {
    /// File name of an election's acta CSV: `ENT_ETIQUETA_AAAA.csv` (`CDMX_JG_2024.csv` in
    /// `ine-2024`, `CDMX_GUB_2024.csv` in `iecm-2024`).
    public func archivoActas(_ e: Eleccion) -> String { "\(siglas)_\(perfil.disposicion(e).etiqueta)_\(anio).csv" }

    /// File name of an election's candidaturas CSV: `ENT_ETIQUETA_CANDIDATURAS_AAAA.csv`.
    public func archivoCandidaturas(_ e: Eleccion) -> String { "\(siglas)_\(perfil.disposicion(e).etiqueta)_CANDIDATURAS_\(anio).csv" }
}
