import PrepDominio

/// `simulacro` (drills) or `oficial` (election night), from the config's `mode`.
public enum ModoPublicacion: String, Sendable, CaseIterable {
    case simulacro
    case oficial
}

/// Acta counts of one election (or the total) as the manifest states them.
public struct Conteos: Hashable, Sendable {
    public var esperadas = 0, registradas = 0, capturadas = 0, contabilizadas = 0, noContabilizadas = 0
    public var fueraDeCatalogo = 0, pendientes = 0

    public init() {}

    init(_ r: Resumen) {
        esperadas = r.actasEsperadas
        registradas = r.actasRegistradas
        capturadas = r.actasCapturadas
        contabilizadas = r.actasContabilizadas
        noContabilizadas = r.actasNoContabilizadas
        fueraDeCatalogo = r.actasFueraCatalogo
        pendientes = r.actasEsperadas - r.actasCapturadas
    }

    static func + (a: Conteos, b: Conteos) -> Conteos {
        var c = Conteos()
        c.esperadas = a.esperadas + b.esperadas
        c.registradas = a.registradas + b.registradas
        c.capturadas = a.capturadas + b.capturadas
        c.contabilizadas = a.contabilizadas + b.contabilizadas
        c.noContabilizadas = a.noContabilizadas + b.noContabilizadas
        c.fueraDeCatalogo = a.fueraDeCatalogo + b.fueraDeCatalogo
        c.pendientes = a.pendientes + b.pendientes
        return c
    }

    var json: ValorJSON {
        .ordenado([
            "esperadas": .entero(esperadas), "registradas": .entero(registradas), "capturadas": .entero(capturadas),
            "contabilizadas": .entero(contabilizadas), "no_contabilizadas": .entero(noContabilizadas),
            "fuera_de_catalogo": .entero(fueraDeCatalogo), "pendientes": .entero(pendientes),
        ])
    }

    init?(json: ValorJSON) {
        func n(_ k: String) -> Int? { json[k]?.comoEntero }
        guard let a = n("esperadas"), let b = n("registradas"), let c = n("capturadas"), let d = n("contabilizadas"),
              let e = n("no_contabilizadas"), let f = n("fuera_de_catalogo"), let g = n("pendientes") else { return nil }
        esperadas = a; registradas = b; capturadas = c; contabilizadas = d; noContabilizadas = e
        fueraDeCatalogo = f; pendientes = g
    }
}

/// `manifest.json` (SPEC §7): what a corte is, when it stops being current, which catálogo it
/// counts against and which corte came before it. Written with sorted keys, so deterministic.
public struct Manifiesto: Hashable, Sendable {
    public static let versionFormato = 1

    public var versionFormato = Manifiesto.versionFormato
    /// `SIGLAS-AAAA`, e.g. `CDMX-2024`.
    public var eleccion: String
    public var modo: ModoPublicacion
    public var seq: Int
    /// The corte's instant, at the configured offset.
    public var corte: MarcaTiempo
    public var generado: MarcaTiempo
    /// corte + 3 × interval: after it a consumer should treat the corte as stale.
    public var expira: MarcaTiempo
    public var intervaloSegundos: Int
    /// SHA-256 of the catálogo files (`huellaCatalogo`).
    public var catalogoSHA256: HuellaSHA256
    /// SHA-256 of the previous corte's `SHA256` file; nil for the first corte.
    public var anteriorSHA256: HuellaSHA256?
    /// Hex keynum of the signing key (signify's key id).
    public var keynum: String
    /// Per election code, and `total`.
    public var conteos: [String: Conteos]
    /// The publication profile of the corte's files: `profile` in the JSON, absent for `ine-2024`
    /// (every corte made before profiles existed).
    public var perfil: PerfilPublicacion = .predeterminado
    /// `prep publish --final`: the corte that closes the night. It never expires (`expires` is
    /// kept for readers that do not know `final`); written as `"final": true`, absent otherwise,
    /// so every other corte's bytes are unchanged.
    public var final = false
    /// `"operators_authenticated"`: true when every published acta's figures come from captures
    /// signed by registered operators, listed in `capturas/actas.csv`; false when some or all do
    /// not (a simulacro without an operator registry, or actas captured before it existed).
    /// Absent (nil) in cortes made before operators signed their captures.
    public var operadoresAutenticados: Bool?
    /// `"host"`: the name of the host that built and signed the corte (`uname -n`): after a
    /// takeover the next corte names the other site. Absent (nil) in cortes made before sites
    /// were named; never part of the chain's rules (both sites sign with the same key).
    public var host: String?
    /// `"generator"`: the program and version that wrote the corte (`prep 0.12.0`). A restarted
    /// daemon reuses the last corte's CSV rows only when it is the same program (its rows are then
    /// byte for byte what it renders). Absent (nil) in cortes made before it was recorded.
    public var generador: String?

    var json: ValorJSON {
        var miembros: [String: ValorJSON] = [
            "format_version": .entero(versionFormato),
            "election_id": .texto(eleccion),
            "mode": .texto(modo.rawValue),
            "seq": .entero(seq),
            "corte": .texto(corte.rfc3339),
            "generated": .texto(generado.rfc3339),
            "expires": .texto(expira.rfc3339),
            "interval_seconds": .entero(intervaloSegundos),
            "catalog_sha256": .texto(catalogoSHA256.description),
            "previous_sha256": anteriorSHA256.map { .texto($0.description) } ?? .nulo,
            "signing_keynum": .texto(keynum),
            "counts": .ordenado(conteos.mapValues(\.json)),
        ]
        if perfil != .predeterminado { miembros["profile"] = .texto(perfil.nombre) }
        if final { miembros["final"] = .booleano(true) }
        if let a = operadoresAutenticados { miembros["operators_authenticated"] = .booleano(a) }
        if let host { miembros["host"] = .texto(host) }
        if let generador { miembros["generator"] = .texto(generador) }
        return .ordenado(miembros)
    }

    /// A host name as `uname -n` gives it: printable ASCII without spaces, 1 to 255 bytes.
    public static func hostValido(_ h: String) -> Bool {
        !h.isEmpty && h.utf8.count <= 255 && h.utf8.allSatisfy { $0 > 32 && $0 < 127 }
    }

    /// The exact bytes of `manifest.json`: sorted keys, two-space indentation, a final LF.
    public var bytes: [UInt8] { EscritorJSON.bytes(json, estilo: .sangrado) }

    public init(eleccion: String, modo: ModoPublicacion, seq: Int, corte: MarcaTiempo, generado: MarcaTiempo,
                expira: MarcaTiempo, intervaloSegundos: Int, catalogoSHA256: HuellaSHA256, anteriorSHA256: HuellaSHA256?,
                keynum: String, conteos: [String: Conteos], final: Bool = false) {
        self.final = final
        self.eleccion = eleccion
        self.modo = modo
        self.seq = seq
        self.corte = corte
        self.generado = generado
        self.expira = expira
        self.intervaloSegundos = intervaloSegundos
        self.catalogoSHA256 = catalogoSHA256
        self.anteriorSHA256 = anteriorSHA256
        self.keynum = keynum
        self.conteos = conteos
    }

    /// Parses a `manifest.json`; the message names the first missing or malformed field.
    public init(analizando bytes: [UInt8]) throws(ErrorVerificacion) {
        let o: ValorJSON
        switch LectorJSON.leer(bytes) {
        case .success(let v): o = v
        case .failure(let e): throw .manifiesto("manifest.json is not JSON: \(e)")
        }
        guard o.miembros != nil else { throw .manifiesto("manifest.json is not an object") }
        func texto(_ k: String) throws(ErrorVerificacion) -> String {
            guard let s = o[k]?.comoTexto else { throw .manifiesto("manifest.json: '\(k)' missing or not a string") }
            return s
        }
        func entero(_ k: String) throws(ErrorVerificacion) -> Int {
            guard let n = o[k]?.comoEntero else { throw .manifiesto("manifest.json: '\(k)' missing or not a whole number") }
            return n
        }
        func huella(_ k: String) throws(ErrorVerificacion) -> HuellaSHA256 {
            let t = try texto(k)
            do { return try HuellaSHA256(hex: t) } catch { throw .manifiesto("manifest.json: '\(k)': \(error)") }
        }
        func marca(_ k: String) throws(ErrorVerificacion) -> MarcaTiempo {
            guard let m = MarcaTiempo(rfc3339: try texto(k)) else { throw .manifiesto("manifest.json: '\(k)' is not an RFC 3339 time") }
            return m
        }
        versionFormato = try entero("format_version")
        guard versionFormato == Self.versionFormato else {
            throw .manifiesto("manifest.json: format_version \(versionFormato) is not \(Self.versionFormato)")
        }
        eleccion = try texto("election_id")
        guard let m = ModoPublicacion(rawValue: try texto("mode")) else { throw .manifiesto("manifest.json: mode is not simulacro or oficial") }
        modo = m
        seq = try entero("seq")
        corte = try marca("corte")
        generado = try marca("generated")
        expira = try marca("expires")
        intervaloSegundos = try entero("interval_seconds")
        catalogoSHA256 = try huella("catalog_sha256")
        if o["previous_sha256"] == .nulo {
            anteriorSHA256 = nil
        } else {
            anteriorSHA256 = try huella("previous_sha256")
        }
        keynum = try texto("signing_keynum")
        if o["profile"] != nil {
            let nombre = try texto("profile")
            guard let p = PerfilPublicacion.conocidos[nombre] else { throw .manifiesto("manifest.json: unknown profile '\(nombre)'") }
            perfil = p
        }
        guard let c = o["counts"]?.miembros else { throw .manifiesto("manifest.json: 'counts' missing") }
        var conteos: [String: Conteos] = [:]
        for (k, v) in c {
            guard let x = Conteos(json: v) else { throw .manifiesto("manifest.json: counts of '\(k)' malformed") }
            conteos[k] = x
        }
        self.conteos = conteos
        switch o["final"] {
        case nil, .booleano(false)?: final = false
        case .booleano(true)?: final = true
        default: throw .manifiesto("manifest.json: 'final' is not true or false")
        }
        switch o["operators_authenticated"] {
        case nil: operadoresAutenticados = nil
        case .booleano(let b)?: operadoresAutenticados = b
        default: throw .manifiesto("manifest.json: 'operators_authenticated' is not true or false")
        }
        if o["host"] != nil {
            let h = try texto("host")
            guard Self.hostValido(h) else {
                throw .manifiesto("manifest.json: 'host' is not a host name")
            }
            host = h
        }
        if o["generator"] != nil {
            let g = try texto("generator")
            guard !g.isEmpty, g.utf8.count <= 100, g.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) else {
                throw .manifiesto("manifest.json: 'generator' is not a printable program name")
            }
            generador = g
        }
    }
}
