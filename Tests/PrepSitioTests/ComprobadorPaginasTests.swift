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

    /// The shipped sample in either profile, registered: distritos 1 and 2, every mesa, especial
    /// and urna. Cut to those casillas and distrito 3's (left pending): every kind of casilla and
    /// acta whose participation rule differs between the profiles is there, registered, beside
    /// pending ones, in a tenth of the sample (1,272 of 13,285 casillas; 541 secciones, so still
    /// dozens of lookup files).
    static func corte(_ perfil: String, en tmp: URL, sitio: (any GeneradorSitio)? = nil) throws -> CortePrueba.Corte {
        let especiales = Set((["S"] + Casilla.tiposMesa).map { Substring(String($0)) })
        let archivos = MuestraCDMX.recortada(perfil == "iecm-2024" ? try MuestraCDMX.archivos() : try MuestraCDMX.archivosINE()) { c in
            (Int(c["ID_DISTRITO_LOCAL"] ?? "") ?? 0) <= 3 || especiales.contains(c["TIPO_CASILLA"] ?? "") || c["URNA_ELECTRONICA"] != "0"
        }
        let cat = try CargadorCatalogo.cargar(archivos: archivos).get()
        #expect(cat.proceso.perfil.nombre == perfil)
        #expect(cat.casillas.contains { $0.esEspecial } && cat.casillas.contains { $0.esMesa } && cat.casillas.contains { $0.urnaElectronica })
        return try CortePrueba.construir(en: tmp, catalogo: cat,
                                         registrar: { $0.idDistritoLocal <= 2 || $0.esMesa || $0.esEspecial || $0.urnaElectronica },
                                         sitio: sitio)
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
        entradas[ruta] = SHA256.resumen(Array(despues.utf8))
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
        // The same corte's "Consulta tu casilla" lookup files, changed.
        try Self.indiceCambiadoNoVerifica(c, en: tmp)
    }

    /// A lookup file of "Consulta tu casilla" with a figure changed and the corte re-signed with
    /// its own key fails naming the file, the acta, the column, what it shows and what the CSV
    /// gives; so does an image swapped and an acta left out; changed without re-signing, the
    /// signature check names the file.
    static func indiceCambiadoNoVerifica(_ c: CortePrueba.Corte, en tmp: URL) throws {
        let copia = try Copia(c, en: tmp.appendingPathComponent("base-consulta"))
        func volver() throws { try copia.volver() }
        func falla() -> String { copia.falla() }
        let archivos = try FileManager.default.contentsOfDirectory(atPath: c.carpeta.appendingPathComponent("consulta").path).sorted()
        #expect(archivos.count > 10 && archivos.allSatisfy { $0.hasSuffix(".js") }, "\(archivos.prefix(5))")
        // The first registered acta, with an image, whose first vote is a number.
        let elecciones = try Self.lookup(c, "consulta/elecciones.js")["elecciones"] as? [[String: Any]] ?? []
        func campos(_ clave: String) -> [[String]] {
            elecciones.first { $0["codigo"] as? String == clave.split(separator: "-")[1].description }?["campos"] as? [[String]] ?? []
        }
        var elegido: (ruta: String, clave: String, columna: String, valor: String, imagen: String)?
        for nombre in archivos where elegido == nil && nombre != "elecciones.js" {
            for case let a as [Any] in try Self.lookup(c, "consulta/" + nombre)["actas"] as? [Any] ?? [] {
                guard elegido == nil, let clave = a[0] as? String, let ext = a[1] as? String, let valores = a[2] as? [Any],
                      let i = campos(clave).firstIndex(where: { $0[2] == "voto" }), let v = valores[i] as? Int,
                      let codigo = campos(clave).firstIndex(where: { $0[2] == "codigo" }).map({ "\(valores[$0])" }) else { continue }
                elegido = ("consulta/" + nombre, clave, campos(clave)[i][0], String(v), codigo + "." + ext)
            }
        }
        let x = try #require(elegido, "no registered acta in the lookup files")
        let codigo = String(x.clave.split(separator: "-")[1])
        let csv = c.catalogo.proceso.archivoActas(try #require(c.catalogo.elecciones.first { $0.codigo == codigo }))
        let otro = String((Int(x.valor) ?? 0) + 7)
        /// The file with the acta's entry changed by `cambio` (nil: taken out), as Foundation writes JSON.
        func conActa(_ cambio: @escaping ([Any]) -> [Any]?) throws -> (String) -> String {
            var d = try Self.lookup(c, x.ruta)
            d["actas"] = (d["actas"] as? [[Any]] ?? []).compactMap { a in a[0] as? String == x.clave ? cambio(a) : a }
            let json = String(decoding: try JSONSerialization.data(withJSONObject: d), as: UTF8.self)
            return { _ in "prepConsulta(" + json + ");\n" }
        }
        func valor(_ a: [Any]) -> [Any] {
            var a = a, valores = a[2] as? [Any] ?? []
            if let i = campos(x.clave).firstIndex(where: { $0[0] == x.columna }) { valores[i] = Int(otro) ?? 0 }
            a[2] = valores
            return a
        }
        // A figure, re-signed with the corte's key: only the lookup check can tell.
        try Self.cambiarYFirmar(c, x.ruta, try conActa(valor))
        _ = try VerificadorCorte.verificar(carpeta: c.carpeta.path, clave: c.clave.publica, ahora: CortePrueba.hora)
        #expect(falla() == "\(x.ruta): acta \(x.clave) shows \(x.columna) \(otro), datos/\(csv) gives \(x.valor)")
        try volver()
        // The same change, not re-signed.
        try Data(try conActa(valor)("").utf8).write(to: c.carpeta.appendingPathComponent(x.ruta))
        #expect(falla() == "\(x.ruta): SHA-256 does not match SHA256")
        try volver()
        // An image that is not an acta's.
        let imagen = x.imagen.split(separator: ".")[0] + ".html"
        try Self.cambiarYFirmar(c, x.ruta, try conActa { a in [a[0], "html", a[2]] + a.dropFirst(3) })
        #expect(falla().hasPrefix("\(x.ruta): acta \(x.clave) links image \(imagen), "), "\(falla())")
        try volver()
        // The acta left out.
        try Self.cambiarYFirmar(c, x.ruta, try conActa { _ in nil })
        #expect(falla() == "acta \(x.clave) of \(codigo) is in no lookup file under consulta/", "\(falla())")
        try volver()
        #expect(falla() == "verified")
    }

    /// The operators "Consulta tu casilla" names for an acta are those `capturas/actas.csv` lists,
    /// and those are the ones whose keys signed its captures: the lookup file changed and re-signed
    /// fails on the first, both files changed alike on the second.
    @Test func losCapturistasSonLosQueFirmaron() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let c = try CortePrueba.construir(en: tmp, firmadas: true)
        let informe = try Self.verificar(c)
        #expect(informe.capturas > 100 && informe.manifiesto.operadoresAutenticados == true)
        let copia = try Copia(c, en: tmp.appendingPathComponent("base"))
        func volver() throws { try copia.volver() }
        func falla() -> String { copia.falla() }
        let actas = try String(contentsOf: c.carpeta.appendingPathComponent("capturas/actas.csv"), encoding: .utf8)
        #expect(actas.hasPrefix("CLAVE_ACTA,RESULTADO,CAPTURAS,OPERADORES\n"))
        let fila = try #require(actas.split(separator: "\n").first { $0.hasSuffix(",cap01 cap02") && $0.hasPrefix("090101C0100-JG,") })
        let captura = String(fila.split(separator: ",")[2].split(separator: " ")[0])
        let ruta = "consulta/09-0100.js"
        let lookup = try String(contentsOf: c.carpeta.appendingPathComponent(ruta), encoding: .utf8)
        let antes = "\"090101C0100-JG\""
        let tramo = try #require(lookup.range(of: antes).flatMap { r in lookup[r.upperBound...].range(of: "[\"verificada\",[\"cap01\",\"cap02\"]]") })
        func cambiarLookup(_ t: String) -> String {
            var t = t
            t.replaceSubrange(tramo, with: "[\"verificada\",[\"cap03\",\"cap02\"]]")
            return t
        }
        try Self.cambiarYFirmar(c, ruta, cambiarLookup)
        #expect(falla() == "\(ruta): acta 090101C0100-JG shows captures verificada: cap03 cap02, capturas/actas.csv gives verificada: cap01 cap02")
        try volver()
        // Both say cap03: the capture check reads the signature.
        try Self.cambiarYFirmar(c, ruta, cambiarLookup)
        try Self.cambiarYFirmar(c, "capturas/actas.csv") { $0.replacingOccurrences(of: fila, with: fila.replacingOccurrences(of: ",cap01 cap02", with: ",cap03 cap02")) }
        #expect(falla() == "acta 090101C0100-JG: capturas/actas.csv names operator cap03 for capture \(captura), which operator cap01 signed")
        try volver()
        #expect(falla() == "verified")
    }

    /// A pristine copy of a corte, to put back after each change, and the verification's outcome.
    struct Copia {
        let corte: CortePrueba.Corte
        let base: URL

        init(_ corte: CortePrueba.Corte, en base: URL) throws {
            self.corte = corte
            self.base = base
            try FileManager.default.copyItem(at: corte.carpeta, to: base)
        }

        func volver() throws {
            try FileManager.default.removeItem(at: corte.carpeta)
            try FileManager.default.copyItem(at: base, to: corte.carpeta)
        }

        /// The failure `prep verify` names, or "verified".
        func falla() -> String {
            do { _ = try ComprobadorPaginasTests.verificar(corte) } catch { return error.description }
            return "verified"
        }
    }

    /// A lookup file's JSON as Foundation reads it.
    static func lookup(_ c: CortePrueba.Corte, _ ruta: String) throws -> [String: Any] {
        let texto = try String(contentsOf: c.carpeta.appendingPathComponent(ruta), encoding: .utf8)
        let json = texto.drop { $0 != "(" }.dropFirst().dropLast(");\n".count)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }
}
