@testable import PrepPublicacion
import Testing

/// The CSV writer's numbers: `Bytes.entero` spells every whole number as Swift's `String` does,
/// at both ends of `Int`, around each power of ten, and after text already in the buffer.
@Suite struct BytesTests {
    @Test func enteroEsElDeString() {
        var valores: [Int] = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, -1, -9, -10, -100, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var p = 1
        for _ in 0..<18 {
            p *= 10
            valores += [p - 1, p, p + 1, -p + 1, -p, -p - 1]
        }
        var g = SystemRandomNumberGenerator()
        valores += (0..<1_000).map { _ in Int.random(in: Int.min...Int.max, using: &g) >> Int.random(in: 0...62, using: &g) }
        for v in valores {
            var b = Bytes()
            b.texto("x,")
            b.entero(v)
            #expect(String(decoding: b.b, as: UTF8.self) == "x," + String(v))
        }
    }
}
