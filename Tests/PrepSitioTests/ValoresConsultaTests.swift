import Testing
@testable import PrepPublicacion
@testable import PrepSitio

/// A lookup row's values copy runs of neighbouring plain numbers in one piece; the result is
/// byte for byte what writing each field on its own gives, and the fields are where a plain
/// reading of the line puts them.
@Suite struct ValoresConsultaTests {
    static let lineas = [
        #"090003B0100,"CIUDAD DE MÉXICO",001,12,0,7,"SIN ACTA",05,,3,"a,b",4,5"#,
        #"1,2,3,4,5,6,7,8,9,10,11,12,13"#,
        #""dice ""hola"", 3",0,00,-1,1234567890123456,123456789012345,"7",8"#,
        #",,,"#,
        "",
        #"x,"SIN ACTA POR PAQUETE ENTREGADO SIN BOLSA",0,,N/A,N/A,17"#,
    ]

    /// Where each field ends, read one byte at a time with no cleverness.
    static func limitesSencillos(_ l: [UInt8]) -> [Int] {
        var r: [Int] = [], dentro = false
        for (j, c) in l.enumerated() {
            if c == 34 { dentro.toggle() } else if c == 44, !dentro { r.append(j) }
        }
        return r + [l.count]
    }

    @Test func limitesComoUnaLecturaSencilla() {
        var limites: [Int] = Array(repeating: 99, count: 3)
        // Reused from a longer line to a shorter one and back, as the lookup's reader does.
        for texto in Self.lineas + Self.lineas.reversed() {
            let l = Array(texto.utf8)
            CamposFila.limites(de: l, en: &limites)
            #expect(limites == Self.limitesSencillos(l), "\(texto)")
        }
    }

    @Test func valoresIgualesCampoACampo() {
        var limites: [Int] = []
        var probadas = 0
        for texto in Self.lineas {
            let l = Array(texto.utf8)
            CamposFila.limites(de: l, en: &limites)
            let fila = CamposFila(linea: l, limites: limites)
            let todos = Array(0..<fila.cuantos)
            var conjuntos = [todos, [], todos.filter { $0 % 2 == 0 }, Array(todos.dropFirst(3)), todos.filter { $0 != 4 }]
            conjuntos += todos.indices.map { [$0] }
            for posiciones in conjuntos {
                var esperado: [UInt8] = [], obtenido: [UInt8] = []
                fila.recorrer(posiciones) { n, u in
                    if n > 0 { esperado.append(44) }
                    IndiceConsulta.valor(u, &esperado)
                }
                IndiceConsulta.valores(fila, posiciones, &obtenido)
                #expect(String(decoding: obtenido, as: UTF8.self) == String(decoding: esperado, as: UTF8.self),
                        "\(texto) \(posiciones)")
                probadas += 1
            }
        }
        // The second line is all plain numbers: its fields come as one piece, commas and all.
        let l = Array(Self.lineas[1].utf8)
        CamposFila.limites(de: l, en: &limites)
        var piezas: [Int] = []
        CamposFila(linea: l, limites: limites).recorrerTramos(Array(0..<13), juntos: IndiceConsulta.esNumero) { _, cuantos, _ in
            piezas.append(cuantos)
        }
        #expect(piezas == [13])
        #expect(probadas > 50)
    }
}
