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
    /// (A) write every new state/history into `tmp/KEY.N/`, hard-link the item's current files
    /// beside them, write rejection reasons into `tmp/`; (B) one `syncfs` — drop data included;
    /// (C) every rename: drops into their tmp item or `rejected/`, tmp items into their phase
    /// (RENAME_NOREPLACE, or RENAME_EXCHANGE over the current version); (D) one `syncfs`; only
    /// then is anything reported; (E) the replaced versions (only second names of kept files and
    /// the daemon's own files) are removed. Any I/O error stops the daemon: never retried.
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

        do {
            // (A) Prepare.
            var rechazosListos: [(Rechazo, NombreArchivo)] = []
            for x in rechazos {
                guard igual(x.ubicacion, x.estado) else { r.revisarDeNuevo.append(x.ubicacion); continue }
                let nombre = nombreRechazo(x.ubicacion.nombre)
                try tmp.escribirArchivo(NombreArchivo(bytes: nombre.bytes + Array(".reason".utf8)), Array((x.razon + "\n").utf8))
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
                    let dirFase = carpeta(f)
                    let item = try dirFase.abrir(sub: NombreArchivo(p.clave.texto))
                    defer { item.cerrar() }
                    let entradas = try item.listar()
                    historia = try item.leer("historia", maximo: 16 << 20)
                    for en in entradas where en.nombre != "estado" && en.nombre != "historia" {
                        try dirFase.enlazar(ruta(p.clave.texto, en.nombre), a: tmp, ruta(t, en.nombre))
                    }
                }
                for l in c.historia { historia += Array(l.texto.utf8) }
                try tmp.escribirArchivo(ruta(t, "estado"), c.estado.codificar())
                try tmp.escribirArchivo(ruta(t, "historia"), historia)
                preparados.append((p, t))
            }
            guard !rechazosListos.isEmpty || !preparados.isEmpty else { return r }

            // (B) Everything written so far — and the drops' own data — is durable before any
            // rename makes it visible.
            try tmp.sincronizarSistemaDeArchivos()

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
            }
            var viejos: [NombreArchivo] = []
            for (p, t) in preparados {
                guard let c = p.cambio else { continue }
                var movidos: [(Ubicacion, String)] = []
                var faltante = false
                for (d, n) in c.entrantes {
                    guard let o = origen(d.ubicacion) else { faltante = true; break }
                    switch try o.mover(d.ubicacion.nombre, a: tmp, ruta(t, NombreArchivo(n))) {
                    case .hecha: movidos.append((d.ubicacion, n))
                    case .ausente: faltante = true
                    case .denegada(let e):
                        faltante = true
                        r.bloqueados.append((d.ubicacion, "\(d.ubicacion): cannot be moved into its item: \(e); left in place"))
                    }
                    if faltante { break }
                }
                if faltante {
                    // A drop vanished: put back what was moved, drop the tmp item, look again.
                    for (u, n) in movidos {
                        if let o = origen(u) { try tmp.renombrar(ruta(t, NombreArchivo(n)), a: o, u.nombre) }
                    }
                    try limpiar(t)
                    let bloqueados = Set(r.bloqueados.map(\.0))
                    r.revisarDeNuevo += c.entrantes.map(\.drop.ubicacion).filter { !bloqueados.contains($0) }
                    continue
                }
                let clave = NombreArchivo(p.clave.texto)
                if let f = c.faseAnterior {
                    if f == c.faseNueva {
                        try tmp.renombrar(t, a: carpeta(f), clave, modo: .intercambio)
                        viejos.append(t)
                    } else {
                        try tmp.renombrar(t, a: carpeta(c.faseNueva), clave)
                        let viejo = NombreArchivo(bytes: t.bytes + Array(".old".utf8))
                        try carpeta(f).renombrar(clave, a: tmp, viejo)
                        viejos.append(viejo)
                    }
                } else {
                    try tmp.renombrar(t, a: carpeta(c.faseNueva), clave)
                }
                r.hechos.append(p)
            }

            // (D) Durable: only now is anything reported or indexed.
            try tmp.sincronizarSistemaDeArchivos()

            // (E) Replaced versions: second names of files the new version keeps, and our own files.
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
