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
    /// Executes a batch with one group commit (docs/spool.md, "Group commit"). What reaches an
    /// item is never the writer's file but the daemon's own copy of exactly the bytes that were
    /// checked (Postfix's `cleanup`): a writer who renames a new version over a drop, rewrites it
    /// in place, or keeps writing through a descriptor it still holds changes nothing verified.
    /// (A) write every new state/history into `tmp/KEY.N/`, and beside them a copy of each drop,
    /// proven equal to the checked bytes (same inode unchanged since the check, same SHA-256 and
    /// length); rejection reasons into `tmp/`; (B) sync; (C) take each drop away from `incoming/`
    /// by renaming it into the scratch folder and confirm it is the inode that was copied (else
    /// it goes back as a new drop and the acta is looked at again), drop those originals (their
    /// bytes are the synced copies), then commit: a new item's folder is renamed into its phase;
    /// an existing item gets its copies, then its new `estado` (the commit point) and `historia`,
    /// then (phase change) the folder moves; refusals into `rejected/` (confirmed the same way);
    /// (D) sync; only then is anything reported; (E) empty scratch folders removed. Any I/O error
    /// stops the daemon.
    func ejecutar(planes: [Plan], rechazos: [Rechazo], carpetas: [NombreArchivo: Directorio]) throws(FalloSpool) -> ResultadoLote {
        var r = ResultadoLote()
        func origen(_ u: Ubicacion) -> Directorio? {
            guard let c = u.carpeta else { return incoming }
            return carpetas[c]
        }
        func igual(_ u: Ubicacion, _ e: Estado?) -> Bool {
            guard let e, let d = origen(u), let ahora = try? d.estado(u.nombre) else { return e == nil }
            return ahora == e
        }

        // Small batches (live traffic) sync exactly what they touch: fsync of each new file, then
        // of each touched folder. Large ones (a backlog) use one syncfs per step, which covers
        // everything at once. Both give the same guarantee; syncfs also flushes other processes'
        // dirty data on the file system, which is what makes it slow on a busy disk.
        let dirigido = planes.count + rechazos.count <= 32
        do {
            // (A) Prepare: reasons, states, histories.
            var rechazosListos: [(Rechazo, NombreArchivo)] = []
            for x in rechazos {
                guard igual(x.ubicacion, x.estado) else { r.revisarDeNuevo.append(x.ubicacion); continue }
                let nombre = nombreRechazo(x.ubicacion.nombre)
                try tmp.escribirArchivo(razonDe(nombre), Array((UnaLinea.escapar(x.razon) + "\n").utf8),
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

            // (A) The daemon's own copies, on every core.
            var copias: [(plan: Int, drop: DropValido, dir: Directorio?, destino: NombreArchivo)] = []
            for (i, (p, t)) in preparados.enumerated() {
                for (d, n) in p.cambio?.entrantes ?? [] {
                    copias.append((i, d, origen(d.ubicacion), ruta(t, NombreArchivo(n))))
                }
            }
            let resultados = try copiarEnParalelo(copias.map { ($0.drop, $0.dir, $0.destino) }, sincronizar: dirigido)
            var abortados: Set<Int> = []
            for (k, ok) in resultados.enumerated() where !ok { abortados.insert(copias[k].plan) }
            if !abortados.isEmpty {
                // A drop changed after its check: its acta is looked at again, whole.
                var quedan: [(Plan, NombreArchivo)] = []
                for (i, (p, t)) in preparados.enumerated() {
                    if abortados.contains(i) {
                        try limpiar(t)
                        r.revisarDeNuevo += p.cambio?.entrantes.map(\.drop.ubicacion) ?? []
                    } else {
                        quedan.append((p, t))
                    }
                }
                preparados = quedan
            }
            guard !rechazosListos.isEmpty || !preparados.isEmpty else { return r }

            // (B) Everything written so far is durable before any drop leaves incoming/.
            if dirigido {
                for (_, t) in preparados {
                    let d = try tmp.abrir(sub: t)
                    defer { d.cerrar() }
                    try d.sincronizar()
                }
                try tmp.sincronizar()
            } else {
                try tmp.sincronizarSistemaDeArchivos()
            }
            var tocadas: [Directorio] = [tmp]
            var fasesTocadas: Set<Fase> = []
            var itemsTocados: [(Fase, String)] = []

            // (C) Refusals: the drop into rejected/, confirmed to be the file that was checked.
            for (x, nombre) in rechazosListos {
                guard let d = origen(x.ubicacion) else { continue }
                switch try d.mover(x.ubicacion.nombre, a: rejected, nombre) {
                case .hecha: break
                case .ausente:
                    try tmp.borrar(razonDe(nombre))
                    r.revisarDeNuevo.append(x.ubicacion)
                    continue
                case .denegada(let e):
                    try tmp.borrar(razonDe(nombre))
                    r.bloqueados.append((x.ubicacion, "\(x.razon); and it cannot be moved to rejected/: \(e); left in place"))
                    continue
                }
                tocadas.append(d)
                tocadas.append(rejected)
                if let e = x.estado, !mismoArchivo(try rejected.estado(nombre), e) {
                    // Another file took the name between the check and the move: it was never
                    // checked, so it goes back to be looked at as a new drop.
                    try tmp.borrar(razonDe(nombre))
                    switch try rejected.mover(nombre, a: d, x.ubicacion.nombre) {
                    case .hecha:
                        r.revisarDeNuevo.append(x.ubicacion)
                        continue
                    case .ausente, .denegada:
                        let razon = "\(x.ubicacion): replaced by another file while it was being refused, and its name was taken again meanwhile; this file was never checked: move it back into incoming/ to have it checked"
                        try tmp.escribirArchivo(razonDe(nombre), Array((UnaLinea.escapar(razon) + "\n").utf8), sincronizar: true)
                        try tmp.renombrar(razonDe(nombre), a: rejected, razonDe(nombre))
                        r.rechazados.append((Rechazo(ubicacion: x.ubicacion, estado: nil, razon: razon), nombre))
                        continue
                    }
                }
                try tmp.renombrar(razonDe(nombre), a: rejected, razonDe(nombre))
                r.rechazados.append((x, nombre))
            }

            // (C) Items.
            var viejos: [NombreArchivo] = []
            for (p, t) in preparados {
                guard let c = p.cambio else { continue }
                guard try tomarOriginales(c.entrantes, en: t, origen: origen, resultado: &r) else {
                    try limpiar(t)
                    continue
                }
                for (d, _) in c.entrantes { if let o = origen(d.ubicacion) { tocadas.append(o) } }
                fasesTocadas.insert(c.faseNueva)
                if let f = c.faseAnterior { fasesTocadas.insert(f) }
                itemsTocados.append((c.faseNueva, p.clave.texto))
                let clave = NombreArchivo(p.clave.texto)
                if let f = c.faseAnterior {
                    // An existing item: its new files, then its new `estado` (the commit point)
                    // and `historia`; a phase change is then one rename of the folder.
                    let dirFase = carpeta(f)
                    for (_, n) in c.entrantes {
                        try tmp.renombrar(ruta(t, NombreArchivo(n)), a: dirFase, ruta(clave, NombreArchivo(n)))
                    }
                    try tmp.renombrar(ruta(t, "estado"), a: dirFase, ruta(clave, "estado"), modo: .reemplazando)
                    try tmp.renombrar(ruta(t, "historia"), a: dirFase, ruta(clave, "historia"), modo: .reemplazando)
                    viejos.append(t)
                    if f != c.faseNueva {
                        try dirFase.renombrar(clave, a: carpeta(c.faseNueva), clave)
                    }
                } else {
                    // A new item is assembled in tmp/KEY.N and renamed into its phase whole.
                    try tmp.renombrar(t, a: carpeta(c.faseNueva), clave)
                }
                r.hechos.append(p)
            }

            // (D) Durable: only now is anything reported or indexed.
            if dirigido {
                var hechas: Set<FileDescriptor> = []
                for d in tocadas + fasesTocadas.map({ carpeta($0) }) where !hechas.contains(d.fd) {
                    hechas.insert(d.fd)
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

    /// Takes an item's drops away from `incoming/`: each is renamed into the scratch folder `t`
    /// as `,NAME` and must then be the very inode that was copied, unchanged. If every one is,
    /// the originals are removed (the synced copies hold their bytes) and this returns true. If
    /// one vanished, was replaced or cannot be moved, those taken go back to their names and the
    /// acta's drops are looked at again (false).
    func tomarOriginales(_ entrantes: [(drop: DropValido, nombre: String)], en t: NombreArchivo,
                         origen: (Ubicacion) -> Directorio?, resultado r: inout ResultadoLote) throws -> Bool {
        var tomados: [(DropValido, NombreArchivo)] = []
        var bien = true
        for (d, n) in entrantes {
            let aparte = ruta(t, Spool.nombreOriginal(n))
            guard let o = origen(d.ubicacion) else { bien = false; break }
            switch try o.mover(d.ubicacion.nombre, a: tmp, aparte) {
            case .hecha:
                tomados.append((d, aparte))
                if !mismoArchivo(try tmp.estado(aparte), d.estado) { bien = false }
            case .ausente:
                bien = false
            case .denegada(let e):
                bien = false
                r.bloqueados.append((d.ubicacion, "\(d.ubicacion): cannot be moved into its item: \(e); left in place"))
            }
            if !bien { break }
        }
        if bien {
            for (_, aparte) in tomados { try tmp.borrar(aparte) }
            return true
        }
        for (d, aparte) in tomados {
            guard let o = origen(d.ubicacion) else { continue }
            switch try tmp.mover(aparte, a: o, d.ubicacion.nombre) {
            case .hecha: break
            case .ausente, .denegada:
                // Its name was taken again meanwhile: keep this version, unchecked, in rejected/.
                try rechazarDesde(tmp, aparte, nombreOriginal: d.ubicacion.nombre,
                                  razon: "\(d.ubicacion): replaced while it was being taken, and its name was taken again meanwhile; this version was never checked: move it back into incoming/ to have it checked")
            }
        }
        let bloqueados = Set(r.bloqueados.map(\.0))
        r.revisarDeNuevo += entrantes.map(\.drop.ubicacion).filter { !bloqueados.contains($0) }
        return false
    }

    /// The scratch name of a drop taken from `incoming/` while its item is committed: `,` cannot
    /// begin an item file's name (they begin with the key's digits), so recovery tells them apart.
    static func nombreOriginal(_ nombreEnItem: String) -> NombreArchivo { NombreArchivo("," + nombreEnItem) }

    /// The same file as the one checked, unchanged in content: same inode, size and mtime (a
    /// rename changes the ctime, so it is not compared here; the copy compared it).
    func mismoArchivo(_ a: Estado, _ b: Estado) -> Bool {
        a.tipo == b.tipo && a.inodo == b.inodo && a.dispositivo == b.dispositivo && a.tamano == b.tamano && a.mtimeNs == b.mtimeNs
    }

    /// `NAME.reason`.
    func razonDe(_ nombre: NombreArchivo) -> NombreArchivo { NombreArchivo(bytes: nombre.bytes + Array(".reason".utf8)) }

    /// Copies each drop into its scratch folder (on every core), read-only. A copy counts only
    /// if the source was, from open to end, the inode checked, unchanged since the check (stat
    /// equal, ctime included: no write, no chmod) and its bytes hash to the checked SHA-256;
    /// otherwise the copy is removed and false returned for it. Errors other than the drop's
    /// own disappearance stop the daemon.
    func copiarEnParalelo(_ trabajos: [(DropValido, Directorio?, NombreArchivo)], sincronizar: Bool) throws(ErrorSistema) -> [Bool] {
        let tmp = self.tmp
        let resultados = enParalelo(trabajos.count, minimo: 4) { i -> Result<Bool, ErrorSistema> in
            let (d, dir, destino) = trabajos[i]
            guard let dir else { return .success(false) }
            func uno() throws(ErrorSistema) -> Bool {
                let c = try dir.copiar(d.ubicacion.nombre, a: tmp, destino, permisos: 0o444, sincronizar: sincronizar)
                let ok = c.antes == d.estado && c.despues == d.estado && c.bytes == d.estado.tamano
                    && SHA256.hex(c.sha256) == d.sha256
                if !ok { try tmp.borrar(destino) }
                return ok
            }
            do throws(ErrorSistema) { return .success(try uno()) } catch {
                switch error.errno {
                case .noSuchFile, .loop, .permissionDenied, .notPermitted, .invalid: return .success(false)
                default: return .failure(error)
                }
            }
        }
        var r: [Bool] = []
        r.reserveCapacity(trabajos.count)
        for x in resultados { r.append(try x.get()) }
        return r
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
        let prefijo = "\(d(t.anio / 100))\(d(t.anio % 100))\(d(t.mes))\(d(t.dia))T\(d(t.hora))\(d(t.minuto))\(d(t.segundo))Z-\(Maquina.pid)-\(secuencia)-"
        let p = Array(prefijo.utf8)
        return NombreArchivo(bytes: p + original.bytes.prefix(255 - 7 - p.count))
    }
}
