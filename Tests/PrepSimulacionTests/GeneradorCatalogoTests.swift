import PrepDominio
import PrepPruebas
import Testing
@testable import PrepSimulacion

/// The synthetic catálogo generator: the shipped sample byte for byte, the national scale stable.
@Suite struct GeneradorCatalogoTests {
    @Test func reproduceLaMuestraByteABytes() throws {
        let generado = GeneradorCatalogo.generar(.cdmx)
        let enDisco = try MuestraCDMX.archivos()
        #expect(Set(generado.keys) == Set(CargadorCatalogo.archivos))
        for n in CargadorCatalogo.archivos {
            #expect(generado[n] == enDisco[n], "etc/catalogo/\(n) differs from the generator's output: run prep sample-catalog --scale cdmx --out etc/catalogo")
        }
    }


    @Test func nacionalDeterministaYCargable() throws {
        let a = GeneradorCatalogo.generar(.national)
        #expect(a == GeneradorCatalogo.generar(.national))
        let c = try CargadorCatalogo.cargar(archivos: a).get()
        #expect((165_000...175_000).contains(c.casillas.count))
        #expect((495_000...525_000).contains(c.actas.count))
        #expect(c.proceso.perfil == .ine2024, "the national scale names no profile: INE's layout")
    }

    /// `entre` and `ponderado` are what the shipped sample depends on: pinned to SplitMix64's
    /// published sequence so a change to the generator shows here, not as a rewritten etc/catalogo.
    @Test func azarEsSplitMix64() {
        var a = Azar(semilla: 0)
        #expect(a.next() == 0xE220_A839_7B1D_CDAF && a.next() == 0x6E78_9E6A_A1B9_65F4)
        var b = Azar(semilla: 0)
        #expect(b.entre(0...9) == Int(UInt64(0xE220_A839_7B1D_CDAF) % 10))
        #expect(b.ponderado([0, 100]) == 1)
    }
}
