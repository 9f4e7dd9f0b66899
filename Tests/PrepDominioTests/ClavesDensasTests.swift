import Testing
@testable import PrepDominio

/// The dense keys: stored as packed parts, their text and parts rebuilt on demand must
/// be exactly what was parsed, and they must stay small and free of heap objects.
@Suite struct ClavesDensasTests {
    @Test(arguments: [
        ("090001B0100-JG", "JG", nil), ("320001B0100-PRES", "PRES", nil), ("090001S0100-DIP-RP", "DIP", "RP"),
        ("150123E0201-AB12CD34", "AB12CD34", nil), ("999999Z9999-AB12CD34-Z999", "AB12CD34", "Z999"),
        ("000000A0000-A0", nil, nil), ("090001S0100-DIP-R", "DIP", "R"),
    ] as [(String, String?, String?)])
    func partesYTexto(_ texto: String, _ eleccion: String?, _ variante: String?) throws {
        let k = try #require(ClaveActa(texto))
        #expect(k.texto == texto)
        #expect(k.description == texto)
        #expect(k.eleccion == (eleccion ?? "A0"))
        #expect(k.variante == variante)
        #expect(k.casilla.texto == String(texto.prefix(11)))
        #expect(k.codigoActa == String(texto.dropFirst(12)))
        let dePartes = try #require(ClaveActa(casilla: k.casilla, eleccion: k.eleccion, variante: k.variante))
        #expect(dePartes == k)
        #expect(dePartes.hashValue == k.hashValue)
        #expect(ClaveActa(texto[...]) == k)
    }

    @Test func partesDeLaCasilla() throws {
        let c = try #require(ClaveCasilla("310987S0412"))
        #expect(c.entidad == 31 && c.seccion == 987 && c.tipo == "S" && c.idCasilla == 4 && c.extContigua == 12)
        #expect(ClaveCasilla(entidad: 31, seccion: 987, tipo: "S", idCasilla: 4, extContigua: 12) == c)
        #expect(ClaveCasilla(entidad: 31, seccion: 987, tipo: "s", idCasilla: 4, extContigua: 12) == nil)
        #expect(ClaveCasilla(entidad: 31, seccion: 987, tipo: "É", idCasilla: 4, extContigua: 12) == nil)
        #expect(ClaveCasilla(entidad: -1, seccion: 987, tipo: "S", idCasilla: 4, extContigua: 12) == nil)
        #expect(ClaveCasilla(entidad: 31, seccion: 987, tipo: "S", idCasilla: 100, extContigua: 12) == nil)
    }

    /// Different keys stay different, also where only the variant or a padded byte differs.
    @Test func distintas() throws {
        let textos = ["090001B0100-DIP", "090001B0100-DIP-RP", "090001B0100-DIPR", "090001B0100-DI", "090001B0101-DIP",
                      "090001C0100-DIP", "190001B0100-DIP", "090001B0100-DIP-R", "090001B0100-DIP-RP1"]
        let claves = try textos.map { try #require(ClaveActa($0)) }
        #expect(Set(claves).count == textos.count)
        #expect(Set(claves.map(\.texto)) == Set(textos))
    }

    /// A code that is not one election code goes through the text, as it always did.
    @Test func partesRaras() throws {
        let c = try #require(ClaveCasilla("090001S0100"))
        #expect(ClaveActa(casilla: c, eleccion: "DIP-RP") == ClaveActa("090001S0100-DIP-RP"))
        #expect(ClaveActa(casilla: c, eleccion: "dip") == nil)
        #expect(ClaveActa(casilla: c, eleccion: "DIP", variante: "rp") == nil)
        #expect(ClaveActa(casilla: c, eleccion: "DIP", variante: "") == nil)
    }

    /// The catálogo holds ≈515,000 acta keys and expected actas and ≈170,000 casillas nationally.
    @Test func tamanos() {
        #expect(MemoryLayout<ClaveCasilla>.stride <= 8)
        #expect(MemoryLayout<ClaveActa>.stride <= 24)
        #expect(MemoryLayout<ActaEsperada>.stride <= 40)
        #expect(MemoryLayout<Casilla>.stride <= 48)
        // Plain bytes: copying or storing a key never touches a heap object.
        #expect(_isPOD(ClaveCasilla.self))
        #expect(_isPOD(ClaveActa.self))
    }
}
