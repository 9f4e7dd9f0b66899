/// Why a corte (or one of its files) failed verification, or could not be read back: one line
/// naming the file, the row or field, and what is wrong.
public enum ErrorVerificacion: Error, Equatable, CustomStringConvertible {
    case firma(String)
    case lista(String)
    case archivos(String)
    case manifiesto(String)
    case cadena(String)
    case imagen(String)
    case csv(String)
    case resumen(String)
    case sistema(String)

    public var description: String {
        switch self {
        case .firma(let s), .lista(let s), .archivos(let s), .manifiesto(let s), .cadena(let s),
             .imagen(let s), .csv(let s), .resumen(let s), .sistema(let s): s
        }
    }
}

/// A streaming RFC 4180 reader over a published CSV held in memory: a leading BOM is skipped,
/// CRLF, LF or CR end a record, quoted fields may hold commas, quotes and line breaks. Fields are
/// handed out as byte ranges, so half a million rows cost no per-field allocation.
struct LectorCSV {
    let bytes: [UInt8]
    private var i: Int
    /// Unescaped copies of quoted fields of the current record.
    private var lateral: [UInt8] = []
    /// The current record: (in `lateral`?, range).
    private(set) var campos: [(lateral: Bool, rango: Range<Int>)] = []
    /// 1-based number of the current record's first line.
    private(set) var linea = 0
    private var siguienteLinea = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Reads the next record into `campos`; false at the end. Throws on an unclosed quote or
    /// text after a closing quote.
    mutating func siguiente() throws(ErrorVerificacion) -> Bool {
        guard i < bytes.count else { return false }
        campos.removeAll(keepingCapacity: true)
        lateral.removeAll(keepingCapacity: true)
        linea = siguienteLinea
        while true {
            if i < bytes.count, bytes[i] == 34 {
                i += 1
                let inicio = lateral.count
                while true {
                    guard i < bytes.count else { throw .csv("line \(linea): unclosed quoted field") }
                    let c = bytes[i]
                    if c == 34 {
                        if i + 1 < bytes.count, bytes[i + 1] == 34 {
                            lateral.append(34)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if c == 10 { siguienteLinea += 1 }
                    lateral.append(c)
                    i += 1
                }
                campos.append((true, inicio..<lateral.count))
                guard i >= bytes.count || bytes[i] == 44 || bytes[i] == 13 || bytes[i] == 10 else {
                    throw .csv("line \(linea): text after a closing quote")
                }
            } else {
                let inicio = i
                while i < bytes.count, bytes[i] != 44, bytes[i] != 13, bytes[i] != 10 { i += 1 }
                campos.append((false, inicio..<i))
            }
            if i < bytes.count, bytes[i] == 44 {
                i += 1
                continue
            }
            // End of record.
            if i < bytes.count, bytes[i] == 13 { i += 1 }
            if i < bytes.count, bytes[i] == 10 { i += 1 }
            siguienteLinea += 1
            return true
        }
    }

    /// Field `k` of the current record as text.
    func texto(_ k: Int) -> String {
        let c = campos[k]
        return c.lateral ? String(decoding: lateral[c.rango], as: UTF8.self) : String(decoding: bytes[c.rango], as: UTF8.self)
    }

    /// Field `k` as bytes (no allocation for unquoted fields).
    func bytesDe(_ k: Int) -> ArraySlice<UInt8> {
        let c = campos[k]
        return c.lateral ? lateral[c.rango] : bytes[c.rango]
    }

    /// Field `k` is exactly `s`.
    func es(_ k: Int, _ s: StaticString) -> Bool {
        let b = bytesDe(k)
        return b.count == s.utf8CodeUnitCount && s.withUTF8Buffer { b.elementsEqual($0) }
    }

    /// Field `k` as a whole number ≥ 0; nil when it is anything else.
    func entero(_ k: Int) -> Int? {
        let b = bytesDe(k)
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var n = 0
        for c in b {
            guard c >= 48, c <= 57 else { return nil }
            n = n * 10 + Int(c - 48)
        }
        return n
    }

    /// Every field of the current record as text (headers, the preamble).
    var textos: [String] { campos.indices.map(texto) }
}
