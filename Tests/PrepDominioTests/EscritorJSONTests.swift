import Testing
import PrepDominio

/// The one JSON writer: layouts, member order, escaping, and that `LectorJSON` reads it back.
@Suite struct EscritorJSONTests {
    static let valor: ValorJSON = .objeto([
        (clave: "z", valor: .entero(-12)),
        (clave: "a", valor: .arreglo([.booleano(true), .nulo, .numero("18446744073709551615"), .arreglo([]), .objeto([])])),
        (clave: "m", valor: .ordenado(["b": .texto("x"), "B": .texto("y"), "á": .entero(0), "aa": .entero(1)])),
    ])

    @Test func compacto() {
        #expect(EscritorJSON.texto(Self.valor, estilo: .compacto)
            == #"{"z":-12,"a":[true,null,18446744073709551615,[],{}],"m":{"B":"y","aa":1,"b":"x","á":0}}"#)
    }

    @Test func sangrado() {
        let esperado = """
            {
              "z": -12,
              "a": [
                true,
                null,
                18446744073709551615,
                [],
                {}
              ],
              "m": {
                "B": "y",
                "aa": 1,
                "b": "x",
                "á": 0
              }
            }

            """
        #expect(EscritorJSON.texto(Self.valor, estilo: .sangrado) == esperado)
    }

    @Test func escapes() throws {
        let s = "a\"b\\c\nd\re\tf\u{0}g\u{1F}h\u{7F}ñ/"
        #expect(EscritorJSON.texto(.texto(s), estilo: .compacto) == #""a\"b\\c\nd\re\tf\u0000g\u001fh"# + "\u{7F}ñ/\"")
        // Every control character comes back as it went.
        let todos = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)
        let bytes = EscritorJSON.bytes(.arreglo([.texto(todos)]), estilo: .compacto)
        #expect(!bytes.contains { $0 < 0x20 })
        #expect(try LectorJSON.leer(bytes).get() == .arreglo([.texto(todos)]))
    }

    @Test func idaYVuelta() throws {
        // LectorJSON reads plain whole numbers ≥ 0 as `entero`, the rest as `numero`.
        let leido = try LectorJSON.leer(EscritorJSON.bytes(Self.valor, estilo: .sangrado)).get()
        #expect(leido["z"] == .numero("-12"))
        #expect(leido["a"] == Self.valor["a"] && leido["m"] == Self.valor["m"])
        #expect(leido["m"]?.miembros?.map(\.clave) == ["B", "aa", "b", "á"])
        #expect(leido["m"]?["b"]?.comoTexto == "x" && leido["m"]?["aa"]?.comoEntero == 1 && leido["a"]?.elementos?.count == 5)
        #expect(leido["falta"] == nil && leido["z"]?.comoEntero == nil && ValorJSON.entero(1)["z"] == nil)
    }
}
