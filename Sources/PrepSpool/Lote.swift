import Glibc
import PrepDominio
import PrepSistema

/// A drop to refuse: where it is, what it was when checked (nil: unknown), and why.
struct Rechazo: Sendable {
    let ubicacion: Ubicacion
    let estado: Estado?
    let razon: String
}

/// What a batch did, for the log and the in-memory index.
struct ResultadoLote {
    /// Plans whose item change is durable now.
    var hechos: [Plan] = []
    /// Rejections that are durable now: the drop and its name under `rejected/`.
    var rechazados: [(Rechazo, NombreArchivo)] = []
    /// Drops that changed or vanished before they could be moved: look at them again.
    var revisarDeNuevo: [Ubicacion] = []
    /// Drops the daemon may not move (permissions): left in place, ignored until they change.
    var bloqueados: [(Ubicacion, String)] = []
}

extension Spool {
    /// Executes a batch with one group commit (docs/spool.md, "Group commit"):
    /// (A) write every new state/history into `tmp/KEY.N/`, rejection reasons into `tmp/`;
    /// (B) sync — drop data included; (C) every rename: for a new item, drops into `tmp/KEY.N/`
    /// then that folder into its phase; for an existing item, drops into it, then its new
    /// `estado` (the commit point) and `historia`, then (phase change) the folder; refusals into
    /// `rejected/` (all RENAME_NOREPLACE but the daemon's own files); (D) sync; only then is
    /// anything reported; (E) empty scratch folders removed. Any I/O error stops the daemon.
    func ejecutar(planes: [Plan], rechazos: [Rechazo], carpetas: [NombreArchivo: Directorio]) throws(FalloSpool) -> ResultadoLote {
        var r = ResultadoLote()
        func origen(_ u: Ubicacion) -> Directorio? {
            guard let c = u.carpeta else { return incoming }
            return carpetas[c]
        }
        func igual(_ u: Ubicacion, _ e: Estado?) -> Bool {
            guard let e, let d = origen(u), let ahora = try? d.estado(u.nombre) else { return e == nil }
            return ahora.inodo == e.inodo && ahora.tamano == e.tamano && ahora.mtimeNs == e.mtimeNs && ahora.tipo == e.tipo
        }

        // Small batches (live traffic) sync exactly what they touch: fsync of each new file and
        // drop, then of each touched folder. Large ones (a backlog) use one syncfs per step, which
        // covers everything at once. Both give the same guarantee; syncfs also flushes other
        // processes' dirty data on the file system, which is what makes it slow on a busy disk.
        let dirigido = planes.count + rechazos.count <= 32
        do {
            // (A) Prepare.
            var rechazosListos: [(Rechazo, NombreArchivo)] = []
            for x in rechazos {
                guard igual(x.ubicacion, x.estado) else { r.revisarDeNuevo.append(x.ubicacion); continue }
                let nombre = nombreRechazo(x.ubicacion.nombre)
                try tmp.escribirArchivo(NombreArchivo(bytes: nombre.bytes + Array(".reason".utf8)), Array((x.razon + "\n").utf8),
                                       sincronizar: dirigido)
                rechazosListos.append((x, nombre))
            }
            var preparados: [(Plan, NombreArchivo)] = []
            for p in planes {
                guard let c = p.cambio else { continue }
                if !c.entrantes.allSatisfy({ igual($0.drop.ubicacion, $0.drop.estado) }) {
                    r.revisarDeNuevo += c.entrantes.map(\.drop.ubicacion)
                    continue
                }
                let t = nombreTemporal(p.clave.texto)
                try tmp.crearCarpeta(t)
                var historia: [UInt8] = []
                if let f = c.faseAnterior {
                    historia = try carpeta(f).leer(ruta(p.clave.texto, "historia"), maximo: 16 << 20)
                }
                for l in c.historia { historia += Array(l.texto.utf8) }
                try tmp.escribirArchivo(ruta(t, "estado"), c.estado.codificar(), sincronizar: dirigido)
                try tmp.escribirArchivo(ruta(t, "historia"), historia, sincronizar: dirigido)
                preparados.append((p, t))
            }
            guard !rechazosListos.isEmpty || !preparados.isEmpty else { return r }

            // (B) Everything written so far — and the drops' own data — is durable before any
            // rename makes it visible.
            if dirigido {
                for (x, _) in rechazosListos { if let d = origen(x.ubicacion) { try sincronizarDrop(d, x.ubicacion.nombre) } }
                for (p, _) in preparados {
                    for (d, _) in p.cambio?.entrantes ?? [] {
                        if let o = origen(d.ubicacion) { try sincronizarDrop(o, d.ubicacion.nombre) }
                    }
                }
            } else {
                try tmp.sincronizarSistemaDeArchivos()
            }
            var tocadas: [Directorio] = [tmp]
            var fasesTocadas: Set<Fase> = []
            var itemsTocados: [(Fase, String)] = []

            // (C) Renames.
            for (x, nombre) in rechazosListos {
                guard let d = origen(x.ubicacion) else { continue }
                let razon = NombreArchivo(bytes: nombre.bytes + Array(".reason".utf8))
                switch try d.mover(x.ubicacion.nombre, a: rejected, nombre) {
                case .hecha: break
                case .ausente:
                    try tmp.borrar(razon)
                    r.revisarDeNuevo.append(x.ubicacion)
                    continue
                case .denegada(let e):
                    try tmp.borrar(razon)
                    r.bloqueados.append((x.ubicacion, "\(x.razon); and it cannot be moved to rejected/: \(e); left in place"))
                    continue
                }
                try tmp.renombrar(razon, a: rejected, razon)
                r.rechazados.append((x, nombre))
                tocadas.append(d)
                tocadas.append(rejected)
            }
            var viejos: [NombreArchivo] = []
            for (p, t) in preparados {
                guard let c = p.cambio else { continue }
                // A new item is assembled in tmp/KEY.N and renamed into its phase whole. An
                // existing item gets its new drops directly, then its new `estado` (the commit
                // point) and `historia` by rename; a phase change is then one rename of the folder.
                let clave = NombreArchivo(p.clave.texto)
                let destinoDrops: Directorio
                let prefijo: NombreArchivo
                if let f = c.faseAnterior {
                    destinoDrops = carpeta(f)
                    prefijo = clave
                } else {
                    destinoDrops = tmp
                    prefijo = t
                }
                var movidos: [(Ubicacion, String)] = []
                var faltante = false
                for (d, n) in c.entrantes {
                    guard let o = origen(d.ubicacion) else { faltante = true; break }
                    switch try o.mover(d.ubicacion.nombre, a: destinoDrops, ruta(prefijo, NombreArchivo(n))) {
                    case .hecha: movidos.append((d.ubicacion, n))
                    case .ausente: faltante = true
                    case .denegada(let e):
                        faltante = true
                        r.bloqueados.append((d.ubicacion, "\(d.ubicacion): cannot be moved into its item: \(e); left in place"))
                    }
                    if faltante { break }
                }
                if faltante {
                    // A drop vanished: put back what was moved, drop the scratch folder, look again.
                    for (u, n) in movidos {
                        if let o = origen(u) { try destinoDrops.renombrar(ruta(prefijo, NombreArchivo(n)), a: o, u.nombre) }
                    }
                    try limpiar(t)
                    let bloqueados = Set(r.bloqueados.map(\.0))
                    r.revisarDeNuevo += c.entrantes.map(\.drop.ubicacion).filter { !bloqueados.contains($0) }
                    continue
                }
                for (d, _) in c.entrantes { if let o = origen(d.ubicacion) { tocadas.append(o) } }
                fasesTocadas.insert(c.faseNueva)
                if let f = c.faseAnterior { fasesTocadas.insert(f) }
                itemsTocados.append((c.faseNueva, p.clave.texto))
                if let f = c.faseAnterior {
                    let dirFase = carpeta(f)
                    try tmp.renombrar(ruta(t, "estado"), a: dirFase, ruta(clave, "estado"), modo: .reemplazando)
                    try tmp.renombrar(ruta(t, "historia"), a: dirFase, ruta(clave, "historia"), modo: .reemplazando)
                    viejos.append(t)
                    if f != c.faseNueva {
                        try dirFase.renombrar(clave, a: carpeta(c.faseNueva), clave)
                    }
                } else {
                    try tmp.renombrar(t, a: carpeta(c.faseNueva), clave)
                }
                r.hechos.append(p)
            }

            // (D) Durable: only now is anything reported or indexed.
            if dirigido {
                var hechas: Set<Int32> = []
                for d in tocadas + fasesTocadas.map({ carpeta($0) }) where !hechas.contains(d.fd.rawValue) {
                    hechas.insert(d.fd.rawValue)
                    try d.sincronizar()
                }
                for (f, k) in itemsTocados {
                    let item = try carpeta(f).abrir(sub: NombreArchivo(k))
                    defer { item.cerrar() }
                    try item.sincronizar()
                }
            } else {
                try tmp.sincronizarSistemaDeArchivos()
            }

            // (E) The emptied scratch folders of updated items.
            for v in viejos { try limpiar(v) }
        } catch {
            throw FalloSpool("I/O error, stopping (nothing is retried after a failed write or sync): \(error)")
        }

        for p in r.hechos {
            guard let c = p.cambio else { continue }
            fases[p.clave.texto] = c.faseNueva
            if c.faseNueva == .captured {
                capturadas[p.clave.texto] = ItemCargado(fase: .captured, estado: c.estado, capturas: c.capturas)
            } else {
                capturadas[p.clave.texto] = nil
            }
        }
        return r
    }

    /// fsync of a drop's data before it is published (a FIFO or link has none: skipped).
    func sincronizarDrop(_ d: Directorio, _ nombre: NombreArchivo) throws(ErrorSistema) {
        guard let e = try? d.estado(nombre), e.tipo == .regular || e.tipo == .directorio else { return }
        let f: FileDescriptor
        do { f = try d.abrirLectura(nombre) } catch {
            if error.errno == .noSuchFile || error.errno == .permissionDenied || error.errno == .loop { return }
            throw error
        }
        defer { try? f.cerrar() }
        do { try f.sincronizar() } catch { throw ErrorSistema("fsync", d.rutaDe(nombre), error) }
    }

    /// `DIR/NAME` as one relative path for the `*at` calls.
    func ruta(_ dir: String, _ nombre: NombreArchivo) -> NombreArchivo {
        NombreArchivo(bytes: Array(dir.utf8) + [47] + nombre.bytes)
    }

    func ruta(_ dir: NombreArchivo, _ nombre: NombreArchivo) -> NombreArchivo {
        NombreArchivo(bytes: dir.bytes + [47] + nombre.bytes)
    }

    /// Removes a scratch folder under `tmp/` that holds only the daemon's own files and second
    /// names of files kept elsewhere (never call it on a folder holding a drop's only name).
    func limpiar(_ t: NombreArchivo) throws(ErrorSistema) {
        let d = try tmp.abrir(sub: t)
        defer { d.cerrar() }
        for e in try d.listar() { try d.borrar(e.nombre) }
        try tmp.borrarCarpeta(t)
    }

    /// A collision-free name under `rejected/`: `YYYYMMDDTHHMMSSZ-PID-SEQ-` + the drop's name,
    /// shortened so that name + `.reason` fits NAME_MAX.
    func nombreRechazo(_ original: NombreArchivo) -> NombreArchivo {
        secuencia += 1
        let t = MarcaTiempo(segundosUnix: Reloj.realNs() / 1_000_000_000, desfaseMinutos: 0).civil()
        let d = MarcaTiempo.dos
        let prefijo = "\(d(t.anio / 100))\(d(t.anio % 100))\(d(t.mes))\(d(t.dia))T\(d(t.hora))\(d(t.minuto))\(d(t.segundo))Z-\(getpid())-\(secuencia)-"
        let p = Array(prefijo.utf8)
        return NombreArchivo(bytes: p + original.bytes.prefix(255 - 7 - p.count))
    }
}
