import Foundation
import PrepDominio
import PrepPruebas
import PrepSistema
import Testing

/// "Consulta tu casilla" in a real browser from `file://`: the address the form sends when a
/// reader types a sección (and a casilla) and presses Consultar, opened in headless Chromium;
/// what it shows is compared with the corte's CSVs, read by the tests' own reader.
enum ConsultaPrueba {
    /// Looks up `seccion` (and `casilla`, e.g. `C1`) and checks that the page shows exactly the
    /// catálogo's casillas that match, each of their actas with the estado and every figure its
    /// CSV row has, a link to its image, and the operators `capturas/actas.csv` names for it (none
    /// when it names none). Returns how many actas it showed.
    @discardableResult
    static func comprobar(_ corte: CortePrueba.Corte, seccion: Int, casilla: String?, perfil: URL) throws -> Int {
        let cat = corte.catalogo
        let entidad = cat.proceso.idEntidad
        let pagina = corte.carpeta.appendingPathComponent("consulta.html")
        var consulta = "?entidad=\(entidad)&seccion=\(seccion)"
        if let casilla { consulta += "&casilla=\(casilla)" }
        let url = try #require(URL(string: pagina.absoluteString + consulta))
        let dom = try Chromium.ejecutar(["--virtual-time-budget=10000", "--dump-dom"], url: url, perfil: perfil)

        // The casillas shown are the catálogo's of that sección (and type and number).
        let filtro = casilla.map { (tipo: $0.first ?? "?", id: Int($0.dropFirst()) ?? -1) }
        let esperadas = cat.casillas.map(\.clave).filter {
            $0.entidad == entidad && $0.seccion == seccion && (filtro == nil || ($0.tipo == filtro?.tipo && $0.idCasilla == filtro?.id))
        }.map(\.texto).sorted()
        #expect(!esperadas.isEmpty, "the test asks for a casilla the catálogo has")
        #expect(valores(dom, "data-casilla") == esperadas, "consulta.html\(consulta): casillas shown")

        // capturas/actas.csv, when the corte has one: acta → "RESULTADO: OPERADOR OPERADOR".
        var capturas: [String: String] = [:]
        if let texto = try? String(contentsOf: corte.carpeta.appendingPathComponent("capturas/actas.csv"), encoding: .utf8) {
            for linea in texto.split(separator: "\n").dropFirst() {
                let c = linea.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if c.count == 4, !c[3].isEmpty { capturas[c[0]] = c[1] + ": " + c[3] }
            }
        }
        var csv: [String: CSVPrueba] = [:]
        var actas = 0
        for parte in dom.components(separatedBy: "<article class=\"acta\" data-acta=\"").dropFirst() {
            let articulo = String(parte[..<(parte.range(of: "</article>")?.lowerBound ?? parte.endIndex)])
            let clave = String(articulo.prefix { $0 != "\"" })
            let k = try #require(ClaveActa(clave), "\(clave) is not an acta key")
            let eleccion = try #require(cat.elecciones.first { $0.codigo == k.eleccion })
            let archivo = cat.proceso.archivoActas(eleccion)
            if csv[archivo] == nil {
                csv[archivo] = try CSVPrueba(String(decoding: try Data(contentsOf: corte.carpeta.appendingPathComponent("datos/" + archivo)), as: UTF8.self))
            }
            let c = try #require(csv[archivo])
            // The operators who captured it: exactly those capturas/actas.csv names, or nothing.
            #expect(valores(articulo, "data-operadores").map(Sitio.texto) == (capturas[clave].map { [$0] } ?? []), "\(clave): operators")
            let filas = c.filas.filter { $0["CLAVE_CASILLA"] == k.casilla.texto && ($0["CLAVE_ACTA"] == clave || !$0["CLAVE_ACTA", default: ""].contains("-")) }
            #expect(filas.count <= 1, "\(clave): \(filas.count) rows in \(archivo)")
            actas += 1
            guard let fila = filas.first, fila["CONTABILIZADA"] != "-" else {
                #expect(articulo.contains("<strong>Pendiente</strong>"), "\(clave): pending in \(archivo), the page shows \(articulo.prefix(300))")
                continue
            }
            // Estado: CONTABILIZADA in words, then OBSERVACIONES when there are any.
            let estado = ["1": "Contabilizada", "0": "No contabilizada", "2": "Fuera de catálogo"][fila["CONTABILIZADA"] ?? ""] ?? "?"
            #expect(articulo.contains("data-estado=\"\(fila["CONTABILIZADA"] ?? "")\">\(estado)</strong>"), "\(clave): estado \(estado)")
            if let obs = fila["OBSERVACIONES"], !obs.isEmpty, obs != "-" {
                #expect(articulo.contains("</strong>: " + obs.replacingOccurrences(of: "&", with: "&amp;")), "\(clave): OBSERVACIONES \(obs)")
            }
            // Every figure shown is the CSV's text for that column; every vote column is shown.
            let mostradas = figuras(articulo)
            for (columna, texto) in mostradas {
                #expect(texto == fila[columna], "\(clave): \(columna) shows '\(texto)', \(archivo) has '\(fila[columna] ?? "no such column")'")
            }
            let nombres = Set(mostradas.map(\.0))
            #expect(Set(Sitio.columnasVoto(c)).isSubset(of: nombres), "\(clave): vote columns shown \(nombres.sorted())")
            #expect(nombres.contains { $0.contains("CAPTURA") } && nombres.contains { $0.contains("VERIFICACION") }, "\(clave): times shown")
            // The image link opens the file whose SHA-256 is CODIGO_INTEGRIDAD.
            if let enlace = valores(articulo, "href").first {
                let imagen = try #require(URL(string: Sitio.texto(enlace), relativeTo: pagina)).standardizedFileURL
                #expect(SHA256.resumen(Array(try Data(contentsOf: imagen))).description == fila["CODIGO_INTEGRIDAD"], "\(clave): image")
            } else {
                #expect(["-", "", "N/A"].contains(fila["CODIGO_INTEGRIDAD"] ?? ""), "\(clave): no image linked, \(archivo) names one")
            }
        }
        #expect(actas >= esperadas.count, "consulta.html\(consulta): \(actas) actas for \(esperadas.count) casillas")
        return actas
    }

    /// The text of every `data-csv="COLUMN">TEXT<` of `html`.
    static func figuras(_ html: String) -> [(String, String)] {
        html.components(separatedBy: "data-csv=\"").dropFirst().map { p in
            let nombre = String(p.prefix { $0 != "\"" })
            let texto = p.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
            return (nombre, Sitio.texto(String(texto)))
        }
    }

    /// Every value of attribute `nombre` in `html`, in order.
    static func valores(_ html: String, _ nombre: String) -> [String] {
        html.components(separatedBy: " \(nombre)=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// A sección with no casilla: the page says so.
    static func comprobarSinCasillas(_ corte: CortePrueba.Corte, seccion: Int, perfil: URL) throws {
        let pagina = corte.carpeta.appendingPathComponent("consulta.html")
        let url = try #require(URL(string: pagina.absoluteString + "?entidad=\(corte.catalogo.proceso.idEntidad)&seccion=\(seccion)"))
        let dom = try Chromium.ejecutar(["--virtual-time-budget=10000", "--dump-dom"], url: url, perfil: perfil)
        #expect(dom.contains("La sección \(seccion) no tiene casillas en este corte."), "\(dom.suffix(3000))")
    }
}
