import PrepDominio
import PrepSistema

/// The daemon's configuration (`etc/prep.conf`, SPEC §9): `key = value` lines, `#` comments.
/// Relative paths are resolved against the config file's folder. Every key has a default, so a
/// missing file means "all defaults" only when no file was asked for.
public struct Configuracion: Sendable, Equatable {
    public enum Modo: String, Sendable { case simulacro, oficial }
    public enum Vigilancia: String, Sendable { case inotify, poll }

    /// Spool root (absolute, or relative to the working directory when no config file was read).
    public var spool: String = "spool"
    /// The catálogo (file or folder).
    public var catalogo: String = "etc/catalogo"
    /// Secret key made by `prep keygen`.
    public var claveFirma: String = "etc/keys/prep.sec"
    public var modo: Modo = .simulacro
    public var intervaloCorteNs: Int64 = 15 * 60 * 1_000_000_000
    /// Offset of local time from UTC, minutes (−360 for CDMX).
    public var desfaseUTCMinutos: Int = -360
    public var vigilancia: Vigilancia = .inotify
    public var asentamientoNs: Int64 = 2_000_000_000
    public var intervaloRescanNs: Int64 = 30_000_000_000
    /// Run after each corte with the corte's folder as argument; empty for none. Kept verbatim.
    public var comandoPublicacion: String = ""
    /// Largest accepted image and JSON drop, bytes.
    public var maxImagen: Int = 50 * 1024 * 1024
    public var maxJSON: Int = 1024 * 1024
    /// `once_wait`: how long `prep run --once` and `prep publish` (without a daemon) wait for
    /// files that are still being written before they stop and say what they left.
    public var esperaUnaVezNs: Int64 = 30_000_000_000
    /// `publish_timeout`: how long one `publish_command` may run before it is killed.
    public var limitePublicacionNs: Int64 = 600_000_000_000
    /// `max_acta_images`: the most images one acta may accumulate, waiting and in its item;
    /// more are refused with a reason.
    public var maxImagenesActa: Int = 16
    /// `max_acta_captures`: the most captures of one acta considered at once (waiting, arriving
    /// together, and in its captured item); more are refused unread with a reason. At least 3:
    /// a third operator decides a discrepancy.
    public var maxCapturasActa: Int = 8
    /// `metrics_file`: the node_exporter textfile the daemon rewrites after every batch and
    /// corte; nil for none.
    public var archivoMetricas: String?
    /// `operators`: the capture operators' registry (`operadores.csv`, SPEC §4.1); nil: none
    /// (refused in mode oficial; in simulacro operators are not authenticated).
    public var operadores: String?
    /// `published_source`: the latest corte the web serves, compared with this spool's last
    /// corte before the first corte of a start (`ComprobacionCadena`); nil: no check.
    public var fuentePublicada: FuentePublicada?
    /// `keep_cortes`: the newest cortes kept whole; every older one is reduced to its signed list,
    /// manifest and database after each corte (docs/cortes.md). nil (`0` in the file) keeps every
    /// corte whole.
    public var conservarCortes: Int? = 8
    /// Folder of the config file read (paths in it were resolved against it); nil for defaults.
    public var carpetaConfig: String?

    public init() {}

    /// The longest corte interval SPEC §7 allows (`IntervaloCorte.maximoSegundos`), nanoseconds.
    public static let maxIntervaloCorteNs = Int64(IntervaloCorte.maximoSegundos) * 1_000_000_000

    /// Bad configuration: `file:line: reason`.
    public struct Fallo: Error, CustomStringConvertible, Equatable {
        public let archivo: String
        public let linea: Int
        public let razon: String
        /// `archivo` empty: a reason about no file in particular.
        public init(archivo: String, linea: Int, razon: String) {
            self.archivo = archivo
            self.linea = linea
            self.razon = razon
        }
        public var description: String {
            archivo.isEmpty ? razon : linea > 0 ? "\(archivo):\(linea): \(razon)" : "\(archivo): \(razon)"
        }
    }

    /// Reads and validates the file at `ruta`. With `delDemonio` (`prep run`), the file read
    /// must also be one only root or the daemon's user can change (`comprobarDueno`).
    public static func leer(_ ruta: String, delDemonio: Bool = false) throws(Fallo) -> Configuracion {
        let bytes: [UInt8]
        do {
            let fd = try FileDescriptor.cwd.abrir(ruta, .soloLectura)
            defer { try? fd.cerrar() }
            if delDemonio {
                let e: Estado
                do { e = try fd.estado() } catch { throw ErrorSistema("stat", ruta, error) }
                try comprobarDueno(ruta, e)
            }
            bytes = try Directorio.leer(fd, maximo: 1 << 20, ruta: ruta)
        } catch let f as Fallo {
            throw f
        } catch let e as ErrorSistema {
            throw Fallo(archivo: ruta, linea: 0, razon: "cannot read: \(e.errno)")
        } catch {
            throw Fallo(archivo: ruta, linea: 0, razon: "cannot read: \(error)")
        }
        guard let texto = String(validating: bytes, as: UTF8.self) else {
            throw Fallo(archivo: ruta, linea: 0, razon: "not UTF-8 text")
        }
        return try analizar(texto, archivo: ruta)
    }

    /// Every key `analizar` knows (a test keeps them and the shipped file in step).
    public static var nombresClaves: [String] { claves.map(\.nombre) }

    /// The known key closest to a mistyped one (at most two edits, or one in three letters away
    /// for short keys); nil when none is that close.
    static func parecida(_ clave: String) -> String? {
        let a = Array(clave.lowercased().utf8)
        let mejor = nombresClaves.map { ($0, distancia(a, Array($0.utf8))) }.min { $0.1 < $1.1 }
        guard let (k, d) = mejor, k != clave, d <= max(1, min(2, a.count / 3)) else { return nil }
        return k
    }

    /// Levenshtein distance.
    static func distancia(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previa = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var fila = [i + 1]
            for (j, y) in b.enumerated() { fila.append(min(previa[j + 1] + 1, fila[j] + 1, previa[j] + (x == y ? 0 : 1))) }
            previa = fila
        }
        return previa[b.count]
    }

    /// Parses config text; `archivo` names it in errors and gives the folder for relative paths.
    public static func analizar(_ texto: String, archivo: String) throws(Fallo) -> Configuracion {
        var c = Configuracion()
        let carpeta = carpetaDe(archivo)
        c.carpetaConfig = carpeta
        c.spool = resolver("../spool", en: carpeta)
        c.catalogo = resolver("catalogo", en: carpeta)
        c.claveFirma = resolver("keys/prep.sec", en: carpeta)
        var vistas: Set<String> = []
        var numero = 0
        for lineaSub in texto.split(separator: "\n", omittingEmptySubsequences: false) {
            numero += 1
            func fallo(_ r: String) -> Fallo { Fallo(archivo: archivo, linea: numero, razon: r) }
            var linea = Substring(lineaSub)
            if linea.hasSuffix("\r") { linea = linea.dropLast() }
            let limpia = recortar(linea)
            if limpia.isEmpty || limpia.hasPrefix("#") { continue }
            guard let igual = limpia.firstIndex(of: "=") else { throw fallo("expected 'key = value'") }
            let clave = recortar(limpia[..<igual])
            let valor = recortar(limpia[limpia.index(after: igual)...])
            if let almohadilla = comentarioEnLinea(valor) {
                throw fallo("\(clave): inline comment in '\(valor)': '#' starts a comment only at the start of a line; write '\(clave) = \(recortar(valor[..<almohadilla]))' and put the comment on a line of its own")
            }
            guard !vistas.contains(clave) else { throw fallo("key '\(clave)' given twice") }
            vistas.insert(clave)
            guard let k = claves.first(where: { $0.nombre == clave }) else {
                if let parecida = Self.parecida(clave) { throw fallo("unknown key '\(clave)'; did you mean '\(parecida)'?") }
                throw fallo("unknown key '\(clave)'")
            }
            if let razon = k.leer(&c, valor, carpeta) { throw fallo(razon) }
        }
        return c
    }

    /// `1048576`, `512K`, `50M`, `1G` → bytes.
    static func tamano(_ s: String) -> Int? {
        let digitos = s.prefix { $0.isASCII && $0.isNumber }
        guard !digitos.isEmpty, digitos.count <= 12, let n = Int(digitos) else { return nil }
        switch s.dropFirst(digitos.count) {
        case "": return n
        case "K": return n << 10
        case "M": return n << 20
        case "G": return n << 30
        default: return nil
        }
    }

    /// `-06:00`, `+05:30`, `Z` → minutes.
    static func desfase(_ s: String) -> Int? {
        if s == "Z" || s == "+00:00" || s == "-00:00" { return 0 }
        let u = Array(s.utf8)
        guard u.count == 6, u[0] == 43 || u[0] == 45, u[3] == 58,
              let h = Int(String(decoding: u[1..<3], as: UTF8.self)), let m = Int(String(decoding: u[4..<6], as: UTF8.self)),
              u[1...2].allSatisfy({ (48...57).contains($0) }), u[4...5].allSatisfy({ (48...57).contains($0) }),
              h <= 14, m < 60 else { return nil }
        return (h * 60 + m) * (u[0] == 45 ? -1 : 1)
    }

    /// Where `valor` has an inline comment (`2s # default`): a `#` after a space or tab.
    static func comentarioEnLinea(_ valor: String) -> String.Index? {
        var anterior: Character = "x"
        for i in valor.indices {
            if valor[i] == "#", anterior == " " || anterior == "\t" { return i }
            anterior = valor[i]
        }
        return nil
    }

    static func carpetaDe(_ archivo: String) -> String {
        guard let barra = archivo.lastIndex(of: "/") else { return "." }
        let c = String(archivo[..<barra])
        return c.isEmpty ? "/" : c
    }

    static func resolver(_ ruta: String, en carpeta: String) -> String {
        if ruta.hasPrefix("/") { return ruta }
        return carpeta == "." ? ruta : carpeta + "/" + ruta
    }

    static func recortar(_ s: Substring) -> String {
        String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
