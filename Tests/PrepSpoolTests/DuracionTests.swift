import PrepSpool
import Testing

/// The one duration syntax of the config file and the command line.
@Suite struct DuracionTests {
    @Test(arguments: [
        ("500ms", Int64(500_000_000)), ("0s", 0), ("20s", 20_000_000_000), ("15m", 900_000_000_000),
        ("1h", 3_600_000_000_000), ("999999999ms", 999_999_999_000_000),
    ])
    func leeUnNumeroEnteroConSuUnidad(_ texto: String, _ ns: Int64) {
        #expect(Duracion.ns(texto) == ns)
    }

    /// No unit, fractions, signs, spaces, units not listed and numbers too long are refused.
    @Test(arguments: ["120", "1.5s", "-2s", "+2s", " 2s", "2 s", "2S", "2d", "s", "", "1234567890s", "2m30s"])
    func rechazaLoDemas(_ texto: String) {
        #expect(Duracion.ns(texto) == nil)
    }

    @Test func enSegundos() {
        #expect(Duracion.segundos("2m") == 120)
        #expect(Duracion.segundos("1500ms") == 1.5)
        #expect(Duracion.segundos("2") == nil)
    }
}
