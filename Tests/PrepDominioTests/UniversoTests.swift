@testable import PrepDominio
import PrepPruebas
import Testing

/// Every acta of the real CDMX 2024 universe can be expressed — mesas M, A, P,
/// urna electrónica, both DIP actas of a casilla especial, candidatura común, traslado mechanism —
/// and every catálogo and key valid before stays valid.
@Suite struct UniversoTests {
    @Test func claveConVarianteYClavesAnterioresIntactas() throws {
        let rp = try #require(ClaveActa("090002S0100-DIP-RP"))
        #expect(rp.eleccion == "DIP" && rp.variante == "RP" && rp.casilla.texto == "090002S0100" && rp.codigoActa == "DIP-RP")
        let mr = try #require(ClaveActa("090002S0100-DIP"))
        #expect(mr.eleccion == "DIP" && mr.variante == nil && mr != rp)
        #expect(ClaveActa("090001B0100-ABCDEFGH")?.variante == nil, "an 8-character election code still parses")
        #expect(ClaveActa("090001B0100-ABCDEFGH-RP12")?.texto == "090001B0100-ABCDEFGH-RP12")
        for mala in ["090002S0100-DIP-", "090002S0100-DIP-rp", "090002S0100-DIP-RP-X", "090002S0100-DIP-RPRPR", "090002S0100--RP", "090002S0100-DIP-1P"] {
            #expect(ClaveActa(mala) == nil, "\(mala)")
        }
        #expect(ClaveActa(casilla: rp.casilla, eleccion: "DIP", variante: "RP") == rp)
    }

    @Test func cadaActaDelUniversoConSuTipoActa() throws {
        let cat = CatalogoUniverso.catalogo
        let tipos = Dictionary(uniqueKeysWithValues: cat.actas.map { ($0.clave.texto, $0.tipoActa) })
        #expect(tipos["090000M0100-JG"] == "A01" && tipos["090004A0100-JG"] == "A01VA" && tipos["090005P0100-JG"] == "A01PPP")
        #expect(tipos["090000M0100-DIP"] == "A02" && tipos["090004A0100-DIP"] == "A02VA" && tipos["090005P0100-DIP"] == "A02PPP")
        #expect(tipos["090004A0100-ALC"] == "A03VA" && tipos["090005P0100-ALC"] == "A03PPP" && tipos["090000M0100-ALC"] == nil)
        #expect(tipos["090002S0100-JG"] == "A02E" && tipos["090002S0100-DIP"] == "A03EMR" && tipos["090002S0100-DIP-RP"] == "A03ERP")
        #expect(tipos["090002S0100-ALC"] == "A04E")
        #expect(tipos["090003S0100-JG"] == "A04UE" && tipos["090003S0100-DIP"] == "A05UEMR" && tipos["090003S0100-DIP-RP"] == "A05UERP")
        #expect(tipos["090003S0100-ALC"] == "A06UE")
        #expect(tipos["090001B0100-JG"] == "A02" && tipos["090001E0100-DIP"] == "A03" && tipos["090001B0100-ALC"] == "A04")
        #expect(cat.actas.count == 7 * 3 - 1 + 2, "7 casillas × 3 elections, no ALC for M, two RP actas")
        // The leeme: the mesa M's row first, then the other mesas, then every casilla.
        let jg = cat.actas.filter { $0.clave.eleccion == "JG" }.map(\.clave.casilla.texto)
        #expect(jg == ["090000M0100", "090004A0100", "090005P0100", "090001B0100", "090001E0100", "090002S0100", "090003S0100"])
        let dip = cat.actas.filter { $0.clave.eleccion == "DIP" }.map(\.clave.texto)
        #expect(dip.firstIndex(of: "090002S0100-DIP-RP") == (dip.firstIndex(of: "090002S0100-DIP") ?? -9) + 1, "RP right after its MR")
        let b = try #require(cat.casillas.first { $0.clave.texto == "090001B0100" })
        #expect(b.mecanismoTraslado == .fijo && !b.urnaElectronica)
        #expect(cat.casillas.first { $0.clave.texto == "090003S0100" }?.urnaElectronica == true)
        #expect(cat.elecciones[1].columnas.first { $0.id == "MORENA_PT_VERDE" }?.tipo == .candidaturaComun)
        #expect(cat.elecciones[1].columnas.first { $0.id == "CSP" }?.tipo == .independiente)
    }

    @Test func ineNoCambiaConMesasNiVariantes() throws {
        var p = CatalogoUniverso.archivos
        p["proceso.csv"] = "ID_ENTIDAD,ENTIDAD,SIGLAS,ANIO,DESCRIPCION\n9,CIUDAD DE MÉXICO,CDMX,2024,Prueba\n"
        let cat = try CargadorCatalogo.cargar(archivos: p.mapValues { Array($0.utf8) }).get()
        let tipos = Dictionary(uniqueKeysWithValues: cat.actas.map { ($0.clave.texto, $0.tipoActa) })
        #expect(tipos["090002S0100-DIP-RP"] == "2E" && tipos["090003S0100-JG"] == "2E" && tipos["090000M0100-JG"] == "2")
        let jg = cat.actas.filter { $0.clave.eleccion == "JG" }.map(\.clave.casilla.texto)
        #expect(jg.first == "090000M0100" && jg[1] == "090001B0100", "ine-2024 keeps INE's order: ámbito, sección, tipo")
    }

    @Test func erroresDelCatalogoConArchivoYLinea() {
        let malas = CatalogoUniverso.bytes(["casillas.csv": """
            CLAVE_CASILLA,ID_DISTRITO_LOCAL,ID_DEMARCACION_TERRITORIAL,SECCION,TIPO_CASILLA,ID_CASILLA,EXT_CONTIGUA,UBICACION_CASILLA,LISTA_NOMINAL,REPRESENTANTES_PP_CI,BOLETAS_ESPECIAL,ELECCIONES,MECANISMO_TRASLADO,URNA_ELECTRONICA
            090001B0100,1,2,0001,B,01,00,1,600,10,0,JG DIP-rp,X,2
            090001C0100,0,2,0001,C,01,00,1,600,10,0,JG,,0
            090000M0100,0,0,0000,M,01,00,1,300,0,0,JG ZZ-RP,,0

            """])
        guard case .failure(let p) = CargadorCatalogo.cargar(archivos: malas) else {
            Issue.record("a bad casillas.csv loaded")
            return
        }
        #expect(p.problemas.contains("casillas.csv:2: ELECCIONES: \"DIP-rp\" is not ELECCION or ELECCION-VARIANTE (e.g. DIP-RP)"), "\(p)")
        #expect(p.problemas.contains("casillas.csv:2: MECANISMO_TRASLADO: expected D, F, I or empty, got \"X\""))
        #expect(p.problemas.contains("casillas.csv:2: URNA_ELECTRONICA: expected 0 or 1, got \"2\""))
        #expect(p.problemas.contains("casillas.csv:3: ID_DISTRITO_LOCAL 0 is not in distritos.csv"), "only a mesa may have no distrito")
        #expect(p.problemas.contains("casillas.csv:4: ELECCIONES: unknown election \"ZZ\""))
        #expect(p.problemas.count == 5, "\(p)")
        let cabeza = CatalogoUniverso.bytes(["casillas.csv": "CLAVE_CASILLA,X\n"])
        guard case .failure(let q) = CargadorCatalogo.cargar(archivos: cabeza) else { Issue.record("bad header loaded"); return }
        #expect(q.problemas.first?.hasPrefix("casillas.csv:1: header must be CLAVE_CASILLA,") == true)
        #expect(q.problemas.first?.hasSuffix("(optionally followed by ,MECANISMO_TRASLADO,URNA_ELECTRONICA)") == true)
    }

    @Test func capturaConTipoDocumentoYTotalesDeMesa() throws {
        let cat = CatalogoUniverso.catalogo
        func json(_ k: String, totales: String, extra: String = "") -> [UInt8] {
            Array(#"{"version":1,"acta":"\#(k)","operador":"cap01","totales":{\#(totales)},"votos":{"PAN":1,"MORENA":2,"NO_REGISTRADAS":0,"NULOS":0}\#(extra)}"#.utf8)
        }
        let cinco = #""boletas_sobrantes":1,"personas_votaron":3,"representantes_votaron":0,"votos_sacados":3,"total_asentado":3"#
        // An old capture (no tipo_documento, five totals) stays valid.
        let vieja = try ValidadorCaptura.validar(json("090001B0100-JG", totales: cinco), clave: Fixture.clave("090001B0100-JG"),
                                                 operador: "cap01", catalogo: cat).get()
        #expect(vieja.documento == nil && vieja.totales.count == 5)
        let copia = try ValidadorCaptura.validar(json("090001B0100-JG", totales: cinco, extra: #","tipo_documento":"RPP""#),
                                                 clave: Fixture.clave("090001B0100-JG"), operador: "cap01", catalogo: cat).get()
        #expect(copia.documento == .representantes)
        let mala = ValidadorCaptura.validar(json("090001B0100-JG", totales: cinco, extra: #","tipo_documento":"rpp""#),
                                            clave: Fixture.clave("090001B0100-JG"), operador: "cap01", catalogo: cat)
        #expect(mala.failureDescription?.hasPrefix("tipo_documento: expected one of \"ACTA PREP\", \"RPP\", \"CC\", \"PPC\"") == true)
        // A mesa's acta (and an urna electrónica's) has only TOTAL_VOTOS_ASENTADO; the others may be given.
        let mesa = try ValidadorCaptura.validar(json("090000M0100-JG", totales: #""total_asentado":3"#),
                                                clave: Fixture.clave("090000M0100-JG"), operador: "cap01", catalogo: cat).get()
        #expect(mesa.totales == [.totalAsentado: .votos(3)])
        #expect(throws: (any Error).self) {
            try ValidadorCaptura.validar(json("090000M0100-JG", totales: #""personas_votaron":3"#),
                                         clave: Fixture.clave("090000M0100-JG"), operador: "cap01", catalogo: cat).get()
        }
        let casilla = ValidadorCaptura.validar(json("090001B0100-JG", totales: #""total_asentado":3"#),
                                               clave: Fixture.clave("090001B0100-JG"), operador: "cap01", catalogo: cat)
        #expect(casilla.failureDescription == "totales.boletas_sobrantes: missing; totales.personas_votaron: missing; totales.representantes_votaron: missing; totales.votos_sacados: missing")
    }
}

extension Result {
    /// The error's description, nil on success.
    var failureDescription: String? {
        if case .failure(let e) = self { return "\(e)" }
        return nil
    }
}
