import PrepDominio
import PrepSistema

extension Spool {
    /// At start, before watching: rebuilds the phase index from the folders alone and finishes
    /// or undoes whatever a crash left half done (docs/spool.md, "Recovery"):
    /// - an acta in two phase folders (crash between placing the new version and moving the old
    ///   one away): the later phase wins; the earlier folder holds only second names of its files;
    /// - `tmp/KEY.N/` folders: second names of files that the committed item holds are removed,
    ///   the daemon's own `estado`/`historia` are removed, and any drop is moved back to its
    ///   origin in `incoming/` (recorded in that folder's `estado`) to be processed again;
    /// - `tmp/NAME.reason`: completed into `rejected/` if its drop got there, else removed.
    /// Nothing a writer dropped is ever deleted.
    public func recuperar() throws(FalloSpool) {
        do {
            fases = [:]
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
                    try recuperarCarpetaTemporal(e.nombre)
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
            for (clave, f) in fases where f == .captured {
                capturadas[clave] = try cargar(.captured, clave)
            }
        } catch let e as FalloSpool {
            throw e
        } catch {
            throw FalloSpool("recovery: \(error)")
        }
    }

    /// Undoes or finishes one `tmp/KEY.N…/` folder (see `recuperar`).
    func recuperarCarpetaTemporal(_ t: NombreArchivo) throws {
        let clave = String(decoding: t.bytes.prefix { $0 != 46 }, as: UTF8.self)
        var inodos: Set<UInt64> = []
        if let f = fases[clave], let item = try? carpeta(f).abrir(sub: NombreArchivo(clave)) {
            defer { item.cerrar() }
            for e in try item.listar() { inodos.insert(try item.estado(e.nombre).inodo) }
        }
        let d = try tmp.abrir(sub: t)
        defer { d.cerrar() }
        let intencion = try? EstadoItem.decodificar(d.leer("estado", maximo: 4 << 20))
        for e in try d.listar() {
            if e.nombre == "estado" || e.nombre == "historia" {
                try d.borrar(e.nombre)
                continue
            }
            let st = try d.estado(e.nombre)
            if inodos.contains(st.inodo) {
                try d.borrar(e.nombre)  // a second name: the committed item holds this file
                continue
            }
            guard let a = intencion?.archivos.first(where: { $0.nombre.utf8.elementsEqual(e.nombre.bytes) }),
                  let destino = ubicacionDeOrigen(a.origen) else {
                try rechazarDesde(d, e.nombre, razon: "tmp/\(t)/\(e.nombre): found in an interrupted step at start; its origin is unknown")
                continue
            }
            var dir = incoming
            var abierta: Directorio?
            if let c = destino.carpeta {
                try incoming.crearCarpeta(c, aunqueExista: true)
                let sub = try incoming.abrir(sub: c)
                abierta = sub
                dir = sub
            }
            defer { abierta?.cerrar() }
            if dir.existe(destino.nombre) {
                try rechazarDesde(d, e.nombre, razon: "\(destino): interrupted step; could not go back to its origin, which is occupied by another file")
            } else {
                try d.renombrar(e.nombre, a: dir, destino.nombre)
                registro.aviso("recovery", "\(destino): returned from an interrupted step (tmp/\(t))")
            }
        }
        try tmp.borrarCarpeta(t)
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
    func rechazarDesde(_ dir: Directorio, _ nombre: NombreArchivo, razon: String) throws {
        let r = nombreRechazo(nombre.bytes.last.map { _ in NombreArchivo(bytes: Array(nombre.bytes.split(separator: 47).last ?? [])) } ?? nombre)
        let archivoRazon = NombreArchivo(bytes: r.bytes + Array(".reason".utf8))
        try tmp.escribirArchivo(archivoRazon, Array((razon + "\n").utf8))
        try tmp.sincronizarSistemaDeArchivos()
        try dir.renombrar(nombre, a: rejected, r)
        try tmp.renombrar(archivoRazon, a: rejected, archivoRazon)
        registro.aviso("rejected", razon)
    }
}
