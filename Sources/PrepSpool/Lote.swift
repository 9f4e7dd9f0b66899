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

    /// The actas this batch made verified (durably), in the order they were decided.
    var verificadas: [ClaveActa] {
        hechos.compactMap { p in
            guard let c = p.cambio, c.faseNueva == .verified, c.faseAnterior != .verified else { return nil }
            return p.clave
        }
    }
}

extension Spool {
    /// Executes a batch with one group commit (docs/spool.md, "Group commit"). What reaches an
    /// item is the very file that was checked, confirmed after the daemon took it: a writer who
    /// renames a new version over a drop, or rewrites it before it is taken, changes nothing
    /// verified (a writer still holding a descriptor can change the item's file afterwards; a
    /// corte re-hashes a capture and publishes its own copy of an image, so never what changed).
    /// (A) write every new state/history into `tmp/KEY.N/` and rejection reasons into `tmp/`;
    /// (B) sync; (C) take each drop away from `incoming/` by renaming it into the scratch folder
    /// under its name in the item, confirming it is the file that was checked (unchanged up to
    /// the rename, ctime included, and the same inode after it: `ConfirmacionToma`; else
    /// everything taken goes back as new drops and the acta is looked at again), then commit: a new item's folder is
    /// renamed into its phase; an existing item gets its files, then its new `estado`, history
    /// included (the commit point), then (phase change) the folder moves; refusals into `rejected/`
    /// (confirmed the same way); (D) sync; only then is anything reported; (E) empty scratch
    /// folders removed. Any I/O error stops the daemon.
    func ejecutar(planes: [Plan], rechazos: [Rechazo], carpetas: [NombreArchivo: Directorio]) throws(FalloSpool) -> ResultadoLote {
        var r = ResultadoLote()
        let incoming = self.incoming
        let origen = { (u: Ubicacion) -> Directorio? in
            guard let c = u.carpeta else { return incoming }
            return carpetas[c]
        }
        // Small batches (live traffic) sync exactly what they touch: an fsync of each new file and
        // touched folder, all of a step's together (`SincronizacionConjunta`: one journal commit
        // rather than one each). Large ones (a backlog) use one syncfs per step, which covers
        // everything at once. Both give the same guarantee; syncfs also flushes other processes'
        // dirty data on the file system, which is what makes it slow on a busy disk.
        let dirigido = planes.count + rechazos.count <= 32
        do {
            // (A) Prepare: reasons, and states with their histories.
            let rechazosListos = try prepararRechazos(rechazos, origen: origen, r: &r)
            // Each item's scratch folder and intent, written on every core (creating files is
            // most of a batch's CPU). A drop that changed since its check is not looked for here:
            // the take below confirms every drop anyway, and sends a changed one back.
            let preparados: [(Plan, NombreArchivo)] = planes.compactMap { p in
                p.cambio == nil ? nil : (p, nombreTemporal(p.clave.texto))
            }
            try prepararIntenciones(preparados)

            guard !rechazosListos.isEmpty || !preparados.isEmpty else { return r }

            // (B) Everything written so far is durable before any drop leaves incoming/.
            try sincronizarPreparados(preparados, rechazos: rechazosListos, dirigido: dirigido)
            var tocadas: [Directorio] = [tmp]
            // (C) Refusals, then the items' drops taken and confirmed, then the items committed.
            try moverRechazos(rechazosListos, origen: origen, dirigido: dirigido, r: &r, tocadas: &tocadas)
            let fallidos = try tomarEntrantes(preparados, origen: origen, dirigido: dirigido, r: &r)
            let hecho = try confirmarItems(preparados, fallidos: fallidos, origen: origen, r: &r, tocadas: &tocadas)
            // (D) Durable: only now is anything reported or indexed.
            try sincronizarTocadas(tocadas, fases: hecho.fases, items: hecho.items, dirigido: dirigido)
            // (E) The emptied scratch folders of updated items.
            for v in hecho.viejos { try limpiar(v) }
        } catch {
            throw FalloSpool("I/O error, stopping (nothing is retried after a failed write or sync): \(error)")
        }
        indexar(r.hechos)
        return r
    }

    /// (A) The reason of each refusal written into `tmp/`; a drop that changed since its check is
    /// looked at again instead.
    private func prepararRechazos(_ rechazos: [Rechazo], origen: (Ubicacion) -> Directorio?,
                                  r: inout ResultadoLote) throws -> [(Rechazo, NombreArchivo)] {
        func igual(_ u: Ubicacion, _ e: Estado?) -> Bool {
            guard let e, let d = origen(u), let ahora = try? d.estado(u.nombre) else { return e == nil }
            return ahora == e
        }
        var listos: [(Rechazo, NombreArchivo)] = []
        for x in rechazos {
            guard igual(x.ubicacion, x.estado) else { r.revisarDeNuevo.append(x.ubicacion); continue }
            let nombre = nombreRechazo(x.ubicacion.nombre)
            try tmp.escribirArchivo(razonDe(nombre), lineaDeRazon(x.razon))
            listos.append((x, nombre))
        }
        return listos
    }

    /// (B) The scratch folders, intents and reasons durable.
    private func sincronizarPreparados(_ preparados: [(Plan, NombreArchivo)], rechazos: [(Rechazo, NombreArchivo)],
                                       dirigido: Bool) throws {
        if dirigido {
            var objetivos = [SincronizacionConjunta.Objetivo(tmp)]
            for (_, t) in preparados {
                objetivos += [.init(tmp, t), .init(tmp, ruta(t, "estado"))]
            }
            for (_, nombre) in rechazos { objetivos.append(.init(tmp, razonDe(nombre))) }
            try SincronizacionConjunta.sincronizar(objetivos)
        } else {
            try tmp.sincronizarSistemaDeArchivos()
        }
    }

    /// (C) Refusals: the drop into rejected/, confirmed to be the file that was checked.
    private func moverRechazos(_ listos: [(Rechazo, NombreArchivo)], origen: (Ubicacion) -> Directorio?, dirigido: Bool,
                               r: inout ResultadoLote, tocadas: inout [Directorio]) throws {
        for (x, nombre) in listos {
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
            if let e = x.estado, !Spool.mismoArchivo(try rejected.estado(nombre), e) {
                // Another file took the name between the check and the move: it was never
                // checked, so it goes back to be looked at as a new drop.
                try tmp.borrar(razonDe(nombre))
                switch try rejected.mover(nombre, a: d, x.ubicacion.nombre) {
                case .hecha:
                    r.revisarDeNuevo.append(x.ubicacion)
                    continue
                case .ausente, .denegada:
                    let razon = "\(x.ubicacion): replaced by another file while it was being refused, and its name was taken again meanwhile; this file was never checked: move it back into incoming/ to have it checked"
                    try tmp.escribirArchivo(razonDe(nombre), lineaDeRazon(razon), sincronizar: true)
                    try tmp.renombrar(razonDe(nombre), a: rejected, razonDe(nombre))
                    r.rechazados.append((Rechazo(ubicacion: x.ubicacion, estado: nil, razon: razon), nombre))
                    continue
                }
            }
            if dirigido, x.estado?.tipo == .regular {
                // Its bytes durable like an accepted drop's (a big batch's syncfs covers them).
                try sincronizarRechazado(nombre)
            }
            try tmp.renombrar(razonDe(nombre), a: rejected, razonDe(nombre))
            r.rechazados.append((x, nombre))
        }
    }

    /// (C) Items' drops taken. Each drop is taken by rename into its scratch folder under its name
    /// in the item, and must be the very file that was checked (`intacto` just before the rename,
    /// `tomado` just after). Returns the plans (indices into `preparados`) whose drops did not all
    /// pass: what they took went back, and their drops are to be looked at again.
    private func tomarEntrantes(_ preparados: [(Plan, NombreArchivo)], origen: (Ubicacion) -> Directorio?, dirigido: Bool,
                                r: inout ResultadoLote) throws -> Set<Int> {
        var tomados: [(plan: Int, drop: DropValido, nombre: NombreArchivo)] = []
        var fallidos: Set<Int> = []
        for (i, (p, t)) in preparados.enumerated() {
            for (d, n) in p.cambio?.entrantes ?? [] {
                let destino = ruta(t, NombreArchivo(n))
                guard let o = origen(d.ubicacion), try Spool.intacto(d, en: o) else { fallidos.insert(i); break }
                switch try o.mover(d.ubicacion.nombre, a: tmp, destino) {
                case .hecha:
                    tomados.append((i, d, destino))
                    if !(try Spool.tomado(d, destino, en: tmp)) { fallidos.insert(i) }
                case .ausente:
                    fallidos.insert(i)
                case .denegada(let e):
                    fallidos.insert(i)
                    r.bloqueados.append((d.ubicacion, "\(d.ubicacion): cannot be moved into its item: \(e); left in place"))
                }
                if fallidos.contains(i) { break }
            }
        }
        let pendientes = tomados.filter { !fallidos.contains($0.plan) }
        if dirigido {
            // The drops' own data (writers may never have synced it) before any item shows it.
            try SincronizacionConjunta.sincronizar(pendientes.map { .init(tmp, $0.nombre) })
        }
        if !fallidos.isEmpty {
            // A drop vanished, was replaced or changed after its check: what was taken goes back
            // to its name (a new drop, checked again), and the acta is looked at again, whole.
            for x in tomados where fallidos.contains(x.plan) {
                guard let o = origen(x.drop.ubicacion) else { continue }
                switch try tmp.mover(x.nombre, a: o, x.drop.ubicacion.nombre) {
                case .hecha: break
                case .ausente, .denegada:
                    try rechazarDesde(tmp, x.nombre, nombreOriginal: x.drop.ubicacion.nombre,
                                      razon: "\(x.drop.ubicacion): changed while it was being taken, and its name was taken again meanwhile; this version was never checked: move it back into incoming/ to have it checked")
                }
            }
            let bloqueados = Set(r.bloqueados.map(\.0))
            for (i, (p, t)) in preparados.enumerated() where fallidos.contains(i) {
                try limpiar(t)
                r.revisarDeNuevo += (p.cambio?.entrantes.map(\.drop.ubicacion) ?? []).filter { !bloqueados.contains($0) }
            }
        }
        if !dirigido, !pendientes.isEmpty {
            // The drops' own data (writers may never have synced it) before any item shows it.
            try tmp.sincronizarSistemaDeArchivos()
        }
        return fallidos
    }

    /// What committing the items touched: phases and items to sync, scratch folders to remove.
    private struct ItemsConfirmados {
        var fases: Set<Fase> = []
        var items: [(Fase, String)] = []
        var viejos: [NombreArchivo] = []
    }

    /// (C) Items committed, all but the `fallidos`: a new item's folder is renamed into its phase;
    /// an existing item gets its files, then its new `estado` (the commit point, history
    /// included), then (phase change) the folder moves.
    private func confirmarItems(_ preparados: [(Plan, NombreArchivo)], fallidos: Set<Int>, origen: (Ubicacion) -> Directorio?,
                                r: inout ResultadoLote, tocadas: inout [Directorio]) throws -> ItemsConfirmados {
        var hecho = ItemsConfirmados()
        for (i, (p, t)) in preparados.enumerated() where !fallidos.contains(i) {
            guard let c = p.cambio else { continue }
            for (d, _) in c.entrantes { if let o = origen(d.ubicacion) { tocadas.append(o) } }
            hecho.fases.insert(c.faseNueva)
            if let f = c.faseAnterior { hecho.fases.insert(f) }
            hecho.items.append((c.faseNueva, p.clave.texto))
            let clave = NombreArchivo(p.clave.texto)
            if let f = c.faseAnterior {
                // An existing item: its new files, then its new `estado`, history included (the
                // commit point); a phase change is then one rename of the folder.
                let dirFase = carpeta(f)
                for (_, n) in c.entrantes {
                    try tmp.renombrar(ruta(t, NombreArchivo(n)), a: dirFase, ruta(clave, NombreArchivo(n)))
                }
                try tmp.renombrar(ruta(t, "estado"), a: dirFase, ruta(clave, "estado"), modo: .reemplazando)
                hecho.viejos.append(t)
                if f != c.faseNueva {
                    try dirFase.renombrar(clave, a: carpeta(c.faseNueva), clave)
                }
            } else {
                // A new item is assembled in tmp/KEY.N and renamed into its phase whole.
                try tmp.renombrar(t, a: carpeta(c.faseNueva), clave)
            }
            r.hechos.append(p)
        }
        return hecho
    }

    /// (D) Every folder and item touched durable (one syncfs for a large batch).
    private func sincronizarTocadas(_ tocadas: [Directorio], fases: Set<Fase>, items: [(Fase, String)], dirigido: Bool) throws {
        guard dirigido else {
            try tmp.sincronizarSistemaDeArchivos()
            return
        }
        var hechas: Set<FileDescriptor> = []
        var objetivos: [SincronizacionConjunta.Objetivo] = []
        for d in tocadas + fases.map({ carpeta($0) }) where hechas.insert(d.fd).inserted { objetivos.append(.init(d)) }
        for (f, k) in items { objetivos.append(.init(carpeta(f), NombreArchivo(k))) }
        try SincronizacionConjunta.sincronizar(objetivos)
    }

    /// The in-memory index after a durable batch: each item's phase, the captured items kept
    /// loaded.
    private func indexar(_ hechos: [Plan]) {
        for p in hechos {
            guard let c = p.cambio else { continue }
            fases[p.clave.texto] = c.faseNueva
            if c.faseNueva == .captured {
                capturadas[p.clave.texto] = ItemCargado(fase: .captured, estado: c.estado, capturas: c.capturas)
            } else {
                capturadas[p.clave.texto] = nil
            }
        }
    }

    /// The same file as the one checked: same inode, size and mtime (a rename changes the ctime,
    /// so it is not compared here; `sinCambios` compares it where no rename came between).
    nonisolated static func mismoArchivo(_ a: Estado, _ b: Estado) -> Bool {
        a.tipo == b.tipo && a.inodo == b.inodo && a.dispositivo == b.dispositivo && a.tamano == b.tamano && a.mtimeNs == b.mtimeNs
    }

    /// `NAME.reason`.
    func razonDe(_ nombre: NombreArchivo) -> NombreArchivo { NombreArchivo(bytes: nombre.bytes + Array(".reason".utf8)) }

    /// The bytes of a `.reason` file: the reason as one line, whatever a writer put in it.
    func lineaDeRazon(_ razon: String) -> [UInt8] { Array((UnaLinea.escapar(razon) + "\n").utf8) }

    /// A daemon running as root takes a writer's taken drop: root's, read-only to everyone
    /// (0444), so that a writer still holding a descriptor can no longer chmod it or hard-link it
    /// back out (`fs.protected_hardlinks`). A daemon running as its own user cannot change a
    /// writer's file (and a file of its own user's has no other writer to keep out): the folders'
    /// modes keep writers from reaching it by path. Best effort: the folders are what protect.
    /// No system call unless root takes another user's file (`e`, as taken).
    nonisolated static func cerrarTomado(_ nombre: NombreArchivo, _ e: Estado, en tmp: Directorio) {
        guard Identidad.usuario == 0, e.propietario != 0, let f = try? tmp.abrirLectura(nombre) else { return }
        defer { try? f.cerrar() }
        guard (try? f.estado())?.inodo == e.inodo, (try? f.cambiarDueno(0)) != nil else { return }
        try? f.fijarPermisos(0o444)
    }

    /// fsync of a refused drop under its name in `rejected/`; one the daemon cannot open (mode
    /// 000) is left to the next syncfs.
    func sincronizarRechazado(_ nombre: NombreArchivo) throws(ErrorSistema) {
        guard let f = try? rejected.abrirLectura(nombre) else { return }
        defer { try? f.cerrar() }
        try f.sincronizar(ruta: rejected.rutaDe(nombre))
    }

    /// (A) for every item change: `tmp/T/` with the new `estado` (the intent record), its
    /// history whole (an existing item's, read from its `estado` in its phase, plus the new
    /// lines), on every core, unsynced (step B makes them durable). The first error stops the
    /// batch (what was written is scratch that recovery removes).
    func prepararIntenciones(_ preparados: [(Plan, NombreArchivo)]) throws(ErrorSistema) {
        let tmp = self.tmp
        let fases = Dictionary(uniqueKeysWithValues: Fase.allCases.map { ($0, carpeta($0)) })
        let resultados = enParalelo(preparados.count, minimo: 8) { i -> Result<Void, ErrorSistema> in
            let (p, t) = preparados[i]
            guard let c = p.cambio else { return .success(()) }
            return Result { () throws(ErrorSistema) in
                try tmp.crearCarpeta(t, permisos: 0o750)
                var historia: [UInt8] = []
                if let f = c.faseAnterior, let dir = fases[f] {
                    // The item was checked when it was loaded (a readable `estado` in this
                    // layout), so its history is there; the daemon alone has written it since.
                    let viejo = try dir.leer(NombreArchivo(bytes: Array(p.clave.texto.utf8) + Array("/estado".utf8)),
                                             maximo: EstadoItem.maximoBytes)
                    historia = Array(EstadoItem.historia(viejo))
                    if let u = historia.last, u != 10 { historia.append(10) }
                }
                for l in c.historia { historia += Array(l.texto.utf8) }
                try tmp.escribirArchivo(NombreArchivo(bytes: t.bytes + Array("/estado".utf8)), c.estado.codificar(historia: historia),
                                        permisos: 0o640)
            }
        }
        for x in resultados { try x.get() }
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
