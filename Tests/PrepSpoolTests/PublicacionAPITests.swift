import Foundation
import Glibc
import Testing
import PrepDominio
@testable import PrepSistema
@testable import PrepSpool

/// The daemon in-process (`--once`, fake rules), and what the publisher uses: the publication
/// hook, `leerVerificada` and `empaquetar`.
@Suite struct PublicacionAPITests {
    final class Contador: GanchoPublicacion {
        var turnos = 0
        var finales = 0
        var publicadas: [String] = []
        func turno(_ spool: Spool, ahoraMonotonoNs: Int64, final: Bool) throws {
            turnos += 1
            guard final else { return }
            finales += 1
            let claves = try spool.clavesVerificadas()
            for c in claves {
                let (acta, ruta, _) = try spool.leerVerificada(c)
                if case .captura(let cap) = acta.contenido { #expect(cap.votos["NULOS"] == .votos(7)) }
                #expect(acta.imagen?.origen == .casilla)
                #expect(ruta.map { FileManager.default.fileExists(atPath: $0) } == true)
                publicadas.append(c.texto)
            }
            try spool.empaquetar(claves, corte: "000001_20240602_2200")
        }
    }

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
        var config = Configuracion()
        config.asentamientoNs = 0
        let p = Contador()
        let d = try Demonio(spool: spool, config: config, unaVez: true, publicador: p, senales: nil)
        try d.ejecutar()
        #expect(d.procesadas == 3)
        #expect(p.finales == 1 && p.turnos >= 2)
        #expect(p.publicadas == [k])
        #expect(FileManager.default.fileExists(atPath: "\(raiz)/packaged/\(k)/\(k).jpg"))
        #expect(!FileManager.default.fileExists(atPath: "\(raiz)/verified/\(k)"))
        let historia = try String(contentsOfFile: "\(raiz)/packaged/\(k)/historia", encoding: .utf8)
        #expect(historia.contains(" empaquetada corte 000001_20240602_2200"))
        #expect(spool.fases[k] == .packaged)
    }
}
