import Foundation
import Glibc
@testable import PrepDominio
@testable import PrepPublicacion
import PrepPruebas
import PrepSistema
import Testing

/// The `iecm-2024` profile on the shipped CDMX sample: a corte with a row of every kind, checked
/// rule by rule against the institute's own files in `../shared/reference/iecm2024/`, read back
/// after a restart, verified, and read by Python as a consumer of the IECM's files would.
@Suite struct PerfilIECMTests {
    static let referencia = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference/iecm2024")

    /// Line `n` (1-based) of a reference file, without its line end.
    static func lineaReferencia(_ archivo: String, _ n: Int) throws -> String {
        let t = String(decoding: try Data(contentsOf: referencia.appendingPathComponent(archivo)), as: UTF8.self)
        // By scalars: "\r\n" is one Character, so a Character split would not see the line ends.
        return String(String.UnicodeScalarView(t.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)[n - 1]))
            .replacingOccurrences(of: "\r", with: "")
    }

    /// The shipped sample with PERFIL iecm-2024 in proceso.csv.
    static func catalogo() throws -> Catalogo {
        var a = try MuestraCDMX.archivos()
        var p = String(decoding: a["proceso.csv"] ?? [], as: UTF8.self).split(separator: "\n").map(String.init)
        if !p[0].hasSuffix(",PERFIL") { p[0] += ",PERFIL"; p[1] += ",iecm-2024" } else { p[1] = p[1].replacingOccurrences(of: ",ine-2024", with: ",iecm-2024") }
        a["proceso.csv"] = Array((p.joined(separator: "\n") + "\n").utf8)
        return try CargadorCatalogo.cargar(archivos: a).get()
    }

    /// Every vote column of `k`'s acta at `v`, `ilegible` on the columns named in `raras`.
    static func votos(_ cat: Catalogo, _ k: String, _ v: Int, ilegible raras: Set<String> = [], todas: Cifra? = nil) -> [String: Cifra] {
        guard let acta = cat.acta(Fixture.clave(k)) else { return ["PAN": .votos(v), "NO_REGISTRADAS": .votos(0), "NULOS": .votos(0)] }
        return Dictionary(uniqueKeysWithValues: cat.columnas(de: acta).map { c in
            (c.id, todas ?? (raras.contains(c.id) ? .ilegible : .votos(v)))
        })
    }

    /// A corte of the sample in iecm-2024 with: a counted acta (CASILLA), an ilegible one, one
    /// exceeding its lista nominal, a todos ilegibles, a sin acta, a casilla especial, a DIP and an
    /// ALC acta and a fuera de catálogo one.
    static func corte(_ raiz: String) throws -> (ConstructorCortes, CortePublicado, Catalogo) {
        let cat = try catalogo()
        let spool = raiz + "/spool"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let p = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/publish"), catalogo: cat)
        let casos: [(String, [String: Cifra], OrigenImagen)] = [
            ("090001B0100-JG", votos(cat, "090001B0100-JG", 20), .casilla),
            ("090001C0100-JG", votos(cat, "090001C0100-JG", 10, ilegible: ["PRD"]), .catd),
            ("090002B0100-JG", votos(cat, "090002B0100-JG", 90), .catd),
            ("090002C0100-JG", votos(cat, "090002C0100-JG", 0, todas: .ilegible), .catd),
            ("090206S0100-JG", votos(cat, "090206S0100-JG", 5), .catd),
            ("090001B0100-DIP", votos(cat, "090001B0100-DIP", 7), .catd),
            ("090001B0100-ALC", votos(cat, "090001B0100-ALC", 8), .casilla),
            ("099999B0100-JG", votos(cat, "099999B0100-JG", 3), .catd),
        ]
        for (k, v, origen) in casos {
            let (a, r) = try Fixture.capturada(k, v, carpeta: spool, origen: origen)
            try p.registrar(a, rutaImagen: r)
        }
        try p.registrar(Fixture.sinActa("090003B0100-JG", .paqueteSinSobre), rutaImagen: nil)
        let corte = try p.publicarCorte(ahora: MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 600, desfaseMinutos: 0))
        return (p, corte, cat)
    }

    static func lineas(_ ruta: String) throws -> [String] {
        String(decoding: try Directorio.actual.leerTodo(NombreArchivo(ruta)), as: UTF8.self).unicodeScalars
            .split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }

    @Test func archivosYPaquete() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c, _) = try Self.corte(raiz)
        let datos = try VerificadorCorte.archivosBajo(c.ruta).filter { $0.hasPrefix("datos/") }.sorted()
        #expect(datos == ["datos/20240602_2010_PREP_CDMX.zip",
                          "datos/CDMX_ALC_2024.csv", "datos/CDMX_ALC_CANDIDATURAS_2024.csv",
                          "datos/CDMX_DIP_LOC_2024.csv", "datos/CDMX_DIP_LOC_CANDIDATURAS_2024.csv",
                          "datos/CDMX_GUB_2024.csv", "datos/CDMX_GUB_CANDIDATURAS_2024.csv"])
        let fuera = try ArchivoZip.entradas(try Directorio.actual.leerTodo(NombreArchivo(c.ruta + "/datos/20240602_2010_PREP_CDMX.zip")))
        #expect(fuera.map(\.nombre) == ["20240602_2010_PREP_GUB_CDMX.zip", "20240602_2010_PREP_DIP_LOC_CDMX.zip",
                                        "20240602_2010_PREP_ALC_CDMX.zip"])
        let gub = try ArchivoZip.entradas(fuera[0].bytes)
        #expect(gub.map(\.nombre) == ["CDMX_GUB_2024.csv", "CDMX_GUB_CANDIDATURAS_2024.csv", "leeme.txt"])
        let leeme = String(decoding: gub[2].bytes, as: UTF8.self)
        #expect(leeme.contains("PROGRAMA DE RESULTADOS ELECTORALES PRELIMINARES 2024 - JEFATURA DE GOBIERNO"))
        #expect(leeme.contains("- A02E - ACTA DE ESCRUTINIO Y CÓMPUTO DE CASILLA ESPECIAL"))
        #expect(!leeme.contains("\r") && !gub[2].bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        _ = try VerificadorCorte.verificar(carpeta: c.ruta, clave: Fixture.clavePrueba.publica, ahora: Fixture.t0)
        // Stock signify checks the signature and every file, the zip included.
        let pub = raiz + "/k.pub"
        try Data(Fixture.clavePrueba.publica.archivo(comentario: "prueba")).write(to: URL(fileURLWithPath: pub))
        let (estado, salida) = try Fixture.ejecutar(try Fixture.signify(), ["-C", "-p", pub, "-x", "SHA256.sig"], en: c.ruta)
        #expect(estado == 0 && salida.contains("datos/20240602_2010_PREP_CDMX.zip: OK"), "\(salida)")
    }

    @Test func preambuloYEncabezadoComoLaExportacion() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c, _) = try Self.corte(raiz)
        let bytes = try Directorio.actual.leerTodo(NombreArchivo(c.ruta + "/datos/CDMX_GUB_2024.csv"))
        #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]), "no BOM")
        #expect(!bytes.contains(13), "LF line ends only")
        let l = try Self.lineas(c.ruta + "/datos/CDMX_GUB_2024.csv")
        let ref = "export_CDMX_GUB_2024_drill_excerpt.csv"
        #expect(l[0] == (try Self.lineaReferencia(ref, 1)))
        #expect(l[1] == "\"02/06/2024 20:10(UTC-6)\"")
        #expect(l[2] == (try Self.lineaReferencia(ref, 3)))
        #expect(l[3] == (try Self.lineaReferencia(ref, 4)))
        #expect(l[5] == (try Self.lineaReferencia(ref, 6)))
        #expect(l[6] == (try Self.lineaReferencia(ref, 7)), "the acta header is the export's, byte for byte")
        #expect(!l.joined().contains("'"), "no apostrophes")
        let cand = try Self.lineas(c.ruta + "/datos/CDMX_GUB_CANDIDATURAS_2024.csv")
        #expect(cand[0] == "\u{FEFF}" + (try Self.lineaReferencia("export_CDMX_GUB_CANDIDATURAS_2024.csv", 1)).dropFirst() + "\r")
        #expect(cand[1].hasPrefix("09,"))
        let dip = try Self.lineas(c.ruta + "/datos/CDMX_DIP_LOC_2024.csv")
        #expect(dip[0] == "\"DIPUTACIONES LOCALES\"")
        #expect(dip[6].hasPrefix("CLAVE_CASILLA,CLAVE_ACTA,ID_ENTIDAD,ENTIDAD,ID_DISTRITO_LOCAL,SECCION,ID_CASILLA,"))
        let alc = try Self.lineas(c.ruta + "/datos/CDMX_ALC_2024.csv")
        #expect(alc[0] == "ALCALDIAS")
        #expect(alc[6].hasPrefix("CLAVE_CASILLA,CLAVE_ACTA,ID_ENTIDAD,ENTIDAD,ID_ALCALDIA,ALCALDIA,SECCION,"))
    }

    /// Each row kind as the institute spells it.
    @Test func filasConElVocabularioDelInstituto() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c, _) = try Self.corte(raiz)
        let l = try Self.lineas(c.ruta + "/datos/CDMX_GUB_2024.csv")
        let encabezado = l[6].split(separator: ",").map(String.init)
        var filas: [String: [String: String]] = [:]
        for linea in l.dropFirst(7) where !linea.isEmpty {
            let campos = try #require(try? LectorCSV.filas(Array(linea.utf8)).get().first?.campos)
            filas[campos[1]] = Dictionary(uniqueKeysWithValues: zip(encabezado, campos))
        }
        #expect(filas.count == 7 && filas["090001B0100A02"] != nil, "registered actas only: \(filas.keys.sorted())")
        let b = try #require(filas["090001B0100A02"])
        #expect(b["ID_ENTIDAD"] == "09" && b["DISTRITO_LOCAL"] == "001" && b["UBICACION_CASILLA"] == "01" && b["TIPO_ACTA"] == "A02")
        #expect(b["OBSERVACIONES"] == "--" && b["CONTABILIZADA"] == "1" && b["ORIGEN"] == "CASILLA" && b["DIGITALIZACION"] == "MOVIL")
        #expect(b["TIPO_DOCUMENTO"] == "ACTA PREP" && b["MECANISMO_TRASLADO"] == "F", "the sample's mechanism of 090001B0100")
        #expect(b["FECHA_HORA_CAPTURA"] == "02/06/2024 20:00:00 (UTC-6)")
        #expect(l.contains { $0.contains(",\"02/06/2024 20:00:00 (UTC-6)\",") }, "times quoted as fputcsv does")
        #expect(filas["090001C0100A02"]?["PRD"] == "ILEGIBLE ", "with the trailing space of the institute's export")
        #expect(l.contains { $0.contains(",\"ILEGIBLE \",") }, "quoted as fputcsv quotes a field with a space")
        #expect(filas["090001C0100A02"]?["OBSERVACIONES"] == "ALGUN CAMPO ILEGIBLE O SIN DATOS")
        #expect(filas["090002B0100A02"]?["OBSERVACIONES"] == "EXCEDE LISTA NOMINAL", "alone: it prevails over the rest")
        #expect(filas["090002C0100A02"]?["OBSERVACIONES"] == "TODOS ILEGIBLES O SIN DATO")
        #expect(filas["090002C0100A02"]?["CONTABILIZADA"] == "0")
        let s = try #require(filas["090206S0100A02E"])
        #expect(s["TIPO_ACTA"] == "A02E" && s["LISTA_NOMINAL"] == "0")
        let sa = try #require(filas["090003B0100A02"])
        #expect(sa["PAN"] == "SIN ACTA" && sa["TOTAL_BOLETAS_SOBRANTES"] == "SIN ACTA" && sa["TOTAL_VOTOS_CALCULADOS"] == "SIN ACTA")
        #expect(sa["OBSERVACIONES"] == "SIN ACTA POR PAQUETE ENTREGADO SIN BOLSA" && sa["CONTABILIZADA"] == "0")
        #expect(sa["CODIGO_INTEGRIDAD"] == "N/A" && sa["ORIGEN"] == "N/A" && sa["TIPO_DOCUMENTO"] == "N/A" && sa["FECHA_HORA_ACOPIO"] == "N/A")
        #expect(sa["TOTAL_VOTOS_ASENTADO"] == "", "empty, as in the institute's export")
        #expect(sa["FECHA_HORA_VERIFICACION"] == "N/A", "the leeme: N/A for the sin acta cases")
        let fc = try #require(filas["099999B01000"])
        #expect(fc["CONTABILIZADA"] == "2" && fc["UBICACION_CASILLA"] == "03" && fc["TIPO_ACTA"] == "0" && fc["DISTRITO_LOCAL"] == "N/A")
        let alc = try Self.lineas(c.ruta + "/datos/CDMX_ALC_2024.csv")
        #expect(alc[7].hasPrefix("090001B0100,090001B0100A04,09,\"CIUDAD DE MÉXICO\",010,\"ALVARO OBREGON\","), "the institute's alcaldía id and name")
    }

    @Test func participacionSobreTotalConEspeciales() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (p, _, cat) = try Self.corte(raiz)
        let t = p.estado.tablas[0]
        let r = t.resumen
        #expect(r.totalVotosConCS > r.totalVotosSinCS)
        #expect(r.porcentajeParticipacionCiudadana == .truncado(r.totalVotosConCS, de: r.listaNominalActasContabilizadas))
        #expect(cat.proceso.perfil == .iecm2024)
    }

    @Test func reinicioLeeDeVueltaCadaFila() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (p, c1, cat) = try Self.corte(raiz)
        let ahora = MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 1500, desfaseMinutos: 0)
        let c2 = try p.publicarCorte(ahora: ahora)
        let q = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/publish"), catalogo: cat)
        #expect(q.tomarPorReleer().isEmpty, "every row of both profiles reads back")
        let c3 = try q.publicarCorte(ahora: ahora)
        for e in ["GUB", "DIP_LOC", "ALC"] {
            let a = try Self.lineas(c2.ruta + "/datos/CDMX_\(e)_2024.csv"), b = try Self.lineas(c3.ruta + "/datos/CDMX_\(e)_2024.csv")
            #expect(a == b, "\(e) read back byte for byte")
        }
        _ = try VerificadorCorte.verificar(carpeta: c3.ruta, clave: Fixture.clavePrueba.publica, anterior: c2.ruta, ahora: Fixture.t0)
        _ = c1
    }

    /// A consumer of the IECM's files: Python's csv and zipfile (and pandas, installed from
    /// Debian's python3-pandas) read the corte exactly as they read the institute's export.
    @Test func comoLoLeeUnConsumidorEnPython() throws {
        guard ZipTests.herramienta("/usr/bin/python3", "python3 python3-pandas") else { return }
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c, _) = try Self.corte(raiz)
        let programa = """
        import csv, io, sys, zipfile
        import pandas as pd
        ref = sys.argv[1]
        z = zipfile.ZipFile("datos/20240602_2010_PREP_CDMX.zip")
        assert z.testzip() is None
        gub = zipfile.ZipFile(io.BytesIO(z.read("20240602_2010_PREP_GUB_CDMX.zip")))
        texto = gub.read("CDMX_GUB_2024.csv").decode("utf-8")
        assert texto == open("datos/CDMX_GUB_2024.csv", encoding="utf-8").read()
        filas = list(csv.reader(io.StringIO(texto)))
        referencia = list(csv.reader(open(ref + "/export_CDMX_GUB_2024_drill_excerpt.csv", encoding="utf-8")))
        assert filas[6] == referencia[6], "same header at the same position"
        assert filas[2] == referencia[2] == ["\\t"] * 4
        assert filas[3] == referencia[3]
        assert all("'" not in c for f in filas for c in f)
        d = pd.read_csv(io.StringIO(texto), skiprows=6, dtype=str, keep_default_na=False)
        r = pd.read_csv(ref + "/export_CDMX_GUB_2024_drill_excerpt.csv", skiprows=6, dtype=str, keep_default_na=False)
        assert list(d.columns) == list(r.columns)
        assert set(d["OBSERVACIONES"]) <= {"--", "EXCEDE LISTA NOMINAL", "ALGUN CAMPO ILEGIBLE O SIN DATOS",
            "TODOS ILEGIBLES O SIN DATO", "SIN ACTA POR CASILLA NO INSTALADA", "SIN ACTA POR PAQUETE NO ENTREGADO",
            "SIN ACTA POR PAQUETE ENTREGADO SIN BOLSA"}, set(d["OBSERVACIONES"])
        assert set(d["OBSERVACIONES"]) >= {"--", "EXCEDE LISTA NOMINAL", "SIN ACTA POR PAQUETE ENTREGADO SIN BOLSA"}
        assert set(d["DIGITALIZACION"]) <= {"MOVIL", "ESCANER", "N/A"} and set(d["ORIGEN"]) <= {"CASILLA", "CATD", "N/A"}
        assert (d["ID_ENTIDAD"] == "09").all() and d["CLAVE_CASILLA"].str.len().eq(11).all()
        assert "SIN ACTA" in set(d["PAN"]) and "ILEGIBLE " in set(d["PRD"])
        # The cells the institute's export writes the same way, compared with its own rows.
        assert "ILEGIBLE " in set(r["PRD"])
        for df in (d, r):
            sa = df[df["OBSERVACIONES"].str.startswith("SIN ACTA")]
            assert len(sa) > 0 and (sa["TOTAL_VOTOS_ASENTADO"] == "").all() and (sa["PAN"] == "SIN ACTA").all()
        sa = d[d["OBSERVACIONES"].str.startswith("SIN ACTA")]
        assert (sa["FECHA_HORA_VERIFICACION"] == "N/A").all()
        resumen = pd.read_csv(io.StringIO(texto), skiprows=3, nrows=1)
        assert int(resumen["ACTAS_REGISTRADAS"][0]) == len(d), (resumen, len(d))
        print("ok")
        """
        let r = try Ejecucion.ejecutar("/usr/bin/python3", ["-c", programa, Self.referencia.path], directorio: c.ruta)
        #expect(r.estado == 0 && r.stdout == "ok\n", "\(r.todo)")
    }
}
