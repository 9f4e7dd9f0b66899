import Testing
@testable import PrepDominio

/// One capture JSON and the problems expected (empty: valid).
struct CasoCaptura: Sendable, CustomTestStringConvertible {
    let nombre: String
    var acta = "090001B0100-JG"
    var operador = "cap01"
    let json: String
    let problemas: [String]
    var testDescription: String { nombre }
}

private let totales = #""totales": {"boletas_sobrantes": 210, "personas_votaron": 402, "representantes_votaron": 2, "votos_sacados": 402, "total_asentado": 402}"#
private let votos = #""votos": {"PAN": 70, "MORENA": 200, "PT_MORENA": "ilegible", "NO_REGISTRADAS": 0, "NULOS": "sin dato"}"#
private func doc(_ cuerpo: String, acta: String = "090001B0100-JG") -> String {
    #"{"version": 1, "acta": "\#(acta)", "operador": "cap01", "#  + cuerpo + "}"
}
private let figura = #"expected a whole number ≥ 0, "ilegible" or "sin dato", got "#

@Suite struct ValidadorCapturaTests {
    static let casos: [CasoCaptura] = [
        CasoCaptura(nombre: "valid", json: doc(totales + ", " + votos), problemas: []),
        CasoCaptura(nombre: "valid with escapes in names and values",
                    json: #"{"version": 1, "acta": "090001B0100\u002dJG", "operador": "cap01", "\u0074otales": {"boletas_sobrantes": 0, "personas_votaron": 0, "representantes_votaron": 0, "votos_sacados": 0, "total_asentado": 0}, "votos": {"PAN": 0, "MORENA": 0, "PT_MORENA": "sin\u0020dato", "NO_REGISTRADAS": 0, "NUL\u004fS": 0}}"#,
                    problemas: []),
        CasoCaptura(nombre: "valid with times", json: doc(#""capturada": "2024-06-02T21:20:31-06:00", "acopio": "2024-06-02T21:14:10-06:00", "# + totales + ", " + votos), problemas: []),
        CasoCaptura(nombre: "negative figure", json: doc(totales + ", " + votos.replacingOccurrences(of: #""PAN": 70"#, with: #""PAN": -3"#)),
                    problemas: ["votos.PAN: " + figura + "-3"]),
        CasoCaptura(nombre: "fraction, exponent, string number, true, null",
                    json: doc(#""totales": {"boletas_sobrantes": 1.5, "personas_votaron": 1e3, "representantes_votaron": "12", "votos_sacados": true, "total_asentado": null}, "# + votos),
                    problemas: ["totales.boletas_sobrantes: " + figura + "1.5", "totales.personas_votaron: " + figura + "1e3",
                                "totales.representantes_votaron: " + figura + "\"12\"", "totales.votos_sacados: " + figura + "true",
                                "totales.total_asentado: " + figura + "null"]),
        CasoCaptura(nombre: "ilegible spelled otherwise", json: doc(totales + ", " + votos.replacingOccurrences(of: #""ilegible""#, with: #""Ilegible""#)),
                    problemas: ["votos.PT_MORENA: " + figura + "\"Ilegible\""]),
        CasoCaptura(nombre: "missing and unknown column", json: doc(totales + #", "votos": {"PAN": 1, "MORENA": 2, "MC": 3, "NO_REGISTRADAS": 0, "NULOS": 0}"#),
                    problemas: ["votos.MC: unknown column (not a column of JG)", "votos.PT_MORENA: missing"]),
        CasoCaptura(nombre: "a column of another district", acta: "090002B0100-JG",
                    json: doc(totales + ", " + votos, acta: "090002B0100-JG"),
                    problemas: ["votos.PT_MORENA: not a column of this acta (JG in distrito 2 does not show it)"]),
        CasoCaptura(nombre: "missing total and unknown total",
                    json: doc(#""totales": {"boletas_sobrantes": 1, "personas_votaron": 1, "representantes_votaron": 1, "votos_sacados": 1, "sobres": 1}, "# + votos),
                    problemas: ["totales.sobres: unknown total (expected boletas_sobrantes, personas_votaron, representantes_votaron, votos_sacados, total_asentado)",
                                "totales.total_asentado: missing"]),
        CasoCaptura(nombre: "acta and operador differ from the file name", operador: "cap02", json: doc(totales + ", " + votos, acta: "090001C0100-JG"),
                    problemas: [#"acta: expected "090001B0100-JG" (from the file name), got "090001C0100-JG""#,
                                #"operador: expected "cap02" (from the file name), got "cap01""#]),
        CasoCaptura(nombre: "version 2 and an unknown member", json: #"{"version": 2, "acta": "090001B0100-JG", "operador": "cap01", "extra": [], "# + totales + ", " + votos + "}",
                    problemas: ["extra: unknown member (expected version, acta, operador, capturada, acopio, totales, votos, tipo_documento)", "version: expected 1, got 2"]),
        CasoCaptura(nombre: "bad time", json: doc(#""capturada": "2024-06-02 21:20", "# + totales + ", " + votos),
                    problemas: [#"capturada: expected an RFC 3339 time such as 2024-06-02T21:20:31-06:00, got "2024-06-02 21:20""#]),
        CasoCaptura(nombre: "missing everything", json: "{}",
                    problemas: ["version: missing", "acta: missing", "operador: missing", "totales: missing", "votos: missing"]),
        CasoCaptura(nombre: "not an object", json: "[1]", problemas: ["expected a JSON object, got an array"]),
        CasoCaptura(nombre: "duplicate key", json: #"{"version": 1, "version": 1}"#,
                    problemas: [#"not valid JSON at byte 15: duplicate member "version""#]),
        CasoCaptura(nombre: "trailing garbage", json: doc(totales + ", " + votos) + "x",
                    problemas: ["not valid JSON at byte \(doc(totales + ", " + votos).utf8.count): unexpected text after the document"]),
        CasoCaptura(nombre: "leading zero", json: #"{"version": 01}"#, problemas: ["not valid JSON at byte 13: leading zero in a number"]),
        CasoCaptura(nombre: "too large a figure", json: doc(totales + ", " + votos.replacingOccurrences(of: #""PAN": 70"#, with: #""PAN": 12345678901234567890"#)),
                    problemas: ["votos.PAN: expected a whole number from 0 to 999999999, got 12345678901234567890"]),
        CasoCaptura(nombre: "election not in the catálogo", acta: "090001B0100-DIP", json: doc(totales + ", " + votos, acta: "090001B0100-DIP"),
                    problemas: ["acta: election DIP is not in the catálogo"]),
        CasoCaptura(nombre: "fuera de catálogo: a subset of the election's columns", acta: "099999B0100-JG",
                    json: doc(totales + #", "votos": {"PAN": 1, "NO_REGISTRADAS": 0, "NULOS": 0}"#, acta: "099999B0100-JG"), problemas: []),
        // A time no election night can have is refused, so nothing published
        // is a year the daemon cannot write as four digits or read back.
        CasoCaptura(nombre: "Go's zero time", json: doc(#""capturada": "0001-01-01T00:00:00Z", "# + totales + ", " + votos),
                    problemas: ["capturada: 0001-01-01T00:00:00+00:00 is outside this process's time window (2023-01-01T00:00:00+00:00 to 2025-12-31T23:59:59+00:00); a clock or a default date is wrong"]),
        CasoCaptura(nombre: "year 9999 at -12:00 (year 10000 in UTC)", json: doc(#""acopio": "9999-12-31T23:59:59-12:00", "# + totales + ", " + votos),
                    problemas: ["acopio: 9999-12-31T23:59:59-12:00 is outside this process's time window (2023-01-01T00:00:00+00:00 to 2025-12-31T23:59:59+00:00); a clock or a default date is wrong"]),
        CasoCaptura(nombre: "the last second of the window", json: doc(#""capturada": "2025-12-31T17:59:59-06:00", "# + totales + ", " + votos),
                    problemas: []),
        CasoCaptura(nombre: "fuera de catálogo: NULOS is still required", acta: "099999B0100-JG",
                    json: doc(totales + #", "votos": {"PAN": 1, "NO_REGISTRADAS": 0, "MC": 1}"#, acta: "099999B0100-JG"),
                    problemas: ["votos.MC: unknown column (not a column of JG)", "votos.NULOS: missing"]),
    ]

    @Test(arguments: casos)
    func caso(_ c: CasoCaptura) throws {
        let clave = try #require(ClaveActa(c.acta))
        let r = ValidadorCaptura.validar(Array(c.json.utf8), clave: clave, operador: c.operador, catalogo: Fixture.catalogo)
        switch r {
        case .success(let captura):
            #expect(c.problemas.isEmpty, "accepted, expected: \(c.problemas)")
            #expect(captura.acta == clave)
        case .failure(let p):
            #expect(p.problemas == c.problemas)
            #expect(p.description == c.problemas.joined(separator: "; "))
        }
    }

    @Test func cifrasLeidas() throws {
        let captura = try ValidadorCaptura.validar(Array(doc(#""capturada": "2024-06-02T21:20:31-06:00", "# + totales + ", " + votos).utf8),
                                                   clave: Fixture.clave("090001B0100-JG"), operador: "cap01", catalogo: Fixture.catalogo).get()
        #expect(captura.votos == ["PAN": .votos(70), "MORENA": .votos(200), "PT_MORENA": .ilegible, "NO_REGISTRADAS": .votos(0), "NULOS": .sinDato])
        #expect(captura.totales[.personasVotaron] == .votos(402))
        #expect(captura.totales.count == 5)
        #expect(captura.capturada?.segundosUnix == 1_717_384_831)
        #expect(captura.acopio == nil)
    }

    @Test func documentoDemasiadoGrandeSeRechazaSinLeerlo() {
        let grande = [UInt8](repeating: 0x20, count: 10_000_000)
        let r = ValidadorCaptura.validar(grande, clave: Fixture.clave("090001B0100-JG"), operador: "cap01", catalogo: Fixture.catalogo)
        guard case .failure(let p) = r else { Issue.record("accepted"); return }
        #expect(p.description == "not valid JSON at byte 1048576: document is 10000000 bytes; at most 1048576 accepted")
    }

    @Test(arguments: [
        (#"{"a": "\ud83d\ude00 \u00e9\n"}"#, true), (#"{"a": "\ud83d"}"#, false), ("{\"a\": \"\u{01}\"}", false),
        (#"{"a": [1, 2,]}"#, false), (#"{"a": tru}"#, false), (String(repeating: "[", count: 20) + String(repeating: "]", count: 20), false),
        (String(repeating: "[", count: 16) + String(repeating: "]", count: 16), true), (#"{"a":-0.5e-3}"#, true), (#"{"a" 1}"#, false),
        // A duplicate spelled with an escape is still a duplicate; the same name in two objects is not.
        (#"{"a": 1, "\u0061": 2}"#, false), (#"{"a": {"a": 1}, "b": {"a": 2}}"#, true), (#"{"é": 1, "\u00e9": 2}"#, false),
    ])
    func lectorJSON(_ texto: String, _ valido: Bool) {
        let r = LectorJSON.leer(Array(texto.utf8))
        if case .success = r { #expect(valido) } else { #expect(!valido) }
    }

    @Test func utf8Invalido() {
        let r = LectorJSON.leer(Array(#"{"a": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
        guard case .failure(let e) = r else { Issue.record("accepted"); return }
        #expect(e.motivo == "string is not valid UTF-8")
        if case .success(let v) = LectorJSON.leer(Array(#"{"a": "\u00e9t\u00e9"}"#.utf8)) {
            #expect(v == .objeto([("a", .texto("été"))]))
        } else {
            Issue.record("escapes refused")
        }
    }

    @Test func sinActa() throws {
        let k = Fixture.clave("090001B0100-JG")
        for causa in CausaSinActa.allCases {
            let d = try ValidadorCaptura.validarSinActa(Array(#"{"version":1,"acta":"090001B0100-JG","operador":"catd05","causa":"\#(causa.rawValue)"}"#.utf8),
                                                        clave: k, catalogo: Fixture.catalogo).get()
            #expect(d == DeclaracionSinActa(acta: k, operador: "catd05", causa: causa))
        }
        let malo = ValidadorCaptura.validarSinActa(Array(#"{"version":1,"acta":"090001B0100-JG","operador":"CATD 5","causa":"se perdió","x":1}"#.utf8),
                                                   clave: k, catalogo: Fixture.catalogo)
        guard case .failure(let p) = malo else { Issue.record("accepted"); return }
        #expect(p.problemas == [
            "x: unknown member (expected version, acta, operador, causa)",
            #"operador: expected a name of 1 to 32 of a-z 0-9 _ -, got "CATD 5""#,
            #"causa: expected one of "paquete no entregado", "casilla no instalada", "paquete entregado sin sobre", got "se perdió""#,
        ])
    }

    /// `prep template`'s bytes, pinned: capture-station software is written against them.
    @Test func plantillaBytesExactos() throws {
        let cat = Fixture.catalogo
        let acta = try #require(cat.actas.first { $0.clave.texto == "090002B0100-JG" })
        #expect(PlantillaCaptura.json(acta, catalogo: cat, operador: "cap01") == """
            {
              "version": 1,
              "acta": "090002B0100-JG",
              "operador": "cap01",
              "totales": {
                "boletas_sobrantes": 0,
                "personas_votaron": 0,
                "representantes_votaron": 0,
                "votos_sacados": 0,
                "total_asentado": 0
              },
              "votos": {
                "PAN": 0,
                "MORENA": 0,
                "NO_REGISTRADAS": 0,
                "NULOS": 0
              }
            }

            """)
    }

    @Test func plantillaEsUnaCapturaValida() throws {
        let cat = Fixture.catalogo
        for acta in cat.actas {
            let json = PlantillaCaptura.json(acta, catalogo: cat, operador: "cap01")
            let c = try ValidadorCaptura.validar(Array(json.utf8), clave: acta.clave, operador: "cap01", catalogo: cat).get()
            #expect(c.votos.keys.sorted() == cat.columnas(de: acta).map(\.id).sorted())
            #expect(c.votos.values.allSatisfy { $0 == .votos(0) })
        }
    }
}
