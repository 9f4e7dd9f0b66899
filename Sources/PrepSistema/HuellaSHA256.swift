import COpenSSL

/// A SHA-256 digest as a value: 32 bytes held in four words, compared in byte order (the order
/// of its lowercase hex), hashed and sorted without a heap allocation. For the hundreds of
/// thousands of image names a national corte holds.
public struct HuellaSHA256: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Big-endian words: comparing them in order compares the bytes in order.
    private let a, b, c, d: UInt64

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

    /// From 64 lowercase hex digits (the form a corte writes); nil for anything else, uppercase included.
    public init?(hex: UnsafeRawBufferPointer) {
        guard hex.count == 64 else { return nil }
        // Branch-free per digit: `malo` collects any byte that is neither 0-9 nor a-f.
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
        guard !malo else { return nil }
        (a, b, c, d) = w
    }

    /// From 64 lowercase hex digits (a CSV cell); nil for anything else.
    public init?(hex: ArraySlice<UInt8>) {
        guard let h = hex.withUnsafeBytes({ HuellaSHA256(hex: $0) }) else { return nil }
        self = h
    }

    /// Lowercase hex, as `SHA256.hex` writes it.
    public var description: String {
        let (a, b, c, d) = (self.a, self.b, self.c, self.d)
        return String(unsafeUninitializedCapacity: 64) { s in
            var k = 0
            for w in [a, b, c, d] {
                for desplazamiento in stride(from: 60, through: 0, by: -4) {
                    let v = UInt8(truncatingIfNeeded: w >> UInt64(desplazamiento)) & 0xf
                    s[k] = v < 10 ? 48 + v : 87 + v
                    k += 1
                }
            }
            return 64
        }
    }

    public static func < (x: HuellaSHA256, y: HuellaSHA256) -> Bool { (x.a, x.b, x.c, x.d) < (y.a, y.b, y.c, y.d) }

    /// The digest's 32 bytes, in order (what `SHA256.finalizar` returns).
    public var bytes: [UInt8] {
        var r: [UInt8] = []
        r.reserveCapacity(32)
        for w in [a, b, c, d] {
            for desplazamiento in stride(from: 56, through: 0, by: -8) { r.append(UInt8(truncatingIfNeeded: w >> UInt64(desplazamiento))) }
        }
        return r
    }
}

/// SHA-256 of many small inputs one after another (every image of a corte), with no allocation
/// per input: the algorithm is fetched from OpenSSL once and its context reused (`SHA256` fetches
/// and allocates for each hasher). One per thread: it is not shared.
public struct SHA256Repetido: ~Copyable {
    private let algoritmo: OpaquePointer
    private let contexto: OpaquePointer

    public init() {
        guard let a = EVP_MD_fetch(nil, "SHA256", nil) else { fallaOpenSSL("EVP_MD_fetch") }
        guard let c = EVP_MD_CTX_new() else {
            EVP_MD_free(a)
            fallaOpenSSL("EVP_MD_CTX_new")
        }
        algoritmo = a
        contexto = c
    }

    deinit {
        EVP_MD_CTX_free(contexto)
        EVP_MD_free(algoritmo)
    }

    /// Starts a new input, forgetting any unfinished one.
    public mutating func empezar() {
        guard EVP_DigestInit_ex(contexto, algoritmo, nil) == 1 else { fallaOpenSSL("EVP_DigestInit_ex") }
    }

    public mutating func actualizar(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 0 || EVP_DigestUpdate(contexto, bytes.baseAddress, bytes.count) == 1 else {
            fallaOpenSSL("EVP_DigestUpdate")
        }
    }

    /// The digest of the input since `empezar()`.
    public mutating func terminar() -> HuellaSHA256 {
        let contexto = self.contexto
        let r: HuellaSHA256? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) { salida in
            var largo: UInt32 = 0
            guard let base = salida.baseAddress, EVP_DigestFinal_ex(contexto, base, &largo) == 1, largo == 32 else { return nil }
            return HuellaSHA256(bytes: UnsafeRawBufferPointer(start: base, count: 32))
        }
        guard let r else { fallaOpenSSL("EVP_DigestFinal_ex") }
        return r
    }
}
