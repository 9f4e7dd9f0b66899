/// Why bytes cannot be read as CSV: the 1-based line where that was seen and the reason.
public struct ErrorCSV: Error, Hashable, Sendable, CustomStringConvertible {
    public let linea: Int
    public let motivo: String

    public init(linea: Int, motivo: String) {
        self.linea = linea
        self.motivo = motivo
    }

    public var description: String { "line \(linea): \(motivo)" }
}

/// The one CSV reader of `prep`, for the catálogo and for published cortes: streaming and strict
/// RFC 4180 over bytes held in memory. A leading UTF-8 BOM is skipped; CRLF, LF or CR end a
/// record; a quoted field may hold commas, doubled quotes and line breaks; a quote inside an
/// unquoted field, text after a closing quote, an unclosed quote and a field that is not UTF-8
/// are errors. Fields are handed out as byte ranges, so half a million rows cost no per-field
/// allocation. The reader's counterpart for writing is `CampoCSV`.
public struct LectorCSV {
    /// What a line with nothing on it is.
    public enum LineasVacias: Sendable {
        /// A record of one empty field (a published corte has none, so its reader sees them).
        case registro
        /// Nothing: skipped, though still counted in line numbers (the catálogo's files).
        case omitir
    }

    /// One field of the current record: a range of `bytes`, or of `lateral` for a quoted field
    /// (its quotes removed and doubled quotes undone).
    @usableFromInline
    struct Campo {
        @usableFromInline let lateral: Bool
        @usableFromInline let rango: Range<Int>
    }

    public let bytes: [UInt8]
    private let lineasVacias: LineasVacias
    private var i: Int
    @usableFromInline var lateral: [UInt8] = []
    @usableFromInline var campos: [Campo] = []
    /// 1-based line on which the current record starts.
    public private(set) var linea = 0
    /// Byte offsets of the current record in `bytes`, its line end included: reading
    /// `bytes[registro]` alone gives the same record again.
    public private(set) var registro = 0..<0
    /// 1-based line the reader is on.
    private var lineaActual = 1

    public init(_ bytes: [UInt8], lineasVacias: LineasVacias = .registro) {
        self.bytes = bytes
        self.lineasVacias = lineasVacias
        i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Number of fields of the current record.
    public var cuenta: Int { campos.count }

    /// Reads the next record; false at the end of the bytes.
    public mutating func siguiente() throws(ErrorCSV) -> Bool {
        if lineasVacias == .omitir {
            while i < bytes.count, bytes[i] == 0x0A || bytes[i] == 0x0D { finDeLinea() }
        }
        guard i < bytes.count else { return false }
        campos.removeAll(keepingCapacity: true)
        lateral.removeAll(keepingCapacity: true)
        linea = lineaActual
        let inicio = i
        defer { registro = inicio..<i }
        while true {
            if i < bytes.count, bytes[i] == 0x22 {
                try campoEntrecomillado()
            } else {
                try campoSimple()
            }
            if i < bytes.count, bytes[i] == 0x2C {
                i += 1
                continue
            }
            if i < bytes.count { finDeLinea() }
            return true
        }
    }

    /// Consumes CRLF, LF or CR at `i`.
    private mutating func finDeLinea() {
        if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
        i += 1
        lineaActual += 1
    }

    private mutating func campoSimple() throws(ErrorCSV) {
        let inicio = i
        var alto: UInt8 = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x2C || c == 0x0A || c == 0x0D { break }
            if c == 0x22 { throw ErrorCSV(linea: lineaActual, motivo: "quote inside an unquoted field") }
            alto |= c
            i += 1
        }
        if alto >= 0x80, !Self.esUTF8(bytes[inicio..<i]) { throw ErrorCSV(linea: lineaActual, motivo: "not valid UTF-8") }
        campos.append(Campo(lateral: false, rango: inicio..<i))
    }

    private mutating func campoEntrecomillado() throws(ErrorCSV) {
        i += 1
        let inicio = lateral.count
        var alto: UInt8 = 0
        while true {
            guard i < bytes.count else { throw ErrorCSV(linea: linea, motivo: "unterminated quoted field") }
            let c = bytes[i]
            if c == 0x22 {
                if i + 1 < bytes.count, bytes[i + 1] == 0x22 {
                    lateral.append(0x22)
                    i += 2
                    continue
                }
                i += 1
                break
            }
            if c == 0x0A || (c == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) { lineaActual += 1 }
            alto |= c
            lateral.append(c)
            i += 1
        }
        if alto >= 0x80, !Self.esUTF8(lateral[inicio...]) { throw ErrorCSV(linea: lineaActual, motivo: "not valid UTF-8") }
        campos.append(Campo(lateral: true, rango: inicio..<lateral.count))
        guard i == bytes.count || bytes[i] == 0x2C || bytes[i] == 0x0A || bytes[i] == 0x0D else {
            throw ErrorCSV(linea: lineaActual, motivo: "text after a closing quote")
        }
    }

    /// Strict UTF-8 (no overlong forms, no surrogates), without building a string.
    private static func esUTF8(_ u: ArraySlice<UInt8>) -> Bool {
        var it = u.makeIterator()
        var p = Unicode.UTF8.ForwardParser()
        while true {
            switch p.parseScalar(from: &it) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Field `k` of the current record as bytes (no allocation).
    @inlinable
    public func bytesDe(_ k: Int) -> ArraySlice<UInt8> {
        let c = campos[k]
        return c.lateral ? lateral[c.rango] : bytes[c.rango]
    }

    /// Field `k` as text.
    public func texto(_ k: Int) -> String { String(decoding: bytesDe(k), as: UTF8.self) }

    /// Every field of the current record as text.
    public var textos: [String] { campos.indices.map(texto) }

    /// Field `k` is exactly `s`.
    @inlinable
    public func es(_ k: Int, _ s: StaticString) -> Bool {
        let b = bytesDe(k)
        return b.count == s.utf8CodeUnitCount && s.withUTF8Buffer { b.elementsEqual($0) }
    }

    /// Whether field `k` is exactly `s` (a word known only at run time, e.g. a profile's).
    @inlinable
    public func es(_ k: Int, _ s: String) -> Bool { bytesDe(k).elementsEqual(s.utf8) }

    /// Field `k` as a whole number ≥ 0 of at most 18 digits; nil when it is anything else.
    @inlinable
    public func entero(_ k: Int) -> Int? { Self.natural(bytesDe(k), digitos: 18) }

    /// `u` as a whole number ≥ 0 written with 1 to `digitos` ASCII digits (no sign, no spaces);
    /// nil when it is anything else. `digitos` ≤ 18 keeps the value within `Int`.
    @inlinable
    public static func natural(_ u: some Collection<UInt8>, digitos: Int) -> Int? {
        guard !u.isEmpty, u.count <= digitos else { return nil }
        var n = 0
        for c in u {
            guard c >= 48, c <= 57 else { return nil }
            n = n * 10 + Int(c - 48)
        }
        return n
    }
}

extension LectorCSV {
    /// One record read whole, with the 1-based line it starts on.
    struct Fila {
        let linea: Int
        let campos: [String]
    }

    /// Every record of `bytes` as text, blank lines skipped (the catálogo's files, a few MB at most).
    static func filas(_ bytes: [UInt8]) -> Result<[Fila], ErrorCSV> {
        var l = LectorCSV(bytes, lineasVacias: .omitir)
        var filas: [Fila] = []
        return Result { () throws(ErrorCSV) in
            while try l.siguiente() { filas.append(Fila(linea: l.linea, campos: l.textos)) }
            return filas
        }
    }
}
