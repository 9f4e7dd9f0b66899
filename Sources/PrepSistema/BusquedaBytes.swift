import Glibc

/// libc's vectorised byte search and comparison, for the few loops that look through megabytes
/// of a corte's CSVs every corte (where a Swift loop over each byte costs several times more):
/// the zip's cuts look for line ends, and a deflated piece is reused only when its bytes equal
/// the previous corte's.
public enum BusquedaBytes {
    /// The offset of the first `byte` in `p` at or after `desde`; nil when there is none.
    @inlinable
    public static func primero(_ byte: UInt8, en p: UnsafeBufferPointer<UInt8>, desde: Int) -> Int? {
        guard let base = p.baseAddress, desde < p.count else { return nil }
        guard let q = memchr(base + desde, Int32(byte), p.count - desde) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(q))
    }

    /// Whether `a` and `b` hold the same bytes.
    public static func iguales(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                guard let px = x.baseAddress, let py = y.baseAddress else { return true }
                return memcmp(px, py, x.count) == 0
            }
        }
    }
}
