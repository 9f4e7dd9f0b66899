import Testing
@testable import PrepSpool

/// The log's two forms (journal and plain), its priorities, and SIGHUP's reading of the config.
@Suite struct RegistroTests {
    @Test func alDiarioPrioridadSinHora() {
        let r = Registro(detallado: false, desfaseMinutos: -360, diario: true)
        #expect(String(decoding: r.linea("warning", "a\nb", .advertencia), as: UTF8.self) == "<4>warning a\\x0ab\n")
        #expect(String(decoding: r.linea("ready", "x", Registro.prioridad(de: "ready")), as: UTF8.self) == "<5>ready x\n")
    }

    @Test func fueraDelDiarioHoraISO() {
        let r = Registro(detallado: false, desfaseMinutos: -360, diario: false)
        let t = String(decoding: r.linea("corte", "x", .nota), as: UTF8.self)
        // 2024-06-02T21:14:10-06:00 corte x
        #expect(t.hasSuffix("-06:00 corte x\n"), "\(t)")
        #expect(t.dropFirst(4).hasPrefix("-") && t.dropFirst(10).hasPrefix("T"), "\(t)")
    }

    @Test(arguments: [("error", 3), ("warning", 4), ("rejected", 4), ("ready", 5), ("corte", 5), ("reload", 5), ("recovery", 5)])
    func prioridades(_ evento: String, _ n: Int) {
        #expect(Registro.prioridad(de: evento).rawValue == n)
    }
}
