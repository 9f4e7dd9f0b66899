import PrepDominio
import PrepSistema

/// The item layout the spool is in, and how an older spool is brought to it at start. Items of
/// the older layout (`prep-item 1`: `estado`, and the history in a file `historia` of its own)
/// are folded into one file (`prep-item 2`: the state, a line `historia`, the history), so that a
/// change writes and renames one file per item instead of two. Once every item is in the new
/// layout, `ROOT/formato` says so and later starts skip the walk (`packaged/` can hold every acta
/// of the country; nothing else at start reads it).
enum MigracionItems {
    /// `ROOT/formato`: written, durably, only after every item is in the new layout.
    static let archivo: NombreArchivo = "formato"
    static let contenido = Array("prep-spool 2\n".utf8)
    /// `tmp/KEY.migracion`: a folded item file on its way into its item.
    static let sufijo = ".migracion"

    /// What to do with one item found with a `historia` file.
    enum Paso {
        /// Older layout: its folded file, to be written to `tmp/` and renamed over its `estado`.
        case plegar([UInt8])
        /// Already folded (a crash stopped the migration after the rename): the history file is
        /// the one its `estado` now holds, and only has to go.
        case quitarHistoria
        /// Cannot be folded, and why: left as it is (put in quarantine when it is read, as the
        /// older version did with an unreadable `estado` or `historia`).
        case dejar(String)
    }

    /// The step for the item `clave` in the phase folder `d`; nil when it has no `historia` file
    /// (the new layout).
    static func paso(en d: Directorio, _ clave: String) -> Paso? {
        let h = NombreArchivo(clave + "/historia")
        guard let st = try? d.estado(h) else { return nil }
        guard st.tipo == .regular else { return .dejar("its historia is a \(st.tipo), not a regular file") }
        do {
            let estado = try d.leer(NombreArchivo(clave + "/estado"), maximo: EstadoItem.maximoBytes)
            return paso(estado: estado, historia: try d.leer(h, maximo: EstadoItem.maximoBytes))
        } catch {
            return .dejar("\(error)")
        }
    }

    /// The step for an item whose `estado` is `estado` and whose `historia` file (a regular file
    /// the daemon could read) holds `historia`.
    static func paso(estado: [UInt8], historia: [UInt8]) -> Paso {
        if estado.starts(with: (EstadoItem.cabecera + "\n").utf8) {
            // Folded by a migration that stopped before removing the history file: its estado's
            // history starts with exactly these bytes. Anything else is not the daemon's doing.
            guard EstadoItem.historia(estado).starts(with: historia) else {
                return .dejar("its estado is in the new layout and its historia file is not the history it holds")
            }
            return .quitarHistoria
        }
        let e: EstadoItem
        do { e = try EstadoItem.decodificar(estado, antigua: true) } catch { return .dejar("estado: \(error)") }
        var h = historia
        if let u = h.last, u != 10 { h.append(10) }  // a line cut short by a crash is closed here
        return .plegar(e.codificar(historia: h))
    }
}

extension Spool {
    /// Brings every item to the one-file layout (`MigracionItems`), after the scratch folders are
    /// recovered and before any item is read. Crash-safe at every step, and idempotent: (1) each
    /// item of the older layout gets its folded file written into `tmp/KEY.migracion`; one
    /// syncfs; (2) each is renamed over its item's `estado` (the commit point: from then on the
    /// item is in the new layout, history included); one syncfs; (3) the `historia` files go;
    /// one syncfs; (4) `ROOT/formato` is written. A crash before (2) leaves the item as it was
    /// and scratch that recovery removes; between (2) and (3) an item whose `estado` already holds
    /// its `historia`'s bytes, which the next start removes; before (4), a walk that finds
    /// nothing to do. An item that cannot be folded is left as it was, named in a warning.
    func migrarItems() throws {
        if (try? carpetaRaiz.leer(MigracionItems.archivo, maximo: 64)) == MigracionItems.contenido { return }
        // Each item looked at, and its folded file written, on every core: at the first start on
        // a spool of a whole night, the items are read from a cold disk.
        let items = fases.sorted { $0.key < $1.key }.map { ($0.value, $0.key) }
        let tmp = self.tmp
        let dirs = Dictionary(uniqueKeysWithValues: Fase.allCases.map { ($0, carpeta($0)) })
        let pasos = enParalelo(items.count, minimo: 64) { i -> Result<MigracionItems.Paso?, ErrorSistema> in
            let (f, clave) = items[i]
            guard let d = dirs[f] else { return .success(nil) }
            return Result { () throws(ErrorSistema) -> MigracionItems.Paso? in
                switch MigracionItems.paso(en: d, clave) {
                case .plegar(let bytes)?:
                    try tmp.escribirArchivo(NombreArchivo(clave + MigracionItems.sufijo), bytes, permisos: 0o640)
                    return .plegar([])  // written: the step is kept, not its bytes (a night's worth)
                case let otro:
                    return otro
                }
            }
        }
        var plegados: [(Fase, String)] = []
        var quitar: [(Fase, String)] = []
        for ((f, clave), r) in zip(items, pasos) {
            switch try r.get() {
            case .plegar?: plegados.append((f, clave))
            case .quitarHistoria?: quitar.append((f, clave))
            case .dejar(let razon)?:
                registro.aviso("warning", "\(f.carpeta)/\(clave): an item with a historia file (the older layout) that cannot be folded into one file (\(razon)); left as it was (it is put in quarantine when read; prep retirar takes it out)")
            case nil: break
            }
        }
        if !plegados.isEmpty {
            try tmp.sincronizarSistemaDeArchivos()
            for (f, clave) in plegados {
                try tmp.renombrar(NombreArchivo(clave + MigracionItems.sufijo), a: carpeta(f), ruta(clave, "estado"), modo: .reemplazando)
            }
        }
        quitar += plegados
        if !quitar.isEmpty {
            // The folded estados durable before any history file goes.
            try tmp.sincronizarSistemaDeArchivos()
            for (f, clave) in quitar { try carpeta(f).borrar(ruta(clave, "historia")) }
        }
        let marca = NombreArchivo("formato" + MigracionItems.sufijo)
        try tmp.borrarSiExiste(marca)
        try tmp.escribirArchivo(marca, MigracionItems.contenido, permisos: 0o640)
        try tmp.sincronizarSistemaDeArchivos()
        try tmp.renombrar(marca, a: carpetaRaiz, MigracionItems.archivo, modo: .reemplazando)
        try carpetaRaiz.sincronizar()
        if !quitar.isEmpty {
            registro.aviso("recovery", "\(plegados.count) items of the older layout folded into one file each (estado, its history after the line 'historia')" + (quitar.count > plegados.count ? "; \(quitar.count - plegados.count) folded before a stop had their historia file removed" : ""))
        }
    }
}
