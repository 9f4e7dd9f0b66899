/// Everything the results site of one corte shows, as plain values already counted and (for the
/// CSV's own figures) already formatted exactly as the CSV prints them. `MaquetadorSitio` only lays
/// it out; it never counts, so the site cannot disagree with the CSV it sits beside.
public struct ModeloSitio: Sendable {
    /// Page title, e.g. `PREP 2024 · Ciudad de México`.
    public var titulo: String
    /// The catálogo's description (e.g. "Muestra sintética, no son datos reales"); empty for none.
    public var descripcion: String
    /// The corte folder name, `SEQ_YYYYMMDD_HHMM`.
    public var corte: String
    /// Corte time as the CSV's second line prints it: `dd/mm/YYYY HH:MM (UTC-6)`.
    public var horaCorte: String
    /// Mode `simulacro`: every page carries a SIMULACRO banner.
    public var simulacro: Bool
    /// The manifest's `expires`, in Unix seconds, for the freshness check.
    public var expiraUnix: Int64
    /// The same instant for readers: `dd/mm/YYYY HH:MM (UTC-6)`.
    public var expiraTexto: String
    /// Fingerprint of the signing public key, as `prep keygen` / the manifest state it.
    public var huellaClave: String
    /// Path of the public key relative to the corte folder (e.g. `../../prep.pub`); nil if not published.
    public var clavePublica: String?
    /// Files offered under "Descargas", besides each election's CSVs.
    public var descargas: [Descarga]
    public var elecciones: [EleccionSitio]
    /// The corte that closes the night: "corte final", no expiry warning.
    public var final = false
    /// The entidades the catálogo's casillas are in (ascending): "Consulta tu casilla" asks for
    /// one when there are several.
    public var entidades: [Int] = []
    /// False: the figures are not traced to captures signed by registered operators (the
    /// manifest's `operators_authenticated`); every page says so.
    public var operadoresAutenticados = true

    public init(titulo: String, descripcion: String, corte: String, horaCorte: String, simulacro: Bool,
                expiraUnix: Int64, expiraTexto: String, huellaClave: String, clavePublica: String?,
                descargas: [Descarga], elecciones: [EleccionSitio], final: Bool = false) {
        self.final = final
        self.titulo = titulo
        self.descripcion = descripcion
        self.corte = corte
        self.horaCorte = horaCorte
        self.simulacro = simulacro
        self.expiraUnix = expiraUnix
        self.expiraTexto = expiraTexto
        self.huellaClave = huellaClave
        self.clavePublica = clavePublica
        self.descargas = descargas
        self.elecciones = elecciones
    }
}

/// One downloadable file of the corte.
public struct Descarga: Hashable, Sendable {
    /// Path relative to the corte folder, e.g. `datos/LEEME.txt`.
    public var ruta: String
    /// What it is, in Spanish, e.g. "Descripción de las columnas y sus valores".
    public var descripcion: String

    public init(ruta: String, descripcion: String) {
        self.ruta = ruta
        self.descripcion = descripcion
    }
}

/// One summary figure of the CSV preamble: its header name and its value exactly as printed.
public struct CifraResumen: Hashable, Sendable {
    /// The CSV header name, e.g. `PORCENTAJE_ACTAS_CAPTURADAS`.
    public var campo: String
    /// The CSV's text, e.g. `66.6666` or `1234`.
    public var texto: String

    public init(campo: String, texto: String) {
        self.campo = campo
        self.texto = texto
    }
}

/// The votes of one vote column (party, coalition combination, independent, no registradas, nulos).
public struct VotosColumna: Hashable, Sendable {
    /// The CSV column name, e.g. `PAN_PRI_PRD`.
    public var id: String
    public var nombre: String
    /// Kind for readers: "Partido", "Coalición", "Candidatura independiente", …
    public var tipo: String
    /// `#rrggbb`; anything else is replaced by grey.
    public var color: String
    /// Sum over counted actas.
    public var votos: Int
    /// Share of all counted votes, truncated to 4 decimals (`59.3521`).
    public var porcentaje: String

    public init(id: String, nombre: String, tipo: String, color: String, votos: Int, porcentaje: String) {
        self.id = id
        self.nombre = nombre
        self.tipo = tipo
        self.color = color
        self.votos = votos
        self.porcentaje = porcentaje
    }
}

/// The votes of one candidacy: the sum of the vote columns that postulate it.
public struct VotosCandidatura: Hashable, Sendable {
    public var propietaria: String
    public var suplente: String
    /// Ids of the vote columns whose votes it adds up (named on the page so anyone can recheck).
    public var columnas: [String]
    public var color: String
    public var votos: Int
    public var porcentaje: String

    public init(propietaria: String, suplente: String, columnas: [String], color: String, votos: Int, porcentaje: String) {
        self.propietaria = propietaria
        self.suplente = suplente
        self.columnas = columnas
        self.color = color
        self.votos = votos
        self.porcentaje = porcentaje
    }
}

/// One row of an acta table.
public struct FilaActaSitio: Hashable, Sendable {
    /// CLAVE_ACTA without the apostrophes.
    public var clave: String
    /// Short state for readers: "Pendiente", "Capturada", "Sin acta", …
    public var estado: String
    /// OBSERVACIONES as in the CSV; empty for none.
    public var observaciones: String
    /// CONTABILIZADA as in the CSV: `1`, `0`, `2` or `-`.
    public var contabilizada: String
    /// Name under `publish/imagenes/` (`HASH.ext`); nil when there is no image.
    public var imagen: String?
    /// CODIGO_INTEGRIDAD as in the CSV (`-` when there is no image).
    public var codigo: String

    public init(clave: String, estado: String, observaciones: String, contabilizada: String, imagen: String?, codigo: String) {
        self.clave = clave
        self.estado = estado
        self.observaciones = observaciones
        self.contabilizada = contabilizada
        self.imagen = imagen
        self.codigo = codigo
    }
}

/// Figures of one election or of one of its ámbitos.
public struct ResultadosSitio: Hashable, Sendable {
    /// The 13 summary figures in CSV header order (for an ámbito: recomputed over its rows).
    public var resumen: [CifraResumen]
    /// Vote columns in catálogo order.
    public var columnas: [VotosColumna]
    /// Candidacies in ballot order; empty when none apply.
    public var candidaturas: [VotosCandidatura]

    public init(resumen: [CifraResumen], columnas: [VotosColumna], candidaturas: [VotosCandidatura]) {
        self.resumen = resumen
        self.columnas = columnas
        self.candidaturas = candidaturas
    }
}

/// A distrito or demarcación of one election, with its figures and its actas.
public struct AmbitoSitio: Hashable, Sendable {
    public var id: Int
    public var nombre: String
    public var resultados: ResultadosSitio
    /// Every expected acta of the ámbito, in CSV order.
    public var actas: [FilaActaSitio]

    public init(id: Int, nombre: String, resultados: ResultadosSitio, actas: [FilaActaSitio]) {
        self.id = id
        self.nombre = nombre
        self.resultados = resultados
        self.actas = actas
    }
}

/// One election of the corte.
public struct EleccionSitio: Hashable, Sendable {
    /// Election code, e.g. `JG`; names its pages.
    public var codigo: String
    /// e.g. `JEFATURA DE GOBIERNO`.
    public var nombre: String
    /// What its ámbitos are called: "Distrito" or "Demarcación territorial".
    public var tipoAmbito: String
    /// Paths relative to the corte folder.
    public var archivoDatos: String
    public var archivoCandidaturas: String
    /// The CSV preamble's figures and the election-wide votes.
    public var resultados: ResultadosSitio
    public var ambitos: [AmbitoSitio]
    /// Fuera de catálogo rows (CONTABILIZADA 2), shown on the election page.
    public var fueraDeCatalogo: [FilaActaSitio]

    public init(codigo: String, nombre: String, tipoAmbito: String, archivoDatos: String, archivoCandidaturas: String,
                resultados: ResultadosSitio, ambitos: [AmbitoSitio], fueraDeCatalogo: [FilaActaSitio]) {
        self.codigo = codigo
        self.nombre = nombre
        self.tipoAmbito = tipoAmbito
        self.archivoDatos = archivoDatos
        self.archivoCandidaturas = archivoCandidaturas
        self.resultados = resultados
        self.ambitos = ambitos
        self.fueraDeCatalogo = fueraDeCatalogo
    }
}
