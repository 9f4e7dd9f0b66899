import Foundation
import Testing
import PrepDominio
@testable import PrepPublicacion
@testable import PrepSitio

/// `TextoFilasCSV` gives each field of a row as the CSV reader reads the line the CSV writer
/// prints, whether every field is rendered or only those a lookup shows: the lookup's values are
/// the CSV's own strings.
@Suite struct TextoFilasTests {
    struct Diferencia: Error, CustomStringConvertible { let description: String }

    /// A site hook that checks every registered row of the corte it is handed, and publishes nothing.
    struct Comparador: GeneradorSitio {
        func generar(_ d: DatosCorte) throws -> [ArchivoGenerado] {
            let perfil = d.catalogo.proceso.perfil
            let escritor = EscritorCSV(catalogo: d.catalogo, desfase: d.corte.desfaseMinutos)
            let mostrados: [[Int]] = d.tablas.map { tabla in
                perfil.encabezado(d.catalogo.elecciones[tabla.indice]).enumerated()
                    .compactMap { PapelCampo($0.element.campo).map(IndiceConsulta.mostrados.contains) == true ? $0.offset : nil }
            }
            var todos = d.textoFilas()
            var algunos = d.textoFilas(mostrados: mostrados)
            var filas = 0
            for (t, tabla) in d.tablas.enumerated() {
                let e = d.catalogo.elecciones[tabla.indice]
                let campos = perfil.encabezado(e).map(\.campo)
                let aplican = e.columnasPorAmbito.mapValues(Set.init)
                for i in 0..<tabla.cuenta where tabla.metas[i].registrada {
                    var linea = Bytes(capacidad: 512, perfil: perfil)
                    escritor.filaEsperada(&linea, tabla.filas, i, campos: campos, aplican: aplican)
                    var lector = LectorCSV(linea.b)
                    guard try lector.siguiente() else { throw Diferencia(description: "row \(i) of table \(t): unreadable") }
                    let esperados = (0..<campos.count).map { Array(lector.bytesDe($0)) }
                    func comparar(_ texto: inout TextoFilasCSV, _ ks: [Int], _ como: String) throws {
                        var leidos: [[UInt8]] = [], recorridos: [[UInt8]] = [], cuantos = 0
                        _ = texto.leer(t, fila: i) { c in
                            cuantos = c.cuantos
                            leidos = ks.map { Array(c.bytesDe($0)) }
                            c.recorrer(ks) { _, u in recorridos.append(Array(u)) }
                        }
                        guard recorridos == leidos else {
                            throw Diferencia(description: "\(como): row \(i) of table \(t) walked field by field differs from its fields read one by one")
                        }
                        guard cuantos == campos.count else {
                            throw Diferencia(description: "\(como): row \(i) of table \(t) has \(cuantos) fields, the header \(campos.count)")
                        }
                        for (n, k) in ks.enumerated() where leidos[n] != esperados[k] {
                            throw Diferencia(description: "\(como): row \(i) of table \(t), field \(k) (\(campos[k])): '\(String(decoding: leidos[n], as: UTF8.self))', the CSV reads '\(String(decoding: esperados[k], as: UTF8.self))'")
                        }
                    }
                    try comparar(&todos, Array(campos.indices), "every field")
                    try comparar(&algunos, mostrados[t], "the lookup's fields")
                    filas += 1
                }
            }
            guard filas > 100 else { throw Diferencia(description: "only \(filas) registered rows: the sample does not cover the case") }
            return []
        }
    }

    /// A quoted field (RFC 4180) reads without its quotes and with `""` as `"`, like the reader,
    /// and a comma inside it ends no field (`CamposFila.limites`, which splits the rows a lookup
    /// file reads back from the CSV the corte wrote).
    @Test func unCampoEntrecomilladoSeLeeSinComillas() throws {
        let linea = Array(#"12,"a ""b"", c","",,'0901'"#.utf8)
        var limites: [Int] = [99]
        CamposFila.limites(de: linea, en: &limites)
        #expect(limites == [2, 15, 18, 19, linea.count])
        let c = CamposFila(linea: linea, limites: limites)
        var l = LectorCSV(linea)
        #expect(try l.siguiente())
        #expect(c.cuantos == 5)
        for k in 0..<5 { #expect(Array(c.bytesDe(k)) == Array(l.bytesDe(k)), "field \(k)") }
        var recorridos: [[UInt8]] = []
        c.recorrer([1, 0, 4, 2]) { n, u in
            #expect(n == recorridos.count)
            recorridos.append(Array(u))
        }
        #expect(recorridos == [1, 0, 4, 2].map { Array(l.bytesDe($0)) })
        #expect(String(decoding: c.bytesDe(1), as: UTF8.self) == #"a "b", c"#)
    }

    @Test(arguments: ["iecm-2024", "ine-2024"])
    func losCamposSonLosQueLeeElLectorCSV(_ perfil: String) throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("textofilas-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        _ = try ComprobadorPaginasTests.corte(perfil, en: tmp, sitio: Comparador())
    }
}
