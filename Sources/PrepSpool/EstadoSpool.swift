import PrepDominio
import PrepSistema

/// What `prep status` reports, computed from the folders alone (with or without a daemon):
/// actas per phase and per election, discrepancies, rejected drops, oldest waiting item, last corte.
public struct EstadoSpool: Sendable {
    public var raiz: String
    /// Drops waiting in incoming/ (files, temp names excluded).
    public var enIncoming = 0
    public var capturadas = 0
    public var verificadas = 0
    public var empaquetadas = 0
    public var rechazadas = 0
    /// Keys of captured items whose two captures disagree.
    public var discrepancias: [String] = []
    /// Captured items waiting for a second capture.
    public var esperandoSegunda = 0
    /// Items of captured/ and verified/ in quarantine (`PHASE/KEY`, sorted).
    public var cuarentena: [String] = []
    /// Election code → (captured, verified, packaged).
    public var porEleccion: [String: [Int]] = [:]
    /// The drop that has waited longest in incoming/ and since when (its ctime).
    public var incomingMasAntiguo: (String, MarcaTiempo)?
    /// The captured item that has waited longest and since when (its acopio).
    public var capturadaMasAntigua: (String, MarcaTiempo)?
    /// `publish/latest`'s target, if any.
    public var ultimoCorte: String?
    /// Its manifest's time, interval and final mark (nil when unreadable).
    public var ultimo: UltimoCorte?
    /// The verified item that has waited longest for a corte and since when (its folder's ctime).
    public var verificadaMasAntigua: (String, MarcaTiempo)?
    /// Entries of the phase folders that are not acta folders (a file copied in by hand, a
    /// folder not named after a key), as `PHASE/NAME`, sorted: never counted as actas.
    public var inesperadas: [String] = []
    /// The pid of the daemon holding the spool's lock (nil: none runs).
    public var duenoPid: Int?
    /// What `publish/` takes on disk and the space left (nil when not measured, or no `publish/`).
    public var disco: DiscoPublicacion?
    /// When this was computed (Unix seconds): ages are from it.
    public var ahoraUnix: Int64 = 0

    /// How much of `publish/` `calcular` measures.
    public enum MedidaDisco: Sendable {
        case ninguna
        /// `cortes/`, the newest corte and the free space: what `--check` needs, cheap.
        case cortes
        /// Also `imagenes/` and `capturas/` (one `fstatat` per image).
        case todo
    }

    /// Reads the spool at `raiz`. Times are given at `desfaseMinutos`.
    public static func calcular(raiz: String, desfaseMinutos: Int, disco: MedidaDisco = .ninguna) throws(FalloSpool) -> EstadoSpool {
        var s = EstadoSpool(raiz: raiz)
        s.ahoraUnix = Reloj.segundosUnix()
        do {
            let r = try Directorio.abrir(raiz, seguirEnlace: true)
            defer { r.cerrar() }
            s.duenoPid = Bloqueo.dueno(NombreArchivo(Disposicion.lock), en: r)
            let capturadas = try s.contarFase(.captured, 0, en: r)
            s.capturadas = capturadas.count
            let verificadas = try s.contarFase(.verified, 1, en: r)
            s.verificadas = verificadas.count
            if !verificadas.isEmpty { try s.fecharVerificadas(verificadas, en: r, desfaseMinutos: desfaseMinutos) }
            s.empaquetadas = try s.contarFase(.packaged, 2, en: r).count
            try s.leerCapturadas(capturadas, en: r)
            s.discrepancias.sort()
            s.inesperadas.sort()
            s.cuarentena = try Cuarentena.enFases(r, [(.captured, capturadas), (.verified, verificadas)])
            let rej = try r.abrir(sub: NombreArchivo(Disposicion.rejected), seguirEnlace: true)
            s.rechazadas = try rej.listar().filter { !$0.nombre.bytes.elementsEqualSuffix(".reason") }.count
            rej.cerrar()
            try s.mirarIncoming(en: r, desfaseMinutos: desfaseMinutos)
            s.mirarPublish(en: r, disco: disco)
        } catch {
            throw FalloSpool("spool \(raiz): \(error)")
        }
        return s
    }

    /// The acta folders of phase `f` (their keys), counted per election in column `i` of
    /// `porEleccion`; any other entry is `inesperadas`.
    private mutating func contarFase(_ f: Fase, _ i: Int, en r: Directorio) throws(ErrorSistema) -> [String] {
        let d = try r.abrir(sub: NombreArchivo(f.carpeta), seguirEnlace: true)
        defer { d.cerrar() }
        var claves: [String] = []
        for e in try d.listar() {
            // An acta is a folder named after its key, as the daemon's index counts it.
            guard let t = e.nombre.texto, ClaveActa(t) != nil, let guion = t.lastIndex(of: "-"),
                  (e.tipo ?? (try? d.estado(e.nombre))?.tipo) == .directorio else {
                inesperadas.append("\(f.carpeta)/\(e.nombre)")
                continue
            }
            let eleccion = String(t[t.index(after: guion)...])
            porEleccion[eleccion, default: [0, 0, 0]][i] += 1
            claves.append(t)
        }
        return claves
    }

    /// The verified item that has waited longest, by its folder's ctime.
    private mutating func fecharVerificadas(_ verificadas: [String], en r: Directorio, desfaseMinutos: Int) throws(ErrorSistema) {
        let ver = try r.abrir(sub: NombreArchivo(Fase.verified.carpeta), seguirEnlace: true)
        defer { ver.cerrar() }
        for k in verificadas {
            guard let st = try? ver.estado(NombreArchivo(k)) else { continue }
            let t = MarcaTiempo(segundosUnix: st.ctimeNs / 1_000_000_000, desfaseMinutos: desfaseMinutos)
            if verificadaMasAntigua.map({ t < $0.1 }) ?? true { verificadaMasAntigua = ("verified/\(k)", t) }
        }
    }

    /// From the captured items' `estado`: discrepancies, items waiting for a second capture, and
    /// the one that has waited longest (by its acopio). An unreadable `estado` is skipped.
    private mutating func leerCapturadas(_ capturadas: [String], en r: Directorio) throws(ErrorSistema) {
        let cap = try r.abrir(sub: NombreArchivo(Fase.captured.carpeta), seguirEnlace: true)
        defer { cap.cerrar() }
        for k in capturadas {
            // Either layout: `prep status` may look at a spool this version has not started on.
            guard let b = try? cap.leer(NombreArchivo("\(k)/estado"), maximo: EstadoItem.maximoBytes),
                  let e = try? EstadoItem.decodificar(b, antigua: true) else { continue }
            if e.resultado == .discrepancia { discrepancias.append(k) }
            if e.resultado == .pendiente { esperandoSegunda += 1 }
            if let a = e.acopio, capturadaMasAntigua.map({ a < $0.1 }) ?? true {
                capturadaMasAntigua = ("captured/\(k)", a)
            }
        }
    }

    /// The drops in incoming/ and its first-level folders (temporary names excluded), and the
    /// oldest of them by ctime.
    private mutating func mirarIncoming(en r: Directorio, desfaseMinutos: Int) throws(ErrorSistema) {
        let inc = try r.abrir(sub: NombreArchivo(Disposicion.incoming), seguirEnlace: true)
        defer { inc.cerrar() }
        var masViejo: (String, Int64)?
        func mirar(_ d: Directorio, _ prefijo: String, _ profundidad: Int) throws(ErrorSistema) {
            for e in try d.listar() {
                if ClaseDrop.esTemporal(e.nombre) { continue }
                guard let st = try? d.estado(e.nombre) else { continue }
                if st.tipo == .directorio, profundidad == 0 {
                    if let sub = try? d.abrir(sub: e.nombre) {
                        defer { sub.cerrar() }
                        try mirar(sub, prefijo + e.nombre.description + "/", 1)
                    }
                    continue
                }
                enIncoming += 1
                if masViejo.map({ st.ctimeNs < $0.1 }) ?? true { masViejo = (prefijo + e.nombre.description, st.ctimeNs) }
            }
        }
        try mirar(inc, "incoming/", 0)
        if let m = masViejo {
            incomingMasAntiguo = (m.0, MarcaTiempo(segundosUnix: m.1 / 1_000_000_000, desfaseMinutos: desfaseMinutos))
        }
    }

    /// `publish/latest`'s corte and its manifest, and (as `disco` asks) what `publish/` takes.
    /// No `publish/` yet is no corte.
    private mutating func mirarPublish(en r: Directorio, disco: MedidaDisco) {
        guard let p = try? r.abrir(sub: NombreArchivo(Disposicion.publish), seguirEnlace: true) else { return }
        defer { p.cerrar() }
        if let destino = try? p.leerEnlace("latest"), !destino.isEmpty {
            ultimoCorte = String(destino.split(separator: "/").last ?? Substring(destino))
            ultimo = ultimoCorte.flatMap { UltimoCorte.leer(p, $0) }
        }
        // A folder changing under the walk (a corte being reduced) only skips the figure.
        if disco != .ninguna { self.disco = try? DiscoPublicacion.medir(p, ultimo: ultimoCorte, todo: disco == .todo) }
    }

    /// The human-readable report.
    public var texto: String {
        var t = "spool \(raiz)\n"
        t += "incoming   \(enIncoming) drops waiting\n"
        t += "captured   \(capturadas) actas (\(discrepancias.count) discrepancies, \(esperandoSegunda) waiting for a second capture)\n"
        t += "verified   \(verificadas) actas\n"
        t += "packaged   \(empaquetadas) actas\n"
        t += "rejected   \(rechazadas) drops\n"
        t += "quarantine \(cuarentena.count) actas (their files differ from their estado: prep show KEY)\n"
        if !porEleccion.isEmpty {
            t += "\nelection   captured   verified   packaged\n"
            for (e, n) in porEleccion.sorted(by: { $0.key < $1.key }) {
                t += relleno(e, 11) + relleno(String(n[0]), 11) + relleno(String(n[1]), 11) + String(n[2]) + "\n"
            }
        }
        t += "\n"
        func viejo(_ x: (String, MarcaTiempo)?) -> String {
            x.map { "\($0.0) since \($0.1.rfc3339) (\(Self.duracion(ahoraUnix - $0.1.segundosUnix)))" } ?? "none"
        }
        t += "oldest in incoming/: " + viejo(incomingMasAntiguo) + "\n"
        t += "oldest in captured/: " + viejo(capturadaMasAntigua) + "\n"
        t += "oldest in verified/: " + viejo(verificadaMasAntigua) + "\n"
        t += "daemon: " + (duenoPid.map { "pid \($0) holds \(Disposicion.lock)" } ?? "none running") + "\n"
        t += "last corte: \(ultimoCorte ?? "none")"
        if let u = ultimo {
            t += ", \(Self.duracion(ahoraUnix - u.hora.segundosUnix)) ago"
            if u.final {
                t += "; final: the night is closed (no corte until prep publish --reopen)"
            } else if let p = u.proxima {
                let falta = p.segundosUnix - ahoraUnix
                t += "; next due " + (falta >= 0 ? "in \(Self.duracion(falta))" : "\(Self.duracion(-falta)) ago (overdue)")
                    + " (\(p.rfc3339))"
            }
        }
        t += "\n"
        if let disco { t += disco.texto + "\n" }
        if !inesperadas.isEmpty {
            t += "unexpected: \(inesperadas.count) entries that are not acta folders (not counted; move them out of the spool): "
                + inesperadas.prefix(20).joined(separator: " ") + (inesperadas.count > 20 ? " …" : "") + "\n"
        }
        if !discrepancias.isEmpty {
            t += "discrepancies: " + discrepancias.prefix(50).joined(separator: " ") + (discrepancias.count > 50 ? " …" : "") + "\n"
        }
        if !cuarentena.isEmpty {
            t += "in quarantine: " + cuarentena.prefix(50).joined(separator: " ") + (cuarentena.count > 50 ? " …" : "") + "\n"
        }
        return t
    }

    /// The same as JSON (keys sorted, one object on one line).
    public var json: String {
        func viejo(_ x: (String, MarcaTiempo)?) -> ValorJSON {
            x.map { .ordenado(["path": .texto($0.0), "since": .texto($0.1.rfc3339),
                               "age_seconds": .entero(Int(ahoraUnix - $0.1.segundosUnix))]) } ?? .nulo
        }
        let documento: ValorJSON = .ordenado([
            "captured": .entero(capturadas),
            "daemon_pid": duenoPid.map { .entero($0) } ?? .nulo,
            "last_corte_age_seconds": ultimo.map { .entero(Int(ahoraUnix - $0.hora.segundosUnix)) } ?? .nulo,
            "last_corte_final": .booleano(ultimo?.final ?? false),
            "next_corte_due": ultimo?.proxima.map { .texto($0.rfc3339) } ?? .nulo,
            "oldest_verified": viejo(verificadaMasAntigua),
            "discrepancies": .arreglo(discrepancias.map { .texto($0) }),
            "disk": disco?.json ?? .nulo,
            "elections": .ordenado(porEleccion.mapValues {
                .ordenado(["captured": .entero($0[0]), "verified": .entero($0[1]), "packaged": .entero($0[2])])
            }),
            "incoming": .entero(enIncoming),
            "last_corte": ultimoCorte.map { .texto($0) } ?? .nulo,
            "oldest_captured": viejo(capturadaMasAntigua),
            "oldest_incoming": viejo(incomingMasAntiguo),
            "packaged": .entero(empaquetadas),
            "quarantine": .arreglo(cuarentena.map { .texto($0) }),
            "quarantined": .entero(cuarentena.count),
            "rejected": .entero(rechazadas),
            "spool": .texto(raiz),
            "unexpected": .arreglo(inesperadas.map { .texto($0) }),
            "verified": .entero(verificadas),
            "waiting_second_capture": .entero(esperandoSegunda),
        ])
        return EscritorJSON.texto(documento, estilo: .compacto)
    }

    /// `45 s`, `3 min 10 s`, `2 h 5 min`.
    public static func duracion(_ s: Int64) -> String {
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" + (s % 60 == 0 ? "" : " \(s % 60) s") }
        return "\(s / 3600) h" + (s % 3600 / 60 == 0 ? "" : " \(s % 3600 / 60) min")
    }

    private func relleno(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }
}

extension Array where Element == UInt8 {
    func elementsEqualSuffix(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return count >= u.count && Array(suffix(u.count)) == u
    }
}
