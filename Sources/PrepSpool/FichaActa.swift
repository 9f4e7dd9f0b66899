import PrepDominio
import PrepSistema

/// What `prep show KEY` prints: one acta's phase, images and hashes, captures, history, and any
/// drop for it still waiting in incoming/ or refused into rejected/. From the folders alone.
public enum FichaActa {
    /// The report, or nil when the spool has nothing at all for `clave`.
    public static func texto(raiz: String, clave: ClaveActa) throws(FalloSpool) -> String? {
        var t = "acta \(clave.texto)\n"
        var algo = false
        do {
            let r = try Directorio.abrir(raiz, seguirEnlace: true)
            defer { r.cerrar() }
            let nombre = NombreArchivo(clave.texto)
            for f in [Fase.packaged, .verified, .captured] {
                let d = try r.abrir(sub: NombreArchivo(f.carpeta), seguirEnlace: true)
                defer { d.cerrar() }
                guard d.existe(nombre) else { continue }
                algo = true
                let item = try d.abrir(sub: nombre)
                defer { item.cerrar() }
                t += "phase: \(f.carpeta) (\(f.carpeta)/\(clave.texto)/)\n"
                if let lineas = Cuarentena.leer(item) {
                    t += "quarantine: " + (lineas.isEmpty ? "(no reason recorded)" : lineas.joined(separator: "; "))
                        + " (not published; prep retirar \(clave.texto) --motivo TEXT takes it out)\n"
                }
                let historia = historiaDe(item)
                if let e = try? EstadoItem.decodificar(item.leer("estado", maximo: EstadoItem.maximoBytes), antigua: true) {
                    t += "result: \(e.resultado.rawValue)" + (e.final.map { " (final figures: \($0))" } ?? "") + "\n"
                    if e.resultado == .discrepancia, let d = ultimaDiscrepancia(historia) { t += "discrepancy: \(d)\n" }
                    if let a = e.acopio { t += "acopio: \(a.rfc3339)\n" }
                    if let a = e.captura { t += "captura: \(a.rfc3339)\n" }
                    if let a = e.verificacion { t += "verificacion: \(a.rfc3339)\n" }
                    for a in e.archivos {
                        switch a.clase {
                        case .imagen:
                            t += "image    \(a.nombre)  sha256 \(a.sha256)  \(a.bytes) bytes  \(a.detalle)"
                            t += (a.nombre == e.publicada ? "  (published)" : "") + "  from \(a.origen)\n"
                        case .captura:
                            t += "capture  \(a.nombre)  operator \(a.detalle)  sha256 \(a.sha256)  from \(a.origen)\n"
                        case .sinacta:
                            t += "sinacta  \(a.nombre)  operator \(a.detalle)  sha256 \(a.sha256)  from \(a.origen)\n"
                        case .firma:
                            t += "signature \(a.nombre)  keynum \(a.detalle)  sha256 \(a.sha256)  from \(a.origen)\n"
                        }
                    }
                } else {
                    t += "state: unreadable (\(f.carpeta)/\(clave.texto)/estado)\n"
                }
                t += "history:\n" + historia.split(separator: "\n").map { "  \($0)\n" }.joined()
            }
            let inc = try r.abrir(sub: NombreArchivo(Disposicion.incoming), seguirEnlace: true)
            defer { inc.cerrar() }
            var esperando: [String] = []
            func mirar(_ d: Directorio, _ prefijo: String, _ nivel: Int) {
                for e in (try? d.listar()) ?? [] {
                    if nivel == 0, e.tipo == .directorio, let sub = try? d.abrir(sub: e.nombre) {
                        mirar(sub, prefijo + e.nombre.description + "/", 1)
                        sub.cerrar()
                    } else if ClaseDrop.de(e.nombre).clave == clave {
                        esperando.append(prefijo + e.nombre.description)
                    }
                }
            }
            mirar(inc, "incoming/", 0)
            if !esperando.isEmpty {
                algo = true
                t += "waiting in incoming/:\n" + esperando.sorted().map { "  \($0)\n" }.joined()
            }
            let rej = try r.abrir(sub: NombreArchivo(Disposicion.rejected), seguirEnlace: true)
            defer { rej.cerrar() }
            let marca = Array("-\(clave.texto).".utf8)
            var rechazos: [String] = []
            for e in try rej.listar() where !e.nombre.bytes.elementsEqualSuffix(".reason") {
                guard contiene(e.nombre.bytes, marca) else { continue }
                let razon = (try? rej.leer(NombreArchivo(bytes: e.nombre.bytes + Array(".reason".utf8)), maximo: 8192)) ?? []
                rechazos.append("  rejected/\(e.nombre): \(String(decoding: razon, as: UTF8.self).split(separator: "\n").first ?? "")\n")
            }
            if !rechazos.isEmpty {
                algo = true
                t += "rejected drops:\n" + rechazos.sorted().joined()
            }
        } catch {
            throw FalloSpool("spool \(raiz): \(error)")
        }
        return algo ? t : nil
    }

    /// The item's history: the lines after `historia` in its `estado`, or, in an item of the
    /// older layout not yet migrated (the daemon has not started since), its `historia` file.
    static func historiaDe(_ item: Directorio) -> String {
        let b = (try? item.leer("estado", maximo: EstadoItem.maximoBytes)) ?? []
        if EstadoItem.inicioHistoria(b) == nil, b.starts(with: EstadoItem.cabeceraAntigua.utf8) {
            return String(decoding: (try? item.leer("historia", maximo: EstadoItem.maximoBytes)) ?? [], as: UTF8.self)
        }
        return String(decoding: EstadoItem.historia(b), as: UTF8.self)
    }

    /// What the item's last `discrepancia` history line says (which captures disagree, on which
    /// fields), without its time and event.
    static func ultimaDiscrepancia(_ h: String) -> String? {
        // A history line is `TIME EVENT DETAIL`.
        let partes = h.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 2) }
        return partes.last { $0.count == 3 && $0[1] == "discrepancia" }.map { String($0[2]) }
    }

    static func contiene(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count >= b.count else { return false }
        for i in 0...(a.count - b.count) where a[i] == b[0] && Array(a[i..<i + b.count]) == b { return true }
        return false
    }
}
