import PrepDominio
import Testing
@testable import PrepSimulacion

/// The simulator's drops against the domain's own validator: every good one passes, every bad
/// one is refused (or, for names, does not parse), so the night tests the daemon and not itself.
@Suite struct ValidacionTests {
    @Test func buenasPasanYMalasNo() {
        let plan = Fixture.plan(malas: 0.2)
        let cat = plan.catalogo
        let ahora = MarcaTiempo(segundosUnix: 1_717_384_831, desfaseMinutos: -360)
        var buenas = 0, malas = 0
        for e in plan.entregas {
            let bytes = plan.bytes(de: e, ahora: ahora)
            switch e.tipo {
            case .captura(let i, let k):
                let a = plan.actas[i]
                guard case .success(let c) = ValidadorCaptura.validar(bytes, clave: a.clave, operador: a.operadores[k], catalogo: cat)
                else { Issue.record("\(e.nombre) refused"); continue }
                let esperadas = (k == 1 ? a.discrepancia : nil) ?? a.verdad
                #expect(esperadas.map { c.mismasCifras(que: $0.captura(a.clave, operador: "x")) } == true)
                buenas += 1
            case .sinActa(let i):
                let a = plan.actas[i]
                guard case .success(let d) = ValidadorCaptura.validarSinActa(bytes, clave: a.clave, catalogo: cat)
                else { Issue.record("\(e.nombre) refused"); continue }
                #expect(.sinActa(d.causa) == a.destino)
                buenas += 1
            case .mala(let motivo, _):
                malas += 1
                let partes = e.nombre.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                let clave = partes.first.flatMap { ClaveActa($0) }
                switch motivo {
                case .nombreDesconocido:
                    // Not KEY.ext, KEY.captura.OP.json nor KEY.sinacta.json.
                    let reconocido = clave != nil && (partes.count == 2 && ["jpg", "png"].contains(partes[1].lowercased())
                        || partes.count == 4 && partes[1] == "captura" && ValidadorCaptura.esOperador(partes[2]))
                    #expect(!reconocido, "\(e.nombre)")
                case .operadorInvalido:
                    #expect(clave != nil && partes.count == 4 && !ValidadorCaptura.esOperador(partes[2]))
                case .jsonRoto, .actaEquivocada, .operadorDistinto, .columnaFaltante, .columnaDesconocida, .cifraNegativa:
                    guard let clave, partes.count == 4 else { Issue.record("\(e.nombre): not a capture name"); continue }
                    if case .success = ValidadorCaptura.validar(bytes, clave: clave, operador: partes[2], catalogo: cat) {
                        Issue.record("\(motivo) \(e.nombre) was accepted")
                    }
                case .causaDesconocida:
                    guard let clave else { Issue.record("\(e.nombre): no key"); continue }
                    if case .success = ValidadorCaptura.validarSinActa(bytes, clave: clave, catalogo: cat) {
                        Issue.record("\(e.nombre) was accepted")
                    }
                case .noEsImagen:
                    #expect(!bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) && !bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]))
                case .vacio:
                    #expect(bytes.isEmpty)
                case .temporalAbandonado:
                    #expect(e.nombre.hasPrefix("."))
                }
            case .foto, .escaneo:
                #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]) || bytes.starts(with: PNG.firma))
            }
        }
        #expect(buenas > 100 && malas > 20)
    }
}
