import Foundation
import PrepPruebas
import Testing

/// `prep catalog`, `prep template` and `prep sample-catalog` through the real binary.
@Suite(.enHiloPropio) struct CatalogoComandosTests {
    static let raiz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func catalogPorEleccionDesdeLaRaiz() throws {
        let s = try Binario.ejecutar(["catalog", "--election", "JG"], directorio: Self.raiz)
        #expect(s.estado == 0, "\(s.stderr)")
        let lineas = s.stdout.split(separator: "\n")
        #expect((13_000...13_400).contains(lineas.count))
        #expect(lineas.allSatisfy { $0.contains("-JG\t") && $0.split(separator: "\t").count == 3 })
        let primera = lineas[0].split(separator: "\t")
        #expect(primera[0] == "090000M0100-JG", "the mesa M first, as the IECM's leeme orders rows")
        #expect(lineas.contains { $0.hasPrefix("090001B0100-JG\t") })
        #expect(Int(primera[1]) != nil && Int(primera[2]) != nil)
        let todas = try Binario.ejecutar(["catalog"], directorio: Self.raiz)
        #expect(todas.stdout.split(separator: "\n").count > 3 * 13_000)
    }

    @Test func eleccionDesconocida() throws {
        let s = try Binario.ejecutar(["catalog", "--election", "GOB"], directorio: Self.raiz)
        #expect(s.estado == 1)
        #expect(s.stderr == "prep catalog: election 'GOB' is not in the catálogo (it has JG, DIP, ALC)\n")
    }

    @Test(arguments: [
        // Sección 1 is in distrito 1 (Va X la CDMX, MORENA_PT_VERDE in common); sección 5020 in distrito 31, where MORENA ran alone.
        ("090001B0100-DIP", true), ("095020B0100-DIP", false),
    ])
    func plantilla(_ clave: String, _ conSigamos: Bool) throws {
        let s = try Binario.ejecutar(["template", clave, "--operator", "cap017"], directorio: Self.raiz)
        #expect(s.estado == 0, "\(s.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        #expect(json["acta"] as? String == clave)
        #expect(json["operador"] as? String == "cap017")
        let votos = try #require(json["votos"] as? [String: Int])
        #expect(votos.values.allSatisfy { $0 == 0 })
        #expect(votos["NULOS"] == 0 && votos["NO_REGISTRADAS"] == 0 && votos["MORENA"] == 0)
        #expect((votos["MORENA_PT_VERDE"] != nil) == conSigamos)
        #expect(votos["PT_MORENA"] == nil && votos["PVEM_PT_MORENA"] == nil, "DIP has candidaturas comunes, not the JG coalition")
        #expect((json["totales"] as? [String: Int])?.count == 5)
        #expect(s.stdout.hasPrefix("{\n  \"version\": 1,\n  \"acta\": \"\(clave)\","))
    }

    @Test func plantillaFueraDeCatalogoYClaveMala() throws {
        let fuera = try Binario.ejecutar(["template", "099999B0100-JG"], directorio: Self.raiz)
        #expect(fuera.estado == 1)
        #expect(fuera.stderr == "prep template: 099999B0100-JG is not an expected acta: casilla 099999B0100 has no JG acta in the catálogo\n")
        let mala = try Binario.ejecutar(["template", "nada"], directorio: Self.raiz)
        #expect(mala.estado == 1)
        #expect(mala.stderr.contains("'nada' is not an acta key"))
        let uso = try Binario.ejecutar(["template"], directorio: Self.raiz)
        #expect(uso.estado == 2)
    }

    /// `--config` gives `prep catalog` and `prep template` the configured catálogo (relative to the
    /// config's folder), not the working folder's `etc/catalogo`; `--catalog` still overrides it.
    @Test func catalogYTemplateUsanElCatalogoDeLaConfiguracion() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prep-conf-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let propio = dir.appendingPathComponent("propio")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.raiz + "/etc/catalogo", toPath: propio.path)
        // The operator's own catálogo: only the first two casillas, the first with another lista nominal.
        let casillas = propio.appendingPathComponent("casillas.csv")
        let lineas = try String(contentsOf: casillas, encoding: .utf8).split(separator: "\n").prefix(3)
        #expect(lineas[1].hasPrefix("090001B0100,1,10,1,B,01,00,1,527,10,"))
        let texto = lineas.joined(separator: "\n").replacingOccurrences(of: "090001B0100,1,10,1,B,01,00,1,527,", with: "090001B0100,1,10,1,B,01,00,1,700,")
        try (texto + "\n").write(to: casillas, atomically: false, encoding: .utf8)
        let config = dir.appendingPathComponent("prep.conf").path
        try "catalog = propio\n".write(toFile: config, atomically: false, encoding: .utf8)

        let catalogo = try Binario.ejecutar(["catalog", "--config", config, "--election", "JG"], directorio: Self.raiz)
        #expect(catalogo.estado == 0, "\(catalogo.stderr)")
        #expect(catalogo.stdout == "090001B0100-JG\t700\t10\n090001C0100-JG\t614\t6\n")
        let plantilla = try Binario.ejecutar(["template", "090001B0100-ALC", "--config", config], directorio: Self.raiz)
        #expect(plantilla.estado == 0, "\(plantilla.stderr)")
        #expect(plantilla.stdout.contains("\"acta\": \"090001B0100-ALC\""))
        // In the shipped sample, not in the configured catálogo.
        let fuera = try Binario.ejecutar(["template", "090002B0100-JG", "--config", config], directorio: Self.raiz)
        #expect(fuera.estado == 1)
        #expect(fuera.stderr == "prep template: 090002B0100-JG is not an expected acta: casilla 090002B0100 has no JG acta in the catálogo\n")
        let muestra = try Binario.ejecutar(["template", "090002B0100-JG", "--config", config, "--catalog", "etc/catalogo"],
                                           directorio: Self.raiz)
        #expect(muestra.estado == 0, "\(muestra.stderr)")
        let malaConfig = try Binario.ejecutar(["catalog", "--config", dir.appendingPathComponent("no-such.conf").path])
        #expect(malaConfig.estado == 1)
        #expect(malaConfig.stderr.contains("no-such.conf: cannot read: No such file or directory"))
    }

    @Test func catalogoMaloDiceArchivoYLinea() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prep-cat-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = try Binario.ejecutar(["sample-catalog", "--scale", "cdmx", "--out", dir.path])
        #expect(g.estado == 0, "\(g.stderr)")
        // Same bytes as the shipped sample.
        for n in ["casillas.csv", "columnas_ambito.csv"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent(n)) == Data(contentsOf: URL(fileURLWithPath: Self.raiz + "/etc/catalogo/" + n)))
        }
        let casillas = dir.appendingPathComponent("casillas.csv")
        var texto = try String(contentsOf: casillas, encoding: .utf8)
        texto = texto.replacingOccurrences(of: "090001C0100,1,10,1,C,01,00,1,", with: "090001B0100,1,10,1,B,01,00,1,")
        try texto.write(to: casillas, atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("distritos.csv"))
        let s = try Binario.ejecutar(["catalog", "--catalog", dir.path])
        #expect(s.estado == 1)
        #expect(s.stderr.contains("\(dir.path)/distritos.csv:0: missing file"))
        #expect(s.stderr.contains("\(dir.path)/casillas.csv:3: duplicate CLAVE_CASILLA 090001B0100 (first at line 2)"))
        let noHay = try Binario.ejecutar(["catalog", "--catalog", dir.path + "/no-such"])
        #expect(noHay.estado == 1)
        #expect(noHay.stderr.hasPrefix("prep catalog: catalog \(dir.path)/no-such: No such file or directory"))
    }
}
