import PrepDominio
import PrepSistema

extension Spool {
    /// At start, before watching: rebuilds the phase index from the folders alone and finishes
    /// or undoes whatever a crash left half done (docs/spool.md, "Recovery"):
    /// - `tmp/KEY.N/` holding an `estado` (an uncommitted intent): the drops it lists that are not
    ///   in the committed item — moved into `tmp/KEY.N/` (new item) or straight into the existing
    ///   item (update) — go back to their recorded origins in `incoming/`, to be processed again;
    /// - `tmp/KEY.N/` without an `estado`: the update was committed (its `estado`, history
    ///   included, was the last file moved in); an older version's step holding only `historia`
    ///   (its history then followed its state in a file of its own) has that history moved in;
    /// - `tmp/KEY.migracion`: the migration's scratch, removed (`migrarItems` makes it again);
    /// - every item of the older layout is folded into the one-file layout (`migrarItems`);
    /// - a `captured/` item whose committed state is verified: moved to `verified/`;
    /// - an acta in two phase folders (only older versions could leave this): the later wins;
    /// - `tmp/NAME.reason`: completed into `rejected/` if its drop got there, else removed.
    /// The daemon's own files are removed; nothing a writer dropped is ever deleted. No file's
    /// content stops it: what cannot go back goes to rejected/ with the reason, and a `captured/`
    /// item that no longer matches its `estado` is put in quarantine (`cargarCapturadas`).
    public func recuperar() throws(FalloSpool) {
        do {
            fases = IndiceFases()
            capturadas = [:]
            var duplicados: [(Fase, String)] = []
            for f in [Fase.packaged, .verified, .captured] {
                let d = carpeta(f)
                for e in try d.listar() {
                    guard let texto = e.nombre.texto, ClaveActa(texto) != nil else { continue }
                    let tipo = try e.tipo ?? d.estado(e.nombre).tipo
                    guard tipo == .directorio else { continue }
                    if fases[texto] != nil { duplicados.append((f, texto)) } else { fases[texto] = f }
                }
            }
            for (f, clave) in duplicados {
                let t = nombreTemporal(clave + ".dup")
                try carpeta(f).renombrar(NombreArchivo(clave), a: tmp, t)
                registro.aviso("recovery", "\(f.carpeta)/\(clave) was also in \(fases[clave]?.carpeta ?? "?")/; removed the older copy's second names")
            }
            for e in try tmp.listar() {
                let tipo = try e.tipo ?? tmp.estado(e.nombre).tipo
                if tipo == .directorio {
                    do { try recuperarCarpetaTemporal(e.nombre) } catch {
                        // Whatever it holds cannot stop a start: what is left of it is kept whole.
                        try rechazarDesde(tmp, e.nombre, razon: "tmp/\(e.nombre): an interrupted step that could not be undone (\(error)); what is left of it is kept here whole")
                    }
                } else if tipo == .regular, e.nombre.bytes.elementsEqualSuffix(MigracionItems.sufijo) {
                    try tmp.borrar(e.nombre)  // an item file the migration had not moved in yet
                } else if tipo == .regular, e.nombre.bytes.count > 7, e.nombre.bytes.suffix(7).elementsEqual(".reason".utf8) {
                    let drop = NombreArchivo(bytes: Array(e.nombre.bytes.dropLast(7)))
                    if rejected.existe(drop), !rejected.existe(e.nombre) {
                        try tmp.renombrar(e.nombre, a: rejected, e.nombre)
                    } else {
                        try tmp.borrar(e.nombre)
                    }
                } else {
                    try rechazarDesde(tmp, e.nombre, razon: "tmp/\(e.nombre): found in the daemon's scratch folder at start; kept here")
                }
            }
            try tmp.sincronizarSistemaDeArchivos()
            try migrarItems()
            try cargarCapturadas()
        } catch let e as FalloSpool {
            throw e
        } catch {
            throw FalloSpool("recovery: \(error)")
        }
    }

    /// Loads every `captured/` item, each checked against its `estado` (on every core): one that
    /// differs is put in quarantine, never a refusal to start; one committed verified (stopped
    /// before its folder moved) is moved to `verified/`, its quarantine (if any) with it.
    func cargarCapturadas() throws(ErrorSistema) {
        let claves = fases.compactMap { $0.value == .captured ? $0.key : nil }
        for c in comprobar(.captured, claves) {
            var fase = Fase.captured
            if let e = c.estado, e.esVerificada, e.clave.texto == c.clave {
                // Committed as verified, stopped before the folder moved: finish the move.
                try carpeta(.captured).renombrar(NombreArchivo(c.clave), a: carpeta(.verified), NombreArchivo(c.clave))
                try tmp.sincronizarSistemaDeArchivos()
                fases[c.clave] = .verified
                fase = .verified
                registro.aviso("recovery", "acta \(c.clave): finished: it was committed verified in captured/; moved to verified/")
            }
            if !c.diferencias.isEmpty {
                ponerEnCuarentena(fase, c.clave, c.diferencias)
            } else if fase == .captured, let e = c.estado {
                capturadas[c.clave] = ItemCargado(fase: .captured, estado: e, capturas: c.capturas)
                levantarCuarentena(.captured, c.clave)
            }
        }
    }

    /// Undoes or finishes one `tmp/KEY.N…/` folder (see `recuperar`), and logs one `recovery`
    /// line saying which acta, whether the step was undone or finished, and what each file became.
    func recuperarCarpetaTemporal(_ t: NombreArchivo) throws {
        let clave = String(decoding: t.bytes.prefix { $0 != 46 }, as: UTF8.self)
        let d = try tmp.abrir(sub: t)
        defer { d.cerrar() }
        // Either layout: an older version may have left the step (migrated after recovery).
        let intencion = try? EstadoItem.decodificar(d.leer("estado", maximo: EstadoItem.maximoBytes), antigua: true)
        var hecho: [String] = []
        var historiaTerminada = false
        var inodos: Set<UInt64> = []
        if let f = fases[clave] {
            // An existing item was being updated: its new drops went straight into it.
            let dirFase = carpeta(f)
            let comprometido = try? EstadoItem.decodificar(dirFase.leer(ruta(clave, "estado"), maximo: EstadoItem.maximoBytes),
                                                           antigua: true)
            if let intencion {
                // Not committed (its estado is still here): the new drops go back to their origins.
                let ya = Set(comprometido?.archivos.map(\.nombre) ?? [])
                for a in intencion.archivos where !ya.contains(a.nombre) {
                    let enItem = ruta(clave, NombreArchivo(a.nombre))
                    if dirFase.existe(enItem) { hecho.append(try devolverDrop(dirFase, enItem, a, desde: "\(f.carpeta)/\(clave)")) }
                }
            } else if (try? d.estado("historia"))?.tipo == .regular {
                // An older version's update, committed (estado moved in), its history file not
                // yet: finish it (the migration then folds it into the estado).
                try d.renombrar("historia", a: dirFase, ruta(clave, "historia"), modo: .reemplazando)
                historiaTerminada = true
            }
            if let item = try? dirFase.abrir(sub: NombreArchivo(clave)) {
                defer { item.cerrar() }
                for e in try item.listar() { inodos.insert(try item.estado(e.nombre).inodo) }
            }
        }
        func archivo(_ nombre: [UInt8]) -> EstadoItem.Archivo? {
            intencion?.archivos.first { $0.nombre.utf8.elementsEqual(nombre) }
        }
        for e in try d.listar() {
            if e.nombre == "estado" || e.nombre == "historia" {
                // The daemon's own files; anything else under their names is nobody's to delete.
                if try d.estado(e.nombre).tipo == .directorio {
                    try rechazarDesde(d, e.nombre, razon: "tmp/\(t)/\(e.nombre): a folder where the daemon's own file belongs, found in an interrupted step at start")
                    hecho.append("\(e.nombre) (a folder) to rejected/")
                } else {
                    try d.borrar(e.nombre)
                }
                continue
            }
            if inodos.contains(try d.estado(e.nombre).inodo) {
                try d.borrar(e.nombre)  // a second name: the committed item holds this file
                continue
            }
            if let a = archivo(e.nombre.bytes) {
                hecho.append(try devolverDrop(d, e.nombre, a, desde: "tmp/\(t)"))
            } else {
                try rechazarDesde(d, e.nombre, razon: "tmp/\(t)/\(e.nombre): found in an interrupted step at start; its origin is unknown")
                hecho.append("\(e.nombre) of unknown origin to rejected/")
            }
        }
        try tmp.borrarCarpeta(t)
        let donde = fases[clave].map { "\($0.carpeta)/\(clave)" }
        var linea = "acta \(clave): "
        if intencion != nil {
            linea += "undone: the step in tmp/\(t) was never committed; "
            linea += donde.map { "\($0) stays as it was" } ?? "no item was made"
        } else {
            linea += "finished: the step in tmp/\(t) was committed"
            if historiaTerminada, let donde { linea += "; its history moved into \(donde)" }
        }
        registro.aviso("recovery", linea + (hecho.isEmpty ? "" : "; " + hecho.joined(separator: "; ")))
    }

    /// A drop caught in an interrupted step: moved back to its origin, to be processed again (to
    /// rejected/ if the origin is occupied by other bytes); when the origin already holds the
    /// very same bytes (the writer dropped them again), this second copy is removed. Returns what
    /// became of it, for the recovery line.
    func devolverDrop(_ dir: Directorio, _ nombre: NombreArchivo, _ a: EstadoItem.Archivo, desde: String) throws -> String {
        if let u = ubicacionDeOrigen(a.origen), shaEn(u, bytes: a.bytes) == a.sha256 {
            try dir.borrar(nombre)
            return "\(nombre) removed: \(u) holds the same bytes again"
        }
        return try devolver(dir, nombre, a.origen, desde: desde)
    }

    /// SHA-256 of the regular file at `u` in incoming/ when it has `bytes` bytes, or nil (none,
    /// unreadable, other type, other size). At most `bytes + 1` bytes are read: a file growing
    /// while it is read is not the recorded one.
    func shaEn(_ u: Ubicacion, bytes: Int) -> HuellaSHA256? {
        var dir = incoming
        var abierta: Directorio?
        if let c = u.carpeta {
            guard let sub = try? incoming.abrir(sub: c) else { return nil }
            abierta = sub
            dir = sub
        }
        defer { abierta?.cerrar() }
        guard let e = try? dir.estado(u.nombre), e.tipo == .regular, e.tamano == bytes,
              let f = try? dir.abrirLectura(u.nombre) else { return nil }
        defer { try? f.cerrar() }
        guard let (digest, l) = try? SHA256.deArchivo(f, maximo: bytes, ruta: u.description), !l.masAllaDelLimite,
              l.bytes == bytes else { return nil }
        return digest
    }

    /// Moves a drop caught in an interrupted step back to its origin in incoming/ (or, if that
    /// is occupied or unknown, to rejected/ with the reason). Returns what became of it.
    func devolver(_ dir: Directorio, _ nombre: NombreArchivo, _ origen: NombreArchivo, desde: String) throws -> String {
        guard let destino = ubicacionDeOrigen(origen) else {
            try rechazarDesde(dir, nombre, razon: "\(desde)/\(nombre): interrupted step; its recorded origin \(origen) is not in incoming/")
            return "\(nombre) to rejected/ (its origin \(origen) is not in incoming/)"
        }
        var dirDestino = incoming
        var abierta: Directorio?
        if let c = destino.carpeta {
            // A writer may have replaced its folder by a link or a file, or closed it: the drop
            // then waits in rejected/, never a stop.
            do {
                try incoming.crearCarpeta(c, aunqueExista: true)
                let sub = try incoming.abrir(sub: c)
                abierta = sub
                dirDestino = sub
            } catch {
                try rechazarDesde(dir, nombre, nombreOriginal: destino.nombre,
                                  razon: "\(destino): interrupted step; could not go back to its origin, whose folder cannot take it (\(error))")
                return "\(destino) to rejected/ (its origin folder cannot take it)"
            }
        }
        defer { abierta?.cerrar() }
        if dirDestino.existe(destino.nombre) {
            try rechazarDesde(dir, nombre, nombreOriginal: destino.nombre,
                              razon: "\(destino): interrupted step; could not go back to its origin, which is occupied by another file")
            return "\(destino) to rejected/ (its origin is occupied by another file)"
        }
        switch try dir.mover(nombre, a: dirDestino, destino.nombre) {
        case .hecha:
            return "\(destino) returned to incoming/, to be processed again"
        case .ausente:
            return "\(destino) had vanished from \(desde)"
        case .denegada(let e):
            try rechazarDesde(dir, nombre, nombreOriginal: destino.nombre,
                              razon: "\(destino): interrupted step; could not go back to its origin (\(e))")
            return "\(destino) to rejected/ (its origin folder refuses it)"
        }
    }

    /// `incoming/[SUB/]NAME` → its place; nil for anything else.
    func ubicacionDeOrigen(_ ruta: NombreArchivo) -> Ubicacion? {
        let prefijo = Array("\(Disposicion.incoming)/".utf8)
        guard ruta.bytes.starts(with: prefijo) else { return nil }
        let resto = Array(ruta.bytes.dropFirst(prefijo.count))
        let partes = resto.split(separator: 47, omittingEmptySubsequences: false)
        switch partes.count {
        case 1 where !partes[0].isEmpty: return Ubicacion(carpeta: nil, nombre: NombreArchivo(bytes: Array(partes[0])))
        case 2 where !partes[0].isEmpty && !partes[1].isEmpty && partes[0] != [46, 46] && partes[0] != [46]:
            return Ubicacion(carpeta: NombreArchivo(bytes: Array(partes[0])), nombre: NombreArchivo(bytes: Array(partes[1])))
        default: return nil
        }
    }

    /// Moves `nombre` in `dir` to `rejected/` beside its reason (reason staged in tmp/ first).
    /// `nombreOriginal` names it in rejected/ (default: the last component of `nombre`).
    func rechazarDesde(_ dir: Directorio, _ nombre: NombreArchivo, nombreOriginal: NombreArchivo? = nil, razon: String) throws {
        let r = nombreRechazo(nombreOriginal ?? NombreArchivo(bytes: Array(nombre.bytes.split(separator: 47).last ?? [])))
        let archivoRazon = razonDe(r)
        try tmp.escribirArchivo(archivoRazon, lineaDeRazon(razon))
        try tmp.sincronizarSistemaDeArchivos()
        try dir.renombrar(nombre, a: rejected, r)
        try tmp.renombrar(archivoRazon, a: rejected, archivoRazon)
        registro.aviso("rejected", razon)
    }
}
