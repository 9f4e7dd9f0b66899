/// A JSON value as read by `LectorJSON`: objects keep their members in document order.
/// Numbers keep their text so that a figure like `1.5` or `1e3` can be refused by name.
public indirect enum ValorJSON: Hashable, Sendable {
    case objeto([(clave: String, valor: ValorJSON)])
    case arreglo([ValorJSON])
    case texto(String)
    case numero(String)
    case booleano(Bool)
    case nulo

    public static func == (a: ValorJSON, b: ValorJSON) -> Bool {
        switch (a, b) {
        case (.objeto(let x), .objeto(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.clave == $1.clave && $0.valor == $1.valor }
        case (.arreglo(let x), .arreglo(let y)): x == y
        case (.texto(let x), .texto(let y)): x == y
        case (.numero(let x), .numero(let y)): x == y
        case (.booleano(let x), .booleano(let y)): x == y
        case (.nulo, .nulo): true
        default: false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .objeto(let m):
            h.combine(0)
            for (k, v) in m { h.combine(k); h.combine(v) }
        case .arreglo(let a): h.combine(1); h.combine(a)
        case .texto(let s): h.combine(2); h.combine(s)
        case .numero(let s): h.combine(3); h.combine(s)
        case .booleano(let b): h.combine(4); h.combine(b)
        case .nulo: h.combine(5)
        }
    }

    /// A short rendering for error messages: `-3`, `"12"`, `true`, `null`, `an object`, `an array`.
    public var resumen: String {
        switch self {
        case .objeto: "an object"
        case .arreglo: "an array"
        case .texto(let s): "\"" + (s.count > 40 ? String(s.prefix(40)) + "…" : s) + "\""
        case .numero(let n): n.count > 40 ? String(n.prefix(40)) + "…" : n
        case .booleano(let b): b ? "true" : "false"
        case .nulo: "null"
        }
    }
}

/// A strict, small JSON reader (RFC 8259) for captures: UTF-8 only, duplicate member names are an
/// error, bounded size and nesting, no trailing garbage. Fast enough for 515,000 captures a second.
public enum LectorJSON {
    /// Largest document accepted; a capture is a few hundred bytes.
    public static let tamanoMaximo = 1 << 20
    /// Deepest nesting accepted; a capture needs 2.
    public static let profundidadMaxima = 16

    /// Why a document is not acceptable JSON, with the byte offset where that was seen.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public let posicion: Int
        public let motivo: String
        public var description: String { "not valid JSON at byte \(posicion): \(motivo)" }
    }

    public static func leer(_ bytes: [UInt8]) -> Result<ValorJSON, Error> {
        guard bytes.count <= tamanoMaximo else {
            return .failure(Error(posicion: tamanoMaximo, motivo: "document is \(bytes.count) bytes; at most \(tamanoMaximo) accepted"))
        }
        return bytes.withUnsafeBufferPointer { b in
            var p = Analizador(b: b)
            return Result { () throws(Error) -> ValorJSON in
                p.espacios()
                let v = try p.valor(profundidad: 0)
                p.espacios()
                guard p.i == b.count else { throw Error(posicion: p.i, motivo: "unexpected text after the document") }
                return v
            }
        }
    }

    private struct Analizador {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

        mutating func espacios() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        func fallo(_ motivo: String) -> Error { Error(posicion: i, motivo: motivo) }

        mutating func valor(profundidad: Int) throws(Error) -> ValorJSON {
            guard i < b.count else { throw fallo("unexpected end of document") }
            switch b[i] {
            case 0x7B: return try objeto(profundidad: profundidad + 1)
            case 0x5B: return try arreglo(profundidad: profundidad + 1)
            case 0x22: return .texto(try texto())
            case 0x74: try literal("true"); return .booleano(true)
            case 0x66: try literal("false"); return .booleano(false)
            case 0x6E: try literal("null"); return .nulo
            case 0x2D, 0x30...0x39: return .numero(try numero())
            default: throw fallo("unexpected character '\(Character(Unicode.Scalar(b[i])))'")
            }
        }

        mutating func literal(_ s: StaticString) throws(Error) {
            let n = s.utf8CodeUnitCount
            guard i + n <= b.count else { throw fallo("unexpected end of document") }
            for k in 0..<n where b[i + k] != s.utf8Start[k] { throw fallo("unknown literal") }
            i += n
        }

        mutating func objeto(profundidad: Int) throws(Error) -> ValorJSON {
            guard profundidad <= LectorJSON.profundidadMaxima else { throw fallo("nested deeper than \(LectorJSON.profundidadMaxima)") }
            i += 1
            var miembros: [(clave: String, valor: ValorJSON)] = []
            espacios()
            if i < b.count, b[i] == 0x7D { i += 1; return .objeto(miembros) }
            while true {
                espacios()
                guard i < b.count, b[i] == 0x22 else { throw fallo("expected a member name in quotes") }
                let inicio = i
                let clave = try texto()
                for m in miembros where m.clave == clave {
                    throw Error(posicion: inicio, motivo: "duplicate member \"\(clave)\"")
                }
                espacios()
                guard i < b.count, b[i] == 0x3A else { throw fallo("expected ':' after a member name") }
                i += 1
                espacios()
                let v = try valor(profundidad: profundidad)
                miembros.append((clave, v))
                espacios()
                guard i < b.count else { throw fallo("unexpected end of document") }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x7D { i += 1; return .objeto(miembros) }
                throw fallo("expected ',' or '}'")
            }
        }

        mutating func arreglo(profundidad: Int) throws(Error) -> ValorJSON {
            guard profundidad <= LectorJSON.profundidadMaxima else { throw fallo("nested deeper than \(LectorJSON.profundidadMaxima)") }
            i += 1
            var elementos: [ValorJSON] = []
            espacios()
            if i < b.count, b[i] == 0x5D { i += 1; return .arreglo(elementos) }
            while true {
                espacios()
                elementos.append(try valor(profundidad: profundidad))
                espacios()
                guard i < b.count else { throw fallo("unexpected end of document") }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x5D { i += 1; return .arreglo(elementos) }
                throw fallo("expected ',' or ']'")
            }
        }

        /// A number per the JSON grammar, returned as its text.
        mutating func numero() throws(Error) -> String {
            let inicio = i
            if b[i] == 0x2D { i += 1 }
            guard i < b.count, (0x30...0x39).contains(b[i]) else { throw fallo("expected a digit") }
            if b[i] == 0x30 {
                i += 1
                if i < b.count, (0x30...0x39).contains(b[i]) { throw fallo("leading zero in a number") }
            } else {
                while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            }
            if i < b.count, b[i] == 0x2E {
                i += 1
                guard i < b.count, (0x30...0x39).contains(b[i]) else { throw fallo("expected a digit after '.'") }
                while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            }
            if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
                i += 1
                if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
                guard i < b.count, (0x30...0x39).contains(b[i]) else { throw fallo("expected a digit in the exponent") }
                while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: b[inicio..<i]), as: UTF8.self)
        }

        /// A string: escapes decoded, UTF-8 validated, control characters refused.
        mutating func texto() throws(Error) -> String {
            i += 1
            let inicio = i
            var ascii = true
            // Fast path: no escapes.
            while i < b.count {
                let c = b[i]
                if c == 0x22 {
                    let cuerpo = UnsafeBufferPointer(rebasing: b[inicio..<i])
                    i += 1
                    if ascii { return String(decoding: cuerpo, as: UTF8.self) }
                    guard let s = String(validating: cuerpo, as: UTF8.self) else {
                        throw Error(posicion: inicio, motivo: "string is not valid UTF-8")
                    }
                    return s
                }
                if c == 0x5C { break }
                if c < 0x20 { throw fallo("control character in a string") }
                if c >= 0x80 { ascii = false }
                i += 1
            }
            // Slow path with escapes.
            var u: [UInt8] = Array(UnsafeBufferPointer(rebasing: b[inicio..<i]))
            while i < b.count {
                let c = b[i]
                if c == 0x22 {
                    i += 1
                    guard let s = String(validating: u, as: UTF8.self) else {
                        throw Error(posicion: inicio, motivo: "string is not valid UTF-8")
                    }
                    return s
                }
                if c < 0x20 { throw fallo("control character in a string") }
                if c != 0x5C { u.append(c); i += 1; continue }
                i += 1
                guard i < b.count else { break }
                switch b[i] {
                case 0x22: u.append(0x22)
                case 0x5C: u.append(0x5C)
                case 0x2F: u.append(0x2F)
                case 0x62: u.append(0x08)
                case 0x66: u.append(0x0C)
                case 0x6E: u.append(0x0A)
                case 0x72: u.append(0x0D)
                case 0x74: u.append(0x09)
                case 0x75:
                    i += 1
                    var cp = try hex4()
                    if (0xD800...0xDBFF).contains(cp) {
                        guard i + 1 < b.count, b[i] == 0x5C, b[i + 1] == 0x75 else { throw fallo("unpaired surrogate") }
                        i += 2
                        let bajo = try hex4()
                        guard (0xDC00...0xDFFF).contains(bajo) else { throw fallo("unpaired surrogate") }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (bajo - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(cp) {
                        throw fallo("unpaired surrogate")
                    }
                    guard let escalar = Unicode.Scalar(cp) else { throw fallo("invalid \\u escape") }
                    u.append(contentsOf: String(Character(escalar)).utf8)
                    continue
                default: throw fallo("invalid escape")
                }
                i += 1
            }
            throw fallo("unterminated string")
        }

        mutating func hex4() throws(Error) -> UInt32 {
            guard i + 4 <= b.count else { throw fallo("unexpected end of document") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw fallo("invalid \\u escape")
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }
    }
}
