/// The electoral process a catálogo belongs to: one entidad, one year.
public struct Proceso: Hashable, Sendable {
    /// ID_ENTIDAD, e.g. 9.
    public let idEntidad: Int
    /// ENTIDAD as published, e.g. `CIUDAD DE MÉXICO`.
    public let entidad: String
    /// Short name used in file names, e.g. `CDMX` (→ `CDMX_JG_2024.csv`).
    public let siglas: String
    public let anio: Int
    /// Free text shown on the site and in LEEME, e.g. "Muestra sintética, no son datos reales".
    public let descripcion: String
    /// The layout of the published database (`proceso.csv`'s optional PERFIL).
    public let perfil: PerfilPublicacion

    public init(idEntidad: Int, entidad: String, siglas: String, anio: Int, descripcion: String,
                perfil: PerfilPublicacion = .predeterminado) {
        self.idEntidad = idEntidad
        self.entidad = entidad
        self.siglas = siglas
        self.anio = anio
        self.descripcion = descripcion
        self.perfil = perfil
    }

    /// The instants a capture or acopio time of this process may name: from 1 January of the year
    /// before to 31 December of the year after, UTC. A time outside it is a writer's mistake (Go's
    /// zero time, a year-9999 sentinel); refusing it keeps every published time a four-digit year
    /// at any offset, so the daemon can always read back what it wrote.
    public var ventanaTiempos: ClosedRange<Int64> {
        let desde = MarcaTiempo(anio: max(1, anio - 1), mes: 1, dia: 1, hora: 0, minuto: 0, segundo: 0, desfaseMinutos: 0)
        let hasta = MarcaTiempo(anio: min(9999, anio + 1), mes: 12, dia: 31, hora: 23, minuto: 59, segundo: 59, desfaseMinutos: 0)
        return (desde?.segundosUnix ?? 0)...(hasta?.segundosUnix ?? 0)
    }
}

/// The geography an election's CSV reports for each acta.
public enum Geografia: String, Hashable, Sendable, CaseIterable {
    /// `ID_DISTRITO_LOCAL, DISTRITO_LOCAL` (Jefatura de Gobierno, Diputaciones).
    case distritoLocal = "DISTRITO_LOCAL"
    /// `ID_DEMARCACION_TERRITORIAL, DEMARCACION_TERRITORIAL` (Alcaldías).
    case demarcacion = "DEMARCACION_TERRITORIAL"
}

/// The kind of a vote column (INE's C_ASOCIACIONES types, reduced to what an acta shows).
public enum TipoColumna: String, Hashable, Sendable, CaseIterable {
    case partido
    case coalicion
    /// A candidatura común (CDMX: `MORENA_PT_VERDE`): parties that postulate one candidate without
    /// a coalition, each keeping its own column too.
    case candidaturaComun = "candidatura_comun"
    case independiente
    case noRegistradas = "no_registradas"
    case nulos
}

/// One vote column of an election: a party, a coalition combination, an independent,
/// NO_REGISTRADAS or NULOS.
public struct ColumnaVoto: Hashable, Sendable {
    /// Column name as published in the CSV header and used in capture JSON, e.g. `PAN_PRI_PRD`.
    public let id: String
    public let tipo: TipoColumna
    /// Human name for the site, e.g. `Partido Acción Nacional`.
    public let nombre: String
    /// `#rrggbb` for the site's bars.
    public let color: String

    public init(id: String, tipo: TipoColumna, nombre: String, color: String) {
        self.id = id
        self.tipo = tipo
        self.nombre = nombre
        self.color = color
    }
}

/// One election of the process, e.g. JG (Jefatura de Gobierno).
public struct Eleccion: Hashable, Sendable {
    /// `[A-Z][A-Z0-9]{1,7}`, the suffix of acta keys.
    public let codigo: String
    /// First line of its CSV, e.g. `JEFATURA DE GOBIERNO`.
    public let nombre: String
    public let geografia: Geografia
    /// Every vote column in catálogo order; NO_REGISTRADAS and NULOS last.
    public let columnas: [ColumnaVoto]
    /// For an ámbito (distrito or demarcación id, per `geografia`) whose acta does not show every
    /// column: the indices into `columnas` it does show. Ámbitos not listed show all columns.
    public let columnasPorAmbito: [Int: [Int]]

    public init(codigo: String, nombre: String, geografia: Geografia, columnas: [ColumnaVoto],
                columnasPorAmbito: [Int: [Int]]) {
        self.codigo = codigo
        self.nombre = nombre
        self.geografia = geografia
        self.columnas = columnas
        self.columnasPorAmbito = columnasPorAmbito
    }

    /// Indices into `columnas` that the acta of a casilla in `ambito` shows.
    public func indicesColumnas(ambito: Int) -> [Int] {
        columnasPorAmbito[ambito] ?? Array(columnas.indices)
    }
}

/// A distrito local or a demarcación territorial.
public struct Ambito: Hashable, Sendable {
    public let id: Int
    public let nombre: String
    public init(id: Int, nombre: String) {
        self.id = id
        self.nombre = nombre
    }
}

/// How a casilla's package travels to its council (leeme MECANISMOS_TRASLADO): published as its
/// letter; a casilla without one publishes an empty field.
public enum MecanismoTraslado: String, Hashable, Sendable, CaseIterable {
    /// Dispositivo de apoyo para el traslado de presidentes de mesa directiva de casilla.
    case dispositivo = "D"
    /// Centro de recepción y traslado fijo.
    case fijo = "F"
    /// Centro de recepción y traslado itinerante.
    case itinerante = "I"
}

/// One casilla (polling station) of the catálogo.
///
/// 48 bytes and no heap object of its own: the key is six bytes, the catálogo's numbers 32-bit,
/// and casillas with the same list of actas share one `elecciones` array (the loader interns
/// them; a national catálogo has a handful of distinct lists for ≈170,000 casillas).
public struct Casilla: Hashable, Sendable {
    /// The actas this casilla has, as `ELECCION` or `ELECCION-VARIANTE` codes (`DIP-RP`: the
    /// representación proporcional acta of a casilla especial), in catálogo election order.
    public let elecciones: [String]
    public let listaNominal: Int
    // The catálogo's numbers are at most 9 digits (`Carga.natural`): 32 bits hold them.
    private let distrito32: Int32
    private let demarcacion32: Int32
    private let representantes32: Int32
    private let boletasEspecial32: Int32
    private let ubicacion32: Int32
    public let clave: ClaveCasilla
    /// Whether its votes are cast in an urna electrónica (its actas are the UE ones).
    public let urnaElectronica: Bool
    /// The package's traslado mechanism; nil when none applies.
    public let mecanismoTraslado: MecanismoTraslado?

    public var idDistritoLocal: Int { Int(distrito32) }
    public var idDemarcacion: Int { Int(demarcacion32) }
    /// UBICACION_CASILLA: 1 urbana, 2 no urbana.
    public var ubicacion: Int { Int(ubicacion32) }
    /// REPRESENTANTES_PP_CI: accredited representatives, who may vote there.
    public var representantes: Int { Int(representantes32) }
    /// Ballots a casilla especial (tipo S) receives; 0 for other casillas.
    public var boletasEspecial: Int { Int(boletasEspecial32) }

    public init(clave: ClaveCasilla, idDistritoLocal: Int, idDemarcacion: Int, ubicacion: Int,
                listaNominal: Int, representantes: Int, boletasEspecial: Int, elecciones: [String],
                urnaElectronica: Bool = false, mecanismoTraslado: MecanismoTraslado? = nil) {
        self.clave = clave
        self.distrito32 = Int32(idDistritoLocal)
        self.demarcacion32 = Int32(idDemarcacion)
        self.ubicacion32 = Int32(ubicacion)
        self.listaNominal = listaNominal
        self.representantes32 = Int32(representantes)
        self.boletasEspecial32 = Int32(boletasEspecial)
        self.elecciones = elecciones
        self.urnaElectronica = urnaElectronica
        self.mecanismoTraslado = mecanismoTraslado
    }

    /// The same casilla with another list of actas.
    public func con(elecciones: [String]) -> Casilla {
        Casilla(clave: clave, idDistritoLocal: idDistritoLocal, idDemarcacion: idDemarcacion, ubicacion: ubicacion,
                listaNominal: listaNominal, representantes: representantes, boletasEspecial: boletasEspecial,
                elecciones: elecciones, urnaElectronica: urnaElectronica, mecanismoTraslado: mecanismoTraslado)
    }

    public var esEspecial: Bool { clave.tipo == "S" }

    /// A mesa de escrutinio y cómputo rather than a casilla: M (voto de residentes en el
    /// extranjero), A (voto anticipado), P (personas en prisión preventiva). Its acta has no
    /// sección, no representantes and may belong to no distrito or demarcación (id 0).
    public var esMesa: Bool { Casilla.tiposMesa.contains(clave.tipo) }

    /// The TIPO_CASILLA letters of mesas, in the order the leeme publishes their rows (M first).
    public static let tiposMesa: [Character] = ["M", "A", "P"]

    /// The ámbito id this casilla reports under for an election of `geografia`.
    public func ambito(_ geografia: Geografia) -> Int {
        geografia == .distritoLocal ? idDistritoLocal : idDemarcacion
    }
}

/// A candidacy shown on the site and in `..._CANDIDATURAS_AAAA.csv`.
public struct Candidatura: Hashable, Sendable {
    public let eleccion: String
    /// Distrito or demarcación id per the election's geografía; 0 for an entidad-wide election.
    public let idAmbito: Int
    /// The vote column (party, coalition or independent) that postulates it.
    public let columna: String
    public let propietaria: String
    public let suplente: String

    public init(eleccion: String, idAmbito: Int, columna: String, propietaria: String, suplente: String) {
        self.eleccion = eleccion
        self.idAmbito = idAmbito
        self.columna = columna
        self.propietaria = propietaria
        self.suplente = suplente
    }
}

/// An expected acta (acta esperada): one casilla × one of its elections.
///
/// 40 bytes and no heap object (a national catálogo holds ≈515,000): the key is 18 bytes, the
/// indices 16- and 32-bit, and TIPO_ACTA a small string (every profile's codes are ≤ 15 bytes).
public struct ActaEsperada: Hashable, Sendable {
    public let clave: ClaveActa
    /// Laid out right after `clave` (18 bytes), in what would be its padding.
    private let eleccion16: UInt16
    private let casilla32: Int32
    /// TIPO_ACTA as published (e.g. `2` mayoría relativa, `2E` casilla especial).
    public let tipoActa: String

    /// Index into `Catalogo.casillas`.
    public var casilla: Int { Int(casilla32) }
    /// Index into `Catalogo.elecciones`.
    public var eleccion: Int { Int(eleccion16) }

    /// `casilla` and `eleccion` are indices into a catálogo's arrays: they fit 32 and 16 bits.
    public init(clave: ClaveActa, casilla: Int, eleccion: Int, tipoActa: String) {
        self.clave = clave
        self.eleccion16 = UInt16(eleccion)
        self.casilla32 = Int32(casilla)
        self.tipoActa = tipoActa
    }
}
