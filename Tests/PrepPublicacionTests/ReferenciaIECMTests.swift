import Foundation
import Glibc
@testable import PrepDominio
@testable import PrepPublicacion
import PrepPruebas
import PrepSistema
import Testing

/// A corte of the shipped sample with one acta of every kind it expects (every
/// TIPO_ACTA) matches the institute's reference files for all three elections — header lines,
/// preamble shape, every special row kind spelled as the leeme spells it — and its zip passes
/// `unzip -t`, `prep verify` and stock `signify -C`.
@Suite struct ReferenciaIECMTests {
    typealias R = PerfilIECMTests

    /// The text of a whole reference file.
    static func referencia(_ archivo: String) throws -> String {
        String(decoding: try Data(contentsOf: R.referencia.appendingPathComponent(archivo)), as: UTF8.self)
    }

    /// The TIPO_ACTA codes a leeme defines in its CLAVE_ACTA entry (`- A03ERP - ACTA …`).
    static func tiposDelLeeme(_ archivo: String) throws -> Set<String> {
        let texto = try referencia(archivo)
        let entrada = texto.components(separatedBy: "11. TIPO_ACTA").first ?? texto
        var codigos: Set<String> = []
        for linea in entrada.split(separator: "\n") {
            let t = linea.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("- A0") else { continue }
            codigos.insert(String(t.dropFirst(2).prefix { !$0.isWhitespace }))
        }
        return codigos
    }

    /// The acta header an election's file must have: the export's names (line 7 of the drill
    /// export), the election's geography columns, and the leeme's vote columns (its header line,
    /// `|`-separated, between TOTAL_VOTOS_SACADOS and NO_REGISTRADOS).
    static func encabezadoEsperado(_ leeme: String, geografia: [String]) throws -> String {
        var export = try R.lineaReferencia("export_CDMX_GUB_2024_drill_excerpt.csv", 7).split(separator: ",").map(String.init)
        let lineaLeeme = try #require(try referencia(leeme).split(separator: "\n").first { $0.hasPrefix("CLAVE_CASILLA|") })
        let campos = lineaLeeme.split(separator: "|").map(String.init)
        let votos = campos[(try #require(campos.firstIndex(of: "TOTAL_VOTOS_SACADOS")) + 1)..<(try #require(campos.firstIndex(of: "NO_REGISTRADOS")))]
        let desde = try #require(export.firstIndex(of: "TOTAL_VOTOS_SACADOS")) + 1, hasta = try #require(export.firstIndex(of: "NO_REGISTRADAS"))
        export.replaceSubrange(desde..<hasta, with: votos)
        let g = try #require(export.firstIndex(of: "DISTRITO_LOCAL"))
        export.replaceSubrange(g...g, with: geografia)
        return export.joined(separator: ",")
    }

    /// A corte of the shipped sample with the first acta of every TIPO_ACTA registered.
    static func corte(_ raiz: String) throws -> (CortePublicado, Catalogo) {
        let cat = try MuestraCDMX.catalogo()
        let spool = raiz + "/spool"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let p = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/publish"), catalogo: cat)
        var vistos: Set<String> = []
        for acta in cat.actas where vistos.insert("\(acta.eleccion) \(acta.tipoActa)").inserted {
            let votos = Dictionary(uniqueKeysWithValues: cat.columnas(de: acta).map { ($0.id, Cifra.votos(4)) })
            let (a, ruta) = try Fixture.capturada(acta.clave.texto, votos, carpeta: spool)
            try p.registrar(a, rutaImagen: ruta)
        }
        return (try p.publicarCorte(ahora: MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 600, desfaseMinutos: 0)), cat)
    }

    @Test func lasTresEleccionesComoLasDelInstituto() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (c, cat) = try Self.corte(raiz)
        #expect(cat.proceso.perfil == .iecm2024)
        let ref = "export_CDMX_GUB_2024_drill_excerpt.csv"
        let casos: [(archivo: String, leeme: String, geografia: [String], documentos: Set<String>)] = [
            ("CDMX_GUB_2024.csv", "leeme_GUB.txt", ["DISTRITO_LOCAL"], ["ACTA PREP", "ACTA VRME", "ACTA VA", "ACTA VPPP", "ACTA UE"]),
            ("CDMX_DIP_LOC_2024.csv", "leeme_DIP_LOC.txt", ["ID_DISTRITO_LOCAL"], ["ACTA PREP", "ACTA VRME", "ACTA VA", "ACTA VPPP", "ACTA UE"]),
            ("CDMX_ALC_2024.csv", "leeme_ALC.txt", ["ID_ALCALDIA", "ALCALDIA"], ["ACTA PREP", "ACTA VA", "ACTA VPPP", "ACTA UE"]),
        ]
        for caso in casos {
            let l = try R.lineas(c.ruta + "/datos/" + caso.archivo).filter { !$0.isEmpty }
            // Preamble shape: name, corte time, separator, summary names, 13 values, separator.
            #expect(l[1].hasPrefix("\"02/06/2024 ") && l[1].hasSuffix("(UTC-6)\""), "\(caso.archivo) line 2")
            for n in [3, 4, 6] { #expect(l[n - 1] == (try R.lineaReferencia(ref, n)), "\(caso.archivo) line \(n)") }
            #expect(l[4].split(separator: ",").count == 13)
            // Header: the export's names, the election's geography, the leeme's vote columns.
            #expect(l[6] == (try Self.encabezadoEsperado(caso.leeme, geografia: caso.geografia)), "\(caso.archivo) header")
            if caso.archivo == "CDMX_GUB_2024.csv" { #expect(l[6] == (try R.lineaReferencia(ref, 7))) }
            // Every special row kind, spelled as the institute spells it.
            let encabezado = l[6].split(separator: ",").map(String.init)
            var columna: [String: Set<String>] = [:]
            for linea in l.dropFirst(7) {
                let campos = try #require(try LectorCSV.filas(Array(linea.utf8)).get().first?.campos)
                for (k, v) in zip(encabezado, campos) { columna[k, default: []].insert(v) }
            }
            let tipos = try Self.tiposDelLeeme(caso.leeme)
            // The leeme's DIP lists A02 for the M mesa (voto extranjero) and the paper casilla's A03.
            #expect(columna["TIPO_ACTA"] == tipos, "\(caso.archivo): TIPO_ACTA \(columna["TIPO_ACTA"]?.sorted() ?? []) vs the leeme's \(tipos.sorted())")
            #expect(columna["TIPO_DOCUMENTO"] == caso.documentos, "\(caso.archivo): \(columna["TIPO_DOCUMENTO"]?.sorted() ?? [])")
            #expect(columna["TIPO_CASILLA"] == Set(caso.archivo == "CDMX_ALC_2024.csv" ? ["A", "P", "B", "S"] : ["M", "A", "P", "B", "S"]))
            #expect(columna["MECANISMO_TRASLADO"]?.isSubset(of: ["", "D", "F", "I"]) == true)
        }
        // The zip opens with unzip -t; the corte verifies, by us and by stock signify.
        let zip = try #require(try VerificadorCorte.archivosBajo(c.ruta).first { $0.hasSuffix("_PREP_CDMX.zip") })
        #expect(access("/usr/bin/unzip", X_OK) == 0, "unzip missing: apt-get install unzip (.ci/run installs it)")
        let (u, salidaU) = try Fixture.ejecutar("/usr/bin/unzip", ["-t", zip], en: c.ruta)
        #expect(u == 0 && salidaU.contains("No errors detected"), "\(salidaU)")
        _ = try VerificadorCorte.verificar(carpeta: c.ruta, clave: Fixture.clavePrueba.publica, ahora: Fixture.t0)
        let pub = raiz + "/k.pub"
        try Data(Fixture.clavePrueba.publica.archivo(comentario: "prueba")).write(to: URL(fileURLWithPath: pub))
        let (s, salida) = try Fixture.ejecutar(try Fixture.signify(), ["-C", "-p", pub, "-x", "SHA256.sig"], en: c.ruta)
        #expect(s == 0 && salida.contains("datos/CDMX_DIP_LOC_2024.csv: OK"), "\(salida)")
    }
}
