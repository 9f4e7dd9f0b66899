import Testing
@testable import PrepSitio

/// A page of an ámbito as ranges of positions (`SitioResultados.tramos`, what the plan asks
/// `CambiosCorte` about, and what the page's rows are listed from) holds exactly that stretch of
/// the runs laid end to end.
@Suite struct TramosPaginaTests {
    @Test func losTramosSonLasPosicionesDeLaPagina() {
        let runs = [3..<10, 20..<21, 40..<100, 100..<105, 300..<340]
        let total = runs.reduce(0) { $0 + $1.count }
        let todas = runs.flatMap { Array($0) }
        for n in [1, 7, 50, 200] {
            for desde in stride(from: 0, through: total + 3, by: 1) {
                let tramos = SitioResultados.tramos(runs, desde: desde, n: n)
                let pagina = Array(todas.dropFirst(desde).prefix(n))
                #expect(tramos.flatMap { Array($0) } == pagina, "desde \(desde), n \(n)")
                #expect(tramos.allSatisfy { !$0.isEmpty })
            }
        }
        #expect(SitioResultados.tramos([], desde: 0, n: 5).isEmpty)
    }
}
