import Foundation
import PrepPruebas
import PrepSimulacion
import Testing

@Suite(.enHiloPropio) struct SimulateTests {
    @Test func usoIncorrectoSale2() throws {
        let r = try Binario.ejecutar(["simulate", "--bad-share", "0.9", "--plan-only"])
        #expect(r.estado == 2)
        #expect(r.stderr.contains("--bad-share"))
        let d = try Binario.ejecutar(["simulate", "--duration", "dos minutos", "--plan-only"])
        #expect(d.estado == 2)
    }

    @Test func escribeLaNocheYSuVerdad() throws {
        let raiz = FileManager.default.temporaryDirectory.appendingPathComponent("prep-simulate-\(getpid())").path
        try? FileManager.default.removeItem(atPath: raiz)
        try FileManager.default.createDirectory(atPath: raiz, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let catalogo = FileManager.default.currentDirectoryPath + "/etc/catalogo"
        let r = try Binario.ejecutar(["simulate", "--root", raiz + "/spool", "--catalog", catalogo, "--max-actas", "120",
                                      "--seed", "5", "--truth", raiz + "/verdad.json", "--quiet"])
        #expect(r.estado == 0, "\(r.stderr)")
        let verdad = try VerdadLeida(json: [UInt8](Data(contentsOf: URL(fileURLWithPath: raiz + "/verdad.json"))))
        #expect(verdad.semilla == 5)
        #expect(verdad.elecciones.map(\.eleccion) == ["JG", "DIP", "ALC"])
        #expect(r.stdout.contains("JG votos MORENA \(verdad.elecciones[0].votos.first { $0.columna == "MORENA" }?.votos ?? -1)"))
        let archivos = FileManager.default.enumerator(atPath: raiz + "/spool/incoming")?.allObjects.compactMap { $0 as? String } ?? []
        let sinCarpetas = archivos.filter { !["casilla", "catd", "captura"].contains(where: $0.hasPrefix) || $0.contains("/") }
        #expect(sinCarpetas.count == verdad.entregas.total)
        #expect(!archivos.contains { $0.hasSuffix(".part") })
    }
}
