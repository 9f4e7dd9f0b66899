import PrepDominio
import PrepSistema

// Drops that wait in incoming/ for their partner (a lone image or capture). Thousands may wait
// (captures of actas whose image never comes, fuera-de-catálogo keys): each is kept as what
// identifies the bytes that were checked — place, stat, SHA-256 — never as parsed JSON, in the
// observer's waiting list (`Observador.esperar`, `enEspera`), and a turn only looks at the actas
// that got a new drop. A waiting capture is read and parsed again when a new drop of its acta
// arrives, and must then still be the file that was checked.

/// A valid drop as it waits: where it is, the stat it was checked with (its arrival time is
/// that ctime) and the SHA-256 of the bytes checked. Its kind and key are its name's.
struct DropEnEspera: Sendable {
    let ubicacion: Ubicacion
    let estado: Estado
    let sha256: HuellaSHA256

    init(_ d: DropValido) {
        ubicacion = d.ubicacion
        estado = d.estado
        sha256 = d.sha256
    }

    var clase: ClaseDrop { ClaseDrop.de(ubicacion.nombre) }

    /// The drop again, without parsed content: whole for an image; a capture or declaration
    /// must be read again (`releerEsperando`).
    var drop: DropValido? {
        guard let k = clase.clave else { return nil }
        return DropValido(ubicacion: ubicacion, estado: estado, clase: clase, clave: k, sha256: sha256,
                          llegadaNs: estado.ctimeNs, captura: nil, sinActa: nil)
    }
}

extension Recepcion {
    /// Splits a batch's complete files: the captures of an acta past `max_acta_captures`
    /// (counting those waiting and those in its captured item; the first by name are kept) are
    /// refused without being read, so a writer's flood of captures for one acta costs a stat each.
    func separarSobrantes(_ listos: [Ubicacion]) -> (revisar: [Ubicacion], sobrantes: [(Ubicacion, ClaveActa)]) {
        var revisar: [Ubicacion] = []
        revisar.reserveCapacity(listos.count)
        var capturas: [String: (ClaveActa, [Ubicacion])] = [:]
        for u in listos {
            guard case .captura(let k, _) = ClaseDrop.de(u.nombre) else {
                revisar.append(u)
                continue
            }
            capturas[k.texto, default: (k, [])].1.append(u)
        }
        var sobrantes: [(Ubicacion, ClaveActa)] = []
        for (texto, (k, us)) in capturas {
            let esperando = observador.capturasEnEspera(texto)
            let tenidas = esperando + (spool.capturadas[texto]?.capturas.count ?? 0)
            let libres = max(0, config.maxCapturasActa - tenidas)
            guard us.count > libres else {
                revisar += us
                continue
            }
            let orden = us.sorted { $0.ruta < $1.ruta }
            revisar += orden.prefix(libres)
            sobrantes += orden.dropFirst(libres).map { ($0, k) }
        }
        return (revisar, sobrantes)
    }

    /// A capture past the cap: refused unread, with the stat it has now (the refusal moves the
    /// very file that had it).
    func rechazoSobrante(_ u: Ubicacion, _ k: ClaveActa, en dir: Directorio?) -> Revision {
        guard let dir, let e = try? dir.estado(u.nombre) else { return .desaparecido(u) }
        let m = config.maxCapturasActa
        return .rechazo(u, e, "\(u): acta \(k) has more than \(m) captures waiting, arriving together or in its item (max_acta_captures = \(m)); this one is not accepted")
    }

    /// The waiting drops of `claves` (the actas about to be decided), whole again: images as they
    /// were recorded; captures and declarations read again on every core, through the same check
    /// as a new drop. Each must still be the file that was checked (same inode, size, mtime and
    /// SHA-256); one that is not leaves the waiting list and is looked at again as a new drop.
    func releerEsperando(_ claves: some Sequence<String>, carpetas: inout [NombreArchivo: Directorio]) throws(FalloSpool) -> [String: [DropValido]] {
        var r: [String: [DropValido]] = [:]
        var viejos: [DropValido] = []
        for k in claves {
            for x in observador.enEspera(k) {
                guard let d = x.drop else { continue }
                if case .imagen = d.clase { r[k, default: []].append(d) } else { viejos.append(d) }
            }
        }
        guard !viejos.isEmpty else { return r }
        observador.abrirCarpetas(viejos.map(\.ubicacion), en: &carpetas)
        let dirs = viejos.map { d -> Directorio? in
            guard let c = d.ubicacion.carpeta else { return spool.incoming }
            return carpetas[c]
        }
        let revisiones = try Self.revisarEnParalelo(viejos.map(\.ubicacion), dirs: dirs, reglas: spool.reglas, config: config).get()
        for (viejo, rv) in zip(viejos, revisiones) {
            let k = viejo.clave.texto
            if case .valido(let d) = rv, Spool.mismoArchivo(d.estado, viejo.estado), d.sha256 == viejo.sha256 {
                r[k, default: []].append(d)
            } else {
                observador.quitarDeEspera(viejo.ubicacion, de: k)
                observador.fijar(viejo.ubicacion, .asentando(plazoNs: 0))
            }
        }
        return r
    }
}
