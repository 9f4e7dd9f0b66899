import Foundation
import Testing
@testable import PrepPublicacion
@testable import PrepSitio

/// A hand-made site model: one election by distrito, names with markup characters, an ámbito with
/// more actas than one page holds.
enum ModeloPrueba {
    static func resumen(_ capturadas: Int, esperadas: Int) -> [CifraResumen] {
        [
            CifraResumen(campo: "ACTAS_ESPERADAS", texto: String(esperadas)),
            CifraResumen(campo: "ACTAS_REGISTRADAS", texto: String(capturadas)),
            CifraResumen(campo: "ACTAS_FUERA_CATALOGO", texto: "0"),
            CifraResumen(campo: "ACTAS_CAPTURADAS", texto: String(capturadas)),
            CifraResumen(campo: "PORCENTAJE_ACTAS_CAPTURADAS", texto: "66.6666"),
            CifraResumen(campo: "ACTAS_CONTABILIZADAS", texto: "1234567"),
            CifraResumen(campo: "PORCENTAJE_ACTAS_CONTABILIZADAS", texto: "50.0000"),
            CifraResumen(campo: "PORCENTAJE_PARTICIPACION_CIUDADANA", texto: "61.2345"),
        ]
    }

    static let columnas = [
        VotosColumna(id: "PAN", nombre: "Acción & <Nacional>", tipo: "Partido", color: "#0055a5", votos: 1, porcentaje: "33.3333"),
        VotosColumna(id: "MORENA", nombre: "Morena \"M\"", tipo: "Partido", color: "red;background:url(http://x/)", votos: 2, porcentaje: "66.6666"),
    ]

    static func fila(_ i: Int) -> FilaActaSitio {
        FilaActaSitio(clave: "09000\(i)B0100-JG", estado: "Capturada", observaciones: "Ilegible, Sin dato",
                      contabilizada: "1", imagen: "ab\(i).jpg", codigo: "ab\(i)")
    }

    static func modelo(simulacro: Bool = true, actas: Int = 1_200, ambitos: Int = 2, elecciones: [String] = ["JG"]) -> ModeloSitio {
        let res = ResultadosSitio(resumen: resumen(2, esperadas: 3), columnas: columnas, candidaturas: [
            VotosCandidatura(propietaria: "Ana <b>López</b>", suplente: "Eva & Sol", columnas: ["PAN"], color: "#0055a5", votos: 1, porcentaje: "33.3333"),
        ])
        let els = elecciones.map { codigo in
            EleccionSitio(
                codigo: codigo, nombre: "JEFATURA DE GOBIERNO", tipoAmbito: "Distrito",
                archivoDatos: "datos/CDMX_\(codigo)_2024.csv", archivoCandidaturas: "datos/CDMX_\(codigo)_CANDIDATURAS_2024.csv",
                resultados: res,
                ambitos: (1...ambitos).map { AmbitoSitio(id: $0, nombre: "Distrito <\($0)>", resultados: res, actas: (0..<($0 == 1 ? actas : 3)).map(fila)) },
                fueraDeCatalogo: [FilaActaSitio(clave: "099999B0100-JG", estado: "Capturada", observaciones: "", contabilizada: "2", imagen: nil, codigo: "-")])
        }
        return ModeloSitio(
            titulo: "PREP 2024 · Ciudad de México", descripcion: "Muestra <sintética>", corte: "000007_20240602_2130",
            horaCorte: "02/06/2024 21:30 (UTC-6)", simulacro: simulacro, expiraUnix: 1_717_387_200,
            expiraTexto: "02/06/2024 22:00 (UTC-6)", huellaClave: "RWS1234", clavePublica: "../../prep.pub",
            descargas: [Descarga(ruta: "datos/LEEME.txt", descripcion: "Descripción de columnas"),
                        Descarga(ruta: "SHA256", descripcion: "Huellas"), Descarga(ruta: "SHA256.sig", descripcion: "Firma")],
            elecciones: els)
    }

    static func texto(_ archivos: [(rutaRelativa: String, bytes: [UInt8])], _ ruta: String) throws -> String {
        let a = try #require(archivos.first { $0.rutaRelativa == ruta }, "no \(ruta)")
        return String(decoding: a.bytes, as: UTF8.self)
    }
}

@Suite struct MaquetadorSitioTests {
    @Test func archivosYPaginacion() throws {
        let a = MaquetadorSitio(filasPorPagina: 500).archivos(ModeloPrueba.modelo())
        #expect(a.map(\.rutaRelativa) == [
            "estilo.css", "index.html", "verificar.html", "consulta.html", "corte.js", "resultados/JG.html",
            "resultados/JG-01.html", "resultados/JG-01-2.html", "resultados/JG-01-3.html", "resultados/JG-02.html",
        ])
        let p1 = try ModeloPrueba.texto(a, "resultados/JG-01.html")
        let p3 = try ModeloPrueba.texto(a, "resultados/JG-01-3.html")
        #expect(p1.components(separatedBy: "<tr><th scope=\"row\">090").count - 1 == 500)
        #expect(p3.components(separatedBy: "<tr><th scope=\"row\">090").count - 1 == 200)
        #expect(p3.contains("Actas 1,001 a 1,200 de 1,200"))
        // Figures only on the first page of an ámbito.
        #expect(p1.contains("data-campo=\"ACTAS_ESPERADAS\""))
        #expect(!p3.contains("data-campo=\"ACTAS_ESPERADAS\""))
    }

    @Test func escapaTodoLoQueVieneDeLosDatos() throws {
        let a = MaquetadorSitio().archivos(ModeloPrueba.modelo())
        for archivo in a where archivo.rutaRelativa.hasSuffix(".html") {
            let s = String(decoding: archivo.bytes, as: UTF8.self)
            #expect(!s.contains("<Nacional>"), "\(archivo.rutaRelativa)")
            #expect(!s.contains("<b>"), "\(archivo.rutaRelativa)")
            #expect(!s.contains("<sintética>"), "\(archivo.rutaRelativa)")
            #expect(!s.contains("url("), "\(archivo.rutaRelativa): a colour reached a style attribute")
        }
        let i = try ModeloPrueba.texto(a, "index.html")
        #expect(i.contains("Acción &amp; &lt;Nacional&gt;"))
        #expect(i.contains("Morena &quot;M&quot;"))
        #expect(i.contains("Ana &lt;b&gt;López&lt;/b&gt;"))
        #expect(i.contains("background:#808080"))
    }

    @Test func simulacroSoloEnModoSimulacro() throws {
        let s = try ModeloPrueba.texto(MaquetadorSitio().archivos(ModeloPrueba.modelo(simulacro: true)), "index.html")
        let o = try ModeloPrueba.texto(MaquetadorSitio().archivos(ModeloPrueba.modelo(simulacro: false)), "index.html")
        #expect(s.contains("<div class=\"simulacro\""))
        #expect(!o.contains("SIMULACRO"))
    }

    /// Every page carries the hidden warning and a script that reveals it after `expires`: its own
    /// line with the time in it, or, on an ámbito's pages (which must not depend on the corte),
    /// `corte.js`, which holds the corte's time and `expires`.
    @Test func avisoDeCaducidad() throws {
        let a = MaquetadorSitio().archivos(ModeloPrueba.modelo())
        for archivo in a where archivo.rutaRelativa.hasSuffix(".html") {
            let s = String(decoding: archivo.bytes, as: UTF8.self)
            #expect(s.contains("<div id=\"caducado\" class=\"caducado\" role=\"alert\" hidden>"), "\(archivo.rutaRelativa)")
            if archivo.rutaRelativa.contains("-") {
                #expect(s.contains("<script src=\"../corte.js\"></script>"), "\(archivo.rutaRelativa)")
                #expect(s.contains("if(!c.final&&Date.now()>c.expira){"), "\(archivo.rutaRelativa)")
                #expect(!s.contains("02/06/2024") && !s.contains("1717387200"), "\(archivo.rutaRelativa) depends on the corte")
                #expect(s.contains("<noscript>") && s.contains("ambas están en la <a href=\"../index.html\">portada</a>"))
            } else {
                #expect(s.contains("<script>if(Date.now()>1717387200000){document.getElementById(\"caducado\").hidden=false;}</script>"))
                #expect(s.contains("<noscript>") && s.contains("válidos hasta el 02/06/2024 22:00 (UTC-6)"))
            }
        }
        let corte = try ModeloPrueba.texto(a, "corte.js")
        #expect(corte.hasPrefix("prepCorte({") && corte.contains("\"expira\":1717387200000") && corte.contains("\"vigencia\":\"02/06/2024 22:00 (UTC-6)\""))
    }

    @Test func barrasYCifras() throws {
        let i = try ModeloPrueba.texto(MaquetadorSitio().archivos(ModeloPrueba.modelo()), "index.html")
        // 1 and 2 of 3 votes.
        #expect(i.contains("style=\"width:33.33%;background:#0055a5\""))
        #expect(i.contains("style=\"width:66.66%;background:#808080\""))
        #expect(i.contains("<td class=\"num\" data-votos=\"PAN\">1</td><td class=\"num\"><span data-porcentaje=\"PAN\">33.3333</span>%</td>"))
        #expect(i.contains("<span data-campo=\"ACTAS_CONTABILIZADAS\">1,234,567</span>"))
        #expect(i.contains("<span data-campo=\"PORCENTAJE_ACTAS_CAPTURADAS\">66.6666</span>%"))
        var h = Html()
        h.ancho(0, de: 0); h.t(" "); h.ancho(5, de: 5); h.t(" "); h.ancho(1, de: 7); h.t(" ")
        h.n(0); h.t(" "); h.n(999); h.t(" "); h.n(1000); h.t(" "); h.n(-1234567); h.t(" "); h.d(5, ancho: 2)
        #expect(String(decoding: h.bytes, as: UTF8.self) == "0% 100.00% 14.28% 0 999 1,000 -1,234,567 05")
    }

    @Test func accesibleYSinRecursosExternos() throws {
        let a = MaquetadorSitio().archivos(ModeloPrueba.modelo())
        let rutas = Set(a.map(\.rutaRelativa))
        for archivo in a {
            let s = String(decoding: archivo.bytes, as: UTF8.self)
            #expect(!s.contains("http://") && !s.contains("https://") && !s.contains("@import") && !s.contains("url("),
                    "\(archivo.rutaRelativa) refers to something outside the corte")
            guard archivo.rutaRelativa.hasSuffix(".html") else { continue }
            #expect(s.hasPrefix("<!DOCTYPE html>\n<html lang=\"es\">"))
            #expect(s.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
            #expect(!s.contains("<img"), "images need alt text; the site links them instead")
            // Every table has a caption and header cells.
            #expect(s.components(separatedBy: "<table").count == s.components(separatedBy: "<caption>").count)
            // Every link inside the site resolves to a generated file (datos/, imagenes/ and the key
            // are written by the corte, not by the site).
            let carpeta = archivo.rutaRelativa.contains("/") ? "resultados/" : ""
            for parte in s.components(separatedBy: "href=\"").dropFirst() {
                guard let fin = parte.firstIndex(of: "\"") else { continue }
                var destino = String(parte[..<fin])
                if let h = destino.firstIndex(of: "#") { destino = String(destino[..<h]) }
                if destino.isEmpty { continue }
                var ruta = carpeta + destino
                while let r = ruta.range(of: "resultados/../") { ruta.removeSubrange(r) }
                if ruta.hasPrefix("datos/") || ruta.hasPrefix("../") || ruta == "SHA256" || ruta == "SHA256.sig" { continue }
                #expect(rutas.contains(ruta), "\(archivo.rutaRelativa) links to \(destino), which the site does not have")
            }
        }
    }

    @Test func indiceLigero() throws {
        // Three elections, 60 ámbitos each, 20 columns: still far under 200 KB.
        var m = ModeloPrueba.modelo(actas: 10, ambitos: 60, elecciones: ["JG", "DIP", "ALC"])
        let muchas = (0..<20).map { VotosColumna(id: "P\($0)", nombre: "Partido número \($0) de la Ciudad", tipo: "Partido", color: "#112233", votos: $0 * 1000, porcentaje: "5.0000") }
        for i in m.elecciones.indices { m.elecciones[i].resultados.columnas = muchas }
        let i = try ModeloPrueba.texto(MaquetadorSitio().archivos(m), "index.html")
        #expect(i.utf8.count < 200_000)
        #expect(i.contains("data-votos=\"P19\">19,000<"))
    }

    @Test func nombres() {
        #expect(MaquetadorSitio.nombreVisible("JEFATURA DE GOBIERNO") == "Jefatura de Gobierno")
        #expect(MaquetadorSitio.nombreVisible("Alcaldías") == "Alcaldías")
        #expect(MaquetadorSitio.nombreArchivo("../X") == "___X")
        #expect(MaquetadorSitio.nombrePagina("DIP", 7, 1) == "DIP-07.html")
        #expect(MaquetadorSitio.nombrePagina("DIP", 12, 3) == "DIP-12-3.html")
    }
}
