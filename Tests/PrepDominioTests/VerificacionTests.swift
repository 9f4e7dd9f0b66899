import Testing
@testable import PrepDominio

@Suite struct VerificacionTests {
    static let acta = "090001B0100-JG"
    static func c(_ op: String, pan: Int = 100, nulos: Cifra = .votos(7), total: Cifra = .votos(0)) -> Captura {
        Fixture.captura(acta, Fixture.votos(.votos(pan), .votos(200), .votos(3), .votos(0), nulos), totales: total, operador: op)
    }

    @Test func unaCapturaEstaPendiente() throws {
        let v = try Verificacion([Self.c("cap01")])
        #expect(v.estado == .pendiente)
        #expect(v.final == nil)
        #expect(v.registro.map(\.coincideConFinal) == [nil])
    }

    @Test func dosQueCoincidenVerifican() throws {
        let v = try Verificacion([Self.c("cap01"), Self.c("cap02")])
        #expect(v.estado == .verificadaPorCoincidencia)
        #expect(v.final?.mismasCifras(que: Self.c("x")) == true)
        #expect(v.registro.map(\.operador) == ["cap01", "cap02"])
        #expect(v.registro.map(\.papel) == [.primera, .segunda])
    }

    @Test func discrepanciaNombraLosCampos() throws {
        let v = try Verificacion([Self.c("cap01"), Self.c("cap02", pan: 101, nulos: .ilegible, total: .votos(1))])
        #expect(v.estado == .discrepancia(campos: [
            "totales.boletas_sobrantes", "totales.personas_votaron", "totales.representantes_votaron",
            "totales.votos_sacados", "totales.total_asentado", "votos.NULOS", "votos.PAN",
        ]))
        #expect(!v.estado.esVerificada)
        #expect(v.final == nil)
    }

    @Test func laTerceraDecide() throws {
        let tercera = Self.c("cap03", pan: 150)
        let v = try Verificacion([Self.c("cap01"), Self.c("cap02", pan: 101), tercera])
        #expect(v.estado == .verificadaPorTercera(discrepancia: ["votos.PAN"]))
        #expect(v.final == tercera)
        #expect(v.registro.map(\.coincideConFinal) == [false, false, true])
        #expect(v.registro.map(\.papel) == [.primera, .segunda, .tercera])
        let w = try Verificacion([Self.c("cap01"), Self.c("cap02", pan: 101), Self.c("cap03", pan: 101)])
        #expect(w.registro.map(\.coincideConFinal) == [false, true, true])
    }

    @Test func rechazos() throws {
        var v = Verificacion()
        try v.agregar(Self.c("cap01"))
        #expect(throws: Verificacion.Rechazo(description: "operator cap01 already captured acta 090001B0100-JG; a capture must come from another operator")) {
            try v.agregar(Self.c("cap01", pan: 5))
        }
        let otra = Fixture.captura("090001S0100-JG", [:], operador: "cap09")
        #expect(throws: Verificacion.Rechazo(description: "capture is for 090001S0100-JG, not 090001B0100-JG")) { try v.agregar(otra) }
        try v.agregar(Self.c("cap02"))
        #expect(throws: Verificacion.Rechazo(description: "acta 090001B0100-JG is already verified; captures are refused once verified")) {
            try v.agregar(Self.c("cap03"))
        }
        var w = try Verificacion([Self.c("cap01"), Self.c("cap02", pan: 1)])
        #expect(throws: Verificacion.Rechazo.self) { try w.agregar(Self.c("cap02", pan: 3)) }
        try w.agregar(Self.c("cap03"))
        #expect(throws: Verificacion.Rechazo.self) { try w.agregar(Self.c("cap04")) }
        #expect(w.capturas.count == 3)
    }
}
