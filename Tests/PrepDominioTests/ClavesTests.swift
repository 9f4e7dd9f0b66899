import Testing
@testable import PrepDominio

@Suite struct ClavesTests {
    @Test(arguments: ["090001B0100-JG", "090001C0103-DIP", "093000S0100-ALC", "150123E0201-AB12CD34"])
    func clavesValidas(_ texto: String) throws {
        let k = try #require(ClaveActa(texto))
        #expect(k.texto == texto)
        #expect(k.casilla.entidad == Int(texto.prefix(2)))
    }

    @Test(arguments: ["", "090001B0100", "090001b0100-JG", "090001B0100-jg", "090001B0100-J", "090001B0100-JGABCDEFG",
                      "09000XB0100-JG", "090001B0100_JG", "090001B01000-JG", "090001B0100-1G", "../etc/passwd",
                      "090001B0100-J G", "090001B0100-JG\n"])
    func clavesInvalidas(_ texto: String) {
        #expect(ClaveActa(texto) == nil)
    }

    @Test func casillaDesdePartes() throws {
        let c = try #require(ClaveCasilla(entidad: 9, seccion: 1, tipo: "B", idCasilla: 1, extContigua: 0))
        #expect(c.texto == "090001B0100")
        #expect(ClaveCasilla(entidad: 9, seccion: 10000, tipo: "B", idCasilla: 1, extContigua: 0) == nil)
    }
}

@Suite struct MarcaTiempoTests {
    @Test func rfc3339IdaYVuelta() throws {
        let t = try #require(MarcaTiempo(rfc3339: "2024-06-02T21:20:31-06:00"))
        #expect(t.segundosUnix == 1_717_384_831)
        #expect(t.rfc3339 == "2024-06-02T21:20:31-06:00")
        #expect(t.en(desfaseMinutos: 0).rfc3339 == "2024-06-03T03:20:31+00:00")
        let z = try #require(MarcaTiempo(rfc3339: "2024-06-03T03:20:31.250Z"))
        #expect(z.segundosUnix == t.segundosUnix)
    }

    @Test(arguments: ["2024-06-02 21:20:31", "2024-13-02T21:20:31Z", "2024-02-30T00:00:00Z", "2024-06-02T21:20:31",
                      "2024-06-02T21:20:31+0600", "x", "2024-06-02T21:20:31Zjunk"])
    func rfc3339Invalido(_ s: String) {
        #expect(MarcaTiempo(rfc3339: s) == nil)
    }

    @Test func civilAntesDe1970YBisiesto() throws {
        let t = try #require(MarcaTiempo(anio: 1960, mes: 2, dia: 29, hora: 23, minuto: 59, segundo: 59, desfaseMinutos: 0))
        let c = t.civil()
        #expect([c.anio, c.mes, c.dia, c.hora, c.minuto, c.segundo] == [1960, 2, 29, 23, 59, 59])
    }
}
