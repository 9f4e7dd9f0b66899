import Foundation
import Testing
import PrepDominio
import PrepPruebas
import PrepSistema
@testable import PrepPublicacion
@testable import PrepSitio

/// `prep verify`'s page check: every figure of every page against the signed CSVs, in both
/// profiles, with casillas especiales, mesas and urna electrónica counted (where the profiles'
/// participation rules differ), and a page changed and re-signed with the right key refused.
@Suite(.serialized) struct ComprobadorPaginasTests {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-paginas-\(UUID().uuidString)")

    /// The shipped sample in either profile: distritos 1 and 2, every mesa, especial and urna.
    static func corte(_ perfil: String, en tmp: URL) throws -> CortePrueba.Corte {
        let cat = perfil == "iecm-2024" ? try MuestraCDMX.catalogo() : try MuestraCDMX.catalogoINE()
        #expect(cat.proceso.perfil.nombre == perfil)
        #expect(cat.casillas.contains { $0.esEspecial } && cat.casillas.contains { $0.esMesa } && cat.casillas.contains { $0.urnaElectronica })
        return try CortePrueba.construir(en: tmp, catalogo: cat,
                                         registrar: { $0.idDistritoLocal <= 2 || $0.esMesa || $0.esEspecial || $0.urnaElectronica })
    }

    static func verificar(_ c: CortePrueba.Corte) throws(ErrorVerificacion) -> InformeVerificacion {
        try VerificadorCorte.verificar(carpeta: c.carpeta.path, clave: c.clave.publica, ahora: CortePrueba.hora,
                                       sitio: ComprobadorPaginas())
    }

    /// Writes `bytes` as `ruta` of the corte, lists its new hash and signs the list again with the
    /// corte's own key: only the page check can tell.
    static func cambiarYFirmar(_ c: CortePrueba.Corte, _ ruta: String, _ cambio: (String) -> String) throws {
        let archivo = c.carpeta.appendingPathComponent(ruta)
        let antes = try String(contentsOf: archivo, encoding: .utf8)
        let despues = cambio(antes)
        #expect(antes != despues, "the change must change \(ruta)")
        try Data(despues.utf8).write(to: archivo)
        let lista = try ListaSHA256(analizando: Array(try Data(contentsOf: c.carpeta.appendingPathComponent("SHA256"))))
        var entradas = lista.entradas
        entradas[ruta] = SHA256.hex(try SHA256.resumen(Array(despues.utf8)))
        let nueva = ListaSHA256(entradas: entradas).bytes
        try Data(nueva).write(to: c.carpeta.appendingPathComponent("SHA256"))
        try Data(try c.clave.firmarEmbebido(nueva, comentario: "re-signed")).write(to: c.carpeta.appendingPathComponent("SHA256.sig"))
    }

    /// The `data-campo="CAMPO">` figure's text on a page.
    static func figura(_ html: String, _ campo: String) -> String? {
        guard let r = html.range(of: "data-campo=\"\(campo)\">") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "<" })
    }

    @Test(arguments: ["iecm-2024", "ine-2024"])
    func cadaCifraDeCadaPaginaEsLaDelCSV(_ perfil: String) throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let c = try Self.corte(perfil, en: tmp)
        let informe = try Self.verificar(c)
        #expect(informe.filas > 1_000)
        // The figure whose rule differs between the profiles, on the first screen: the CSV's.
        let csv = try FileManager.default.contentsOfDirectory(atPath: c.carpeta.appendingPathComponent("datos").path)
            .filter { $0.hasSuffix(".csv") && !$0.contains("CANDIDATURAS") }
        #expect(csv.count == 3)
        let indice = try String(contentsOf: c.carpeta.appendingPathComponent("index.html"), encoding: .utf8)
        let enIndice = Self.figura(indice, "PORCENTAJE_PARTICIPACION_CIUDADANA")
        let jg = csv.first { $0.contains("_GUB_") || $0.contains("_JG_") } ?? ""
        let preambulo = try String(contentsOf: c.carpeta.appendingPathComponent("datos/" + jg), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"\r\u{FEFF}")) } }
        let fila = try #require(preambulo.firstIndex { $0.first == "ACTAS_ESPERADAS" })
        #expect(enIndice == preambulo[fila + 1].last, "index.html shows participation \(enIndice ?? "none"), \(jg) says \(preambulo[fila + 1].last ?? "")")
    }

    /// A page changed and re-signed with the right key fails, naming page, figure, what it
    /// shows and what the CSV gives; so does each kind of figure and each part of the site.
    @Test func unaPaginaCambiadaYFirmadaDeNuevoNoVerifica() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let c = try Self.corte("iecm-2024", en: tmp)
        let base = tmp.appendingPathComponent("base")
        try FileManager.default.copyItem(at: c.carpeta, to: base)
        func volver() throws {
            try FileManager.default.removeItem(at: c.carpeta)
            try FileManager.default.copyItem(at: base, to: c.carpeta)
        }
        func falla() -> String {
            do { _ = try Self.verificar(c) } catch { return error.description }
            return "verified"
        }

        let pagina = try String(contentsOf: c.carpeta.appendingPathComponent("resultados/JG.html"), encoding: .utf8)
        let real = try #require(Self.figura(pagina, "PORCENTAJE_PARTICIPACION_CIUDADANA"))
        try Self.cambiarYFirmar(c, "resultados/JG.html") {
            $0.replacingOccurrences(of: "data-campo=\"PORCENTAJE_PARTICIPACION_CIUDADANA\">\(real)<",
                                    with: "data-campo=\"PORCENTAJE_PARTICIPACION_CIUDADANA\">64.7002<")
        }
        // Without the page check the database alone still verifies: the signature is right.
        _ = try VerificadorCorte.verificar(carpeta: c.carpeta.path, clave: c.clave.publica, ahora: CortePrueba.hora)
        #expect(falla() == "resultados/JG.html: PORCENTAJE_PARTICIPACION_CIUDADANA shows 64.7002, datos/CDMX_GUB_2024.csv gives \(real)")
        try volver()
        /// Replaces the first `gancho="…">TEXT<` on the page with another number.
        func cambiarPrimera(_ ruta: String, _ gancho: String, despuesDe: String = "") throws -> String {
            var mensaje = ""
            try Self.cambiarYFirmar(c, ruta) { html in
                guard let desde = html.range(of: despuesDe)?.upperBound ?? (despuesDe.isEmpty ? html.startIndex : nil),
                      let r = html[desde...].range(of: gancho), let cierre = html[r.upperBound...].range(of: ">"),
                      let fin = html[cierre.upperBound...].firstIndex(of: "<") else { return html }
                var h = html
                h.replaceSubrange(cierre.upperBound..<fin, with: "999")
                return h
            }
            mensaje = falla()
            try volver()
            return mensaje
        }
        // A vote column on the overview, a candidacy on an election page, a summary figure and an
        // acta's CONTABILIZADA on an ámbito page.
        #expect(try cambiarPrimera("index.html", "data-votos=\"", despuesDe: "<table class=\"votos\">").hasPrefix("index.html (JG): votos "))
        #expect(try cambiarPrimera("resultados/JG.html", "data-votos-candidatura=\"", despuesDe: "<caption>Votos por candidatura</caption>")
            .hasPrefix("resultados/JG.html: votos-candidatura "))
        // The list by votes: its order, and who is named first.
        let primera = try String(contentsOf: c.carpeta.appendingPathComponent("resultados/JG.html"), encoding: .utf8)
        let marca = " <strong class=\"primero\">Primer lugar</strong>"
        let lider = try #require(primera.range(of: marca))
        let segunda = try #require(primera[lider.upperBound...].range(of: "<li><span class=\"quien\">"))
        let nombreFin = try #require(primera[segunda.upperBound...].range(of: "</span><span class=\"cuanto\">"))
        try Self.cambiarYFirmar(c, "resultados/JG.html") {
            var h = $0
            h.insert(contentsOf: marca, at: nombreFin.lowerBound)
            h.removeSubrange(lider)
            return h
        }
        #expect(falla().contains("votes is not marked first"), "\(falla())")
        try volver()
        #expect(try cambiarPrimera("resultados/DIP-01.html", "data-campo=\"ACTAS_ESPERADAS\"").contains("ACTAS_ESPERADAS shows 999"))
        #expect(try cambiarPrimera("resultados/JG-02.html", "data-porcentaje=\"").contains("porcentaje "))
        // A row taken out of a table: a vote column (its votes no longer shown), an acta (listed
        // nowhere), an acta moved to another ámbito's table.
        let dos = try String(contentsOf: c.carpeta.appendingPathComponent("resultados/JG-02.html"), encoding: .utf8)
        func fila(_ despuesDe: String) throws -> String {
            let tabla = try #require(dos.range(of: despuesDe)).upperBound
            let inicio = try #require(dos[tabla...].range(of: "<tr><th scope=\"row\">")).lowerBound
            return String(dos[inicio..<(try #require(dos[inicio...].range(of: "</tr>\n")).upperBound)])
        }
        let columna = try fila("<table class=\"votos\">"), acta = try fila("<table class=\"actas\">")
        try Self.cambiarYFirmar(c, "resultados/JG-02.html") { $0.replacingOccurrences(of: columna, with: "") }
        #expect(falla().hasPrefix("resultados/JG-02.html: does not show column "))
        try volver()
        try Self.cambiarYFirmar(c, "resultados/JG-02.html") { $0.replacingOccurrences(of: acta, with: "") }
        #expect(falla().hasPrefix("resultados/JG-02.html: ACTAS_ESPERADAS shows "))
        try volver()
        try Self.cambiarYFirmar(c, "resultados/JG-02.html") { $0.replacingOccurrences(of: acta, with: "") }
        try Self.cambiarYFirmar(c, "resultados/JG-01.html") {
            $0.replacingOccurrences(of: "<tbody>\n<tr><th scope=\"row\">0", with: "<tbody>\n" + acta + "<tr><th scope=\"row\">0")
        }
        #expect(falla().hasPrefix("resultados/JG-01.html: ACTAS_ESPERADAS shows "))
        try volver()
        // The corte time.
        try Self.cambiarYFirmar(c, "verificar.html") {
            guard let r = $0.range(of: "data-campo=\"CORTE\">") else { return $0 }
            var h = $0
            h.insert(contentsOf: "1", at: r.upperBound)
            return h
        }
        #expect(falla().hasPrefix("verificar.html: the corte time shows 1"))
    }
}
