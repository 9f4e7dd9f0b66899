import PrepDominio
import PrepSistema

/// The machine-readable state of an item folder (`PHASE/KEY/estado`): every file the item holds
/// with where it came from, and where its verification stands, then the item's history. Plain
/// `word value…` lines so an operator can `cat`/`grep` it and the daemon parses 515,000 of them
/// quickly; the history follows a line `historia`, one line per event (`LineaHistoria`), so that
/// one file written and renamed is the whole of a change (one inode per item, not two).
///
/// ```
/// prep-item 2
/// acta 090001B0100-JG
/// resultado verificada
/// final 090001B0100-JG.captura.cap017.json
/// publicada 090001B0100-JG.jpg
/// acopio 2024-06-02T21:14:10-06:00
/// captura 2024-06-02T21:20:31-06:00
/// verificacion 2024-06-02T21:22:05-06:00
/// archivo imagen 090001B0100-JG.jpg SHA256 BYTES 2024-06-02T21:14:10-06:00 CASILLA incoming/casilla-3/090001B0100-JG.jpg
/// archivo captura 090001B0100-JG.captura.cap017.json SHA256 BYTES 2024-…  cap017 incoming/090001B0100-JG.captura.cap017.json
/// archivo firma 090001B0100-JG.captura.cap017.json.sig SHA256 BYTES 2024-…  KEYNUM incoming/090001B0100-JG.captura.cap017.json.sig
/// historia
/// 2024-06-02T21:14:10-06:00 acopio 090001B0100-JG.jpg casilla desde=incoming/casilla-3/090001B0100-JG.jpg
/// 2024-06-02T21:20:31-06:00 captura 090001B0100-JG.captura.cap017.json operador=cap017 desde=…
/// ```
/// The history is append-only and never parsed as state: a line appended in place (`empaquetada`,
/// `retirada`) and cut short by a crash can only damage itself. The older layout (`prep-item 1`,
/// the history in a separate file `historia`) is read only by recovery and the migration at start
/// (`MigracionItems.swift`) and by `prep status`/`prep show` on a spool not yet migrated.
/// A `firma` is the `.sig` of the file it names plus `.sig`; its detail is the hex keynum of the
/// registered key it verified with (`-`: taken before operators were registered, unchecked).
/// The last field of `archivo` is the drop's origin path, percent-encoded (it may hold any byte).
public struct EstadoItem: Sendable, Hashable {
    public enum Clase: String, Sendable, Hashable { case imagen, captura, sinacta, firma }

    /// Where the item's verification stands.
    public enum Resultado: String, Sendable, Hashable {
        /// One capture (or none yet: never written so).
        case pendiente
        /// Two captures disagree; waiting for a third operator.
        case discrepancia
        /// Two captures agree.
        case verificada
        /// A third capture decided.
        case tercera
        /// A valid sin acta declaration.
        case sinacta
    }

    /// One file of the item.
    public struct Archivo: Sendable, Hashable {
        public let clase: Clase
        /// Its name inside the item folder (grammar-checked, so ASCII).
        public let nombre: String
        public let sha256: HuellaSHA256
        public let bytes: Int
        /// When the daemon first saw it (rename-in time) or took it.
        public let llegada: MarcaTiempo
        /// CASILLA or CATD for images; the operator for captures and sin acta.
        public let detalle: String
        /// The drop's path under the spool root, e.g. `incoming/casilla-3/KEY.jpg`.
        public let origen: NombreArchivo

        public init(clase: Clase, nombre: String, sha256: HuellaSHA256, bytes: Int, llegada: MarcaTiempo,
                    detalle: String, origen: NombreArchivo) {
            self.clase = clase; self.nombre = nombre; self.sha256 = sha256; self.bytes = bytes
            self.llegada = llegada; self.detalle = detalle; self.origen = origen
        }
    }

    public var clave: ClaveActa
    public var resultado: Resultado = .pendiente
    /// The capture file whose figures are final (verified items).
    public var final: String?
    /// The published image (the first one: the figures were captured from it).
    public var publicada: String?
    public var acopio: MarcaTiempo?
    public var captura: MarcaTiempo?
    public var verificacion: MarcaTiempo?
    /// In arrival order.
    public var archivos: [Archivo] = []

    public init(clave: ClaveActa) { self.clave = clave }

    public var imagenes: [Archivo] { archivos.filter { $0.clase == .imagen } }
    public var capturas: [Archivo] { archivos.filter { $0.clase == .captura } }
    public var esVerificada: Bool { resultado == .verificada || resultado == .tercera || resultado == .sinacta }
    /// The phase this state belongs in.
    public var fase: Fase { esVerificada ? .verified : .captured }

    /// The first line of the item file in this layout, and in the older one (history apart).
    public static let cabecera = "prep-item 2"
    public static let cabeceraAntigua = "prep-item 1"
    /// The line after which the history starts.
    public static let marcaHistoria = "historia"
    /// The most bytes of an item file the daemon reads (its history included).
    public static let maximoBytes = 16 << 20

    /// The item file's bytes: the state, then `historia` and the history's bytes (whole lines).
    public func codificar(historia: some Collection<UInt8> = [UInt8]()) -> [UInt8] {
        var b = codificarEstado(cabecera: EstadoItem.cabecera)
        b += Array("\(EstadoItem.marcaHistoria)\n".utf8)
        b += historia
        return b
    }

    /// The state lines alone, under `cabecera`.
    func codificarEstado(cabecera: String) -> [UInt8] {
        var s = "\(cabecera)\nacta \(clave.texto)\nresultado \(resultado.rawValue)\n"
        if let final { s += "final \(final)\n" }
        if let publicada { s += "publicada \(publicada)\n" }
        if let acopio { s += "acopio \(acopio.rfc3339)\n" }
        if let captura { s += "captura \(captura.rfc3339)\n" }
        if let verificacion { s += "verificacion \(verificacion.rfc3339)\n" }
        for a in archivos {
            s += "archivo \(a.clase.rawValue) \(a.nombre) \(a.sha256) \(a.bytes) \(a.llegada.rfc3339) \(a.detalle) \(EstadoItem.porcentaje(a.origen.bytes))\n"
        }
        return Array(s.utf8)
    }

    /// A state file that cannot be read back.
    public struct Ilegible: Error, CustomStringConvertible {
        public let razon: String
        public var description: String { "unreadable item state: \(razon)" }
    }

    /// Where the history starts in an item file: the index just past its `historia` line, or
    /// nil when it has none. State lines are `word value…` and history lines start with a time,
    /// so the first line that is exactly `historia` is the marker.
    public static func inicioHistoria(_ bytes: [UInt8]) -> Int? {
        let marca = Array("\n\(marcaHistoria)\n".utf8)
        guard bytes.count >= marca.count else { return nil }
        var i = 0
        while i + marca.count <= bytes.count {
            if bytes[i] == 10, bytes[i + 1] == marca[1], bytes[i..<i + marca.count].elementsEqual(marca) {
                return i + marca.count
            }
            i += 1
        }
        return nil
    }

    /// The history lines of an item file (empty when it has none).
    public static func historia(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        guard let i = inicioHistoria(bytes) else { return [] }
        return bytes[i...]
    }

    /// Parses an item file: its state, up to the `historia` line (the history is not read). With
    /// `antigua`, a state file of the older layout (`prep-item 1`, no history) is read too:
    /// only recovery and the migration at start, and the read-only reports, ask for it.
    public static func decodificar(_ bytes: [UInt8], antigua: Bool = false) throws(Ilegible) -> EstadoItem {
        let fin = inicioHistoria(bytes).map { $0 - marcaHistoria.utf8.count - 1 }
        guard let texto = String(validating: bytes[..<(fin ?? bytes.count)], as: UTF8.self) else { throw Ilegible(razon: "not UTF-8") }
        var lineas = texto.split(separator: "\n")
        switch lineas.first {
        case Substring(cabecera)?:
            guard fin != nil else { throw Ilegible(razon: "no '\(marcaHistoria)' line (the history is part of the item file)") }
        case Substring(cabeceraAntigua)? where antigua && fin == nil:
            break
        case Substring(cabeceraAntigua)?:
            throw Ilegible(razon: "'\(cabeceraAntigua)': an item in the older layout (its history in a separate file) that the migration at start did not fold in")
        default:
            throw Ilegible(razon: "missing '\(cabecera)' header")
        }
        lineas.removeFirst()
        var e: EstadoItem?
        for l in lineas {
            let campos = l.split(separator: " ", omittingEmptySubsequences: false)
            guard campos.count >= 2 else { throw Ilegible(razon: "line '\(l)'") }
            func tiempo() throws(Ilegible) -> MarcaTiempo {
                guard let t = MarcaTiempo(rfc3339: campos[1]) else { throw Ilegible(razon: "bad time in '\(l)'") }
                return t
            }
            if campos[0] == "acta" {
                guard let c = ClaveActa(campos[1]) else { throw Ilegible(razon: "bad key '\(campos[1])'") }
                e = EstadoItem(clave: c)
                continue
            }
            guard e != nil else { throw Ilegible(razon: "'acta' must come first") }
            switch campos[0] {
            case "resultado":
                guard let r = Resultado(rawValue: String(campos[1])) else { throw Ilegible(razon: "bad result '\(campos[1])'") }
                e?.resultado = r
            case "final": e?.final = String(campos[1])
            case "publicada": e?.publicada = String(campos[1])
            case "acopio": e?.acopio = try tiempo()
            case "captura": e?.captura = try tiempo()
            case "verificacion": e?.verificacion = try tiempo()
            case "archivo":
                guard campos.count == 8, let clase = Clase(rawValue: String(campos[1])), let n = Int(campos[4]),
                      let t = MarcaTiempo(rfc3339: campos[5]), let origen = desporcentaje(campos[7])
                else { throw Ilegible(razon: "bad file line '\(l)'") }
                let sha256: HuellaSHA256
                do { sha256 = try HuellaSHA256(hex: campos[3]) } catch { throw Ilegible(razon: "file line '\(l)': \(error)") }
                e?.archivos.append(Archivo(clase: clase, nombre: String(campos[2]), sha256: sha256, bytes: n,
                                           llegada: t, detalle: String(campos[6]), origen: NombreArchivo(bytes: origen)))
            default:
                throw Ilegible(razon: "unknown line '\(campos[0])'")
            }
        }
        guard let e else { throw Ilegible(razon: "no 'acta' line") }
        return e
    }

    /// Percent-encodes every byte outside `[A-Za-z0-9._/-]`.
    public static func porcentaje(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var s: [UInt8] = []
        for b in bytes {
            if (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || b == 46 || b == 95 || b == 47 || b == 45 {
                s.append(b)
            } else {
                s += [37, hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: s, as: UTF8.self)
    }

    static func desporcentaje(_ s: some StringProtocol) -> [UInt8]? {
        let u = Array(s.utf8)
        var r: [UInt8] = []
        var i = 0
        func v(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 65...70: c - 55
            case 97...102: c - 87
            default: nil
            }
        }
        while i < u.count {
            if u[i] == 37 {
                guard i + 2 < u.count, let a = v(u[i + 1]), let b = v(u[i + 2]) else { return nil }
                r.append(a << 4 | b)
                i += 3
            } else {
                r.append(u[i])
                i += 1
            }
        }
        return r
    }
}

/// One line of an item's history (the lines after `historia` in its `estado`): time, event, detail.
public struct LineaHistoria: Sendable, Hashable {
    public let momento: MarcaTiempo
    public let evento: String
    public let detalle: String

    public init(_ momento: MarcaTiempo, _ evento: String, _ detalle: String) {
        self.momento = momento; self.evento = evento; self.detalle = detalle
    }

    /// The line as written: free text escaped, so one event is always exactly one line.
    public var texto: String { "\(momento.rfc3339) \(UnaLinea.escapar(evento)) \(UnaLinea.escapar(detalle))\n" }
}
