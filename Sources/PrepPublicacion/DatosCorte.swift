import PrepDominio

/// Everything one corte publishes, computed once and shared by every writer of the corte: the CSV
/// writer and the results site consume the same values, so the site can never show a
/// figure the database does not.
///
/// - `tablas[i]` is the election `catalogo.elecciones[tablas[i].indice]`: per expected acta a
///   `FilaActa?` (nil while pending) with its `ResultadoComputo` (`fila.resultado`), its figures
///   (`fila.cifra(columna:)`, `fila.cifra(total:)`), image and times; the fuera de catálogo rows
///   (`tabla.fuera`); the preamble figures (`tabla.resumen`) and the vote totals per column over
///   counted actas (`tabla.votosPorColumna`).
/// - Row i of a table is the expected acta `catalogo.actas[tabla.primera + i]`; its casilla is
///   `catalogo.casillas[acta.casilla]` (distrito, demarcación, sección for the site's levels).
/// - Images are at `../../imagenes/<fila.imagen.nombrePublicado>` from the corte folder.
public struct DatosCorte: Sendable {
    public let nombre: NombreCorte
    public let modo: ModoPublicacion
    /// The corte's instant at the configured offset.
    public let corte: MarcaTiempo
    public let generado: MarcaTiempo
    public let expira: MarcaTiempo
    public let catalogo: Catalogo
    public let tablas: [TablaEleccion]
    /// The corte that closes the night (`prep publish --final`): it never expires.
    public var final = false
    /// Whether every acta's figures come from captures signed by registered operators (the
    /// manifest's `operators_authenticated`); the site says so when they do not.
    public var operadoresAutenticados = true

    /// The file that describes every column and value: `datos/LEEME.txt`, or in a profile with zip
    /// packaging the package (`datos/YYYYMMDD_HHMM_PREP_CDMX.zip`, a leeme.txt per election inside).
    public var archivoDocumentacion: String {
        catalogo.proceso.perfil.zip ? "datos/" + ConstructorCortes.nombreZip(corte, catalogo.proceso, etiqueta: nil) : "datos/LEEME.txt"
    }

    /// The CSV file name (inside `datos/`) of an election.
    public func archivoCSV(_ tabla: TablaEleccion) -> String {
        EscritorCSV.nombreArchivo(catalogo.proceso, catalogo.elecciones[tabla.indice])
    }
}

/// One file a `GeneradorSitio` adds to a corte: a path relative to the corte folder and its bytes.
public struct ArchivoGenerado: Sendable {
    public let ruta: String
    public let bytes: [UInt8]

    public init(ruta: String, bytes: [UInt8]) {
        self.ruta = ruta
        self.bytes = bytes
    }
}

/// The hook for the results site: called while the corte is still being built, its
/// files land in the corte before `SHA256` is computed, so the signature covers them. Paths must
/// be relative, without `..` or `)`, and must not collide with `datos/`, `manifest.json`, `SHA256`
/// or `SHA256.sig`.
public protocol GeneradorSitio: Sendable {
    func generar(_ datos: DatosCorte) throws -> [ArchivoGenerado]
    /// The same files handed over one at a time as they are made, so the corte never holds every
    /// page of a national site (≈150 MB) at once. The default calls `generar(_:)`.
    func generar(_ datos: DatosCorte, emitir: (ArchivoGenerado) throws -> Void) throws
}

extension GeneradorSitio {
    public func generar(_ datos: DatosCorte, emitir: (ArchivoGenerado) throws -> Void) throws {
        for a in try generar(datos) { try emitir(a) }
    }
}
