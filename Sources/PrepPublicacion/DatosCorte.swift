import Synchronization
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
    /// The signed captures behind each published acta, by acta key (what `capturas/actas.csv`
    /// lists): which registered operators captured it. Empty without an operator registry.
    public var respaldos: [String: RespaldoActa] = [:]
    /// Which expected actas changed since the previous corte, and the site's `PlanSitio.ficha` in
    /// it; nil when there is no previous corte to compare with (every file is made): the first
    /// corte of the night, or after a restart whose last corte this process cannot vouch for
    /// (see `ConstructorCortes.recuperarArchivos`).
    public var cambios: CambiosCorte?
    /// What the site's generator kept of the cortes it planned, for the next one (`MemoriaSitio`);
    /// one per corte builder, so never of another catálogo.
    public var memoriaSitio: MemoriaSitio?
    /// The CSVs as this corte's builder wrote them, once it has (see `CSVEscritos`).
    public var csvEscritos = CSVEscritos()

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
    /// The files as a plan the corte builder carries out on every core: each file's path, whether
    /// its inputs changed since the previous corte (`DatosCorte.cambios`), and how to make its
    /// bytes when they did. What the builder publishes (`publicarCorte`). The default plans every
    /// file of `generar(_:)` as changed.
    func plan(_ datos: DatosCorte) throws -> PlanSitio
    /// The `PlanSitio.ficha` the plan of `datos` has (everything its files depend on besides the
    /// actas). The builder asks for it at a restart, with the last corte's mode, authentication
    /// and captures, to learn which files the first corte may link without making them. The
    /// default is the default plan's ("": it plans every file as changed anyway).
    func ficha(_ datos: DatosCorte) -> String
    /// Keeps in `datos.memoriaSitio` what a plan of `datos` would keep for the next corte: the
    /// builder asks at a restart, with the last corte's rows read back, so that the first corte
    /// after it is planned like any next one. The default keeps nothing.
    func recordar(_ datos: DatosCorte)
}

extension GeneradorSitio {
    public func recordar(_ datos: DatosCorte) {}

    public func generar(_ datos: DatosCorte, emitir: (ArchivoGenerado) throws -> Void) throws {
        for a in try generar(datos) { try emitir(a) }
    }

    public func ficha(_ datos: DatosCorte) -> String { "" }

    public func plan(_ datos: DatosCorte) throws -> PlanSitio {
        PlanSitio(ficha: "", archivos: try generar(datos).map { a in ArchivoPlaneado(ruta: a.ruta, cambia: true) { a.bytes } })
    }
}

/// The site of one corte as files to make (`GeneradorSitio.plan`).
public struct PlanSitio: Sendable {
    /// Everything every file's bytes depend on besides the actas each shows (mode, key, whether
    /// the captures are authenticated, the layout's sizes), as the generator spells it. The
    /// builder hands it back with the next corte's `cambios`: when it differs, the generator
    /// plans every file as changed.
    public var ficha: String
    public var archivos: [ArchivoPlaneado]

    public init(ficha: String, archivos: [ArchivoPlaneado]) {
        self.ficha = ficha
        self.archivos = archivos
    }
}

/// One file of a `PlanSitio`.
public struct ArchivoPlaneado: Sendable {
    /// Path relative to the corte folder (the rules of `GeneradorSitio`).
    public let ruta: String
    /// False only when the file's bytes are, by the generator's word, those of the previous
    /// corte's file at the same path: every input they are made of is unchanged. The builder then
    /// hard-links that file (when it is still the one this process listed) instead of calling `bytes`.
    public let cambia: Bool
    /// Makes the file; called on any core, at most once.
    public let bytes: @Sendable () throws -> [UInt8]
    /// The same file as pieces (`PiezasArchivo`), when the generator can say which of them
    /// changed: the builder then makes only those and copies the others from the previous
    /// corte's file, instead of calling `bytes`.
    public let piezas: PiezasArchivo?

    public init(ruta: String, cambia: Bool, piezas: PiezasArchivo? = nil, bytes: @escaping @Sendable () throws -> [UInt8]) {
        self.ruta = ruta
        self.cambia = cambia
        self.piezas = piezas
        self.bytes = bytes
    }
}

/// A file laid out as a head, pieces, a tail (a lookup file: one piece per acta; an ámbito's
/// page: one per row of its acta table), each piece's bytes depending only on its own inputs.
/// When the previous corte's file was made of the same pieces, a piece whose inputs did not
/// change is copied from it (`hacer`), and the result is byte for byte what making every piece
/// gives. The head and the tail are made anew each time (a page's head holds its ámbito's
/// figures), only when the file is made.
public struct PiezasArchivo: Sendable {
    public let cuantas: Int
    /// Makes the head and the tail.
    public let extremos: @Sendable () -> (inicio: [UInt8], fin: [UInt8])
    /// Whether piece `i`'s inputs changed since the previous corte.
    public let cambia: @Sendable (Int) -> Bool
    /// Makes a maker of pieces for one file (it may keep a buffer between the pieces it makes):
    /// the maker appends piece `i`.
    public let hacedor: @Sendable () -> (Int, inout [UInt8]) -> Void

    public init(cuantas: Int, extremos: @escaping @Sendable () -> (inicio: [UInt8], fin: [UInt8]),
                cambia: @escaping @Sendable (Int) -> Bool, hacedor: @escaping @Sendable () -> (Int, inout [UInt8]) -> Void) {
        self.cuantas = cuantas
        self.extremos = extremos
        self.cambia = cambia
        self.hacedor = hacedor
    }

    /// A file whose head and tail are known bytes.
    public init(inicio: [UInt8], cuantas: Int, fin: [UInt8], cambia: @escaping @Sendable (Int) -> Bool,
                hacedor: @escaping @Sendable () -> (Int, inout [UInt8]) -> Void) {
        self.init(cuantas: cuantas, extremos: { (inicio, fin) }, cambia: cambia, hacedor: hacedor)
    }

    /// The file's bytes, where its pieces lie (`limites`: the head's end, then each piece's end,
    /// `cuantas + 1` offsets), and how many pieces were copied. With `previo` (the previous
    /// corte's bytes of this file and its `limites`, for as many pieces), an unchanged piece is
    /// copied from it.
    public func hacer(previo: (bytes: [UInt8], limites: [Int32])? = nil) -> (bytes: [UInt8], limites: [Int32], copiadas: Int) {
        let anterior = previo.flatMap { p in caben(p.limites, en: p.bytes.count) ? p : nil }
        let pieza = hacedor()
        let (inicio, fin) = extremos()
        var b = inicio
        b.reserveCapacity(inicio.count + fin.count + (anterior.map { $0.bytes.count } ?? cuantas * 160))
        var limites: [Int32] = [Int32(b.count)]
        limites.reserveCapacity(cuantas + 1)
        var copiadas = 0
        for i in 0..<cuantas {
            if let a = anterior, !cambia(i) {
                b += a.bytes[Int(a.limites[i])..<Int(a.limites[i + 1])]
                copiadas += 1
            } else {
                pieza(i, &b)
            }
            limites.append(Int32(b.count))
        }
        b += fin
        return (b, limites, copiadas)
    }

    /// Whether `limites` can be this file's places in a file of `tamano` bytes: one for the head
    /// and one per piece, from 0, never going back, none past the end. Places that come from
    /// elsewhere (a file read back after a restart) are sliced only after this check.
    public func caben(_ limites: [Int32], en tamano: Int) -> Bool {
        guard limites.count == cuantas + 1 else { return false }
        var anterior: Int32 = 0
        for l in limites {
            guard l >= anterior else { return false }
            anterior = l
        }
        return Int(anterior) <= tamano
    }
}

/// Which expected actas (positions in `Catalogo.actas`) were registered since the previous corte
/// (one this process published, or the one it recovered from at start; then also those whose rows
/// could not be read back): one bit each (≈ 64 KB nationally).
public struct CambiosCorte: Sendable {
    private var bits: [UInt64]
    /// The corte they are counted from (its folder name): what a generator kept of that corte
    /// (`MemoriaSitio`) stands for every acta not marked here.
    public let desde: String
    /// How many actas are marked: none is the common corte of a quiet stretch, answered at once.
    private var marcadas = 0
    /// The site's `PlanSitio.ficha` in that previous corte.
    public let fichaSitio: String

    public init(actas: Int, fichaSitio: String, desde: String) {
        bits = [UInt64](repeating: 0, count: (actas + 63) / 64)
        self.fichaSitio = fichaSitio
        self.desde = desde
    }

    mutating func marcar(_ p: Int) {
        guard p >= 0, p / 64 < bits.count else { return }
        let bit: UInt64 = 1 << UInt64(p % 64)
        if bits[p / 64] & bit == 0 { marcadas += 1 }
        bits[p / 64] |= bit
    }

    /// Whether acta `p` changed (a position outside the catálogo counts as changed).
    public func cambio(_ p: Int) -> Bool {
        guard p >= 0, p / 64 < bits.count else { return true }
        return bits[p / 64] & (1 << UInt64(p % 64)) != 0
    }

    /// Whether any acta of `posiciones` changed.
    public func alguno(_ posiciones: ArraySlice<Int32>) -> Bool {
        guard marcadas > 0 else { return posiciones.contains { $0 < 0 || Int($0) / 64 >= bits.count } }
        for p in posiciones where cambio(Int(p)) { return true }
        return false
    }

    /// Whether any acta of the positions `r` changed: a word of 64 actas at a time (an ámbito's
    /// actas are runs of the catálogo's order, a country's page is every acta).
    public func alguno(_ r: Range<Int>) -> Bool {
        guard !r.isEmpty else { return false }
        guard r.lowerBound >= 0, (r.upperBound - 1) / 64 < bits.count else { return true }
        guard marcadas > 0 else { return false }
        let primera = r.lowerBound / 64, ultima = (r.upperBound - 1) / 64
        for w in primera...ultima {
            var mascara = UInt64.max
            if w == primera { mascara &= UInt64.max << UInt64(r.lowerBound % 64) }
            if w == ultima, r.upperBound % 64 != 0 { mascara &= UInt64.max >> UInt64(64 - r.upperBound % 64) }
            if bits[w] & mascara != 0 { return true }
        }
        return false
    }
}

/// What a site generator keeps of the last corte it planned, for the next: a value of its own
/// (the site keeps each run's counts), labelled with that corte's name. The next corte may use
/// it only when its `CambiosCorte` are counted from that very corte (`desde`): then every acta not
/// marked has the row it had there. A corte that failed after its plan leaves the changes counted
/// from the one before, so its label no longer matches and nothing is reused.
///
/// Ownership: one per `ConstructorCortes` (a corte builder has one catálogo for its life), handed
/// to the generator in each `DatosCorte` on the corte worker; behind a mutex all the same, since
/// a generator's files are made on every core.
public final class MemoriaSitio: Sendable {
    private let guardado = Mutex<(corte: String, valor: any Sendable)?>(nil)

    public init() {}

    /// What was kept of the corte named `corte`, if that is the one kept.
    public func leer(corte: String) -> (any Sendable)? {
        guardado.withLock { g in g.flatMap { $0.corte == corte ? $0.valor : nil } }
    }

    /// Keeps `valor` as what the corte named `corte` planned (replacing what was kept).
    public func guardar(_ valor: any Sendable, corte: String) {
        guardado.withLock { $0 = (corte, valor) }
    }
}
