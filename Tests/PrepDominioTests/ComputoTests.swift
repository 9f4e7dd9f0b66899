import Testing
@testable import PrepDominio

/// One row of the counting table: an acta's figures and what Anexo 13 makes of them.
struct CasoComputo: Sendable, CustomTestStringConvertible {
    let nombre: String
    let acta: String
    let votos: [String: Cifra]
    var totales: Cifra = .votos(0)
    let contabilizada: Contabilizada
    let observaciones: String
    let total: Int?
    var testDescription: String { nombre }
}

private let v = Cifra.votos
private let I = Cifra.ilegible
private let SD = Cifra.sinDato

@Suite struct ComputoTests {
    // Casilla 090001B0100: LN 600 + 10 reps = 610. Casilla especial 090001S0100: 1,000 ballots + 10 = 1,010.
    static let casos: [CasoComputo] = [
        CasoComputo(nombre: "ordinary", acta: "090001B0100-JG", votos: Fixture.votos(v(100), v(200), v(3), v(0), v(7)),
                    contabilizada: .si, observaciones: "", total: 310),
        CasoComputo(nombre: "sum exactly LN + reps counts", acta: "090001B0100-JG",
                    votos: Fixture.votos(v(300), v(300), v(5), v(0), v(5)), contabilizada: .si, observaciones: "", total: 610),
        CasoComputo(nombre: "one more than LN + reps does not", acta: "090001B0100-JG",
                    votos: Fixture.votos(v(300), v(300), v(5), v(1), v(5)),
                    contabilizada: .no, observaciones: "Excede Lista Nominal", total: 611),
        CasoComputo(nombre: "ilegible counts as 0 and still counts", acta: "090001B0100-JG",
                    votos: Fixture.votos(v(100), I, v(3), v(0), v(7)), contabilizada: .si, observaciones: "Ilegible", total: 110),
        CasoComputo(nombre: "sin dato counts as 0 and still counts", acta: "090001B0100-JG",
                    votos: Fixture.votos(v(100), v(1), v(3), SD, v(7)), contabilizada: .si, observaciones: "Sin dato", total: 111),
        CasoComputo(nombre: "ilegible and sin dato", acta: "090001B0100-JG",
                    votos: Fixture.votos(I, v(1), v(3), SD, v(7)), contabilizada: .si, observaciones: "Ilegible, Sin dato", total: 11),
        CasoComputo(nombre: "excede with ilegible and sin dato, canonical order", acta: "090001B0100-JG",
                    votos: Fixture.votos(v(700), I, v(3), SD, v(7)),
                    contabilizada: .no, observaciones: "Excede Lista Nominal, Ilegible, Sin dato", total: 710),
        CasoComputo(nombre: "ilegible control total only", acta: "090001B0100-JG",
                    votos: Fixture.votos(v(1), v(1), v(1), v(1), v(1)), totales: I,
                    contabilizada: .si, observaciones: "Ilegible", total: 5),
        CasoComputo(nombre: "all vote fields ilegible", acta: "090001B0100-JG", votos: Fixture.votos(I, I, I, I, I),
                    contabilizada: .no, observaciones: "Todos los campos ilegibles", total: 0),
        CasoComputo(nombre: "all vote fields sin dato", acta: "090001B0100-JG", votos: Fixture.votos(SD, SD, SD, SD, SD),
                    contabilizada: .no, observaciones: "Todos los campos vacíos", total: 0),
        CasoComputo(nombre: "a mix of only ilegible and sin dato", acta: "090001B0100-JG",
                    votos: Fixture.votos(I, SD, SD, SD, SD), contabilizada: .no, observaciones: "Todos los campos ilegibles", total: 0),
        CasoComputo(nombre: "all zero counts", acta: "090001B0100-JG", votos: Fixture.votos(v(0), v(0), v(0), v(0), v(0)),
                    contabilizada: .si, observaciones: "", total: 0),
        CasoComputo(nombre: "casilla especial: ballots + reps is the threshold", acta: "090001S0100-JG",
                    votos: Fixture.votos(v(1000), v(0), v(0), v(0), v(10)), contabilizada: .si, observaciones: "", total: 1010),
        CasoComputo(nombre: "casilla especial: one more than ballots + reps", acta: "090001S0100-JG",
                    votos: Fixture.votos(v(1000), v(0), v(0), v(1), v(10)),
                    contabilizada: .no, observaciones: "Excede Lista Nominal", total: 1011),
        CasoComputo(nombre: "fuera de catálogo: no LN check", acta: "099999B0100-JG",
                    votos: Fixture.votos(v(100_000), v(0), v(0), v(0), v(0)),
                    contabilizada: .fueraDeCatalogo, observaciones: "", total: 100_000),
        CasoComputo(nombre: "fuera de catálogo keeps ilegible", acta: "099999B0100-JG",
                    votos: Fixture.votos(v(1), I, v(0), v(0), v(0)),
                    contabilizada: .fueraDeCatalogo, observaciones: "Ilegible", total: 1),
        CasoComputo(nombre: "fuera de catálogo all ilegible", acta: "099999B0100-JG", votos: Fixture.votos(I, I, I, I, I),
                    contabilizada: .fueraDeCatalogo, observaciones: "Todos los campos ilegibles", total: 0),
    ]

    @Test(arguments: casos)
    func regla(_ caso: CasoComputo) {
        let captura = Fixture.captura(caso.acta, caso.votos, totales: caso.totales)
        let clave = Fixture.clave(caso.acta)
        let r = Computo.computar(Fixture.verificada(captura), esperada: Fixture.catalogo.acta(clave), catalogo: Fixture.catalogo)
        #expect(r.contabilizada == caso.contabilizada)
        #expect(r.textoObservaciones == caso.observaciones)
        #expect(r.totalCalculado == caso.total)
    }

    @Test(arguments: [
        (CausaSinActa.paqueteNoEntregado, "Sin Acta por paquete no entregado"),
        (.casillaNoInstalada, "Sin Acta por casilla no instalada"),
        (.paqueteSinSobre, "Sin Acta por paquete entregado sin sobre"),
    ])
    func sinActa(_ causa: CausaSinActa, _ texto: String) {
        let cat = Fixture.catalogo
        let r = Computo.computar(Fixture.sinActa("090001B0100-JG", causa), esperada: cat.acta(Fixture.clave("090001B0100-JG")), catalogo: cat)
        #expect(r.contabilizada == .no)
        #expect(r.textoObservaciones == texto)
        #expect(r.totalCalculado == nil)
        #expect(!r.esInconsistente)
        let fuera = Computo.computar(Fixture.sinActa("099999B0100-JG", causa), esperada: nil, catalogo: cat)
        #expect(fuera.contabilizada == .fueraDeCatalogo)
        #expect(fuera.textoObservaciones == texto)
    }

    @Test func pendiente() {
        let cat = Fixture.catalogo
        let r = Computo.computar(nil, esperada: cat.actas[0], catalogo: cat)
        #expect(r == ResultadoComputo(contabilizada: .pendiente, observaciones: [], totalCalculado: nil))
        #expect(r.contabilizada.rawValue == "-")
    }

    @Test func inconsistencias() {
        let inconsistentes = Observacion.allCases.filter(\.esInconsistencia).map(\.rawValue)
        #expect(inconsistentes == ["Excede Lista Nominal", "Ilegible", "Sin dato", "Todos los campos ilegibles",
                                   "Todos los campos vacíos"])
        // The order given does not matter: OBSERVACIONES comes out in canonical order.
        let r = ResultadoComputo(contabilizada: .no, observaciones: [.sinDato, .excedeListaNominal, .ilegible], totalCalculado: 1)
        #expect(r.textoObservaciones == "Excede Lista Nominal, Ilegible, Sin dato")
    }
}

@Suite struct ResumenTests {
    @Test(arguments: [
        (2, 3, "66.6666"), (1, 3, "33.3333"), (3, 3, "100.0000"), (0, 5, "0.0000"), (5, 0, "0.0000"),
        (1, 7, "14.2857"), (5_383_288, 7_767_268, "69.3073"), (1, 1_000_000, "0.0001"), (1, 1_000_001, "0.0000"),
        (99_999, 100_000, "99.9990"), (Int.max / 10, Int.max / 10, "100.0000"),
    ])
    func porcentajeTruncado(_ n: Int, _ d: Int, _ texto: String) {
        #expect(Porcentaje.truncado(n, de: d).description == texto)
    }

    @Test func encabezado() {
        #expect(Resumen.encabezado.joined(separator: ",") ==
            "ACTAS_ESPERADAS,ACTAS_REGISTRADAS,ACTAS_FUERA_CATALOGO,ACTAS_CAPTURADAS,PORCENTAJE_ACTAS_CAPTURADAS,ACTAS_CONTABILIZADAS,PORCENTAJE_ACTAS_CONTABILIZADAS,PORCENTAJE_ACTAS_INCONSISTENCIAS,ACTAS_NO_CONTABILIZADAS,LISTA_NOMINAL_ACTAS_CONTABILIZADAS,TOTAL_VOTOS_C_CS,TOTAL_VOTOS_S_CS,PORCENTAJE_PARTICIPACION_CIUDADANA")
    }

    /// Three expected actas: one counted básica (LN 600), the casilla especial counted (no LN, its
    /// votes only in C_CS), the third excede; plus one fuera de catálogo and one pending row.
    @Test func acumulador() {
        let cat = Fixture.catalogo
        var acc = AcumuladorResumen(actasEsperadas: 3)
        func fila(_ acta: ActaVerificada?, _ clave: String) {
            let esperada = cat.acta(Fixture.clave(clave))
            let r = Computo.computar(acta, esperada: esperada, catalogo: cat)
            acc.agregar(r, acta: acta, casilla: esperada.map { cat.casillas[$0.casilla] })
        }
        fila(Fixture.verificada(Fixture.captura("090001B0100-JG", Fixture.votos(.votos(100), .votos(200), .ilegible, .votos(0), .votos(7)))), "090001B0100-JG")
        fila(Fixture.verificada(Fixture.captura("090001S0100-JG", Fixture.votos(.votos(50), .votos(50), .votos(0), .votos(0), .votos(0)))), "090001S0100-JG")
        fila(Fixture.verificada(Fixture.captura("090002B0100-JG", ["PAN": .votos(600), "MORENA": .votos(0), "NO_REGISTRADAS": .votos(0), "NULOS": .votos(0)])), "090002B0100-JG")
        fila(Fixture.verificada(Fixture.captura("099999B0100-JG", Fixture.votos(.votos(1), .votos(1), .votos(1), .votos(1), .votos(1)))), "099999B0100-JG")
        fila(nil, "090001B0100-JG")
        let r = acc.resumen(perfil: .ine2024)
        #expect(r.valores == ["3", "4", "1", "3", "100.0000", "2", "66.6666", "66.6666", "1", "600", "407", "307", "51.1666"])
        #expect(acc.votosPorColumna == ["PAN": 150, "MORENA": 250, "PT_MORENA": 0, "NO_REGISTRADAS": 0, "NULOS": 7])
    }

    @Test func vacio() {
        let r = AcumuladorResumen(actasEsperadas: 40_000).resumen(perfil: .ine2024)
        #expect(r.valores == ["40000", "0", "0", "0", "0.0000", "0", "0.0000", "0.0000", "0", "0", "0", "0", "0.0000"])
    }
}
