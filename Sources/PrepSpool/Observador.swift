import Dispatch
import PrepDominio
import PrepSistema

/// What the daemon knows about one file in `incoming/`.
enum Seguimiento: Sendable {
    /// Not known complete yet: look again at `plazoNs` (real time; 0: at the next pass).
    case asentando(plazoNs: Int64)
    /// Complete (arrived by rename, or settled): check it at the next pass.
    case listo
    /// Checked and valid, waiting in place for its partner (a lone image or capture).
    case esperando(DropValido)
    /// Cannot be moved (permissions): left alone until it changes (this stat).
    case ignorado(Estado)
}

/// The folders of `incoming/` and what is in them: the inotify watches (added before the
/// scans), the scans, and SPEC §4's completeness rule. Owned by the daemon's loop thread.
final class Observador {
    let spool: Spool
    let inotify: Inotify?
    let asentamientoNs: Int64
    /// Open first-level subfolders of incoming/.
    var subcarpetas: [NombreArchivo: Directorio] = [:]
    /// inotify watch → folder (nil: incoming/ itself).
    var relojes: [Int32: NombreArchivo?] = [:]
    var seguidos: [Ubicacion: Seguimiento] = [:]

    init(spool: Spool, inotify: Inotify?, asentamientoNs: Int64) {
        self.spool = spool
        self.inotify = inotify
        self.asentamientoNs = asentamientoNs
    }

    func directorio(_ carpeta: NombreArchivo?) -> Directorio? {
        guard let carpeta else { return spool.incoming }
        return subcarpetas[carpeta]
    }

    /// Watches incoming/ (before any scan, so nothing falls between scan and watch).
    func vigilarRaiz() throws(FalloSpool) {
        guard let inotify else { return }
        do {
            let wd = try inotify.vigilar(NombreArchivo("\(spool.raiz)/\(Disposicion.incoming)"))
            relojes[wd] = .some(nil)
        } catch { throw FalloSpool("cannot watch incoming/: \(error)") }
    }

    /// Opens and watches a first-level subfolder, then scans it.
    func agregarSubcarpeta(_ nombre: NombreArchivo) throws(FalloSpool) {
        if subcarpetas[nombre] == nil {
            guard let d = try? spool.incoming.abrir(sub: nombre) else { return }  // gone or not a folder
            subcarpetas[nombre] = d
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
        guard let dir = directorio(carpeta) else { return }
        let entradas: [Directorio.Entrada]
        do { entradas = try dir.listar() } catch {
            if carpeta != nil, error.errno == .noSuchFile || error.errno == .notDirectory { return }
            throw FalloSpool(error)
        }
        var vistos: Set<NombreArchivo> = []
        for e in entradas {
            if case .temporal = ClaseDrop.de(e.nombre) { continue }
            let tipo = e.tipo ?? (try? dir.estado(e.nombre))?.tipo
            if carpeta == nil, tipo == .directorio {
                vistos.insert(e.nombre)
                try agregarSubcarpeta(e.nombre)
                continue
            }
            vistos.insert(e.nombre)
            let u = Ubicacion(carpeta: carpeta, nombre: e.nombre)
            switch seguidos[u] {
            case .none: seguidos[u] = .asentando(plazoNs: 0)
            case .esperando(let d):
                if let ahora = try? dir.estado(e.nombre), ahora != d.estado { seguidos[u] = .asentando(plazoNs: 0) }
            case .ignorado(let viejo):
                if let ahora = try? dir.estado(e.nombre), ahora != viejo { seguidos[u] = .asentando(plazoNs: 0) }
            default: break
            }
        }
        for u in seguidos.keys where u.carpeta == carpeta && !vistos.contains(u.nombre) {
            olvidar(u)
        }
        if carpeta == nil {
            for (n, d) in subcarpetas where !vistos.contains(n) {
                d.cerrar()
                subcarpetas[n] = nil
                for u in seguidos.keys where u.carpeta == n { olvidar(u) }
            }
        }
    }

    /// A file left incoming/ (moved away by a writer, or by us).
    func olvidar(_ u: Ubicacion) { seguidos[u] = nil }

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
            if case .temporal = ClaseDrop.de(ev.nombre) { continue }
            if carpeta == nil, ev.esCarpeta {
                try agregarSubcarpeta(ev.nombre)
                continue
            }
            let u = Ubicacion(carpeta: carpeta, nombre: ev.nombre)
            if ev.llegoPorRenombre {
                seguidos[u] = .listo
            } else if case .esperando = seguidos[u] {
                seguidos[u] = .asentando(plazoNs: 0)
            } else if case .listo = seguidos[u] {
                // Written again after a rename: settle it like any write in place.
                seguidos[u] = .asentando(plazoNs: 0)
            } else {
                seguidos[u] = .asentando(plazoNs: 0)
            }
        }
        return rescan
    }

    /// Settling files whose time has come: complete when nothing about them changed for the
    /// settle time (`max(mtime, ctime)` ≤ now − settle). Non-regular files need no settling.
    func madurar(ahoraNs: Int64) {
        for (u, s) in seguidos {
            guard case .asentando(let plazo) = s, plazo <= ahoraNs else { continue }
            guard let dir = directorio(u.carpeta), let e = try? dir.estado(u.nombre) else {
                olvidar(u)
                continue
            }
            if e.tipo != .regular && e.tipo != .directorio {
                seguidos[u] = .listo
            } else if ahoraNs - e.ultimoCambioNs >= asentamientoNs {
                seguidos[u] = .listo
            } else {
                seguidos[u] = .asentando(plazoNs: e.ultimoCambioNs + asentamientoNs)
            }
        }
    }

    /// The earliest settle deadline (real ns), if any file is settling.
    var proximoPlazo: Int64? {
        var m: Int64?
        for s in seguidos.values {
            if case .asentando(let p) = s { m = min(m ?? p, p) }
        }
        return m
    }

    var hayListos: Bool { seguidos.values.contains { if case .listo = $0 { true } else { false } } }
    var hayAsentando: Bool { seguidos.values.contains { if case .asentando = $0 { true } else { false } } }

    /// Complete files to check now: whole actas (every complete file with the same stem) until
    /// at least `maximo` files, so that an acta's image and captures land in one batch.
    func listos(maximo: Int) -> [Ubicacion] {
        var porTallo: [ArraySlice<UInt8>: [Ubicacion]] = [:]
        for (u, s) in seguidos {
            if case .listo = s {
                let b = u.nombre.bytes
                porTallo[b[..<(b.firstIndex(of: 46) ?? b.endIndex)], default: []].append(u)
            }
        }
        var r: [Ubicacion] = []
        for (_, grupo) in porTallo {
            r += grupo
            if r.count >= maximo { break }
        }
        return r
    }
}
