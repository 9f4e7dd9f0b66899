import Foundation
import PrepPruebas
import Testing
@testable import PrepDominio

/// The shipped sample's shape (the generator that writes it is tested in PrepSimulacionTests).
@Suite struct MuestraTests {
    @Test func muestraConFormaCDMX() throws {
        let c = try MuestraCDMX.catalogo()
        #expect(c.distritos.count == 33)
        #expect(c.demarcaciones.count == 16)
        // The institute's alcaldía ids and names (leeme_ALC.txt:136; computos_bd-alcalde: 002 AZCAPOTZALCO).
        #expect(c.demarcaciones.first?.id == 2 && c.demarcaciones.first?.nombre == "AZCAPOTZALCO")
        #expect(c.demarcaciones.first { $0.id == 10 }?.nombre == "ALVARO OBREGON" && c.demarcaciones.last?.id == 17)
        #expect(c.elecciones.map(\.codigo) == ["JG", "DIP", "ALC"])
        #expect(c.proceso.perfil == .iecm2024, "the shipped sample publishes the IECM's files")
        #expect((13_000...13_400).contains(c.casillas.count))
        let porTipo = Dictionary(grouping: c.casillas, by: \.clave.tipo).mapValues(\.count)
        #expect((5_400...5_600).contains(porTipo["B"] ?? 0))
        #expect((7_450...7_750).contains(porTipo["C"] ?? 0))
        // The drill's special rows (53 A, 7 P, 1 M, 43 S, 11 E among its 13,424 JG actas).
        #expect(porTipo["E"] == 11 && porTipo["S"] == 43 && porTipo["M"] == 1 && porTipo["A"] == 53 && porTipo["P"] == 7)
        #expect(c.casillas.filter(\.urnaElectronica).count == 10 && c.casillas.filter(\.urnaElectronica).allSatisfy(\.esEspecial))
        #expect(c.actas.filter { $0.clave.variante == "RP" }.count == 43, "both DIP actas of every especial")
        #expect(c.casillas.first { $0.clave.tipo == "M" }.map { $0.clave.texto == "090000M0100" && $0.idDistritoLocal == 0 } == true)
        let mecanismos = Set(c.casillas.compactMap(\.mecanismoTraslado))
        #expect(mecanismos == [.dispositivo, .fijo, .itinerante] && c.casillas.contains { $0.mecanismoTraslado == nil })
        let tipos = Set(c.actas.map(\.tipoActa))
        #expect(tipos.isSuperset(of: ["A01", "A01VA", "A01PPP", "A02", "A02E", "A04UE", "A03", "A03EMR", "A03ERP", "A05UEMR", "A05UERP",
                                      "A02VA", "A02PPP", "A04", "A04E", "A06UE", "A03VA", "A03PPP"]))
        #expect((39_000...40_500).contains(c.actas.count))
        let ln = c.casillas.reduce(0) { $0 + $1.listaNominal }
        #expect((7_700_000...7_850_000).contains(ln))
        #expect(c.proceso.descripcion.contains("sintética"))
        for s in c.casillas where s.esEspecial {
            #expect(s.listaNominal == 0 && s.boletasEspecial == 1_000)
        }
    }

    /// Reference §6: PAN broke Va X la CDMX in districts 12, 13, 17, 20, 21, 25, 26, 30; MORENA alone
    /// in district 31 and in Tláhuac.
    @Test func rupturasDeCoalicion() throws {
        let c = try MuestraCDMX.catalogo()
        func columnas(_ e: String, _ ambito: Int) throws -> [String] {
            let el = try #require(c.eleccion(codigo: e)).eleccion
            return el.indicesColumnas(ambito: ambito).map { el.columnas[$0].id }
        }
        for d in [12, 13, 17, 20, 21, 25, 26, 30] {
            let cols = try columnas("DIP", d)
            #expect(!cols.contains("PAN_PRI_PRD") && cols.contains("PRI_PRD") && cols.contains("PAN"))
        }
        #expect(try columnas("DIP", 1).contains("PAN_PRI_PRD"))
        #expect(try !columnas("DIP", 31).contains { $0.contains("MORENA") && $0 != "MORENA" })
        #expect(try columnas("DIP", 7).contains("MORENA_PT") && columnas("DIP", 1).contains("MORENA_PT_VERDE"))
        #expect(try columnas("DIP", 9).contains("CSP") && !columnas("DIP", 1).contains("CSP"))
        let tlahuac = try #require(c.demarcaciones.first { $0.nombre == "TLAHUAC" })
        #expect(tlahuac.id == 11)
        #expect(try !columnas("ALC", tlahuac.id).contains("MORENA_PT_VERDE") && columnas("ALC", 2).contains("MORENA_PT_VERDE"))
        // The leeme's columns, in its order (leeme_GUB.txt:93, leeme_DIP_LOC.txt:89, leeme_ALC.txt:87).
        #expect(c.elecciones[0].columnas.map(\.id).joined(separator: ",") == "PAN,PRI,PRD,PVEM,PT,MC,MORENA,PAN_PRI_PRD,PAN_PRI,PAN_PRD,PRI_PRD,PVEM_PT_MORENA,PVEM_PT,PVEM_MORENA,PT_MORENA,NO_REGISTRADAS,NULOS")
        #expect(c.elecciones[1].columnas.map(\.id).joined(separator: ",") == "PAN,PRI,PRD,PVEM,PT,MC,MORENA,CSP,MORENA_PT,MORENA_PT_VERDE,PAN_PRI_PRD,PAN_PRI,PAN_PRD,PRI_PRD,NO_REGISTRADAS,NULOS")
        #expect(c.elecciones[2].columnas.map(\.id).joined(separator: ",") == "PAN,PRI,PRD,PVEM,PT,MC,MORENA,CSP,MORENA_PT_VERDE,PAN_PRI_PRD,PAN_PRI,PAN_PRD,PRI_PRD,NO_REGISTRADAS,NULOS")
        #expect(try columnas("JG", 5).count == 17)
        #expect(try columnas("ALC", tlahuac.id).suffix(2) == ["NO_REGISTRADAS", "NULOS"])
    }
}

/// A catálogo with one problem injected, and the `file:line: reason` expected.
struct CasoCatalogo: Sendable, CustomTestStringConvertible {
    let nombre: String
    let archivo: String
    /// Replaces the text `de` with `a` in the file (first occurrence).
    let de: String
    let a: String
    let problema: String
    var testDescription: String { nombre }
}

@Suite struct CargadorTests {
    /// A small, valid catálogo in the documented format.
    static let base: [String: String] = [
        "proceso.csv": "ID_ENTIDAD,ENTIDAD,SIGLAS,ANIO,DESCRIPCION\n9,CIUDAD DE MÉXICO,CDMX,2024,\"Prueba, sintética\"\n",
        "elecciones.csv": "ELECCION,NOMBRE,GEOGRAFIA\nJG,JEFATURA DE GOBIERNO,DISTRITO_LOCAL\nALC,ALCALDÍAS,DEMARCACION_TERRITORIAL\n",
        "columnas.csv": """
            ELECCION,COLUMNA,TIPO,NOMBRE,COLOR
            JG,PAN,partido,Partido Acción Nacional,#0059b3
            JG,MORENA,partido,Morena,#a4262c
            JG,PT_MORENA,coalicion,PT-Morena,#b5646a
            JG,NO_REGISTRADAS,no_registradas,No registradas,#9e9e9e
            JG,NULOS,nulos,Nulos,#616161
            ALC,PAN,partido,Partido Acción Nacional,#0059b3
            ALC,NO_REGISTRADAS,no_registradas,No registradas,#9e9e9e
            ALC,NULOS,nulos,Nulos,#616161

            """,
        "columnas_ambito.csv": "ELECCION,ID_AMBITO,COLUMNAS\nJG,2,PAN MORENA NO_REGISTRADAS NULOS\n",
        "distritos.csv": "ID_DISTRITO_LOCAL,DISTRITO_LOCAL\n1,DISTRITO 01\n2,DISTRITO 02\n",
        "demarcaciones.csv": "ID_DEMARCACION_TERRITORIAL,DEMARCACION_TERRITORIAL\n1,Tláhuac\n",
        "candidaturas.csv": "ELECCION,ID_AMBITO,COLUMNA,PROPIETARIA,SUPLENTE\nJG,0,PAN,Candidatura Ficticia,\n",
        "casillas.csv": """
            CLAVE_CASILLA,ID_DISTRITO_LOCAL,ID_DEMARCACION_TERRITORIAL,SECCION,TIPO_CASILLA,ID_CASILLA,EXT_CONTIGUA,UBICACION_CASILLA,LISTA_NOMINAL,REPRESENTANTES_PP_CI,BOLETAS_ESPECIAL,ELECCIONES
            090002B0100,2,1,2,B,01,00,1,500,4,0,JG ALC
            090001C0100,1,1,1,C,01,00,2,600,10,0,ALC JG
            090001B0100,1,1,1,B,01,00,1,600,10,0,JG ALC
            090001S0100,1,1,1,S,01,00,1,0,10,1000,JG

            """,
    ]

    static func archivos(_ cambios: [String: String] = [:]) -> [String: [UInt8]] {
        base.merging(cambios) { $1 }.mapValues { Array($0.utf8) }
    }

    @Test func cargaValida() throws {
        let c = try CargadorCatalogo.cargar(archivos: Self.archivos()).get()
        #expect(c.proceso.descripcion == "Prueba, sintética")
        #expect(c.actas.map(\.clave.texto) == ["090001B0100-JG", "090001C0100-JG", "090001S0100-JG", "090002B0100-JG",
                                               "090001B0100-ALC", "090001C0100-ALC", "090002B0100-ALC"])
        #expect(c.casillas.first { $0.clave.tipo == "C" }?.elecciones == ["JG", "ALC"])
        let clave = try #require(ClaveActa("090002B0100-JG"))
        let enDos = try #require(c.acta(clave))
        #expect(c.columnas(de: enDos).map(\.id) == ["PAN", "MORENA", "NO_REGISTRADAS", "NULOS"])
        #expect(c.actas[4].tipoActa == "2" && c.actas[2].tipoActa == "2E")
    }

    static let casos: [CasoCatalogo] = [
        CasoCatalogo(nombre: "duplicate casilla", archivo: "casillas.csv", de: "090001C0100,", a: "090001B0100,",
                     problema: "casillas.csv:4: duplicate CLAVE_CASILLA 090001B0100 (first at line 3)"),
        CasoCatalogo(nombre: "malformed CLAVE_CASILLA", archivo: "casillas.csv", de: "090002B0100,", a: "09002B0100,",
                     problema: "casillas.csv:2: CLAVE_CASILLA: expected 2-digit entidad, 4-digit sección, a capital letter, 2-digit id, 2-digit ext. contigua (e.g. 090001B0100), got \"09002B0100\""),
        CasoCatalogo(nombre: "negative lista nominal", archivo: "casillas.csv", de: ",500,", a: ",-500,",
                     problema: "casillas.csv:2: LISTA_NOMINAL: expected a whole number ≥ 0, got \"-500\""),
        CasoCatalogo(nombre: "non-numeric lista nominal", archivo: "casillas.csv", de: ",500,", a: ",quinientos,",
                     problema: "casillas.csv:2: LISTA_NOMINAL: expected a whole number ≥ 0, got \"quinientos\""),
        CasoCatalogo(nombre: "unknown election in a casilla", archivo: "casillas.csv", de: "0,JG ALC\n090001C", a: "0,JG DIP\n090001C",
                     problema: "casillas.csv:2: ELECCIONES: unknown election \"DIP\""),
        CasoCatalogo(nombre: "unknown election in columnas", archivo: "columnas.csv", de: "ALC,PAN,", a: "ALX,PAN,",
                     problema: "columnas.csv:7: unknown election \"ALX\""),
        CasoCatalogo(nombre: "column not defined", archivo: "columnas_ambito.csv", de: "PAN MORENA", a: "PAN MC",
                     problema: "columnas_ambito.csv:2: column MC is not defined for JG in columnas.csv"),
        CasoCatalogo(nombre: "candidacy of an undefined column", archivo: "candidaturas.csv", de: "JG,0,PAN", a: "JG,0,PRI",
                     problema: "candidaturas.csv:2: column PRI is not defined for JG in columnas.csv"),
        CasoCatalogo(nombre: "unknown distrito", archivo: "casillas.csv", de: "090002B0100,2,", a: "090002B0100,7,",
                     problema: "casillas.csv:2: ID_DISTRITO_LOCAL 7 is not in distritos.csv"),
        CasoCatalogo(nombre: "sección not matching the key", archivo: "casillas.csv", de: "090002B0100,2,1,2,", a: "090002B0100,2,1,3,",
                     problema: "casillas.csv:2: SECCION \"3\" does not match CLAVE_CASILLA 090002B0100"),
        CasoCatalogo(nombre: "especial without ballots", archivo: "casillas.csv", de: ",1000,JG", a: ",0,JG",
                     problema: "casillas.csv:5: BOLETAS_ESPECIAL: a casilla especial (tipo S) needs its ballots > 0"),
        CasoCatalogo(nombre: "wrong field count", archivo: "casillas.csv", de: ",10,1000,JG\n", a: ",1000,JG\n",
                     problema: "casillas.csv:5: expected 12 fields, got 11"),
        CasoCatalogo(nombre: "duplicate election", archivo: "elecciones.csv", de: "ALC,ALCALDÍAS", a: "JG,ALCALDÍAS",
                     problema: "elecciones.csv:3: duplicate election JG (first at line 2)"),
        CasoCatalogo(nombre: "bad header", archivo: "distritos.csv", de: "ID_DISTRITO_LOCAL,", a: "ID,",
                     problema: "distritos.csv:1: header must be ID_DISTRITO_LOCAL,DISTRITO_LOCAL"),
        CasoCatalogo(nombre: "NULOS not last", archivo: "columnas.csv", de: "ALC,PAN,partido,Partido Acción Nacional,#0059b3\n", a: "",
                     problema: "casillas.csv:0: no casilla defined"),
        CasoCatalogo(nombre: "unterminated quote", archivo: "proceso.csv", de: "\"Prueba, sintética\"", a: "\"Prueba",
                     problema: "proceso.csv:2: unterminated quoted field"),
        CasoCatalogo(nombre: "duplicate column", archivo: "columnas.csv", de: "JG,MORENA,", a: "JG,PAN,",
                     problema: "columnas.csv:3: duplicate column PAN of JG (first at line 2)"),
    ].filter { $0.nombre != "NULOS not last" }

    @Test(arguments: casos)
    func rechazo(_ caso: CasoCatalogo) throws {
        let texto = try #require(Self.base[caso.archivo])
        let rango = try #require(texto.range(of: caso.de), "fixture text not found")
        let roto = texto.replacingCharacters(in: rango, with: caso.a)
        let r = CargadorCatalogo.cargar(archivos: Self.archivos([caso.archivo: roto]))
        guard case .failure(let p) = r else {
            Issue.record("a bad catálogo was accepted")
            return
        }
        #expect(p.problemas.contains(caso.problema), "got: \(p.problemas)")
    }

    @Test func todosLosProblemasNoSoloElPrimero() {
        let casillas = Self.base["casillas.csv"]!
            .replacingOccurrences(of: ",500,", with: ",-1,")
            .replacingOccurrences(of: "090001C0100,", with: "09X001C0100,")
        var a = Self.archivos(["casillas.csv": casillas])
        a["distritos.csv"] = nil
        guard case .failure(let p) = CargadorCatalogo.cargar(archivos: a) else {
            Issue.record("a bad catálogo was accepted")
            return
        }
        #expect(p.problemas.contains("distritos.csv:0: missing file"))
        #expect(p.problemas.contains("casillas.csv:2: LISTA_NOMINAL: expected a whole number ≥ 0, got \"-1\""))
        #expect(p.problemas.contains { $0.hasPrefix("casillas.csv:3: CLAVE_CASILLA") })
        // Nothing else: references to the missing distritos.csv are not reported again.
        #expect(p.problemas.count == 3)
    }

    @Test func huellaEstable() {
        let a = Self.archivos()
        #expect(CargadorCatalogo.bytesHuella(archivos: a) == CargadorCatalogo.bytesHuella(archivos: a))
        var b = a
        b["casillas.csv"]?.append(0x0A)
        #expect(CargadorCatalogo.bytesHuella(archivos: a) != CargadorCatalogo.bytesHuella(archivos: b))
        let h = CargadorCatalogo.bytesHuella(archivos: a)
        #expect(h.starts(with: Array("candidaturas.csv\0".utf8)))
    }

    @Test func csvConBOMYCRLF() throws {
        var a = Self.archivos()
        a["distritos.csv"] = [0xEF, 0xBB, 0xBF] + Array("ID_DISTRITO_LOCAL,DISTRITO_LOCAL\r\n1,DISTRITO 01\r\n\r\n2,\"DISTRITO \"\"02\"\"\"\r\n".utf8)
        let c = try CargadorCatalogo.cargar(archivos: a).get()
        #expect(c.distritos.map(\.nombre) == ["DISTRITO 01", "DISTRITO \"02\""])
        a["distritos.csv"] = Array("ID_DISTRITO_LOCAL,DISTRITO_LOCAL\n1,DISTRITO ".utf8) + [0xFF] + Array("\n".utf8)
        guard case .failure(let p) = CargadorCatalogo.cargar(archivos: a) else {
            Issue.record("non-UTF-8 accepted")
            return
        }
        #expect(p.problemas == ["distritos.csv:2: not valid UTF-8"])
    }
}
