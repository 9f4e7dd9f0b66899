import Foundation
import PrepDominio
import Testing
@testable import PrepSimulacion

@Suite struct VerdadTests {
    /// Recounts the plan by hand (Anexo 13 as SPEC §6 words it) and compares with the truth.
    @Test func votosPorColumnaSonLosDeLasActasQueCuentan() {
        let plan = Fixture.plan()
        let verdad = VerdadNoche(plan: plan)
        let cat = plan.catalogo
        for (e, eleccion) in cat.elecciones.enumerated() {
            var esperado: [String: Int] = [:]
            var contadas = 0, capturadas = 0, fuera = 0
            for a in plan.actas where a.clave.eleccion == eleccion.codigo {
                guard a.esperada != nil else {
                    if a.destino == .captura { fuera += 1 }
                    continue
                }
                switch a.destino {
                case .pendiente: continue
                case .sinActa: capturadas += 1
                case .captura:
                    capturadas += 1
                    guard let v = a.verdad, let esp = a.esperada else { continue }
                    let casilla = cat.casillas[esp.casilla]
                    let tope = (casilla.esEspecial ? casilla.boletasEspecial : casilla.listaNominal) + casilla.representantes
                    let suma = v.votos.map { if case .votos(let n) = $0 { n } else { 0 } }.reduce(0, +)
                    let algunaNumerica = v.votos.contains { if case .votos = $0 { true } else { false } }
                    guard suma <= tope, algunaNumerica else { continue }
                    contadas += 1
                    for (c, cifra) in zip(v.columnas, v.votos) {
                        if case .votos(let n) = cifra { esperado[c, default: 0] += n }
                    }
                }
            }
            let t = verdad.elecciones[e]
            #expect(t.eleccion == eleccion.codigo)
            #expect(t.votos.map(\.columna) == eleccion.columnas.map(\.id))
            for (c, n) in t.votos { #expect(n == esperado[c, default: 0], "\(eleccion.codigo) \(c)") }
            #expect(t.resumen["ACTAS_CONTABILIZADAS"] == String(contadas))
            #expect(t.resumen["ACTAS_CAPTURADAS"] == String(capturadas))
            #expect(t.resumen["ACTAS_FUERA_CATALOGO"] == String(fuera))
            #expect(t.resumen["ACTAS_ESPERADAS"] == String(cat.actas.filter { $0.eleccion == e }.count))
        }
        // Something was actually counted, and something was left out.
        #expect(verdad.elecciones.allSatisfy { Int($0.resumen["ACTAS_CONTABILIZADAS"] ?? "0") ?? 0 > 0 })
        #expect(verdad.elecciones.contains { Int($0.resumen["ACTAS_NO_CONTABILIZADAS"] ?? "0") ?? 0 > 0 })
    }

    @Test func textoYJSONSonEstables() throws {
        let verdad = VerdadNoche(plan: Fixture.plan())
        #expect(verdad.texto == VerdadNoche(plan: Fixture.plan()).texto)
        #expect(verdad.texto.contains("JG votos MORENA "))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(verdad.json.utf8)) as? [String: Any])
        let elecciones = try #require(obj["elecciones"] as? [[String: Any]])
        #expect(elecciones.count == 2)
        let jg = try #require(elecciones.first)
        let votos = try #require(jg["votos"] as? [String: Int])
        #expect(votos["MORENA"] == verdad.elecciones[0].votos.first { $0.columna == "MORENA" }?.votos)
        let leida = try VerdadLeida(json: Array(verdad.json.utf8))
        #expect(leida.elecciones.map(\.eleccion) == ["JG", "ALC"])
        #expect(leida.elecciones[0].resumen == verdad.elecciones[0].resumen)
        #expect(leida.entregas.malas == verdad.entregas.malas)
    }

    @Test func morenaAventajaYLaParticipacionEsVerosimil() throws {
        var p = ParametrosNoche()
        p.pendientes = 0
        let verdad = VerdadNoche(plan: PlanNoche(catalogo: Fixture.catalogo, parametros: p))
        let jg = verdad.elecciones[0]
        let votos = Dictionary(uniqueKeysWithValues: jg.votos.map { ($0.columna, $0.votos) })
        #expect(votos["MORENA", default: 0] > votos["PAN", default: 0])
        #expect(votos["PAN", default: 0] > votos["MC", default: 0])
        let participacion = try #require(Double(jg.resumen["PORCENTAJE_PARTICIPACION_CIUDADANA"] ?? ""))
        #expect(participacion > 55 && participacion < 75)
    }
}
