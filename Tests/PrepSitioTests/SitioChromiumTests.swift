import Foundation
import Testing
import PrepDominio
import PrepSistema
import PrepPruebas
@testable import PrepPublicacion
@testable import PrepSitio

/// INE's own QA check, on our site: a real browser renders the overview and district pages of a
/// generated corte from the file system, and every count, total and percentage it shows must
/// equal what the corte's CSV says (preamble, or recomputed from the CSV rows for one ámbito).
@Suite(.serialized, .enHiloPropioPrimero) struct SitioChromiumTests {
    let tmp: URL

    init() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-sitio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    /// `sintetico`: the small hand-made catálogo (names with markup, an independent, a casilla
    /// especial), its actas backed by captures signed by registered operators; `cdmx`: the shipped CDMX sample, 39,000 actas, those of ámbitos 1 and 2 registered.
    @Test(arguments: ["sintetico", "cdmx"])
    func loQueMuestraElNavegadorEsLoQueDiceElCSV(_ escenario: String) throws {
        _ = try Chromium.ruta()
        let corte = escenario == "cdmx"
            ? try CortePrueba.construir(en: tmp, catalogo: try CortePrueba.muestraCDMX(),
                                        registrar: { $0.idDistritoLocal <= 2 || $0.idDemarcacion <= 2 })
            : try CortePrueba.construir(en: tmp, firmadas: true)
        // A corte of 2024: long expired, the page must say so.
        let perfil = tmp.appendingPathComponent("perfil")
        let pesoIndice = try Data(contentsOf: corte.carpeta.appendingPathComponent("index.html")).count
        #expect(pesoIndice > 5_000 && pesoIndice < 200_000, "index.html weighs \(pesoIndice) bytes")

        var csv: [String: CSVPrueba] = [:]
        for e in corte.catalogo.elecciones {
            csv[e.codigo] = try CSVPrueba(String(decoding: try Data(contentsOf: corte.carpeta.appendingPathComponent("datos/CDMX_\(e.codigo)_2024.csv")), as: UTF8.self))
        }

        // Overview.
        let indice = try Chromium.dom(corte.carpeta.appendingPathComponent("index.html"), perfil: perfil)
        #expect(indice.contains("SIMULACRO"))
        #expect(Sitio.elemento(indice, id: "caducado").map { !$0.contains("hidden") } == true, "an expired corte must show the out-of-date warning")
        for (codigo, c) in csv {
            for corteMostrado in Sitio.cifras(indice).filter({ $0.atributo == "campo" && $0.clave == "CORTE" }) {
                #expect(corteMostrado.texto == c.corte)
            }
            #expect(c.resumen == Sitio.resumen(c.filas, esperadas: c.filas.filter { $0["CONTABILIZADA"] != "2" }.count),
                    "the CSV's preamble disagrees with its own rows")
            // The first screen's part: the count and the first three by votes.
            let primera = try #require(Sitio.seccion(indice, codigo), "no section for \(codigo) in the overview")
            let cortas = Sitio.cifras(primera)
            #expect(Set(cortas.filter { $0.atributo == "campo" }.map(\.clave)) == [
                "ACTAS_ESPERADAS", "ACTAS_CONTABILIZADAS", "PORCENTAJE_ACTAS_CONTABILIZADAS", "PORCENTAJE_PARTICIPACION_CIUDADANA"])
            Sitio.comparar(cortas, resumen: c.resumen, filas: c.filas, columnasVoto: Sitio.columnasVoto(c), donde: "index.html \(codigo)", todas: false)
            #expect(primera.contains("Primer lugar"), "\(codigo): the leader named in words")
            // Every figure, folded below.
            let seccion = try #require(Sitio.seccion(indice, codigo + "-todas"), "no full section for \(codigo) in the overview")
            let mostradas = Sitio.cifras(seccion)
            #expect(Set(mostradas.filter { $0.atributo == "campo" }.map(\.clave)) == [
                "ACTAS_ESPERADAS", "ACTAS_CAPTURADAS", "PORCENTAJE_ACTAS_CAPTURADAS", "ACTAS_CONTABILIZADAS",
                "PORCENTAJE_ACTAS_CONTABILIZADAS", "PORCENTAJE_PARTICIPACION_CIUDADANA"])
            Sitio.comparar(mostradas, resumen: c.resumen, filas: c.filas, columnasVoto: Sitio.columnasVoto(c), donde: "index.html \(codigo)")
            #expect(mostradas.contains { $0.atributo == "votos-candidatura" } == (codigo == "JG"), "\(codigo): candidacies in the overview")
        }

        // Election pages: the whole preamble.
        for (codigo, c) in csv {
            let pagina = corte.carpeta.appendingPathComponent("resultados/\(codigo).html")
            let dom = try Chromium.dom(pagina, perfil: perfil)
            let mostradas = Sitio.cifras(dom)
            #expect(Set(mostradas.filter { $0.atributo == "campo" && $0.clave != "CORTE" }.map(\.clave)) == Set(Resumen.encabezado))
            Sitio.comparar(mostradas, resumen: c.resumen, filas: c.filas, columnasVoto: Sitio.columnasVoto(c), donde: "\(codigo).html")
            let fuera = c.filas.filter { $0["CONTABILIZADA"] == "2" }
            try Sitio.compararActas(dom, fuera, publish: corte.publish, pagina: pagina, donde: "\(codigo).html")
        }

        // One distrito (with the casilla especial) and one demarcación (with an independent and candidacies).
        var paginas = [("JG", "ID_DISTRITO_LOCAL", 2), ("ALC", "ID_DEMARCACION_TERRITORIAL", 2)]
        if escenario == "cdmx" { paginas.append(("DIP", "ID_DISTRITO_LOCAL", 1)) }
        for (codigo, columna, id) in paginas {
            let c = try #require(csv[codigo])
            let filas = c.filas.filter { $0[columna] == String(id) && $0["CONTABILIZADA"] != "2" }
            #expect(filas.count > 10)
            let pagina = corte.carpeta.appendingPathComponent("resultados/\(codigo)-0\(id).html")
            let dom = try Chromium.dom(pagina, perfil: perfil)
            let mostradas = Sitio.cifras(dom)
            // The page does not depend on the corte: its time and the expired warning come from corte.js.
            #expect(mostradas.filter { $0.atributo == "campo" && $0.clave == "CORTE" }.map(\.texto) == [c.corte], "\(codigo)-0\(id).html: the corte time")
            #expect(Sitio.elemento(dom, id: "caducado").map { !$0.contains("hidden") } == true, "\(codigo)-0\(id).html: the out-of-date warning")
            #expect(Set(mostradas.filter { $0.atributo == "campo" && $0.clave != "CORTE" }.map(\.clave)) == Set(Resumen.encabezado))
            let resumen = Sitio.resumen(filas, esperadas: filas.count)
            let aplican = Sitio.columnasVoto(c).filter { col in filas.contains { $0[col] != "N/A" } }
            Sitio.comparar(mostradas, resumen: resumen, filas: filas, columnasVoto: aplican, donde: "\(codigo)-0\(id).html")
            if escenario == "sintetico", codigo == "ALC" { #expect(mostradas.contains { $0.atributo == "votos-candidatura" && $0.clave == "CI_1" }) }
            if escenario == "cdmx", codigo != "JG" { #expect(mostradas.contains { $0.atributo == "votos-candidatura" }, "\(codigo): candidacies of the ámbito") }
            try Sitio.compararActas(dom, filas, publish: corte.publish, pagina: pagina, donde: "\(codigo)-0\(id).html")
        }

        // "Consulta tu casilla": a sección and a casilla typed in the box, from file://.
        if escenario == "sintetico" {
            // Its actas come with signed captures: the page names their operators.
            #expect(try ConsultaPrueba.comprobar(corte, seccion: 101, casilla: "C1", perfil: perfil) == 2)
            #expect(try String(contentsOf: corte.carpeta.appendingPathComponent("consulta.html"), encoding: .utf8).contains("Consulta tu casilla"))
            let algunaFirmada = try FileManager.default.contentsOfDirectory(atPath: corte.carpeta.appendingPathComponent("consulta").path)
                .contains { (try? String(contentsOf: corte.carpeta.appendingPathComponent("consulta/" + $0), encoding: .utf8))?.contains("[\"verificada\",[\"cap01\",\"cap02\"]]") == true }
            #expect(algunaFirmada, "the lookup files name the operators of signed captures")
            try ConsultaPrueba.comprobarSinCasillas(corte, seccion: 108, perfil: perfil)
        } else {
            let b = try #require(corte.catalogo.casillas.first { $0.idDistritoLocal == 1 && $0.clave.tipo == "B" })
            #expect(try ConsultaPrueba.comprobar(corte, seccion: b.clave.seccion, casilla: nil, perfil: perfil) >= 3)
        }

        // Every link of every page of the corte leads to a file that exists (site pages, CSVs,
        // LEEME, manifest, SHA256, signature, key, images), resolved from the page's address.
        let todas = try FileManager.default.subpathsOfDirectory(atPath: corte.carpeta.path).filter { $0.hasSuffix(".html") }
        #expect(todas.count >= 5)
        var enlaces = 0
        for ruta in todas {
            let pagina = corte.carpeta.appendingPathComponent(ruta)
            let html = try String(decoding: Data(contentsOf: pagina), as: UTF8.self)
            for parte in html.components(separatedBy: "href=\"").dropFirst() {
                guard let fin = parte.firstIndex(of: "\"") else { continue }
                let destino = Sitio.texto(String(parte[..<fin]))
                if destino.hasPrefix("#") { continue }
                let url = try #require(URL(string: destino, relativeTo: pagina)).standardizedFileURL
                #expect(url.isFileURL && FileManager.default.fileExists(atPath: url.path), "\(ruta): broken link \(destino)")
                enlaces += 1
            }
        }
        #expect(enlaces > 100)

        // The corte, site included, verifies with the command verificar.html gives.
        let (estado, salida) = try Fixture.ejecutar(try Fixture.signify(), ["-C", "-p", "prep.pub", "-x", "SHA256.sig"], en: corte.carpeta.path)
        #expect(estado == 0, "signify -C on the corte: \(salida)")
        #expect(salida.contains("index.html: OK") && salida.contains("prep.pub: OK"))
        let verificar = try String(decoding: Data(contentsOf: corte.carpeta.appendingPathComponent("verificar.html")), as: UTF8.self)
        #expect(verificar.contains("signify -C -p prep.pub -x SHA256.sig"))

        // Screenshot of the overview: a real render, with the SIMULACRO banner and the warning.
        let png = tmp.appendingPathComponent("resumen.png")
        try Chromium.captura(corte.carpeta.appendingPathComponent("index.html"), en: png, perfil: perfil)
        let img = try PNG.decodificar(Array(try Data(contentsOf: png)))
        #expect(img.ancho == 1280 && img.alto == 2000)
        var frecuencias: [UInt32: Int] = [:]
        for y in stride(from: 0, to: img.alto, by: 2) {
            for x in stride(from: 0, to: img.ancho, by: 2) {
                let (r, g, b) = img.rgb(x, y)
                frecuencias[UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b), default: 0] += 1
            }
        }
        let total = frecuencias.values.reduce(0, +)
        #expect(frecuencias.count > 20, "the screenshot has only \(frecuencias.count) colours: blank?")
        #expect((frecuencias.values.max() ?? total) * 100 < total * 90, "one colour covers ≥ 90% of the screenshot")
        #expect(frecuencias[0xffd400, default: 0] > 1000, "no SIMULACRO banner in the screenshot")
        #expect(frecuencias[0xa4001d, default: 0] > 1000, "no out-of-date warning in the screenshot")
        // Only the screenshot stays, for a look; the corte and the browser profile are big.
        for carpeta in ["perfil", "publish", "spool"] { try? FileManager.default.removeItem(at: tmp.appendingPathComponent(carpeta)) }
        print("site test (\(escenario)): screenshot of the overview in \(png.path)")
    }

    @Test func vigenteNoMuestraElAviso() throws {
        _ = try Chromium.ruta()
        // A corte of now: valid for three intervals.
        let corte = try CortePrueba.construir(en: tmp, ahora: MarcaTiempo(segundosUnix: Int64(Date().timeIntervalSince1970), desfaseMinutos: -360))
        let dom = try Chromium.dom(corte.carpeta.appendingPathComponent("index.html"), perfil: tmp.appendingPathComponent("perfil"))
        let aviso = try #require(Sitio.elemento(dom, id: "caducado"))
        #expect(aviso.contains("hidden"))
        try? FileManager.default.removeItem(at: tmp)
    }
}

/// Reading figures out of a rendered page, and the CSV's side of the comparison.
enum Sitio {
    struct Mostrada {
        /// `campo`, `votos`, `porcentaje`, `votos-candidatura`, `porcentaje-candidatura`.
        let atributo: String
        let clave: String
        let texto: String
    }

    static func cifras(_ dom: String) -> [Mostrada] {
        let re = try! NSRegularExpression(pattern: #"data-(campo|votos|porcentaje|votos-candidatura|porcentaje-candidatura)="([^"]*)"[^>]*>([^<]*)<"#)
        let ns = dom as NSString
        return re.matches(in: dom, range: NSRange(location: 0, length: ns.length)).map {
            Mostrada(atributo: ns.substring(with: $0.range(at: 1)), clave: ns.substring(with: $0.range(at: 2)),
                     texto: texto(ns.substring(with: $0.range(at: 3))))
        }
    }

    static func texto(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `pagina?consulta` → (`pagina`, `?consulta`); no query → (`pagina`, "").
    static func separar(_ entrada: String) -> (String, String) {
        guard let q = entrada.firstIndex(of: "?") else { return (entrada, "") }
        return (String(entrada[..<q]), String(entrada[q...]))
    }

    /// The opening tag of the element with this id.
    static func elemento(_ dom: String, id: String) -> String? {
        guard let r = dom.range(of: "id=\"\(id)\"") else { return nil }
        let inicio = dom[..<r.lowerBound].lastIndex(of: "<") ?? r.lowerBound
        let fin = dom[r.upperBound...].firstIndex(of: ">") ?? dom.endIndex
        return String(dom[inicio..<fin])
    }

    /// The value of the first `nombre="…"` attribute in the DOM (nil when there is none).
    static func atributo(_ dom: String, _ nombre: String) -> String? {
        guard let r = dom.range(of: " \(nombre)=\"") else { return nil }
        return texto(String(dom[r.upperBound...].prefix { $0 != "\"" }))
    }

    /// The overview's section of one election.
    static func seccion(_ dom: String, _ codigo: String) -> String? {
        guard let r = dom.range(of: "<section aria-labelledby=\"e-\(codigo)\"") else { return nil }
        let fin = dom[r.upperBound...].range(of: "</section>")?.lowerBound ?? dom.endIndex
        return String(dom[r.lowerBound..<fin])
    }

    /// Vote columns of the CSV: between the control totals and TOTAL_VOTOS_ASENTADO (the real
    /// layout) or TOTAL_VOTOS_CALCULADO.
    static func columnasVoto(_ c: CSVPrueba) -> [String] {
        let desde = (c.columnas.firstIndex(of: "TOTAL_VOTOS_SACADOS") ?? c.columnas.firstIndex(of: "TIPO_CASILLA") ?? 0) + 1
        let hasta = c.columnas.firstIndex(of: "TOTAL_VOTOS_ASENTADO") ?? c.columnas.firstIndex(of: "TOTAL_VOTOS_CALCULADO") ?? c.columnas.count
        return Array(c.columnas[desde..<hasta])
    }

    /// `n × 100 / d` truncated to 4 decimals, computed here independently of `Porcentaje`.
    static func pct(_ n: Int, _ d: Int) -> String {
        guard d > 0 else { return "0.0000" }
        let v = n * 1_000_000 / d
        let f = String(v % 10_000)
        return "\(v / 10_000)." + String(repeating: "0", count: 4 - f.count) + f
    }

    static let inconsistencias: Set<String> = ["Excede Lista Nominal", "Ilegible", "Sin dato", "Todos los campos ilegibles", "Todos los campos vacíos"]

    /// The 13 summary figures recomputed from rows, as INE's QA suite does.
    static func resumen(_ filas: [[String: String]], esperadas: Int) -> [String: String] {
        let capt = filas.filter { $0["CONTABILIZADA"] == "0" || $0["CONTABILIZADA"] == "1" }
        let cont = filas.filter { $0["CONTABILIZADA"] == "1" }
        let fuera = filas.filter { $0["CONTABILIZADA"] == "2" }.count
        let incons = capt.filter { f in (f["OBSERVACIONES"] ?? "").components(separatedBy: ", ").contains { inconsistencias.contains($0) } }.count
        let ln = cont.reduce(0) { $0 + (Int($1["LISTA_NOMINAL"] ?? "") ?? 0) }
        let ccs = cont.reduce(0) { $0 + (Int($1["TOTAL_VOTOS_CALCULADO"] ?? "") ?? 0) }
        let scs = cont.filter { $0["TIPO_CASILLA"] != "S" }.reduce(0) { $0 + (Int($1["TOTAL_VOTOS_CALCULADO"] ?? "") ?? 0) }
        return [
            "ACTAS_ESPERADAS": String(esperadas), "ACTAS_REGISTRADAS": String(capt.count + fuera),
            "ACTAS_FUERA_CATALOGO": String(fuera), "ACTAS_CAPTURADAS": String(capt.count),
            "PORCENTAJE_ACTAS_CAPTURADAS": pct(capt.count, esperadas), "ACTAS_CONTABILIZADAS": String(cont.count),
            "PORCENTAJE_ACTAS_CONTABILIZADAS": pct(cont.count, esperadas), "PORCENTAJE_ACTAS_INCONSISTENCIAS": pct(incons, esperadas),
            "ACTAS_NO_CONTABILIZADAS": String(capt.count - cont.count), "LISTA_NOMINAL_ACTAS_CONTABILIZADAS": String(ln),
            "TOTAL_VOTOS_C_CS": String(ccs), "TOTAL_VOTOS_S_CS": String(scs), "PORCENTAJE_PARTICIPACION_CIUDADANA": pct(scs, ln),
        ]
    }

    /// Every figure shown equals the CSV's: summary from `resumen`, votes and their percentages
    /// from the counted rows; every vote column of the scope is shown.
    /// `todas` false: a short list by votes, which need not show every column.
    static func comparar(_ mostradas: [Mostrada], resumen: [String: String], filas: [[String: String]], columnasVoto: [String], donde: String,
                         todas: Bool = true) {
        let contadas = filas.filter { $0["CONTABILIZADA"] == "1" }
        func votos(_ col: String) -> Int { contadas.reduce(0) { $0 + (Int($1[col] ?? "") ?? 0) } }
        let total = Int(resumen["TOTAL_VOTOS_C_CS"] ?? "") ?? -1
        #expect(columnasVoto.reduce(0) { $0 + votos($1) } == total, "\(donde): vote columns do not add up to TOTAL_VOTOS_C_CS")
        if todas { #expect(Set(mostradas.filter { $0.atributo == "votos" }.map(\.clave)) == Set(columnasVoto), "\(donde): vote columns shown") }
        for m in mostradas {
            let esperado: String?
            switch m.atributo {
            case "campo" where m.clave == "CORTE": continue
            case "campo": esperado = resumen[m.clave]
            case "votos": esperado = String(votos(m.clave))
            case "porcentaje": esperado = pct(votos(m.clave), total)
            case "votos-candidatura": esperado = String(m.clave.split(separator: " ").reduce(0) { $0 + votos(String($1)) })
            case "porcentaje-candidatura": esperado = pct(m.clave.split(separator: " ").reduce(0) { $0 + votos(String($1)) }, total)
            default: esperado = nil
            }
            let leido = m.texto.allSatisfy { $0.isNumber || $0 == "," } ? m.texto.replacingOccurrences(of: ",", with: "") : m.texto
            #expect(leido == esperado, "\(donde): \(m.atributo) \(m.clave) shows \(m.texto), the CSV says \(esperado ?? "nothing")")
        }
    }

    /// The acta table lists exactly `filas`, with the CSV's OBSERVACIONES, CONTABILIZADA and
    /// CODIGO_INTEGRIDAD, and each image link opens a file whose SHA-256 is that code.
    static func compararActas(_ dom: String, _ filas: [[String: String]], publish: URL, pagina: URL, donde: String) throws {
        let re = try NSRegularExpression(pattern: #"<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>(?:<a href="([^"]*)">Ver acta</a>|-)</td><td class="hash">([^<]*)</td></tr>"#)
        let ns = dom as NSString
        let vistas = re.matches(in: dom, range: NSRange(location: 0, length: ns.length)).map { m in
            (1...6).map { m.range(at: $0).location == NSNotFound ? nil : texto(ns.substring(with: m.range(at: $0))) }
        }
        #expect(vistas.map { $0[0] ?? "" } == filas.map { $0["CLAVE_ACTA"] ?? "?" }, "\(donde): acta rows")
        for (v, f) in zip(vistas, filas) {
            let clave = v[0] ?? ""
            #expect(v[2] == f["OBSERVACIONES"], "\(donde) \(clave): OBSERVACIONES")
            #expect(v[3] == f["CONTABILIZADA"], "\(donde) \(clave): CONTABILIZADA")
            #expect(v[5] == f["CODIGO_INTEGRIDAD"], "\(donde) \(clave): CODIGO_INTEGRIDAD")
            if let enlace = v[4] {
                // Resolved as the browser does, from the page's own address.
                let archivo = try #require(URL(string: enlace, relativeTo: pagina)).standardizedFileURL
                #expect(archivo.deletingLastPathComponent().path == publish.appendingPathComponent("imagenes").standardizedFileURL.path,
                        "\(donde) \(clave): the link \(enlace) does not lead to publish/imagenes/")
                let bytes = try Data(contentsOf: archivo)
                #expect(SHA256.resumen(Array(bytes)).description == f["CODIGO_INTEGRIDAD"], "\(donde) \(clave): image hash")
            } else {
                #expect(f["CODIGO_INTEGRIDAD"] == "-" || f["CODIGO_INTEGRIDAD"] == "", "\(donde) \(clave): image not linked")
            }
        }
    }
}

/// The phone layout: at 390 CSS px (a common phone width) every figure and percentage of every
/// page is on screen, and the page itself never scrolls sideways.
@Suite(.serialized, .enHiloPropioPrimero) struct SitioMovilTests {
    /// Appended to a copy of a page: measures the layout after it is done and writes the result
    /// into the DOM that `--dump-dom` prints.
    static let medir = """
    <script>
    addEventListener('load', function () {
      var w = document.documentElement.clientWidth, fuera = [];
      var cifras = document.querySelectorAll('[data-campo],[data-votos],[data-porcentaje],[data-votos-candidatura],[data-porcentaje-candidatura],[data-csv]');
      for (var i = 0; i < cifras.length; i++) {
        var r = cifras[i].getBoundingClientRect();
        if (r.width > 0 && (r.left < -0.5 || r.right > w + 0.5)) {
          fuera.push((cifras[i].getAttribute('data-campo') || cifras[i].getAttribute('data-votos') || cifras[i].getAttribute('data-csv') || cifras[i].textContent.trim()) + ' at ' + Math.round(r.left) + '..' + Math.round(r.right));
        }
      }
      document.body.setAttribute('data-prueba', document.documentElement.scrollWidth + ' ' + w + ' ' + cifras.length);
      document.body.setAttribute('data-prueba-fuera', fuera.slice(0, 20).join(' | '));
    });
    </script>
    """

    /// A page holding `pagina` in a 390×844 frame; on load it copies the frame's measures.
    static func marco(_ pagina: String) -> String {
        """
        <!doctype html><html><body><iframe id="m" src="\(pagina)" style="width:390px;height:844px;border:0"></iframe>
        <script>
        addEventListener('load', function () {
          var d = document.getElementById('m').contentDocument;
          if (!d) return;
          document.body.setAttribute('data-prueba', d.body.getAttribute('data-prueba') || '');
          document.body.setAttribute('data-prueba-fuera', d.body.getAttribute('data-prueba-fuera') || '');
        });
        </script></body></html>
        """
    }

    @Test func todasLasCifrasCabenA390px() throws {
        _ = try Chromium.ruta()
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-movil-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corte = try CortePrueba.construir(en: tmp, catalogo: try CortePrueba.muestraCDMX(),
                                              registrar: { $0.idDistritoLocal <= 2 || $0.idDemarcacion <= 2 })
        let perfil = tmp.appendingPathComponent("perfil")
        // The first ámbito page of JG and of ALC, whatever the sample numbers them from (the
        // IECM's alcaldías start at 2; mesas have an ámbito 0 of their own).
        let paginas = try FileManager.default.contentsOfDirectory(atPath: corte.carpeta.appendingPathComponent("resultados").path).sorted()
        let primera = { (e: String) in paginas.first { $0.hasPrefix(e + "-") && $0.hasSuffix(".html") }.map { "resultados/" + $0 } }
        let ambitos = try [#require(primera("JG")), #require(primera("ALC"))]
        // "Consulta tu casilla" with a whole sección's actas shown (its figures are drawn once the lookup file loaded).
        let seccion = try #require(corte.catalogo.casillas.first { $0.idDistritoLocal == 1 }).clave.seccion
        for entrada in ["index.html", "verificar.html", "resultados/JG.html", "resultados/DIP.html", "resultados/ALC.html"] + ambitos
            + ["consulta.html?seccion=\(seccion)"] {
            let (pagina, consulta) = Sitio.separar(entrada)
            let original = corte.carpeta.appendingPathComponent(pagina)
            var html = String(decoding: try Data(contentsOf: original), as: UTF8.self)
            html = html.replacingOccurrences(of: "</body>", with: Self.medir + "</body>")
            let copia = original.deletingLastPathComponent().appendingPathComponent("movil-" + original.lastPathComponent)
            try Data(html.utf8).write(to: copia)
            // Headless chromium's window is never narrower than 500 px: the page is shown in a
            // 390 px frame of a wrapper page, which copies the frame's measures into its own DOM.
            let marco = original.deletingLastPathComponent().appendingPathComponent("marco-" + original.lastPathComponent)
            try Data(Self.marco(copia.lastPathComponent + consulta).utf8).write(to: marco)
            let dom = try Chromium.ejecutar(["--allow-file-access-from-files", "--window-size=1280,900", "--dump-dom"], url: marco, perfil: perfil)
            let medida = try #require(Sitio.atributo(dom, "data-prueba"), "\(pagina): the measuring script did not run")
            let n = medida.split(separator: " ").compactMap { Int($0) }
            #expect(n.count == 3 && n[1] <= 390 && n[0] <= n[1], "\(pagina): the page is \(n.first ?? -1) px wide in a \(n.dropFirst().first ?? -1) px viewport")
            #expect(pagina == "verificar.html" || (n.last ?? 0) > 0, "\(pagina): no figures found")
            #expect(Sitio.atributo(dom, "data-prueba-fuera") == "", "\(pagina): figures off screen: \(Sitio.atributo(dom, "data-prueba-fuera") ?? "")")
        }
    }

    /// Appended to a copy of a page: for each election part of the first screen (the overview's
    /// sections, an election page's first list), the count, participation and the leader's votes
    /// must lie inside the viewport, and the leader be named first in words.
    static let primeraPantalla = """
    <script>
    (function () {
      var h = document.documentElement.clientHeight, w = document.documentElement.clientWidth, faltan = [], partes = 0;
      var bloques = document.querySelectorAll('.primera');
      for (var i = 0; i < bloques.length; i++) {
        var b = bloques[i];
        if (b.closest('details')) continue;
        partes++;
        var quien = (b.closest('section') || document).querySelector('h2');
        var nombre = quien ? quien.textContent.trim() : 'page';
        var ver = ['[data-campo="ACTAS_CONTABILIZADAS"]', '[data-campo="ACTAS_ESPERADAS"]', '[data-campo="PORCENTAJE_ACTAS_CONTABILIZADAS"]',
                   '[data-campo="PORCENTAJE_PARTICIPACION_CIUDADANA"]', 'li.lider [data-votos],li.lider [data-votos-candidatura]',
                   'li.lider [data-porcentaje],li.lider [data-porcentaje-candidatura]'];
        for (var k = 0; k < ver.length; k++) {
          var e = b.querySelector(ver[k]);
          var r = e && e.getBoundingClientRect();
          if (!r || r.width === 0 || r.bottom > h + 0.5 || r.right > w + 0.5) faltan.push(nombre + ': ' + ver[k] + (r ? ' at ' + Math.round(r.bottom) : ' missing'));
        }
        var lider = b.querySelector('li.lider');
        if (!lider || lider.textContent.indexOf('Primer lugar') < 0 && lider.textContent.indexOf('Empate') < 0) faltan.push(nombre + ': leader not named');
      }
      var c = document.querySelector('[data-campo="CORTE"]').getBoundingClientRect();
      if (c.bottom > h) faltan.push('corte time at ' + Math.round(c.bottom));
      document.body.setAttribute('data-prueba', partes + ' ' + w + 'x' + h);
      document.body.setAttribute('data-prueba-fuera', faltan.join(' | '));
    })();
    </script>
    """

    /// On a phone (390 × 700) and a desktop (1280 × 800), the first screen of the overview shows
    /// every election's count, participation and leader, and each election page its own; with
    /// the out-of-date warning shown (the corte is of 2024), the worst case.
    @Test func laPrimeraPantallaResponde() throws {
        _ = try Chromium.ruta()
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-primera-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corte = try CortePrueba.construir(en: tmp, catalogo: try MuestraCDMX.catalogo(),
                                              registrar: { $0.idDistritoLocal <= 3 || $0.esMesa })
        let perfil = tmp.appendingPathComponent("perfil")
        for (ancho, alto) in [(390, 700), (1280, 800)] {
            for (pagina, partes) in [("index.html", 3), ("resultados/JG.html", 1), ("resultados/DIP.html", 1), ("resultados/ALC.html", 1)] {
                let original = corte.carpeta.appendingPathComponent(pagina)
                let html = String(decoding: try Data(contentsOf: original), as: UTF8.self)
                    .replacingOccurrences(of: "</body>", with: Self.primeraPantalla + "</body>")
                let copia = original.deletingLastPathComponent().appendingPathComponent("primera-" + original.lastPathComponent)
                try Data(html.utf8).write(to: copia)
                let marco = original.deletingLastPathComponent().appendingPathComponent("marco-" + original.lastPathComponent)
                try Data(Self.marco(copia.lastPathComponent).replacingOccurrences(of: "width:390px;height:844px", with: "width:\(ancho)px;height:\(alto)px").utf8).write(to: marco)
                let dom = try Chromium.ejecutar(["--allow-file-access-from-files", "--window-size=1400,900", "--dump-dom"], url: marco, perfil: perfil)
                let donde = "\(pagina) at \(ancho)×\(alto)"
                #expect(Sitio.atributo(dom, "data-prueba") == "\(partes) \(ancho)x\(alto)", "\(donde): the measuring script")
                #expect(Sitio.atributo(dom, "data-prueba-fuera") == "", "\(donde): not on the first screen: \(Sitio.atributo(dom, "data-prueba-fuera") ?? "")")
            }
        }
    }
}

/// "Cómo verificar" checks the corte in the reader's own browser (WebCrypto Ed25519 and SHA-256):
/// served over HTTP it says "Verificado", a file changed after signing makes it say which one,
/// and from `file://` it says why it cannot check.
@Suite(.serialized, .enHiloPropio) struct VerificacionNavegadorTests {
    /// A static web server on a free loopback port, serving `carpeta` until stopped.
    final class Servidor {
        let proceso = Process()
        let puerto: Int

        init(_ carpeta: String) throws {
            // Its first line, which names the port it got, goes to a file polled here.
            let registro = carpeta + "/../servidor.log"
            #expect(FileManager.default.createFile(atPath: registro, contents: nil))
            proceso.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            proceso.arguments = ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", carpeta]
            proceso.standardOutput = FileHandle(forWritingAtPath: registro)
            proceso.standardError = FileHandle.nullDevice
            try proceso.run()
            var leido = ""
            let fin = Date().addingTimeInterval(10)
            while !leido.contains(" port "), Date() < fin {
                usleep(50_000)
                leido = (try? String(contentsOfFile: registro, encoding: .utf8)) ?? ""
            }
            let trozo = leido.components(separatedBy: " port ").dropFirst().first?.prefix { $0.isNumber } ?? ""
            guard let p = Int(trozo) else {
                proceso.terminate()
                throw ErrorServidor(description: "python3 -m http.server did not start: \(leido)")
            }
            puerto = p
        }

        struct ErrorServidor: Error, CustomStringConvertible { let description: String }

        /// SIGKILL: a child of the test runner may inherit SIGTERM blocked.
        func detener() {
            kill(proceso.processIdentifier, SIGKILL)
            proceso.waitUntilExit()
        }
    }

    static func resultado(_ url: URL, perfil: URL) throws -> String {
        let dom = try Chromium.ejecutar(["--virtual-time-budget=20000", "--dump-dom"], url: url, perfil: perfil)
        guard let r = dom.range(of: "<div id=\"comprobacion\"") else { return dom }
        return String(dom[r.lowerBound...].prefix(600))
    }

    @Test func laFirmaSeCompruebaEnElNavegador() throws {
        _ = try Chromium.ruta()
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-navegador-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corte = try CortePrueba.construir(en: tmp)
        let perfil = tmp.appendingPathComponent("perfil")
        let servidor = try Servidor(corte.publish.path)
        defer { servidor.detener() }
        let pagina = try #require(URL(string: "http://127.0.0.1:\(servidor.puerto)/cortes/\(corte.carpeta.lastPathComponent)/verificar.html"))
        let bien = try Self.resultado(pagina, perfil: perfil)
        #expect(bien.contains("class=\"comprobacion ok\"") && bien.contains("<strong>Verificado</strong>") && bien.contains(corte.clave.publica.huella), "\(bien)")

        // One page changed after signing: named, and not verified.
        let indice = corte.carpeta.appendingPathComponent("index.html")
        let original = try Data(contentsOf: indice)
        try (original + Data(" ".utf8)).write(to: indice)
        let mal = try Self.resultado(pagina, perfil: perfil)
        #expect(mal.contains("class=\"comprobacion mal\"") && mal.contains("index.html no es el archivo que se firmó"), "\(mal)")
        try original.write(to: indice)

        // The list re-signed with another key: refused, whatever the files.
        let otra = try ClaveSecretaSignify.generar()
        let lista = Array(try Data(contentsOf: corte.carpeta.appendingPathComponent("SHA256")))
        let firma = corte.carpeta.appendingPathComponent("SHA256.sig")
        let firmaOriginal = try Data(contentsOf: firma)
        try Data(try otra.firmarEmbebido(lista, comentario: "x")).write(to: firma)
        let otraClave = try Self.resultado(pagina, perfil: perfil)
        #expect(otraClave.contains("comprobacion mal") && otraClave.contains("firmado con otra clave"), "\(otraClave)")
        try firmaOriginal.write(to: firma)

        // From the file system: why it cannot check, and the commands.
        let local = try Self.resultado(corte.carpeta.appendingPathComponent("verificar.html"), perfil: perfil)
        #expect(local.contains("comprobacion sin") && local.contains("No se puede comprobar desde un archivo local."), "\(local)")
    }
}

/// An automated accessibility check of every kind of page, in Chromium: text contrast (WCAG AA,
/// 4.5:1, 3:1 for large text) against the background actually behind it, headings that never skip
/// a level, one `h1`, a `lang`, a label or name for every form control and region, a caption for
/// every table, alternative text for every image.
@Suite(.serialized, .enHiloPropio) struct SitioAccesibleTests {
    static let revisar = """
    <script>
    addEventListener('load', function () {
      function rgb(s) { var m = /rgba?\\(([\\d.]+), ([\\d.]+), ([\\d.]+)(?:, ([\\d.]+))?\\)/.exec(s); return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null; }
      function lum(c) { var a = c.slice(0, 3).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2]; }
      function fondo(e) { for (; e; e = e.parentElement) { var c = rgb(getComputedStyle(e).backgroundColor); if (c && c[3] > 0.5) return c; } return [255, 255, 255, 1]; }
      var malos = [], vistos = 0;
      var todos = document.body.querySelectorAll('*');
      for (var i = 0; i < todos.length; i++) {
        var e = todos[i];
        var texto = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim().length > 0; });
        if (!texto || e.closest('script,style,noscript,[hidden]') || e.getClientRects().length === 0) continue;
        var st = getComputedStyle(e), c = rgb(st.color), f = fondo(e);
        var l1 = lum(c), l2 = lum(f), r = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        var grande = parseFloat(st.fontSize) >= 24 || (parseFloat(st.fontSize) >= 18.66 && parseInt(st.fontWeight) >= 700);
        vistos++;
        if (r < (grande ? 3 : 4.5)) malos.push('contrast ' + r.toFixed(2) + ' ' + e.tagName.toLowerCase() + '.' + e.className + ' "' + e.textContent.trim().slice(0, 30) + '"');
      }
      var nivel = 0, h1 = 0;
      document.querySelectorAll('h1,h2,h3,h4,h5,h6').forEach(function (h) {
        var n = +h.tagName[1];
        if (n === 1) h1++;
        if (n > nivel + 1) malos.push('heading h' + n + ' after h' + nivel + ': "' + h.textContent.trim().slice(0, 30) + '"');
        nivel = n;
      });
      if (h1 !== 1) malos.push(h1 + ' h1');
      if (!document.documentElement.lang) malos.push('no lang');
      document.querySelectorAll('input,select,textarea,button').forEach(function (c) {
        var nombre = c.getAttribute('aria-label') || (c.id && document.querySelector('label[for="' + c.id + '"]')) || c.closest('label') || (c.tagName === 'BUTTON' && c.textContent.trim());
        if (!nombre && c.type !== 'hidden') malos.push('unlabelled ' + c.tagName.toLowerCase());
      });
      document.querySelectorAll('[role=region]').forEach(function (x) { if (!x.getAttribute('aria-label') && !x.getAttribute('aria-labelledby')) malos.push('region without a name'); });
      document.querySelectorAll('table').forEach(function (t) { if (!t.querySelector('caption')) malos.push('table without caption'); });
      document.querySelectorAll('img').forEach(function (x) { if (!x.hasAttribute('alt')) malos.push('img without alt'); });
      document.body.setAttribute('data-prueba', String(vistos));
      document.body.setAttribute('data-prueba-fuera', malos.slice(0, 15).join(' | '));
    });
    </script>
    """

    @Test func cadaClaseDePaginaEsAccesible() throws {
        _ = try Chromium.ruta()
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-accesible-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corte = try CortePrueba.construir(en: tmp, catalogo: try MuestraCDMX.catalogo(),
                                              registrar: { $0.idDistritoLocal <= 2 || $0.esMesa })
        let perfil = tmp.appendingPathComponent("perfil")
        let paginas = try FileManager.default.contentsOfDirectory(atPath: corte.carpeta.appendingPathComponent("resultados").path).sorted()
        let ambito = try #require(paginas.first { $0.hasPrefix("DIP-") }.map { "resultados/" + $0 })
        // "Consulta tu casilla" as it answers a sección and a casilla (the answer is checked too).
        let c = try #require(corte.catalogo.casillas.first { $0.idDistritoLocal == 1 && $0.clave.tipo == "C" })
        for entrada in ["index.html", "verificar.html", "resultados/JG.html", ambito,
                        "consulta.html?seccion=\(c.clave.seccion)&casilla=C\(c.clave.idCasilla)"] {
            let (pagina, consulta) = Sitio.separar(entrada)
            let original = corte.carpeta.appendingPathComponent(pagina)
            let html = String(decoding: try Data(contentsOf: original), as: UTF8.self)
                .replacingOccurrences(of: "</body>", with: Self.revisar + "</body>")
            let copia = original.deletingLastPathComponent().appendingPathComponent("a11y-" + original.lastPathComponent)
            try Data(html.utf8).write(to: copia)
            let url = try #require(URL(string: copia.absoluteString + consulta))
            let dom = try Chromium.ejecutar(["--window-size=1280,900", "--dump-dom"], url: url, perfil: perfil)
            if !consulta.isEmpty { #expect(dom.contains("<article class=\"acta\""), "\(entrada): no acta shown") }
            #expect((Int(Sitio.atributo(dom, "data-prueba") ?? "") ?? 0) > 20, "\(pagina): the checking script did not run")
            #expect(Sitio.atributo(dom, "data-prueba-fuera") == "", "\(pagina): \(Sitio.atributo(dom, "data-prueba-fuera") ?? "")")
        }
        // The check itself: grey on white, a skipped heading level and an unlabelled box are caught.
        let indice = corte.carpeta.appendingPathComponent("index.html")
        let malo = String(decoding: try Data(contentsOf: indice), as: UTF8.self)
            .replacingOccurrences(of: "</main>", with: "<p style=\"color:#bbb\">gris</p><h5>salto</h5><input type=\"search\"></main>")
            .replacingOccurrences(of: "</body>", with: Self.revisar + "</body>")
        let copia = indice.deletingLastPathComponent().appendingPathComponent("a11y-malo.html")
        try Data(malo.utf8).write(to: copia)
        let dom = try Chromium.ejecutar(["--window-size=1280,900", "--dump-dom"], url: copia, perfil: perfil)
        let fallas = Sitio.atributo(dom, "data-prueba-fuera") ?? ""
        #expect(fallas.contains("contrast 1.92 p") && fallas.contains("heading h5 after h") && fallas.contains("unlabelled input"), "\(fallas)")
    }
}
