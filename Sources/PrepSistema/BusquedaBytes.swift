import Glibc

/// libc's vectorised byte search and comparison, for the few loops that look through megabytes
/// every corte (where a Swift loop over each byte costs several times more): the zip's cuts look
/// for line ends in the CSVs, a deflated piece is reused only when its bytes equal the previous
/// corte's, and `prep verify` finds each figure's markup in every page.
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

    /// The index in `b` of the first occurrence of `aguja` starting at or after index `desde`;
    /// nil when there is none (or `aguja` is empty).
    public static func primera(_ aguja: [UInt8], en b: ArraySlice<UInt8>, desde: Int) -> Int? {
        let desde = max(desde, b.startIndex)
        guard let primero = aguja.first, aguja.count <= b.endIndex - desde else { return nil }
        return b.withUnsafeBufferPointer { p -> Int? in
            aguja.withUnsafeBufferPointer { a -> Int? in
                guard let base = p.baseAddress, let pa = a.baseAddress else { return nil }
                let ultimo = p.count - a.count
                var i = desde - b.startIndex
                while i <= ultimo {
                    guard let q = memchr(base + i, Int32(primero), ultimo - i + 1) else { return nil }
                    let k = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(q))
                    if memcmp(base + k, pa, a.count) == 0 { return b.startIndex + k }
                    i = k + 1
                }
                return nil
            }
        }
    }
}
