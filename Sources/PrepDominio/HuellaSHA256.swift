/// A SHA-256 digest: the one form every digest takes in memory (images, captures, signatures,
/// a corte's files, its `SHA256` list, the catálogo). 32 bytes held inline in four words — no
/// heap allocation to make, hash, compare or sort one, for the hundreds of thousands of image
/// names a national corte holds — compared in byte order, which is the order of its hex.
///
/// It lives in the domain, import-free, because domain values name files by it (`ImagenActa`);
/// PrepSistema's `SHA256` produces it from libcrypto. Hex exists only where a file format
/// carries it (estado records, `SHA256`, manifest.json, CSV cells, file names, log lines): read
/// by `init(hex:)`, the one parser, which says why it refused; written by `description` or
/// `anexarHex(_:)`, the one printer. Always 64 lowercase digits, both ways.
public struct HuellaSHA256: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Big-endian words: comparing them in order compares the bytes in order.
    private let a, b, c, d: UInt64

    /// Why a text is not a digest.
    public struct Invalida: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Motivo: Equatable, Sendable {
            /// Not 64 characters (its length in bytes).
            case largo(Int)
            /// An uppercase hex digit at this position (0-based): digests are written lowercase.
            case mayuscula(posicion: Int)
            /// A byte that is no hex digit at this position (0-based).
            case noHex(posicion: Int)
        }
        public let motivo: Motivo
        public init(motivo: Motivo) { self.motivo = motivo }

        public var description: String {
            switch motivo {
            case .largo(let n): "not a SHA-256 digest: \(n) characters, not 64 lowercase hex digits"
            case .mayuscula(let i): "not a SHA-256 digest: uppercase hex digit at character \(i + 1) (digests are lowercase)"
            case .noHex(let i): "not a SHA-256 digest: character \(i + 1) is not a hex digit"
            }
        }
    }

    /// From its four big-endian words: bytes 0-7, 8-15, 16-23 and 24-31 of the digest (a
    /// fixed value in a test or a benchmark; a real digest comes from `SHA256` or `init(hex:)`).
    public init(palabras: (UInt64, UInt64, UInt64, UInt64)) { (a, b, c, d) = palabras }

    /// From the 32 bytes of a digest; nil for any other length.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        var w: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for i in 0..<8 {
            w.0 = w.0 << 8 | UInt64(bytes[i])
            w.1 = w.1 << 8 | UInt64(bytes[8 + i])
            w.2 = w.2 << 8 | UInt64(bytes[16 + i])
            w.3 = w.3 << 8 | UInt64(bytes[24 + i])
        }
        (a, b, c, d) = w
    }

    /// The parser: 64 lowercase hex digits, nothing else. Branch-free per digit on the way in
    /// (a national CSV has one per acta); only a refusal looks again, to say why.
    public init(hex: UnsafeRawBufferPointer) throws(Invalida) {
        guard hex.count == 64 else { throw Invalida(motivo: .largo(hex.count)) }
        // `malo` collects any byte that is neither 0-9 nor a-f.
        var w: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var malo = false
        for i in 0..<16 {
            func digito(_ x: UInt8) -> UInt64 {
                let n = x &- 48, l = x &- 97
                malo = malo || (n > 9 && l > 5)
                return UInt64(n <= 9 ? n : l &+ 10)
            }
            w.0 = w.0 << 4 | digito(hex[i])
            w.1 = w.1 << 4 | digito(hex[16 + i])
            w.2 = w.2 << 4 | digito(hex[32 + i])
            w.3 = w.3 << 4 | digito(hex[48 + i])
        }
        guard !malo else { throw Self.motivo(hex) }
        (a, b, c, d) = w
    }

    /// The first byte that made `hex` (64 bytes) no digest.
    private static func motivo(_ hex: UnsafeRawBufferPointer) -> Invalida {
        for (i, x) in hex.enumerated() where !((48...57).contains(x) || (97...102).contains(x)) {
            return Invalida(motivo: (65...70).contains(x) ? .mayuscula(posicion: i) : .noHex(posicion: i))
        }
        return Invalida(motivo: .largo(hex.count))
    }

    /// `init(hex:)` of a text's UTF-8 (an estado field, a JSON string, a `SHA256` line), read in
    /// place when it is contiguous (a native String or Substring: no copy).
    public init(hex: some StringProtocol) throws(Invalida) {
        let r = hex.utf8.withContiguousStorageIfAvailable { u in
            Result { () throws(Invalida) in try HuellaSHA256(hex: UnsafeRawBufferPointer(u)) }
        }
        if let r {
            self = try r.get()
        } else {
            self = try HuellaSHA256(hex: Array(hex.utf8)[...])
        }
    }

    /// `init(hex:)` of bytes read from a file (a CSV cell).
    public init(hex: ArraySlice<UInt8>) throws(Invalida) {
        self = try hex.withUnsafeBytes { u in Result { () throws(Invalida) in try HuellaSHA256(hex: u) } }.get()
    }

    /// The printer: 64 lowercase hex digits into `salida` (at least 64 bytes).
    private func escribirHex(_ salida: UnsafeMutableBufferPointer<UInt8>) {
        var k = 0
        func palabra(_ w: UInt64) {
            var desplazamiento: UInt64 = 60
            for _ in 0..<16 {
                let v = UInt8(truncatingIfNeeded: w >> desplazamiento) & 0xf
                salida[k] = v < 10 ? 48 + v : 87 + v
                k += 1
                desplazamiento &-= 4
            }
        }
        palabra(a)
        palabra(b)
        palabra(c)
        palabra(d)
    }

    /// Lowercase hex: the digest as every file format writes it.
    public var description: String {
        String(unsafeUninitializedCapacity: 64) { s in
            escribirHex(s)
            return 64
        }
    }

    /// Appends the lowercase hex to `b` (a CSV row being written), with no String in between.
    public func anexarHex(_ b: inout [UInt8]) {
        let inicio = b.count
        b.append(contentsOf: repeatElement(0, count: 64))
        b.withUnsafeMutableBufferPointer { escribirHex(UnsafeMutableBufferPointer(rebasing: $0[inicio...])) }
    }

    public static func < (x: HuellaSHA256, y: HuellaSHA256) -> Bool { (x.a, x.b, x.c, x.d) < (y.a, y.b, y.c, y.d) }
}
