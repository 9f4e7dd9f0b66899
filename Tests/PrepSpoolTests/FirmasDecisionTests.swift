import Glibc
import Testing
import PrepDominio
@testable import PrepSistema
@testable import PrepSpool

/// Signed captures in `decidir`: the keys recorded in the item count, so a third capture decides
/// only from a key that signed neither of the first two.
@Suite struct FirmasDecisionTests {
    let base = DecisionTests()

    func firmado(_ nombre: String, keynum: String, n: Int, t: Int64) -> DropValido {
        var d = base.drop(nombre, sha: "c\(t)", n: n, t: t)
        let u = d.ubicacion.firma
        d.firma = FirmaDrop(ubicacion: u, estado: Estado(stat()), sha256: SHA256.resumen(Array("f\(t)".utf8)), keynum: keynum)
        return d
    }

    @Test func terceraSoloDeUnaTerceraLlave() {
        let p = base.decide(nil, [base.drop("090001B0100-JG.jpg"), firmado("090001B0100-JG.captura.ana.json", keynum: "k1", n: 1, t: 2),
                                  firmado("090001B0100-JG.captura.beto.json", keynum: "k2", n: 2, t: 3)])
        let c = try! #require(p.cambio)
        #expect(c.estado.resultado == .discrepancia)
        // The .sig files move with their captures, recorded with the keynum that signed each.
        #expect(c.entrantes.map(\.nombre).filter { $0.hasSuffix(".sig") } == ["090001B0100-JG.captura.ana.json.sig", "090001B0100-JG.captura.beto.json.sig"])
        #expect(c.estado.llavesCapturas == ["090001B0100-JG.captura.ana.json": "k1", "090001B0100-JG.captura.beto.json": "k2"])
        let estado = String(decoding: c.estado.codificar(), as: UTF8.self)
        #expect(estado.contains("archivo firma 090001B0100-JG.captura.ana.json.sig \(SHA256.resumen(Array("f2".utf8))) "), "\(estado)")
        // Read back from the state file, as after a restart: carla's capture signed with ana's key.
        let leido = try! EstadoItem.decodificar(c.estado.codificar())
        let item = ItemCargado(fase: .captured, estado: leido, capturas: c.capturas)
        let mala = base.decide(item, [firmado("090001B0100-JG.captura.carla.json", keynum: "k1", n: 2, t: 4)])
        #expect(mala.cambio == nil)
        #expect(mala.rechazos.first?.razon.contains("signed with the same key (keynum k1) as the capture by ana: two captures count only from two distinct keys") == true)
        let buena = base.decide(item, [firmado("090001B0100-JG.captura.carla.json", keynum: "k3", n: 2, t: 4)])
        #expect(buena.cambio?.estado.resultado == .tercera)
    }
}
