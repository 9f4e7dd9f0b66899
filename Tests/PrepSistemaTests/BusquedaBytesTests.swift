import PrepSistema
import Testing

/// `BusquedaBytes` against the plain Swift loops it replaces, on slices that do not start at 0
/// (a page's bytes are read as slices of a larger buffer), needles at both ends, overlapping and
/// partial matches, and nothing to find.
@Suite struct BusquedaBytesTests {
    static func primeraPorByte(_ aguja: [UInt8], en b: ArraySlice<UInt8>, desde: Int) -> Int? {
        guard !aguja.isEmpty else { return nil }
        var i = max(desde, b.startIndex)
        while i + aguja.count <= b.endIndex {
            if b[i..<(i + aguja.count)].elementsEqual(aguja) { return i }
            i += 1
        }
        return nil
    }

    @Test func encuentraLoMismoQueUnBucle() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            // A small alphabet, so that partial matches and overlaps are frequent.
            let todo = (0..<Int.random(in: 0...300, using: &g)).map { _ in UInt8.random(in: 97...99, using: &g) }
            let inicio = Int.random(in: 0...todo.count, using: &g)
            let b = todo[inicio..<Int.random(in: inicio...todo.count, using: &g)]
            let aguja = (0..<Int.random(in: 0...5, using: &g)).map { _ in UInt8.random(in: 97...99, using: &g) }
            let desde = b.startIndex + Int.random(in: 0...b.count, using: &g)
            #expect(BusquedaBytes.primera(aguja, en: b, desde: desde) == Self.primeraPorByte(aguja, en: b, desde: desde),
                    "\(aguja) in \(Array(b)) from \(desde - b.startIndex) (slice at \(b.startIndex))")
        }
    }

    @Test func primerByteEIguales() {
        let b: [UInt8] = Array("uno\ndos\n".utf8)
        b.withUnsafeBufferPointer { p in
            #expect(BusquedaBytes.primero(10, en: p, desde: 0) == 3)
            #expect(BusquedaBytes.primero(10, en: p, desde: 4) == 7)
            #expect(BusquedaBytes.primero(10, en: p, desde: 8) == nil)
            #expect(BusquedaBytes.primero(0x7A, en: p, desde: 0) == nil)
        }
        #expect(BusquedaBytes.iguales(b[0..<3], b[0..<3]))
        #expect(!BusquedaBytes.iguales(b[0..<3], b[4..<7]))
        #expect(!BusquedaBytes.iguales(b[0..<3], b[0..<4]))
        #expect(BusquedaBytes.iguales(b[2..<2], b[5..<5]))
    }
}
