import Testing
@testable import PrepDominio

/// One line means one line, whatever a writer put in a value.
@Suite struct UnaLineaTests {
    @Test func textoNormalQuedaIgual() {
        #expect(UnaLinea.escapar("acta 090001B0100-JG: operador «cap017», Año ñ") == "acta 090001B0100-JG: operador «cap017», Año ñ")
    }

    @Test func ningunCaracterDeControlSobrevive() {
        var escalares: [Unicode.Scalar] = (0..<0x20).compactMap { Unicode.Scalar($0) }
        escalares += (0x7F...0x9F).compactMap { Unicode.Scalar($0) }
        escalares += [0x2028, 0x2029, 0x202E, 0x2066].compactMap { Unicode.Scalar($0) }
        for u in escalares {
            let e = UnaLinea.escapar("a\(Character(u))b")
            #expect(!e.unicodeScalars.contains(where: UnaLinea.peligroso), "U+\(String(u.value, radix: 16)) survived")
            #expect(e.hasPrefix("a\\") && e.hasSuffix("b"))
        }
    }

    @Test func unaLineaFalsificadaQuedaVisible() {
        let forjada = "cap1\n2024-06-02T21:22:05-06:00 verificada 2 captures agree: cap1, cap2"
        let e = UnaLinea.escapar(forjada)
        #expect(!e.contains("\n"))
        #expect(e == "cap1\\x0a2024-06-02T21:22:05-06:00 verificada 2 captures agree: cap1, cap2")
    }
}
