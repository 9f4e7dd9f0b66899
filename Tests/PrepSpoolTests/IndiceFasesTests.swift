@testable import PrepSpool
import Testing

/// The per-phase counts the status line reads follow every change of the index.
@Suite struct IndiceFasesTests {
    @Test func lasCuentasSiguenCadaCambio() {
        var f = IndiceFases()
        f["A-JG"] = .captured
        f["B-JG"] = .captured
        f["C-JG"] = .verified
        #expect(f.cuentas == [.captured: 2, .verified: 1])
        f["A-JG"] = .verified
        f["C-JG"] = .packaged
        #expect(f.cuentas[.captured] == 1 && f.cuentas[.verified] == 1 && f.cuentas[.packaged] == 1)
        f["B-JG"] = nil
        f["Z-JG"] = nil
        #expect(f.cuentas[.captured] == 0)
        #expect(f["A-JG"] == .verified && f["B-JG"] == nil)
        #expect(Dictionary(uniqueKeysWithValues: f.map { ($0.key, $0.value) }) == ["A-JG": .verified, "C-JG": .packaged])
    }
}
