import Foundation
import PrepDominio
import Testing
@testable import PrepSimulacion

@Suite struct EscritorTests {
    @Test func escribeCadaEntregaConSuNombreFinalYNadaMas() throws {
        let raiz = FileManager.default.temporaryDirectory.appendingPathComponent("prep-sim-escritor-\(getpid())").path
        try? FileManager.default.removeItem(atPath: raiz)
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let plan = Fixture.plan(malas: 0.1)
        var o = OpcionesEscritura()
        o.pausa = 0.001
        let r = try Escritor(raiz: raiz, plan: plan, opciones: o).ejecutar()
        #expect(r.entregas == plan.entregas.count)

        // Every file under incoming/, relative path → bytes.
        var hallados: [String: Data] = [:]
        let base = raiz + "/incoming"
        for ruta in try FileManager.default.subpathsOfDirectory(atPath: base) {
            var esCarpeta: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: base + "/" + ruta, isDirectory: &esCarpeta)
            if !esCarpeta.boolValue { hallados[ruta] = try Data(contentsOf: URL(fileURLWithPath: base + "/" + ruta)) }
        }
        // No temp name left over, except the deliberate ones; nothing missing, nothing extra.
        #expect(Set(hallados.keys) == Set(plan.entregas.map(\.ruta)))
        for e in plan.entregas {
            guard case .foto = e.tipo else { continue }
            #expect(hallados[e.ruta] == Data(plan.bytes(de: e, ahora: nil)))
        }
        for e in plan.entregas {
            guard case .captura = e.tipo else { continue }
            let json = try #require(try JSONSerialization.jsonObject(with: hallados[e.ruta] ?? Data()) as? [String: Any])
            // Stamped when the machine's clock is inside the process's time window; left out
            // otherwise (the 2024 sample replayed later), since the daemon refuses such times.
            let dentro = plan.catalogo.proceso.ventanaTiempos.contains(Int64(Date().timeIntervalSince1970))
            #expect(dentro ? json["capturada"] is String : json["capturada"] == nil)
        }
    }

    @Test func elRitmoLimitaLasEntregasPorSegundo() throws {
        let raiz = FileManager.default.temporaryDirectory.appendingPathComponent("prep-sim-ritmo-\(getpid())").path
        try? FileManager.default.removeItem(atPath: raiz)
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        var p = ParametrosNoche()
        p.maxActas = 10
        p.malas = 0
        let plan = PlanNoche(catalogo: Fixture.catalogo, parametros: p)
        var o = OpcionesEscritura()
        o.ritmo = 100
        o.pausa = 0
        let r = try Escritor(raiz: raiz, plan: plan, opciones: o).ejecutar()
        // n drops at 100/s cannot take less than (n − 1)/100 s.
        #expect(r.segundos >= Double(plan.entregas.count - 1) / 100 * 0.95)
    }
}
