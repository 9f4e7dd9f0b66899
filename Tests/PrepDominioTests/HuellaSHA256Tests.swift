import Testing
import PrepDominio

/// The one digest type's parser and printer: what estado lines, `SHA256` lists, manifests,
/// CSV cells and file names are read with and written by.
@Suite struct HuellaSHA256Tests {
    /// SHA-256("abc") (FIPS 180-2), in hex and as its four words.
    static let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    static let palabrasABC: (UInt64, UInt64, UInt64, UInt64) =
        (0xba78_16bf_8f01_cfea, 0x4141_40de_5dae_2223, 0xb003_61a3_9617_7a9c, 0xb410_ff61_f200_15ad)

    static func motivo(_ texto: String) -> HuellaSHA256.Invalida.Motivo? {
        do {
            _ = try HuellaSHA256(hex: texto)
            return nil
        } catch { return error.motivo }
    }

    @Test func idaYVuelta() throws {
        let h = try HuellaSHA256(hex: Self.abc)
        #expect(h == HuellaSHA256(palabras: Self.palabrasABC))
        #expect(h.description == Self.abc)
        #expect("\(h)" == Self.abc)
        // Every form of the text parses to the same value.
        #expect(try HuellaSHA256(hex: Self.abc[...]) == h)
        #expect(try HuellaSHA256(hex: Array(Self.abc.utf8)[...]) == h)
        #expect(try Array(Self.abc.utf8).withUnsafeBytes { u throws(HuellaSHA256.Invalida) in try HuellaSHA256(hex: u) } == h)
        // The bytes, in order.
        let bytes: [UInt8] = stride(from: 0, to: 64, by: 2).map { i in
            let s = Self.abc.utf8.dropFirst(i).prefix(2)
            return UInt8(String(decoding: s, as: UTF8.self), radix: 16)!
        }
        #expect(bytes.withUnsafeBytes { HuellaSHA256(bytes: $0) } == h)
        #expect([UInt8](repeating: 0, count: 31).withUnsafeBytes { HuellaSHA256(bytes: $0) } == nil)
        // Appended after what a row already holds, nothing else touched.
        var fila = Array("a,".utf8)
        h.anexarHex(&fila)
        fila.append(10)
        #expect(fila == Array("a,\(Self.abc)\n".utf8))
        // Every digit value at every position prints and parses back.
        for k in 0..<16 {
            let texto = String(repeating: String(k, radix: 16), count: 64)
            #expect(try HuellaSHA256(hex: texto).description == texto)
        }
    }

    @Test func rechazosConMotivo() {
        #expect(Self.motivo(Self.abc.uppercased()) == .mayuscula(posicion: 0))
        #expect(Self.motivo(String(Self.abc.dropLast()) + "D") == .mayuscula(posicion: 63))
        #expect(Self.motivo(String(Self.abc.dropLast())) == .largo(63))
        #expect(Self.motivo(Self.abc + "0") == .largo(65))
        #expect(Self.motivo("") == .largo(0))
        #expect(Self.motivo(" " + Self.abc.dropFirst()) == .noHex(posicion: 0))
        #expect(Self.motivo(String(Self.abc.dropLast()) + "g") == .noHex(posicion: 63))
        #expect(Self.motivo(String(Self.abc.prefix(10)) + ":" + Self.abc.dropFirst(11)) == .noHex(posicion: 10))
        // Multi-byte text counts in bytes: 63 digits and "é" is 65 bytes, not a digest.
        #expect(Self.motivo(String(Self.abc.dropLast()) + "é") == .largo(65))
        // One line, naming what and where.
        #expect(HuellaSHA256.Invalida(motivo: .largo(63)).description
            == "not a SHA-256 digest: 63 characters, not 64 lowercase hex digits")
        #expect(HuellaSHA256.Invalida(motivo: .mayuscula(posicion: 0)).description
            == "not a SHA-256 digest: uppercase hex digit at character 1 (digests are lowercase)")
        #expect(HuellaSHA256.Invalida(motivo: .noHex(posicion: 63)).description
            == "not a SHA-256 digest: character 64 is not a hex digit")
    }

    /// Sorting digests sorts their hex; a national catálogo's worth fit inline.
    @Test func ordenYTamano() throws {
        let hexes = ["0" + String(repeating: "f", count: 63), String(repeating: "0", count: 63) + "1",
                     "f" + String(repeating: "0", count: 63), Self.abc, String(repeating: "0", count: 64)]
        let huellas = try hexes.map { try HuellaSHA256(hex: $0) }
        #expect(huellas.sorted().map(\.description) == hexes.sorted())
        #expect(MemoryLayout<HuellaSHA256>.size == 32)
        #expect(MemoryLayout<HuellaSHA256?>.size == 33)
    }
}
