import PrepDominio
import PrepSistema

/// What the daemon knows about one file in `incoming/`.
enum Seguimiento: Sendable {
    /// Not known complete yet: look again at `plazoNs` (monotonic clock; 0: at the next pass).
    case asentando(plazoNs: Int64)
    /// Complete (arrived by rename, or settled): check it at the next pass.
    case listo
    /// Checked and valid, waiting in place for its partner (a lone image or capture); the stat it
    /// was checked with (the drop itself is in the observer's waiting list, `enEspera`).
    case esperando(Estado)
    /// Cannot be moved (permissions): left alone until it changes (this stat).
    case ignorado(Estado)
    /// A JSON waiting for its `.sig`, or a `.sig` beside (or waiting for) its JSON: left alone
    /// until it changes (this stat) or its pair comes.
    case sinPareja(Estado)
}

/// The folders of `incoming/` and what is in them: the inotify watches (added before the
/// scans), the scans, and SPEC §4's completeness rule. Owned by the daemon's loop thread.
///
/// No descriptor is held per drop folder: a folder is opened for a scan, a settle check or a
/// batch and closed after it, so a thousand CATD and app folders never meet the open-file limit.
final class Observador {
    let spool: Spool
    let inotify: Inotify?
    let asentamientoNs: Int64
    /// A file's ctime is this kernel's own clock only on a local file system (inotify mode); on a
    /// network share (poll mode) it is the server's, so only observed change counts there.
    let confiarCtime: Bool
    /// First-level subfolders of incoming/, by name.
    var subcarpetas: Set<NombreArchivo> = []
    /// inotify watch → folder (nil: incoming/ itself).
    var relojes: [Inotify.Reloj: NombreArchivo?] = [:]
    /// Every file followed, and what is known of it; changed only through `fijar(_:_:)`, which
    /// keeps the indexes below in step, so that a turn costs what is settling or complete, never
    /// what waits.
    private(set) var seguidos: [Ubicacion: Seguimiento] = [:]
    /// The `.listo` and `.asentando` entries of `seguidos`.
    private var listosU: Set<Ubicacion> = []
    /// The `.listo` entries by stem (an acta's files), so that a batch is made from as many
    /// files as it takes, not from a regrouping of every complete file: a backlog's batches
    /// would each cost the whole backlog.
    private var listosPorTallo: [Tallo: [Ubicacion]] = [:]
    private var asentandoU: Set<Ubicacion> = []
    /// The names followed in each folder (nil: incoming/ itself), for a folder's scan.
    private var nombresPorCarpeta: [NombreArchivo?: Set<NombreArchivo>] = [:]
    /// Images found not whole yet (said once each, until they leave or are complete).
    private var incompletas: Set<Ubicacion> = []
    /// Valid drops waiting in place for their partner, by acta key, as what identifies the bytes
    /// checked (`DropEnEspera`, Espera.swift); each is also `.esperando` in `seguidos`. Changed
    /// only through `esperar`, `dejarDeEsperar` and `quitarDeEspera`.
    private var espera: [String: [DropEnEspera]] = [:]
    /// The stat last seen of each settling file, and since when (monotonic ns) it has not changed.
    var observados: [Ubicacion: (Estado, Int64)] = [:]
    /// Subfolders already reported unreadable (the warning is said once, until it is readable).
    var avisadas: Set<NombreArchivo> = []
    /// Subfolders that are other mounts, skipped (said once, until they are not).
    var montadas: Set<NombreArchivo> = []
    /// Most distinct folders one batch may touch (each is opened for the batch).
    static let carpetasPorLote = 128
    /// Every file whose state was set since the oldest mark still open (`marcar()`; nil: none
    /// open), with the number of its last change: a check made early (`RevisionAdelantada`)
    /// stands only for a file the observer has not seen change since that check's mark.
    private(set) var cambiadosDesdeMarca: [Ubicacion: Int]?
    /// Changes counted while marking: a mark is the count when it was made.
    private var cambiosContados = 0

    init(spool: Spool, inotify: Inotify?, asentamientoNs: Int64) {
        self.spool = spool
        self.inotify = inotify
        self.asentamientoNs = asentamientoNs
        confiarCtime = inotify != nil
    }

    /// Sets what is known of `u` (nil: forgets it) and keeps the indexes in step.
    func fijar(_ u: Ubicacion, _ s: Seguimiento?) {
        if cambiadosDesdeMarca != nil {
            cambiosContados += 1
            cambiadosDesdeMarca?[u] = cambiosContados
        }
        let antes = s.map { seguidos.updateValue($0, forKey: u) } ?? seguidos.removeValue(forKey: u)
        switch antes {
        case .listo?:
            listosU.remove(u)
            let t = Tallo(u)
            listosPorTallo[t]?.removeAll { $0 == u }
            if listosPorTallo[t]?.isEmpty == true { listosPorTallo[t] = nil }
        case .asentando?: asentandoU.remove(u)
        default: break
        }
        switch s {
        case .listo?:
            listosU.insert(u)
            listosPorTallo[Tallo(u), default: []].append(u)
        case .asentando?: asentandoU.insert(u)
        default: break
        }
        switch s {
        case nil, .esperando?: incompletas.remove(u)
        default: break
        }
        if antes == nil, s != nil {
            nombresPorCarpeta[u.carpeta, default: []].insert(u.nombre)
        } else if antes != nil, s == nil {
            nombresPorCarpeta[u.carpeta]?.remove(u.nombre)
            if nombresPorCarpeta[u.carpeta]?.isEmpty == true { nombresPorCarpeta[u.carpeta] = nil }
        }
    }

    /// An image found not whole yet: true the first time (the warning is said once per file).
    func primeraVezIncompleta(_ u: Ubicacion) -> Bool { incompletas.insert(u).inserted }

    /// The drops of acta `clave` waiting for their partner.
    func enEspera(_ clave: String) -> [DropEnEspera] { espera[clave] ?? [] }

    /// How many drops wait for their partner (for the last line).
    var cuantosEnEspera: Int { espera.values.reduce(0) { $0 + $1.count } }

    /// The captures of acta `clave` waiting for their partner.
    func capturasEnEspera(_ clave: String) -> Int {
        espera[clave]?.filter { if case .captura = $0.clase { true } else { false } }.count ?? 0
    }

    /// `drops`, checked and valid, are what acta `clave` has waiting for a partner now (none: it
    /// has nothing waiting); each stays in place, `.esperando` with the stat it was checked with.
    func esperar(_ clave: String, _ drops: [DropValido]) {
        espera[clave] = drops.isEmpty ? nil : drops.map(DropEnEspera.init)
        for d in drops { fijar(d.ubicacion, .esperando(d.estado)) }
    }

    /// Acta `clave` has nothing waiting any more (its drops were taken, or go back to be
    /// looked at as new).
    func dejarDeEsperar(_ clave: String) { espera[clave] = nil }

    /// One drop of acta `clave` no longer waits (it is looked at again as a new drop, or lost
    /// its pair).
    func quitarDeEspera(_ u: Ubicacion, de clave: String) {
        espera[clave]?.removeAll { $0.ubicacion == u }
        if espera[clave]?.isEmpty == true { espera[clave] = nil }
    }

    /// Opens `incoming/` (nil) or one of its subfolders; nil when it cannot be opened (gone, not
    /// a folder, unreadable — said once).
    func abrir(_ carpeta: NombreArchivo?) -> Directorio? {
        guard let carpeta else { return spool.incoming }
        do {
            let d = try spool.incoming.abrir(sub: carpeta)
            avisadas.remove(carpeta)
            return d
        } catch {
            advertirIlegible(carpeta, error)
            return nil
        }
    }

    /// Closes what `abrir` opened (never incoming/ itself).
    func cerrar(_ d: Directorio, _ carpeta: NombreArchivo?) {
        if carpeta != nil { d.cerrar() }
    }

    /// The folders of `ubicaciones`, open for one batch; close them with `cerrar(_:)`.
    func abrirCarpetas(_ ubicaciones: [Ubicacion]) -> [NombreArchivo: Directorio] {
        var r: [NombreArchivo: Directorio] = [:]
        abrirCarpetas(ubicaciones, en: &r)
        return r
    }

    /// Adds to `carpetas` the folders of `ubicaciones` it does not hold yet.
    func abrirCarpetas(_ ubicaciones: [Ubicacion], en carpetas: inout [NombreArchivo: Directorio]) {
        for u in ubicaciones {
            guard let c = u.carpeta, carpetas[c] == nil, let d = abrir(c) else { continue }
            carpetas[c] = d
        }
    }

    func cerrar(_ carpetas: [NombreArchivo: Directorio]) {
        for d in carpetas.values { d.cerrar() }
    }

    private func advertirIlegible(_ carpeta: NombreArchivo, _ error: ErrorSistema) {
        guard error.errno != .noSuchFile, error.errno != .notDirectory, error.errno != .loop else { return }
        guard !avisadas.contains(carpeta) else { return }
        avisadas.insert(carpeta)
        spool.registro.aviso("warning", "incoming/\(carpeta): cannot open this folder (\(error.errno)); its drops are not seen until it can be read")
    }

    /// Watches incoming/ (before any scan, so nothing falls between scan and watch).
    func vigilarRaiz() throws(FalloSpool) {
        guard let inotify else { return }
        do {
            let wd = try inotify.vigilar(NombreArchivo("\(spool.raiz)/\(Disposicion.incoming)"))
            relojes[wd] = .some(nil)
        } catch { throw FalloSpool("cannot watch incoming/: \(error)") }
    }

    /// Whether a subfolder is another mount (a share mounted inside incoming/, a bind mount):
    /// nothing in it can be taken by rename (EXDEV), so it is named in one warning and skipped,
    /// with whatever was seen in it, for as long as it is one. One statx per scan of a subfolder.
    func esMontaje(_ nombre: NombreArchivo) -> Bool {
        guard (try? spool.incoming.esRaizDeMontaje(nombre)) == true else {
            montadas.remove(nombre)
            return false
        }
        if montadas.insert(nombre).inserted {
            spool.registro.aviso("warning", "incoming/\(nombre) is another mount: its drops cannot be taken by rename (cross-device), so it is skipped while it is mounted there; the whole spool must be one mount: have writers copy into incoming/ instead")
        }
        if subcarpetas.remove(nombre) != nil {
            for u in seguidos.keys where u.carpeta == nombre { olvidar(u) }
        }
        return true
    }

    /// Watches a first-level subfolder (once), then scans it; another mount is skipped.
    func agregarSubcarpeta(_ nombre: NombreArchivo) throws(FalloSpool) {
        if esMontaje(nombre) { return }
        if !subcarpetas.contains(nombre) {
            subcarpetas.insert(nombre)
            if let inotify {
                let ruta = NombreArchivo(bytes: Array("\(spool.raiz)/\(Disposicion.incoming)/".utf8) + nombre.bytes)
                do {
                    let wd = try inotify.vigilar(ruta)
                    relojes[wd] = .some(nombre)
                } catch {
                    spool.registro.aviso("warning", "cannot watch incoming/\(nombre) (\(error)); relying on rescans for it")
                }
            }
        }
        try escanear(nombre)
    }

    /// Full scan of incoming/ and every subfolder.
    func escanearTodo() throws(FalloSpool) {
        try escanear(nil)
    }

    /// Scans one folder: new files start settling, changed waiting files are looked at again,
    /// vanished files are forgotten. Scanning incoming/ itself also finds subfolders.
    func escanear(_ carpeta: NombreArchivo?) throws(FalloSpool) {
        guard let dir = abrir(carpeta) else { return }
        defer { cerrar(dir, carpeta) }
        let entradas: [Directorio.Entrada]
        do { entradas = try dir.listar() } catch {
            if let carpeta {
                advertirIlegible(carpeta, error)
                return
            }
            throw FalloSpool(error)
        }
        var vistos: Set<NombreArchivo> = []
        for e in entradas {
            if ClaseDrop.esTemporal(e.nombre) { continue }
            let tipo = e.tipo ?? (try? dir.estado(e.nombre))?.tipo
            if carpeta == nil, tipo == .directorio {
                vistos.insert(e.nombre)
                try agregarSubcarpeta(e.nombre)
                continue
            }
            vistos.insert(e.nombre)
            let u = Ubicacion(carpeta: carpeta, nombre: e.nombre)
            switch seguidos[u] {
            case .none: fijar(u, .asentando(plazoNs: 0))
            case .esperando(let viejo), .ignorado(let viejo), .sinPareja(let viejo):
                if let ahora = try? dir.estado(e.nombre), ahora != viejo { fijar(u, .asentando(plazoNs: 0)) }
            default: break
            }
        }
        for n in nombresPorCarpeta[carpeta] ?? [] where !vistos.contains(n) {
            olvidar(Ubicacion(carpeta: carpeta, nombre: n))
        }
        if carpeta == nil {
            for n in subcarpetas where !vistos.contains(n) {
                subcarpetas.remove(n)
                avisadas.remove(n)
                for x in nombresPorCarpeta[n] ?? [] { olvidar(Ubicacion(carpeta: n, nombre: x)) }
            }
        }
    }

    /// A file left incoming/ (moved away by a writer, or by us).
    func olvidar(_ u: Ubicacion) {
        fijar(u, nil)
        observados[u] = nil
    }

    /// Applies queued inotify events. Returns true when a full rescan is needed (overflow, lost watch).
    func aplicarEventos() throws(FalloSpool) -> Bool {
        guard let inotify else { return false }
        let eventos: [Inotify.Evento]
        do { eventos = try inotify.leerEventos() } catch { throw FalloSpool(error) }
        var rescan = false
        for ev in eventos {
            if ev.desbordamiento { rescan = true; continue }
            guard let carpeta = relojes[ev.reloj] else { continue }
            if ev.vigilanciaTerminada {
                relojes[ev.reloj] = nil
                rescan = true
                continue
            }
            if ev.nombre.bytes.isEmpty { continue }
            if ClaseDrop.esTemporal(ev.nombre) { continue }
            if let c = carpeta, montadas.contains(c) { continue }
            if carpeta == nil, ev.esCarpeta {
                try agregarSubcarpeta(ev.nombre)
                continue
            }
            let u = Ubicacion(carpeta: carpeta, nombre: ev.nombre)
            // A name that arrived by rename is complete at once (SPEC §4); anything else written
            // settles like any write in place. What is taken is proven later to be what was checked.
            fijar(u, ev.llegoPorRenombre ? .listo : .asentando(plazoNs: 0))
        }
        return rescan
    }

    /// Settling files whose time has come: complete when nothing about them (stat) changed for
    /// the settle time by the daemon's own monotonic clock — or, on a local file system, when
    /// their ctime, which the kernel sets on every write and which no writer can set, is that
    /// old. A writer's mtime (a scanner's clock, `cp -p`, `rsync -t`) plays no part.
    /// Non-regular files need no settling (they are refused at once).
    func madurar(ahoraNs: Int64) {
        var porCarpeta: [NombreArchivo?: [Ubicacion]] = [:]
        for u in asentandoU {
            guard case .asentando(let plazo)? = seguidos[u], plazo <= ahoraNs else { continue }
            porCarpeta[u.carpeta, default: []].append(u)
        }
        guard !porCarpeta.isEmpty else { return }
        let real = Reloj.realNs()
        for (carpeta, us) in porCarpeta {
            guard let dir = abrir(carpeta) else {
                for u in us { olvidar(u) }
                continue
            }
            defer { cerrar(dir, carpeta) }
            // The stats on every core: at start every file of a backlog is due at once (a
            // 20,000-acta backlog is 60,000 stats), and nothing else can run before them.
            let nombres = us.map(\.nombre)
            let estados = enParalelo(nombres.count, minimo: 512) { i in try? dir.estado(nombres[i]) }
            for (u, e) in zip(us, estados) {
                guard let e else {
                    olvidar(u)
                    continue
                }
                if e.tipo != .regular && e.tipo != .directorio {
                    fijar(u, .listo)
                    observados[u] = nil
                    continue
                }
                var desde = ahoraNs
                if let (visto, t) = observados[u], visto == e { desde = t } else { observados[u] = (e, ahoraNs) }
                let ctimeVale = confiarCtime && e.ctimeNs <= real
                if ahoraNs - desde >= asentamientoNs || (ctimeVale && real - e.ctimeNs >= asentamientoNs) {
                    fijar(u, .listo)
                    observados[u] = nil
                    continue
                }
                var plazo = desde + asentamientoNs
                if ctimeVale { plazo = min(plazo, ahoraNs + (e.ctimeNs + asentamientoNs - real)) }
                fijar(u, .asentando(plazoNs: plazo))
            }
        }
    }

    /// The earliest settle deadline (monotonic ns), if any file is settling.
    var proximoPlazo: Int64? {
        var m: Int64?
        for u in asentandoU {
            if case .asentando(let p)? = seguidos[u] { m = min(m ?? p, p) }
        }
        return m
    }

    var hayListos: Bool { !listosU.isEmpty }
    var cuantosListos: Int { listosU.count }

    /// A mark for an early check: from now on, which files change state is recorded until no
    /// mark is open (`soltarMarcas`).
    func marcar() -> Int {
        if cambiadosDesdeMarca == nil { cambiadosDesdeMarca = [:] }
        return cambiosContados
    }

    /// Only marks from `marca` on are still open (nil: none): changes older than it can no longer
    /// undo any check, and with no mark open the recording stops (left on, it would grow with
    /// every file of the night).
    func soltarMarcas(hasta marca: Int?) {
        guard let marca else {
            cambiadosDesdeMarca = nil
            return
        }
        cambiadosDesdeMarca = cambiadosDesdeMarca?.filter { $0.value > marca }
    }

    /// Of `us`, those still complete and untouched since the mark `marca`.
    func intactos(_ us: [Ubicacion], desde marca: Int) -> [Ubicacion] {
        let cambiados = cambiadosDesdeMarca ?? [:]
        return us.filter { (cambiados[$0] ?? Int.min) <= marca && listosU.contains($0) }
    }
    var hayAsentando: Bool { !asentandoU.isEmpty }

    /// Files still settling (for what `--once` says it left).
    var asentando: [Ubicacion] { asentandoU.sorted { $0.ruta < $1.ruta } }

    /// Complete files to check now (but those of `excepto`, the batch in hand): whole actas
    /// (every complete file with the same stem) until at least `maximo` files or
    /// `carpetasPorLote` folders, so that an acta's image and captures land in one batch.
    func listos(maximo: Int, excepto: Set<Ubicacion> = []) -> [Ubicacion] {
        var r: [Ubicacion] = []
        var carpetas: Set<NombreArchivo> = []
        for (_, todos) in listosPorTallo {
            let grupo = excepto.isEmpty ? todos : todos.filter { !excepto.contains($0) }
            if grupo.isEmpty { continue }
            var nuevas: Set<NombreArchivo> = []
            for u in grupo { if let c = u.carpeta, !carpetas.contains(c) { nuevas.insert(c) } }
            if !r.isEmpty, carpetas.count + nuevas.count > Self.carpetasPorLote { continue }
            carpetas.formUnion(nuevas)
            r += grupo
            if r.count >= maximo { break }
        }
        return r
    }
}

/// A file name's stem (up to its first dot) as a dictionary key, hashed in one call: every
/// complete file is indexed by stem, and a slice's own hash takes its bytes one by one.
private struct Tallo: Hashable {
    let bytes: ArraySlice<UInt8>

    init(_ u: Ubicacion) {
        let b = u.nombre.bytes
        bytes = b[..<(b.firstIndex(of: 46) ?? b.endIndex)]
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
