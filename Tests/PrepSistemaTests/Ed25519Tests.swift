import Testing
@testable import PrepSistema

@Suite struct Ed25519Tests {
    /// Lowercase hex of key and signature bytes (not digests), to compare with RFC 8032's vectors.
    static func hex(_ b: [UInt8]) -> String { b.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    static func bytes(_ hex: String) -> [UInt8] {
        let u = Array(hex.utf8)
        func v(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        return stride(from: 0, to: u.count, by: 2).map { v(u[$0]) << 4 | v(u[$0 + 1]) }
    }

    /// RFC 8032 §7.1, TEST 1 (empty message).
    @Test func vectorRFC8032Prueba1() throws {
        let semilla = Self.bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        let pub = try Ed25519.clavePublica(semilla: semilla)
        #expect(Self.hex(pub) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let firma = try Ed25519.firmar(semilla: semilla, mensaje: [])
        #expect(Self.hex(firma) == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        let clave = try #require(Ed25519.ClavePublica(pub))
        #expect(clave.verificar(mensaje: [], firma: firma))
        #expect(!clave.verificar(mensaje: [0], firma: firma))
        var mala = firma
        mala[10] ^= 1
        #expect(!clave.verificar(mensaje: [], firma: mala))
        #expect(!clave.verificar(mensaje: [], firma: Array(firma.prefix(63))))
        // A key of 31 bytes is no key: nothing verifies with it.
        #expect(Ed25519.ClavePublica(Array(pub.prefix(31))) == nil)
    }

    @Test func semillasAleatoriasDistintas() throws {
        let a = try Ed25519.semillaAleatoria(), b = try Ed25519.semillaAleatoria()
        #expect(a.count == 32 && a != b)
        #expect(throws: SHA256.ErrorOpenSSL.self) { try Ed25519.firmar(semilla: [1, 2], mensaje: []) }
    }

    @Test func sha512Conocido() throws {
        #expect(Self.hex(try SHA512.resumen(Array("abc".utf8))).hasPrefix("ddaf35a193617aba"))
    }
}
