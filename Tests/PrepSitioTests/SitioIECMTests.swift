import Foundation
import PrepDominio
import PrepPruebas
import Testing

/// The site of a corte of the shipped sample, which publishes the IECM's files (`iecm-2024`): its
/// downloads are the institute's files, every link of every page leads to a file of the corte,
/// and "Consulta tu casilla" shows an acta's fields as the IECM's CSV prints them.
@Suite struct SitioIECMTests {
    @Test func enlacesYDescargasDelInstituto() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-sitio-iecm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let cat = try MuestraCDMX.catalogo()
        #expect(cat.proceso.perfil == .iecm2024)
        let corte = try CortePrueba.construir(en: tmp, catalogo: cat, registrar: { $0.idDistritoLocal <= 2 || $0.esMesa })
        let indice = String(decoding: try Data(contentsOf: corte.carpeta.appendingPathComponent("index.html")), as: UTF8.self)
        for archivo in ["CDMX_GUB_2024.csv", "CDMX_DIP_LOC_2024.csv", "CDMX_ALC_2024.csv", "CDMX_GUB_CANDIDATURAS_2024.csv", "_PREP_CDMX.zip"] {
            #expect(indice.contains(archivo), "index.html offers \(archivo)")
        }
        #expect(!indice.contains("CDMX_JG_2024.csv") && !indice.contains("LEEME.txt"))
        let verificar = String(decoding: try Data(contentsOf: corte.carpeta.appendingPathComponent("verificar.html")), as: UTF8.self)
        #expect(verificar.contains("<code>leeme.txt</code> de cada elección") && !verificar.contains("datos/LEEME.txt"))
        // The mesa M without distrito has its page, named for it.
        let m = String(decoding: try Data(contentsOf: corte.carpeta.appendingPathComponent("resultados/JG-00.html")), as: UTF8.self)
        #expect(m.contains("Sin distrito (voto desde el extranjero)") && m.contains("090000M0100"))
        var enlaces = 0
        for ruta in try FileManager.default.subpathsOfDirectory(atPath: corte.carpeta.path) where ruta.hasSuffix(".html") {
            let pagina = corte.carpeta.appendingPathComponent(ruta)
            let html = String(decoding: try Data(contentsOf: pagina), as: UTF8.self)
            for parte in html.components(separatedBy: "href=\"").dropFirst() {
                guard let fin = parte.firstIndex(of: "\""), !parte.hasPrefix("#") else { continue }
                let destino = String(parte[..<fin]).replacingOccurrences(of: "&amp;", with: "&")
                let url = try #require(URL(string: destino, relativeTo: pagina)).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: url.path), "\(ruta): broken link \(destino)")
                enlaces += 1
            }
        }
        #expect(enlaces > 100)
        // "Consulta tu casilla" in the IECM's layout, from file://.
        _ = try Chromium.ruta()
        let c = try #require(cat.casillas.first { $0.idDistritoLocal == 1 && $0.clave.tipo == "C" })
        #expect(try ConsultaPrueba.comprobar(corte, seccion: c.clave.seccion, casilla: "C\(c.clave.idCasilla)",
                                             perfil: tmp.appendingPathComponent("perfil")) == 3)
    }
}
