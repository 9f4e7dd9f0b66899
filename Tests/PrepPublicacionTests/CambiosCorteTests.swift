import Testing
@testable import PrepPublicacion

/// Which actas changed since the last corte (`CambiosCorte`): the range and list queries the
/// site's plan asks for every page and lookup file answer exactly what asking acta by acta does.
@Suite struct CambiosCorteTests {
    /// A small deterministic generator (the test must be the same every run).
    struct Lcg {
        var x: UInt64
        mutating func siguiente(_ n: Int) -> Int {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            return Int((x >> 33) % UInt64(n))
        }
    }

    @Test func rangosYListasComoActaPorActa() {
        var g = Lcg(x: 7)
        for marcas in [0, 1, 3, 40] {
            var c = CambiosCorte(actas: 1000, fichaSitio: "", desde: "")
            for _ in 0..<marcas { c.marcar(g.siguiente(1000)) }
            for _ in 0..<2000 {
                let a = g.siguiente(1001), b = g.siguiente(1001)
                let r = min(a, b)..<max(a, b)
                #expect(c.alguno(r) == r.contains { c.cambio($0) }, "\(marcas) marks, \(r)")
                let lista = (0..<g.siguiente(20)).map { _ in Int32(g.siguiente(1000)) }
                #expect(c.alguno(lista[...]) == lista.contains { c.cambio(Int($0)) })
            }
        }
    }

    /// Positions outside the catálogo count as changed, marked or not; an empty range never does.
    @Test func fueraDelCatalogoCuentaComoCambio() {
        let c = CambiosCorte(actas: 130, fichaSitio: "", desde: "")
        #expect(!c.alguno(0..<130))
        #expect(c.alguno(0..<193))
        #expect(c.alguno(-1..<3))
        #expect(!c.alguno(5..<5))
        #expect(c.alguno([Int32(200)][...]))
        #expect(!c.alguno([Int32(4), 129][...]))
    }
}
