import Testing
import PrepDominio
@testable import PrepPublicacion

/// `manifest.json` is signed: its bytes are pinned here, key order and layout included.
@Suite struct ManifiestoTests {
    static func conteos(_ v: [Int]) -> Conteos {
        var c = Conteos()
        c.esperadas = v[0]; c.registradas = v[1]; c.capturadas = v[2]; c.contabilizadas = v[3]
        c.noContabilizadas = v[4]; c.fueraDeCatalogo = v[5]; c.pendientes = v[6]
        return c
    }

    static func marca(_ s: String) throws -> MarcaTiempo { try #require(MarcaTiempo(rfc3339: s)) }

    static func manifiesto() throws -> Manifiesto {
        try Manifiesto(eleccion: "CDMX-2024", modo: .simulacro, seq: 7, corte: marca("2024-06-02T21:20:00-06:00"),
                       generado: marca("2024-06-02T21:20:03-06:00"), expira: marca("2024-06-02T21:35:00-06:00"),
                       intervaloSegundos: 300, catalogoSHA256: HuellaSHA256(palabras: (0xabab_abab_abab_abab, 0xabab_abab_abab_abab, 0xabab_abab_abab_abab, 0xabab_abab_abab_abab)), anteriorSHA256: nil,
                       keynum: "0123456789abcdef",
                       conteos: ["JG": conteos([4, 3, 3, 2, 1, 0, 1]), "total": conteos([4, 3, 3, 2, 1, 0, 1]),
                                 "ALC_\"x\"\n": conteos([0, 0, 0, 0, 0, 0, 0])])
    }

    static let esperado = """
        {
          "catalog_sha256": "abababababababababababababababababababababababababababababababab",
          "corte": "2024-06-02T21:20:00-06:00",
          "counts": {
            "ALC_\\"x\\"\\n": {
              "capturadas": 0,
              "contabilizadas": 0,
              "esperadas": 0,
              "fuera_de_catalogo": 0,
              "no_contabilizadas": 0,
              "pendientes": 0,
              "registradas": 0
            },
            "JG": {
              "capturadas": 3,
              "contabilizadas": 2,
              "esperadas": 4,
              "fuera_de_catalogo": 0,
              "no_contabilizadas": 1,
              "pendientes": 1,
              "registradas": 3
            },
            "total": {
              "capturadas": 3,
              "contabilizadas": 2,
              "esperadas": 4,
              "fuera_de_catalogo": 0,
              "no_contabilizadas": 1,
              "pendientes": 1,
              "registradas": 3
            }
          },
          "election_id": "CDMX-2024",
          "expires": "2024-06-02T21:35:00-06:00",
          "format_version": 1,
          "generated": "2024-06-02T21:20:03-06:00",
          "interval_seconds": 300,
          "mode": "simulacro",
          "previous_sha256": null,
          "seq": 7,
          "signing_keynum": "0123456789abcdef"
        }

        """

    @Test func bytesExactos() throws {
        let m = try Self.manifiesto()
        #expect(String(decoding: m.bytes, as: UTF8.self) == Self.esperado)
    }

    @Test func idaYVuelta() throws {
        var m = try Self.manifiesto()
        #expect(try Manifiesto(analizando: m.bytes) == m)
        m.anteriorSHA256 = HuellaSHA256(palabras: (0xcdcd_cdcd_cdcd_cdcd, 0xcdcd_cdcd_cdcd_cdcd, 0xcdcd_cdcd_cdcd_cdcd, 0xcdcd_cdcd_cdcd_cdcd))
        #expect(try Manifiesto(analizando: m.bytes) == m)
    }

    @Test func camposMalos() throws {
        let texto = String(decoding: try Self.manifiesto().bytes, as: UTF8.self)
        func error(_ de: String, _ a: String) -> ErrorVerificacion? {
            do {
                _ = try Manifiesto(analizando: Array(texto.replacingOccurrences(of: de, with: a).utf8))
                return nil
            } catch { return error }
        }
        #expect(error("\"seq\": 7", "\"seq\": \"7\"") == .manifiesto("manifest.json: 'seq' missing or not a whole number"))
        #expect(error("\"seq\": 7", "\"seq\": -7") == .manifiesto("manifest.json: 'seq' missing or not a whole number"))
        #expect(error("\"mode\": \"simulacro\"", "\"mode\": \"x\"") == .manifiesto("manifest.json: mode is not simulacro or oficial"))
        #expect(error("\"previous_sha256\": null", "\"previous_sha256\": 3")
            == .manifiesto("manifest.json: 'previous_sha256' missing or not a string"))
        #expect(error("\"pendientes\": 1,\n      \"registradas\": 3\n    },\n    \"total\"", "\"registradas\": 3\n    },\n    \"total\"")
            == .manifiesto("manifest.json: counts of 'JG' malformed"))
        // Strict JSON: a repeated key is refused, not silently resolved.
        #expect(error("\"seq\": 7", "\"seq\": 7, \"seq\": 8") != nil)
        #expect(throws: ErrorVerificacion.manifiesto("manifest.json is not an object")) {
            try Manifiesto(analizando: Array("[1]".utf8))
        }
    }
}
