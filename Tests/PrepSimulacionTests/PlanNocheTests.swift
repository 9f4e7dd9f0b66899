import Foundation
import PrepDominio
import Testing
@testable import PrepSimulacion

@Suite struct PlanNocheTests {
    @Test func mismaSemillaMismaNoche() {
        let a = Fixture.plan(semilla: 11), b = Fixture.plan(semilla: 11), c = Fixture.plan(semilla: 12)
        #expect(a.entregas.map(\.ruta) == b.entregas.map(\.ruta))
        #expect(a.entregas.map { a.bytes(de: $0, ahora: nil) } == b.entregas.map { b.bytes(de: $0, ahora: nil) })
        #expect(VerdadNoche(plan: a) == VerdadNoche(plan: b))
        #expect(a.entregas.map(\.ruta) != c.entregas.map(\.ruta))
    }

    @Test func cadaCasoAparece() throws {
        let plan = Fixture.plan()
        let cat = plan.catalogo
        let enCatalogo = plan.actas.filter { $0.esperada != nil }
        #expect(enCatalogo.count == cat.actas.count)
        let causas = Set(plan.actas.compactMap { a -> CausaSinActa? in
            if case .sinActa(let c) = a.destino { return c }
            return nil
        })
        #expect(causas == Set(CausaSinActa.allCases))
        #expect(plan.actas.contains { $0.destino == .pendiente })
        #expect(plan.actas.contains { $0.discrepancia != nil })
        #expect(plan.actas.contains { $0.verdad?.votos.contains(.ilegible) == true || $0.verdad?.totales.contains(.ilegible) == true })
        #expect(plan.actas.contains { $0.verdad?.votos.contains(.sinDato) == true || $0.verdad?.totales.contains(.sinDato) == true })
        // Excede lista nominal: Σ votes above the threshold.
        #expect(enCatalogo.contains { a in
            guard let v = a.verdad, let e = a.esperada else { return false }
            return v.votos.map(\.valor).reduce(0, +) > Computo.umbral(cat.casillas[e.casilla])
        })
        let fuera = plan.actas.filter { $0.esperada == nil }
        #expect(!fuera.isEmpty)
        for a in fuera {
            #expect(cat.acta(a.clave) == nil)
            #expect(cat.eleccion(codigo: a.clave.eleccion) != nil)
        }
        let motivos = Set(plan.entregas.compactMap { e -> MotivoMala? in
            if case .mala(let m, _) = e.tipo { return m }
            return nil
        })
        #expect(motivos == Set(MotivoMala.allCases))
        #expect(plan.entregas.contains { $0.modo == .enSitio })
        #expect(plan.entregas.contains { $0.modo == .renombrarParte })
        #expect(plan.entregas.contains { $0.modo == .renombrarOculto })
    }

    @Test func cadaActaCapturadaTieneImagenYCapturas() {
        let plan = Fixture.plan()
        for (i, a) in plan.actas.enumerated() {
            let suyas = plan.entregas.filter {
                switch $0.tipo {
                case .foto(let j), .escaneo(let j), .sinActa(let j): j == i
                case .captura(let j, _): j == i
                case .mala: false
                }
            }
            switch a.destino {
            case .pendiente:
                #expect(suyas.isEmpty)
            case .sinActa:
                #expect(suyas.map(\.nombre) == [a.clave.texto + ".sinacta.json"])
            case .captura:
                let imagenes = suyas.filter { if case .captura = $0.tipo { false } else { true } }
                let capturas = suyas.filter { if case .captura = $0.tipo { true } else { false } }
                #expect(!imagenes.isEmpty)
                #expect(capturas.count == (a.discrepancia == nil ? 2 : 3))
                #expect(Set(a.operadores).count == a.operadores.count)
                // Captures come after the first image, in operator order.
                let primera = imagenes.map(\.instante).min() ?? 0
                #expect(capturas.allSatisfy { $0.instante >= primera })
                #expect(capturas.map(\.instante) == capturas.map(\.instante).sorted())
                for f in imagenes where f.carpeta.hasPrefix("casilla") { #expect(f.nombre.lowercased().hasSuffix(".jpg")) }
            }
        }
    }

    @Test func rutasUnicasYMomentosOrdenados() {
        let plan = Fixture.plan(malas: 0.2)
        let rutas = plan.entregas.map(\.ruta)
        #expect(Set(rutas).count == rutas.count)
        #expect(plan.entregas.map(\.instante) == plan.entregas.map(\.instante).sorted())
        #expect(plan.entregas.allSatisfy { (0...1).contains($0.instante) })
        let malas = plan.entregas.filter { if case .mala = $0.tipo { true } else { false } }.count
        let share = Double(malas) / Double(plan.entregas.count)
        #expect(share > 0.15 && share < 0.25)
    }

    @Test func capturaJSONSigueElContrato() throws {
        let plan = Fixture.plan()
        let cat = plan.catalogo
        var vistas = 0
        for e in plan.entregas {
            guard case .captura(let i, let k) = e.tipo else { continue }
            let a = plan.actas[i]
            let bytes = plan.bytes(de: e, ahora: MarcaTiempo(segundosUnix: 1_717_384_831, desfaseMinutos: -360))
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            #expect(obj["version"] as? Int == 1)
            #expect(obj["acta"] as? String == a.clave.texto)
            #expect(obj["operador"] as? String == a.operadores[k])
            #expect(e.nombre == a.clave.texto + ".captura." + a.operadores[k] + ".json")
            #expect(obj["capturada"] as? String == "2024-06-02T21:20:31-06:00")
            let votos = try #require(obj["votos"] as? [String: Any])
            let columnas = a.esperada.map { cat.columnas(de: $0).map(\.id) } ?? cat.eleccion(codigo: a.clave.eleccion)!.eleccion.columnas.map(\.id)
            #expect(Set(votos.keys) == Set(columnas))
            let totales = try #require(obj["totales"] as? [String: Any])
            let casilla = a.esperada.map { cat.casillas[$0.casilla] }
            #expect(Set(totales.keys) == Set(Captura.totalesExigidos(casilla).map(\.rawValue)) || Set(totales.keys) == Set(Total.allCases.map(\.rawValue)))
            #expect(casilla?.esMesa == true || casilla?.urnaElectronica == true || totales.count == 5, "only a mesa's or an urna's acta lacks totals")
            for v in votos.values {
                #expect(v is Int || (v as? String) == "ilegible" || (v as? String) == "sin dato")
            }
            vistas += 1
        }
        #expect(vistas > 100)
    }

    @Test func discrepanciaDifiereEnUnCampoYLaTerceraDaLaVerdad() {
        let plan = Fixture.plan()
        let discrepantes = plan.actas.filter { $0.discrepancia != nil }
        #expect(!discrepantes.isEmpty)
        for a in discrepantes {
            guard let v = a.verdad, let d = a.discrepancia else { continue }
            #expect(v.totales == d.totales)
            #expect(zip(v.votos, d.votos).filter { $0 != $1 }.count == 1)
        }
    }
}
