import Testing
@testable import PrepSpool

@Suite struct FaseTests {
    @Test func carpetasDelContrato() {
        #expect(Disposicion.carpetas == ["incoming", "captured", "verified", "packaged", "rejected", "publish", "tmp"])
    }
}
