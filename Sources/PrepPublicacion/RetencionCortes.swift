import PrepDominio
import PrepSistema

/// Retention (`keep_cortes`): the newest cortes stay whole, every older one is *reduced* to what
/// the chain and an audit need — its signed `SHA256`, `SHA256.sig`, `manifest.json` and its
/// database: the `datos/` files, each election CSV either inside the corte's zip (the `iecm-2024`
/// package holds them byte for byte) or as `datos/NAME.csv.gz`. The results site and
/// `capturas/*.csv` go (every later corte lists the same captures: an acta's captures never change
/// once it is published). `prep verify` checks what remains against the signed list
/// (`BaseReducida`), and `--previous` chains through a reduced corte as through a whole one.
///
/// Never touched: the newest `conservar` cortes, the highest seq (restart reads it back) and the
/// corte `latest` names. Run once a corte is durable and `latest` names it: by the publisher
/// (`publicarCorte`), or in the daemon by its own thread (PrepServicio's `ReductorCortes`) while the
/// next corte is built. Cortes only get newer meanwhile, so a corte being reduced is never one a
/// corte being built reads (it reads the newest only).
///
/// Crash-safe in this order: the marker `RETENCION` is written and made durable first (so a
/// listed file is never absent without it); each CSV's gzip is written under a hidden name in
/// `cortes/`, checked to hash (uncompressed) to the signed value, fsynced and renamed into place
/// before the CSV it replaces is removed (so the signed bytes always exist whole in one form);
/// then the rest goes. An interrupted reduction is finished by the next pass: any corte with the
/// marker is completed, whatever `conservar` says now. A hidden leftover is removed at start with
/// the `.partial` folders.
public struct RetencionCortes: Sendable {
    /// The `publish/` folder.
    public let carpeta: String
    /// How many of the newest cortes stay whole (at least 2: the newest, and the one before it,
    /// which a `publish_command` may still be uploading).
    public let conservar: Int
    /// For the marker's time.
    public let desfaseMinutos: Int

    /// Seconds one pass may spend reducing before it leaves the rest for the next corte (at
    /// least one corte is reduced per pass): a lowered `keep_cortes`, or an upgrade onto a night
    /// of whole cortes, must not hold the corte worker for minutes (a national reduction takes
    /// 7–14 s on a busy disk).
    public let presupuestoSegundos: Double

    public static let minimo = 2

    public init(carpeta: String, conservar: Int, desfaseMinutos: Int, presupuestoSegundos: Double = 30) {
        self.carpeta = carpeta
        self.conservar = max(Self.minimo, conservar)
        self.desfaseMinutos = desfaseMinutos
        self.presupuestoSegundos = presupuestoSegundos
    }

    /// What one pass did, for the log.
    public struct Resultado: Sendable {
        /// One line per corte reduced (or finished reducing): its name, what it kept, bytes freed.
        public var reducidos: [String] = []
        /// A corte left as it was, and why (unreadable list, a CSV not the signed one): never fatal,
        /// the corte that was just made is durable whatever happens here.
        public var avisos: [String] = []
        /// Cortes due for reduction that this pass left for the next (its time was spent, or the
        /// daemon is stopping).
        public var pendientes = 0
        /// A reduction the daemon's stop cut short (one line): the next pass finishes it.
        public var interrumpida: String?
        public init() {}
    }

    /// Reduces every corte older than the newest `conservar` that is not reduced yet, and
    /// finishes any reduction a crash interrupted, oldest first, until `presupuestoSegundos`
    /// are spent (`pendientes` says how many are left for the next pass). `antesDeReducir` is
    /// told each corte with something left to reduce, before anything of it goes (a test holds a
    /// reduction there). `seguir` is asked before each corte and each file removed: when it says
    /// no (the daemon is stopping), the pass ends at once, a reduction in hand left as a crash
    /// would leave it (`interrumpida`), for the next pass to finish.
    public func aplicar(ahora: MarcaTiempo, antesDeReducir: (NombreCorte) -> Void = { _ in },
                        seguir: () -> Bool = { true }) -> Resultado {
        var r = Resultado()
        let inicio = Reloj.monotonoSegundos()
        let cortes = carpeta + "/" + DisposicionCorte.cortes
        let nombres: [NombreCorte]
        do {
            nombres = try Directorio.actual.listar(NombreArchivo(cortes)).compactMap { NombreCorte($0.nombre.description) }
                .sorted { $0.seq < $1.seq }
        } catch {
            r.avisos.append("retention: cannot list \(cortes): \(error)")
            return r
        }
        guard let ultimo = nombres.last else { return r }
        let latest = (try? Directorio.actual.leerEnlace(NombreArchivo(carpeta + "/latest")))
            .map { String($0.split(separator: "/").last ?? "") }
        for n in nombres where n.seq != ultimo.seq && n.description != latest {
            let ruta = cortes + "/" + n.description
            let marcado = Directorio.actual.existe(NombreArchivo(ruta + "/" + DisposicionCorte.marcaRetencion))
            guard marcado || n.seq <= ultimo.seq - conservar else { continue }
            let agotada = !r.reducidos.isEmpty && Reloj.monotonoSegundos() - inicio >= presupuestoSegundos
            guard !agotada, r.interrumpida == nil, seguir() else {
                // Only those with something left to do count as left for the next pass.
                if !marcado || !((try? Self.archivos(ruta))?.allSatisfy(Self.quedaTrasReducir) ?? false) { r.pendientes += 1 }
                continue
            }
            do {
                switch try reducir(ruta, nombre: n.description, marcado: marcado, ahora: ahora, antes: { antesDeReducir(n) }, seguir: seguir) {
                case .hecha(let linea): r.reducidos.append(linea)
                case .interrumpida(let linea): r.interrumpida = linea
                case .nada: break
                }
            } catch {
                r.avisos.append("retention: corte \(n) left as it is: \(error)")
            }
        }
        return r
    }

    /// What `reducir` did to one corte.
    enum Reduccion: Equatable {
        /// Nothing was left to do.
        case nada
        /// Reduced (its line for the log).
        case hecha(String)
        /// Cut short by `seguir` (its line for the log): left as a crash would leave it.
        case interrumpida(String)
    }

    /// Reduces one corte. `antes` runs once there is something to do; `seguir` is asked after it
    /// and before each step and file removed.
    func reducir(_ ruta: String, nombre: String, marcado: Bool, ahora: MarcaTiempo,
                 antes: () -> Void = {}, seguir: () -> Bool = { true }) throws(ErrorPublicacion) -> Reduccion {
        let d = Directorio.actual
        // A corte reduced before holds only what a reduced corte keeps: seen from its listing
        // alone, without reading its zip again (each pass looks at every reduced corte).
        if marcado, let quedan = try? Self.archivos(ruta), quedan.allSatisfy(Self.quedaTrasReducir) { return .nada }
        let lista: ListaSHA256
        do { lista = try ListaSHA256(analizando: try d.leerTodo(NombreArchivo(ruta + "/SHA256"))) } catch {
            throw ErrorPublicacion("cannot read its SHA256: \(error)")
        }
        let plan = try planear(ruta, lista: lista)
        let queda = plan.conservados.union(plan.aComprimir.keys.map { $0 + ".gz" })
        let presentes: [String]
        do { presentes = try Self.archivos(ruta) } catch { throw ErrorPublicacion("cannot list it: \(error)") }
        let sobran = presentes.filter { !queda.contains($0) }
        if marcado && sobran.isEmpty { return .nada }
        antes()
        let dejada = Reduccion.interrumpida("corte \(nombre): its reduction is left for the next start, the daemon is stopping (the first pass after it finishes the job; the corte verifies as it is meanwhile)")
        guard seguir() else { return dejada }
        let antes = (try? d.ocupacionEnDisco(NombreArchivo(ruta))) ?? 0
        do {
            if !marcado {
                try colocar(Array(marca(ahora).utf8), en: ruta + "/" + DisposicionCorte.marcaRetencion, nombre: nombre)
                try d.sincronizar(sub: NombreArchivo(ruta))
            }
            for (csv, sha256) in plan.aComprimir.sorted(by: { $0.key < $1.key }) where !presentes.contains(csv + ".gz") {
                guard seguir() else { return dejada }
                try comprimir(ruta, nombre: nombre, csv: csv, sha256: sha256)
            }
            // Only now that every signed byte of the database is whole in the form kept.
            for e in try d.listar(NombreArchivo(ruta)) where !queda.contains(e.nombre.description) && e.nombre.description != "datos" {
                guard try d.borrarArbol(NombreArchivo(ruta + "/" + e.nombre.description), mientras: seguir) else { return dejada }
            }
            for e in try d.listar(NombreArchivo(ruta + "/datos")) where !queda.contains("datos/" + e.nombre.description) {
                guard try d.borrarArbol(NombreArchivo(ruta + "/datos/" + e.nombre.description), mientras: seguir) else { return dejada }
            }
            try d.sincronizar(sub: NombreArchivo(ruta + "/datos"))
            try d.sincronizar(sub: NombreArchivo(ruta))
        } catch let e as ErrorPublicacion {
            throw e
        } catch {
            throw ErrorPublicacion("\(error)")
        }
        let despues = (try? d.ocupacionEnDisco(NombreArchivo(ruta))) ?? 0
        let forma = plan.aComprimir.isEmpty ? "its CSVs inside \(plan.zip ?? "the zip")" : "its CSVs as .csv.gz"
        return .hecha("corte \(nombre) reduced (keep_cortes \(conservar)): kept SHA256, SHA256.sig, manifest.json and datos/ with \(forma); its folder went from \(antes) to \(despues) bytes")
    }

    /// Writes `bytes` as `destino` (which must not exist) whole or not at all: under a hidden
    /// name in `cortes/` (removed at start if a crash leaves it), fsynced, then renamed.
    func colocar(_ bytes: [UInt8], en destino: String, nombre: String) throws(ErrorSistema) {
        let d = Directorio.actual
        let tmp = NombreArchivo(carpeta + "/" + DisposicionCorte.cortes + "/." + nombre + ".retencion")
        try d.borrarSiExiste(tmp)
        try d.escribirArchivo(tmp, bytes, sincronizar: true)
        try d.renombrar(tmp, a: d, NombreArchivo(destino))
    }

    /// What a reduced corte keeps, from its signed list: `conservados` stay as they are,
    /// `aComprimir` (CSV path → its signed digest) become `PATH.gz`, `enZip` are dropped because the
    /// corte's zip holds exactly their signed bytes.
    struct Plan {
        var conservados: Set<String> = ["SHA256", "SHA256.sig", "manifest.json", DisposicionCorte.marcaRetencion]
        var aComprimir: [String: HuellaSHA256] = [:]
        var enZip: Set<String> = []
        var zip: String?
    }

    func planear(_ ruta: String, lista: ListaSHA256) throws(ErrorPublicacion) -> Plan {
        var p = Plan()
        let datos = lista.rutas.filter { $0.hasPrefix("datos/") }
        let csvs = datos.filter(BaseReducida.esCSVEleccion)
        for f in datos where !csvs.contains(f) { p.conservados.insert(f) }
        let zips = datos.filter { $0.hasSuffix(".zip") }
        var enZip: [String: [UInt8]] = [:]
        if zips.count == 1, let zip = zips.first {
            // Only when the zip on disk is the signed one, and each CSV inside it hashes to its
            // signed value, is the CSV dropped in favour of it.
            if let bytes = try? Directorio.actual.leerTodo(NombreArchivo(ruta + "/" + zip)),
               SHA256.resumen(bytes) == lista.entradas[zip] {
                enZip = (try? BaseReducida.archivosDelZip(bytes)) ?? [:]
                p.zip = zip
            }
        }
        for csv in csvs {
            guard let firmado = lista.entradas[csv] else { continue }
            if let b = enZip[String(csv.dropFirst("datos/".count))], SHA256.resumen(b) == firmado {
                p.enZip.insert(csv)
            } else {
                p.aComprimir[csv] = firmado
            }
        }
        return p
    }

    /// `csv` → `csv.gz`, written under a hidden name in `cortes/` and renamed into the corte only
    /// once it is durable and its uncompressed bytes hash to the signed value.
    func comprimir(_ ruta: String, nombre: String, csv: String, sha256: HuellaSHA256) throws(ErrorPublicacion) {
        let d = Directorio.actual
        let tmp = carpeta + "/" + DisposicionCorte.cortes + "/." + nombre + ".retencion.gz"
        do {
            try d.borrarSiExiste(NombreArchivo(tmp))
            let origen = try FileDescriptor.cwd.abrir(ruta + "/" + csv, [.soloLectura, .sinSeguirEnlace])
            defer { try? origen.cerrar() }
            let destino = try FileDescriptor.cwd.abrir(tmp, [.soloEscritura, .crear, .exclusivo])
            let r: Gzip.Resultado
            do {
                r = try Gzip.comprimir(desde: origen, a: destino, nivel: 1, ruta: ruta + "/" + csv)
                try destino.sincronizar()
                try destino.cerrar()
            } catch {
                try? destino.cerrar()
                try? d.borrar(NombreArchivo(tmp))
                throw ErrorPublicacion("\(error)")
            }
            guard r.sha256 == sha256 else {
                try? d.borrar(NombreArchivo(tmp))
                throw ErrorPublicacion("\(csv) is not the file its SHA256 signs: kept as it is")
            }
            try d.renombrar(NombreArchivo(tmp), a: d, NombreArchivo(ruta + "/" + csv + ".gz"))
            try d.sincronizar(sub: NombreArchivo(ruta + "/datos"))
        } catch let e as ErrorPublicacion {
            throw e
        } catch {
            throw ErrorPublicacion("\(csv): \(error)")
        }
    }

    /// The marker's text: what happened, what stays, how to check it.
    func marca(_ ahora: MarcaTiempo) -> String {
        """
        This corte was reduced by retention (keep_cortes = \(conservar)) at \(ahora.en(desfaseMinutos: desfaseMinutos).rfc3339).
        Kept: SHA256, SHA256.sig, manifest.json and datos/ (each election CSV inside the corte's zip, or as datos/NAME.csv.gz).
        Removed: the results site and capturas/ (every later corte lists the same signed captures).
        This file is not signed: it only says why files SHA256 lists are absent. Check what remains with
        prep verify THIS_FOLDER --key KEY.pub [--previous THE_CORTE_BEFORE]

        """
    }

    /// Whether a file may be in a corte whose reduction is finished: the signed list, its
    /// signature, the manifest, the marker, and `datos/` without an election CSV.
    static func quedaTrasReducir(_ f: String) -> Bool {
        ["SHA256", "SHA256.sig", "manifest.json", DisposicionCorte.marcaRetencion].contains(f)
            || (f.hasPrefix("datos/") && !BaseReducida.esCSVEleccion(f))
    }

    /// Every regular file under `ruta`, relative to it.
    static func archivos(_ ruta: String, prefijo: String = "") throws(ErrorSistema) -> [String] {
        var salida: [String] = []
        for e in try Directorio.actual.listar(NombreArchivo(ruta)) {
            let n = e.nombre.description
            var tipo = e.tipo
            if tipo == nil { tipo = try Directorio.actual.estado(NombreArchivo(ruta + "/" + n)).tipo }
            if tipo == .directorio {
                salida += try archivos(ruta + "/" + n, prefijo: prefijo + n + "/")
            } else {
                salida.append(prefijo + n)
            }
        }
        return salida
    }
}

/// The database of a corte that retention reduced, read back for `prep verify`: each election
/// CSV from its `.gz` or from the corte's zip, kept only when its bytes hash to the value the
/// signed `SHA256` lists.
public enum BaseReducida {
    /// An election CSV of `datos/` (the database proper; the candidaturas files are small and stay).
    static func esCSVEleccion(_ ruta: String) -> Bool {
        ruta.hasPrefix("datos/") && ruta.hasSuffix(".csv") && !ruta.contains("_CANDIDATURAS_") && !ruta.dropFirst(6).contains("/")
    }

    /// Every file inside the corte's package (a zip of per-election zips), by name.
    static func archivosDelZip(_ zip: [UInt8]) throws(ErrorVerificacion) -> [String: [UInt8]] {
        var r: [String: [UInt8]] = [:]
        for paquete in try ArchivoZip.entradas(zip) {
            for a in try ArchivoZip.entradas(paquete.bytes) where a.nombre != "leeme.txt" { r[a.nombre] = a.bytes }
        }
        return r
    }

    /// The listed election CSVs a reduced corte holds as `PATH.gz` (among the files `presentes`).
    static func comprimidos(_ presentes: Set<String>, lista: ListaSHA256) -> [String] {
        presentes.filter { $0.hasSuffix(".gz") }.map { String($0.dropLast(3)) }
            .filter { lista.entradas[$0] != nil && esCSVEleccion($0) }.sorted()
    }

    /// Whether retention may remove a listed file: anything but the manifest and `datos/`, and the
    /// election CSVs of `datos/` (kept compressed or inside the zip).
    static func puedeFaltar(_ ruta: String) -> Bool {
        ruta != "manifest.json" && (!ruta.hasPrefix("datos/") || esCSVEleccion(ruta))
    }

    /// Puts into `leidos` the signed bytes of every election CSV of a reduced corte: from its
    /// `.gz` (also checked when the CSV itself is still there, a reduction cut short), else from
    /// the zip among `leidos` (already checked against its own signed hash). A CSV whose bytes
    /// are nowhere, or not the signed ones, is a failure.
    static func reponer(_ leidos: inout [String: [UInt8]], carpeta: String, lista: ListaSHA256, ausentes: Set<String>,
                        comprimidos: [String]) throws(ErrorVerificacion) {
        func firmado(_ b: [UInt8], _ ruta: String) -> Bool { SHA256.resumen(b) == lista.entradas[ruta] }
        for csv in comprimidos {
            let gz: [UInt8]
            do { gz = try Directorio.actual.leerTodo(NombreArchivo(carpeta + "/" + csv + ".gz")) } catch {
                throw .sistema("cannot read \(error.ruta): \(error.errno)")
            }
            let bytes: [UInt8]
            do { bytes = try Gzip.descomprimir(gz, ruta: csv + ".gz") } catch { throw .archivos("\(error)") }
            guard firmado(bytes, csv) else { throw .archivos("\(csv).gz: its content is not the \(csv) that SHA256 lists") }
            leidos[csv] = bytes
        }
        let enZip: [String: [UInt8]]
        if let zip = leidos.keys.first(where: { $0.hasPrefix("datos/") && $0.hasSuffix(".zip") }), let z = leidos[zip] {
            enZip = try archivosDelZip(z)
        } else {
            enZip = [:]
        }
        for csv in ausentes.sorted() where esCSVEleccion(csv) && leidos[csv] == nil {
            guard let b = enZip[String(csv.dropFirst("datos/".count))] else {
                throw .archivos("\(csv): removed by retention, but neither \(csv).gz nor the corte's zip holds it")
            }
            guard firmado(b, csv) else { throw .archivos("\(csv): the copy in the corte's zip is not the file SHA256 lists") }
            leidos[csv] = b
        }
    }
}
