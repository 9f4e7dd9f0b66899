import Testing

@Suite struct AyudaTests {
    @Test func ayudaGeneralYUsoIncorrecto() throws {
        let ayuda = try Binario.ejecutar(["help"])
        #expect(ayuda.estado == 0)
        #expect(ayuda.stdout.contains("usage: prep COMMAND"))
        let malo = try Binario.ejecutar(["no-such-command"])
        #expect(malo.estado == 2)
        #expect(malo.stderr.contains("unknown command 'no-such-command'"))
        let sinNada = try Binario.ejecutar([])
        #expect(sinNada.estado == 2)
    }
}
