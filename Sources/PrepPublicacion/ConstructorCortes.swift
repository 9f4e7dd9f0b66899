import PrepDominio
import PrepSistema

/// How the daemon publishes: where, as what, how often, signed by whom.
public struct ConfiguracionCortes: Sendable {
    /// The spool's `publish/` folder (`cortes/`, `imagenes/`, `latest` inside).
    public var carpeta: String
    public var modo: ModoPublicacion
    /// Minutes from UTC of corte names, the CSV corte line and every CSV time (−360 for CDMX).
    public var desfaseMinutos: Int
    /// Seconds between cortes; at most 1,200 (three cortes an hour at least).
    public var intervaloSegundos: Int
    /// SHA-256 of the catálogo files (`huellaCatalogo(_:)`).
    public var catalogoSHA256: HuellaSHA256
    public var clave: ClaveSecretaSignify
    /// The results site; nil publishes the database only.
    public var sitio: (any GeneradorSitio)?
    /// The capture operators' registry (`operadores.csv`); nil: operators are not authenticated,
    /// and every manifest says so. Replaced on reload with `cambiarOperadores`.
    public var operadores: RegistroOperadores?
    /// The host that builds and signs the cortes, named in each manifest (`host`); nil names none.
    public var host: String?
    /// `keep_cortes`: the newest cortes kept whole; older ones are reduced after each corte
    /// (`RetencionCortes`). nil keeps every corte whole. Replaced on reload with `cambiarRetencion`.
    public var conservarCortes: Int?
    /// The program and version that writes the cortes (`prep 0.12.0`), named in each manifest
    /// (`generator`); nil names none, and a restart then renders every CSV row again.
    public var generador: String?

    public init(carpeta: String, modo: ModoPublicacion, desfaseMinutos: Int, intervaloSegundos: Int,
                catalogoSHA256: HuellaSHA256, clave: ClaveSecretaSignify, sitio: (any GeneradorSitio)? = nil) {
        self.carpeta = carpeta
        self.modo = modo
        self.desfaseMinutos = desfaseMinutos
        self.intervaloSegundos = intervaloSegundos
        self.catalogoSHA256 = catalogoSHA256
        self.clave = clave
        self.sitio = sitio
    }
}

/// What a corte published: its folder and the actas it included for the first time (the daemon
/// moves exactly those from `verified/` to `packaged/`, now that the corte is durable).
public struct CortePublicado: Sendable {
    public let nombre: NombreCorte
    /// Absolute or config-relative path of the corte folder.
    public let ruta: String
    public let incluidas: [ClaveActa]
    /// Actas with a row in this corte (registered, every election): the manifest's total.
    public let registradas: Int
    /// Files that are hard links to the previous corte's (unchanged since), not written again.
    public var enlazados = 0
    /// Pieces of the site's files (a lookup file's actas, an ámbito page's rows) copied from the
    /// previous corte's file, not made again (`PiezasArchivo`).
    public var piezasCopiadas = 0
    /// Deflated pieces of the zip (`iecm-2024`) taken as the previous corte's zip had them, not
    /// deflated again (`MemoriaDeflate`).
    public var piezasReusadas = 0
    /// What retention did once this corte was durable (older cortes reduced), for the log.
    public var retencion = RetencionCortes.Resultado()
}

/// Why a corte could not be made, or the publisher could not start. Nothing half-published stays
/// visible: the corte is built in a hidden `.NAME.partial` folder that the next start removes.
public struct ErrorPublicacion: Error, CustomStringConvertible {
    public let mensaje: String
    public init(_ mensaje: String) { self.mensaje = mensaje }
    public var description: String { mensaje }
}

/// The corte publisher the daemon drives (SPEC §7). Feed it every verified acta with
/// `registrar`, call `publicarCorte` on schedule and on demand, then move the returned
/// `incluidas` to `packaged/`.
///
/// Start-up recovery: `abrir` removes unfinished `.partial` folders, takes the highest complete
/// corte in `cortes/` as the current state (its seq, its `SHA256` hash for the chain, and every
/// registered row of its CSVs, read back into `ActaVerificada` values with images resolved in
/// `imagenes/`), and repoints `latest` at it. The corte is the durable database of packaged actas:
/// the daemon never needs to read 515,000 item folders. Actas in `verified/` (also those a crash
/// left there after their corte was already durable) are fed again with `registrar`; those already
/// published are not changed, only reported in the next `incluidas`. An image copy in `imagenes/`
/// that corte does not name is hashed and removed unless its bytes are its name
/// (`copiasDescartadas`): a copy is never trusted by its name alone across a crash.
/// What makes a next corte cheap is recovered too, from what that corte's signed list vouches
/// for (`recuperarArchivos`): the rows' places, its files re-hashed (to be linked), which actas
/// changed since (for the site's plan) and the zip's deflated pieces; so the first corte after a
/// restart costs about what a next corte costs.
///
/// Not `Sendable`: one thread at a time uses it. The daemon's corte worker (PrepServicio's
/// `TrabajadorCortes`) owns it on its serial queue, and the loop learns what it needs of it from
/// what the worker sends back after each corte, never by reading it. Within a corte, the site's
/// plan and the elections' CSVs are made on threads of the builder's own (`hilos`) beside the
/// caller's; the plan reads only its copy of the corte's data, and the caller waits for both
/// before the site is written.
public final class ConstructorCortes {
    public let configuracion: ConfiguracionCortes
    /// The corte's helpers (the site's plan, the other elections' CSVs), ten nice values below the
    /// caller: on election night the daemon's loop must keep its core while a corte is built
    /// (with them at its own priority, the live drain's p99 went from about 20 to 30–40 ms). The
    /// caller runs whatever they have not begun when it waits, so a corte is never slower than
    /// on one core.
    let hilos = HilosTrabajo(cortesia: 10)
    public let catalogo: Catalogo
    /// Image copies the start-up removed from `imagenes/`, one line each saying why (for the log):
    /// copies no durable corte named whose bytes were not their name. Each is made again when its
    /// acta is registered.
    public let copiasDescartadas: [String]
    var estado: Estado

    struct Estado {
        var tablas: [TablaEleccion]
        var ultimoSeq = 0
        var anteriorSHA256: HuellaSHA256?
        /// The last corte's time: a corte is never dated before it (an NTP step back would
        /// otherwise publish a corte that `prep verify --previous` rejects).
        var ultimoCorte: MarcaTiempo?
        /// The last corte is final (`prep publish --final`): the night is closed.
        var ultimoFinal = false
        /// Actas whose row in the latest corte could not be read back at start: the daemon
        /// reads them again from their items (`tomarPorReleer`), so a restart never depends on
        /// the figures of one acta.
        var porReleer: [ClaveActa] = []
        /// Registered since the last corte (or already published and fed again): reported in `incluidas`.
        var nuevas: [ClaveActa] = []
        /// Images linked into `imagenes/` since the last corte: that folder needs an fsync before
        /// the next corte names them.
        var imagenesSinSincronizar = false
        /// Cached per election: ámbito → indices of the columns its actas show.
        var aplican: [[Int: Set<Int>]]
        /// Per table, where the last corte wrote each acta row (empty before the first corte of
        /// this process): the next corte copies the rows of actas not registered since.
        var filasCSV: [FilasPrevias] = []
        /// Per zip inside the package (by its election CSV's path), the deflated pieces of the last
        /// corte's (read back at a restart: `recuperarPiezasZip`): a piece that did not change is
        /// not deflated again.
        var piezasZip: [String: MemoriaDeflate] = [:]
        /// The registry in force (`ConfiguracionCortes.operadores`, then each reload).
        var operadores: RegistroOperadores?
        /// Every operator whose key signed a published capture, kept after a revocation: a
        /// corte's `capturas/operadores.csv` must still verify the captures of earlier actas.
        var firmantes: [Operador] = []
        /// Acta key → the signed captures its figures come from.
        var respaldos: [String: RespaldoActa] = [:]
        /// Capture copies made since the last corte: synced before the next names them.
        var capturasSinSincronizar = false
        /// The files of the last corte, as this process made them or read them back at start (nil
        /// before the first corte, or when the last one's list is not signed by this key): what
        /// the next corte hard-links when a file would have the same bytes.
        var previo: ArchivosPrevios?
        /// The actas registered since that corte (nil before it, or after a restart that cannot
        /// vouch for it: `recuperarArchivos`), for the site's plan.
        var cambios: CambiosCorte?
        /// What the site's generator keeps from one corte to the next (`DatosCorte.memoriaSitio`),
        /// filled at a restart from the last corte's rows along with `cambios`.
        let memoriaSitio = MemoriaSitio()
        /// `keep_cortes` in force (`ConfiguracionCortes.conservarCortes`, then each reload).
        var conservarCortes: Int?
    }

    public typealias Operador = RegistroOperadores.Operador

    public var carpetaCortes: String { configuracion.carpeta + "/cortes" }
    public var carpetaImagenes: String { configuracion.carpeta + "/imagenes" }
    /// `publish/capturas/`: each signed capture once, `HASH.json.sig` (`CapturaPublicada`).
    public var carpetaCapturas: String { configuracion.carpeta + "/capturas" }
    public var enlaceLatest: String { configuracion.carpeta + "/latest" }

    /// Opens the publish folder and recovers the state of the latest complete corte.
    public init(configuracion c: ConfiguracionCortes, catalogo: Catalogo) throws(ErrorPublicacion) {
        guard c.intervaloSegundos > 0, c.intervaloSegundos <= IntervaloCorte.maximoSegundos else {
            throw ErrorPublicacion("corte_interval \(c.intervaloSegundos)s refused: it must be between 1 s and 20 min (at least three cortes an hour)")
        }
        configuracion = c
        self.catalogo = catalogo
        var e = Estado(tablas: tablasVacias(catalogo),
                       aplican: catalogo.elecciones.map { $0.columnasPorAmbito.mapValues(Set.init) })
        e.operadores = c.operadores
        e.conservarCortes = c.conservarCortes
        do {
            try Directorio.actual.crearCarpetas(NombreArchivo(c.carpeta + "/cortes"))
            try Directorio.actual.crearCarpetas(NombreArchivo(c.carpeta + "/imagenes"))
            try Directorio.actual.crearCarpetas(NombreArchivo(c.carpeta + "/capturas"))
        } catch { throw ErrorPublicacion("cannot create the publish folders: \(error)") }
        let copias = try Self.recuperar(&e, configuracion: c, catalogo: catalogo)
        // Copies kept without a corte naming them may not be durable yet: synced before the next corte.
        e.imagenesSinSincronizar = copias.conservadas > 0
        copiasDescartadas = copias.descartadas
        estado = e
        // Loading the catálogo and reading the last corte back leave a lot of freed heap that
        // glibc keeps; give it back so the daemon's resident size is what it really holds.
        Maquina.devolverMemoriaLibre()
    }

    /// The time of the last complete corte (nil before the first).
    public var ultimoCorte: MarcaTiempo? { estado.ultimoCorte }

    /// Whether the last complete corte is final: the night is closed until a corte reopens it.
    public var cerrada: Bool { estado.ultimoFinal }

    /// Number of the last complete corte (0 before the first).
    public var ultimoSeq: Int { estado.ultimoSeq }

    /// Whether the acta has a row in the current state (the last corte read back, and what was
    /// registered since).
    public func registrada(_ clave: ClaveActa) -> Bool {
        guard let (ie, _) = catalogo.eleccion(codigo: clave.eleccion) else { return false }
        if let posicion = catalogo.posicion(clave) { return estado.tablas[ie].metas[posicion - estado.tablas[ie].primera].registrada }
        return estado.tablas[ie].fueraPorClave[clave.texto] != nil
    }

    /// Feeds one verified acta. `rutaImagen` is the spool file of its published image, hard-linked
    /// into `imagenes/` right away (copied when the link fails); nil when it has none or it is
    /// already in `imagenes/`.
    /// Returns false when the acta was already published (it is then reported in the next
    /// `incluidas` again, unchanged).
    /// The actas whose rows the start-up could not read back; asked once (the list is emptied).
    /// Feed each again with `registrar(…, reportar: false)` from its `packaged/` item.
    public func tomarPorReleer() -> [ClaveActa] {
        defer { estado.porReleer = [] }
        return estado.porReleer
    }

    /// With `reportar` false the acta is not reported in the next `incluidas` (it is already
    /// packaged: an acta read again from its item at start).
    @discardableResult
    /// `respaldo`: the signed captures its figures come from, copied into `capturas/` and listed
    /// in every later corte (nil, or unsigned: the acta is published as not authenticated).
    public func registrar(_ acta: ActaVerificada, rutaImagen: String?, bytesImagen: Int? = nil,
                          respaldo: FuenteRespaldo? = nil, reportar: Bool = true) throws(ErrorPublicacion) -> Bool {
        let catalogo = self.catalogo
        let imagenes = carpetaImagenes, capturas = carpetaCapturas
        return try conEstado { (e: inout Estado) throws(ErrorPublicacion) -> Bool in
            if let img = acta.imagen {
                let nombre = img.nombrePublicado
                guard ListaSHA256.rutaValida(nombre), !nombre.contains("/") else {
                    throw ErrorPublicacion("acta \(acta.clave): image name '\(nombre)' is not publishable")
                }
                if let rutaImagen {
                    // Linked now, as actas arrive, not at corte time: the corte stays fast, and an
                    // image in imagenes/ that no corte names yet is harmless (content-addressed).
                    // A copy of its first `bytesImagen` bytes, hashed as it is written: the
                    // published image is nobody else's inode, and no corte is ever signed over
                    // an image whose bytes are not its name.
                    if try Self.publicarImagen(rutaImagen, sha256: img.sha256, bytes: bytesImagen,
                                               en: imagenes, nombre: nombre, acta: acta.clave) {
                        e.imagenesSinSincronizar = true
                    }
                } else if !Directorio.actual.existe(NombreArchivo(imagenes + "/" + nombre)) {
                    throw ErrorPublicacion("acta \(acta.clave): image \(nombre) has no source file and is not in \(imagenes)")
                }
            }
            let nueva = try Self.agregar(acta, a: &e, catalogo: catalogo)
            if nueva, let respaldo, let (r, copiadas) = try Self.publicarRespaldo(respaldo, acta: acta.clave, en: capturas, &e) {
                e.respaldos[r.clave] = r
                if copiadas { e.capturasSinSincronizar = true }
            }
            if reportar { e.nuevas.append(acta.clave) }
            return nueva
        }
    }

    /// Runs `cuerpo` on the builder's state (a corte, a registration: each sees the state whole).
    func conEstado<T>(_ cuerpo: (inout Estado) throws(ErrorPublicacion) -> T) throws(ErrorPublicacion) -> T {
        try cuerpo(&estado)
    }

    /// Adds a row; false when the acta already had one.
    static func agregar(_ acta: ActaVerificada, a e: inout Estado, catalogo: Catalogo) throws(ErrorPublicacion) -> Bool {
        guard let (ie, eleccion) = catalogo.eleccion(codigo: acta.clave.eleccion) else {
            throw ErrorPublicacion("acta \(acta.clave): election \(acta.clave.eleccion) is not in the catálogo")
        }
        let posicion = catalogo.posicion(acta.clave)
        let esperada = posicion.map { catalogo.actas[$0] }
        if let posicion {
            if e.tablas[ie].metas[posicion - e.tablas[ie].primera].registrada { return false }
        } else if e.tablas[ie].fueraPorClave[acta.clave.texto] != nil {
            return false
        }
        let r = Computo.computar(acta, esperada: esperada, catalogo: catalogo)
        let casilla = esperada.map { catalogo.casillas[$0.casilla] }
        let aplican = casilla.flatMap { e.aplican[ie][$0.ambito(eleccion.geografia)] }
        let celdas = Celda.fila(acta, columnas: eleccion.columnas, aplican: aplican, fuera: esperada == nil)
        guard let meta = Celda.meta(acta, r) else {
            throw ErrorPublicacion("acta \(acta.clave): image '\(acta.imagen?.nombrePublicado ?? "")' is not a SHA-256 with a known extension")
        }
        if let posicion {
            e.tablas[ie].poner(posicion - e.tablas[ie].primera, meta: meta, celdas: celdas)
            if ie < e.filasCSV.count { e.filasCSV[ie].marcar(posicion - e.tablas[ie].primera) }
            e.cambios?.marcar(posicion)
        } else {
            let (c, a) = TablaEleccion.compactar(celdas)
            e.tablas[ie].fueraPorClave[acta.clave.texto] = (acta.clave, meta, c, a)
        }
        e.tablas[ie].acumulador.agregar(r, acta: acta, casilla: casilla)
        return true
    }
}
