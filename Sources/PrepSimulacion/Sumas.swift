/// The two checksums PNG needs: CRC-32 (ISO 3309, per chunk) and Adler-32 (zlib trailer).
/// Integrity checks against accidents, not cryptography.
enum Sumas {
    private static let tablaCRC: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 of `bytes`, continuing from `previo` (pass the result of an earlier call to chain).
    static func crc32<C: Collection>(_ bytes: C, previo: UInt32 = 0) -> UInt32 where C.Element == UInt8 {
        var c = previo ^ 0xFFFF_FFFF
        for b in bytes { c = tablaCRC[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    /// Adler-32 of `bytes` (RFC 1950).
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var i = 0
        while i < bytes.count {
            // 5552 bytes is the most that cannot overflow before the modulo (RFC 1950 §9).
            let fin = min(i + 5552, bytes.count)
            while i < fin {
                a &+= UInt32(bytes[i])
                b &+= a
                i += 1
            }
            a %= 65521
            b %= 65521
        }
        return (b << 16) | a
    }
}

extension Array where Element == UInt8 {
    mutating func agregarBE32(_ v: UInt32) {
        append(UInt8(v >> 24)); append(UInt8((v >> 16) & 0xFF)); append(UInt8((v >> 8) & 0xFF)); append(UInt8(v & 0xFF))
    }

    mutating func agregarBE16(_ v: Int) {
        append(UInt8((v >> 8) & 0xFF)); append(UInt8(v & 0xFF))
    }
}
