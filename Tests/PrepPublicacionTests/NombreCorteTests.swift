import Testing
import PrepDominio
@testable import PrepPublicacion

@Suite struct NombreCorteTests {
    @Test func nombreEnHoraLocal() throws {
        let t = try #require(MarcaTiempo(rfc3339: "2024-06-03T02:05:00Z")).en(desfaseMinutos: -360)
        let n = NombreCorte(seq: 42, hora: t)
        #expect(n.description == "000042_20240602_2005")
        let p = try #require(NombreCorte("000042_20240602_2005"))
        #expect(p.seq == 42)
        #expect(NombreCorte(".000043_20240602_2005.partial") == nil)
        #expect(NombreCorte("000000_20240602_2005") == nil)
    }
}
