import Foundation
import Glibc
import Testing
import PrepDominio
@testable import PrepSistema
@testable import PrepSpool

/// The reception in-process (`--once`, fake rules), and what the publisher uses: the actas each
/// turn verified, `leerVerificada` and `empaquetar`.
@Suite struct PublicacionAPITests {
    @Test func unaVezEnProcesoYEmpaquetado() throws {
        let raiz = "/tmp/prep-api-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let registro = Registro(detallado: false, desfaseMinutos: -360)
        let spool = try Spool.abrir(raiz: raiz, crear: true, reglas: ReglasFalsas(), desfaseMinutos: -360, registro: registro)
        let k = "090001B0100-JG"
        try FileManager.default.createDirectory(atPath: "\(raiz)/incoming/casilla-1", withIntermediateDirectories: true)
        try Data([0xFF, 0xD8, 0xFF, 1, 2, 0xFF, 0xD9]).write(to: URL(fileURLWithPath: "\(raiz)/incoming/casilla-1/\(k).jpg"))
        try Data(#"{"n":7}"#.utf8).write(to: URL(fileURLWithPath: "\(raiz)/incoming/\(k).captura.ana.json"))
        try Data(#"{"n":7}"#.utf8).write(to: URL(fileURLWithPath: "\(raiz)/incoming/\(k).captura.beto.json"))
        var config = ConfiguracionSpool()
        config.asentamientoNs = 0
        let d = try Recepcion(spool: spool, config: config, unaVez: true)
        try d.iniciar()
        var verificadas: [ClaveActa] = []
        var turnos = 0
        repeat {
            verificadas += try d.turno().verificadas
            turnos += 1
        } while !d.terminada && turnos < 100
        d.descartarAdelanto()
        #expect(d.terminada)
        #expect(d.procesadas == 3)
        // What the turns returned is what is in verified/, once each.
        #expect(verificadas.map(\.texto) == [k])
        #expect(try spool.clavesVerificadas() == verificadas)
        for c in verificadas {
            let (acta, ruta, _) = try spool.leerVerificada(c)
            if case .captura(let cap) = acta.contenido { #expect(cap.votos["NULOS"] == .votos(7)) }
            #expect(acta.imagen?.origen == .casilla)
            #expect(ruta.map { FileManager.default.fileExists(atPath: $0) } == true)
        }
        try spool.empaquetar(verificadas, corte: "000001_20240602_2200")
        #expect(FileManager.default.fileExists(atPath: "\(raiz)/packaged/\(k)/\(k).jpg"))
        #expect(!FileManager.default.fileExists(atPath: "\(raiz)/verified/\(k)"))
        let historia = try String(contentsOfFile: "\(raiz)/packaged/\(k)/estado", encoding: .utf8)
        #expect(historia.contains(" empaquetada corte 000001_20240602_2200"))
        #expect(spool.fases[k] == .packaged)
    }
}
