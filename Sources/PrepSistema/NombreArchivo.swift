/// A file name as the kernel holds it: bytes, not necessarily UTF-8. Drops may carry any bytes
/// in their names (SPEC §4 rejects non-UTF-8 names, and rejecting means moving them), so every
/// call that takes a name takes one of these.
public struct NombreArchivo: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The name's bytes, without a terminating NUL.
    public let bytes: [UInt8]

    public init(_ texto: String) { bytes = Array(texto.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(stringLiteral texto: String) { self.init(texto) }

    /// The name as text, or nil when its bytes are not valid UTF-8.
    public var texto: String? { String(validating: bytes, as: UTF8.self) }

    /// Printable form for messages: valid UTF-8 as is, control characters and invalid bytes as `\xNN`.
    public var description: String { NombreArchivo.escapar(bytes) }

    public static func < (a: NombreArchivo, b: NombreArchivo) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// The bytes in one call: the synthesized hash feeds the hasher one byte at a time, which
    /// made hashing names a few percent of a backlog's CPU (the observer keys every file by name).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Calls `body` with the name as a NUL-terminated C string.
    public func conCadenaC<T, E: Error>(_ body: (UnsafePointer<CChar>) throws(E) -> T) throws(E) -> T {
        var c = bytes.map { CChar(bitPattern: $0) }
        c.append(0)
        // Array-to-pointer conversion: valid for the duration of the call.
        return try body(c)
    }

    /// `\xNN` for control bytes and bytes that are not part of valid UTF-8; the rest as is.
    public static func escapar(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self), !s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || $0 == "\\" }) {
            return s
        }
        var salida = ""
        var i = 0
        let hex = Array("0123456789abcdef")
        func x(_ b: UInt8) { salida += "\\x"; salida.append(hex[Int(b >> 4)]); salida.append(hex[Int(b & 15)]) }
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if b < 0x20 || b == 0x7f || b == UInt8(ascii: "\\") { x(b) } else { salida.append(Character(Unicode.Scalar(b))) }
                i += 1
                continue
            }
            // Try a whole UTF-8 sequence starting here.
            let largo = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0
            if largo > 0, i + largo <= bytes.count, let s = String(validating: bytes[i..<i + largo], as: UTF8.self) {
                salida += s
                i += largo
            } else {
                x(b)
                i += 1
            }
        }
        return salida
    }
}
