import Foundation
import Testing
import PrepDominio
@testable import PrepPublicacion
@testable import PrepSitio

/// The site hook inside the corte builder: files streamed into the corte, bad paths and generator
/// failures refused with the corte left unpublished.
@Suite struct SitioResultadosTests {
    struct Falla: Error, CustomStringConvertible { var description: String { "no hay tinta" } }

    struct Sitio: GeneradorSitio {
        let ruta: String
        let falla: Bool
        func generar(_ d: DatosCorte) throws -> [ArchivoGenerado] {
            if falla { throw Falla() }
            return [ArchivoGenerado(ruta: "index.html", bytes: [60]), ArchivoGenerado(ruta: ruta, bytes: [62])]
        }
    }

    @Test(arguments: [("../fuera.html", false, "forbidden path '../fuera.html'"),
                      ("manifest.json", false, "forbidden path 'manifest.json'"),
                      ("index.html", false, "forbidden path 'index.html'"),
                      ("bien.html", true, "the site generator failed: no hay tinta")])
    func rechazos(_ ruta: String, _ falla: Bool, _ motivo: String) throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        var c = Fixture.configuracion(raiz + "/publish")
        c.sitio = Sitio(ruta: ruta, falla: falla)
        let p = try ConstructorCortes(configuracion: c, catalogo: Fixture.catalogo)
        let e = #expect(throws: ErrorPublicacion.self) { try p.publicarCorte(ahora: Fixture.t0) }
        #expect(e.map { String(describing: $0).contains(motivo) } == true, "\(String(describing: e))")
        let cortes = (try? FileManager.default.contentsOfDirectory(atPath: raiz + "/publish/cortes")) ?? []
        #expect(cortes.isEmpty, "a refused corte left \(cortes)")
    }

    @Test func elSitioRealEnElCorte() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        var c = Fixture.configuracion(raiz + "/publish")
        c.sitio = SitioResultados(clave: Fixture.clavePrueba.publica)
        let (a, r) = try Fixture.capturada("090001B0100-JG", Fixture.votos(.votos(100), .votos(200), .votos(3), .votos(0), .ilegible),
                                           carpeta: raiz)
        let p = try ConstructorCortes(configuracion: c, catalogo: Fixture.catalogo)
        try p.registrar(a, rutaImagen: r)
        let corte = try p.publicarCorte(ahora: Fixture.t0)
        let lista = try String(decoding: Data(contentsOf: URL(fileURLWithPath: corte.ruta + "/SHA256")), as: UTF8.self)
        // "Consulta tu casilla": its page, its columns file and the lookup file of sección 0001 of entidad 09.
        for f in ["index.html", "verificar.html", "estilo.css", "prep.pub", "resultados/JG.html", "resultados/JG-01.html",
                  "resultados/JG-02.html", "resultados/ALC.html", "resultados/ALC-07.html",
                  "consulta.html", "consulta/elecciones.js", "consulta/09-0000.js"] {
            #expect(lista.contains("SHA256 (\(f)) = "), "\(f) not in the signed list")
        }
        let pub = try Data(contentsOf: URL(fileURLWithPath: corte.ruta + "/prep.pub"))
        #expect(try ClavePublicaSignify(archivo: Array(pub)) == Fixture.clavePrueba.publica)
        let jg = try String(decoding: Data(contentsOf: URL(fileURLWithPath: corte.ruta + "/resultados/JG-01.html")), as: UTF8.self)
        #expect(jg.contains("<a href=\"../../../imagenes/\(a.imagen?.nombrePublicado ?? "?")\">Ver acta</a>"))
        #expect(jg.contains("data-votos=\"PAN\">100<"))
        // How to verify names the command under both of its names: OpenBSD's and Debian's.
        let verificar = try String(decoding: Data(contentsOf: URL(fileURLWithPath: corte.ruta + "/verificar.html")), as: UTF8.self)
        #expect(verificar.contains("<pre><code>signify -C -p prep.pub -x SHA256.sig</code></pre>"), "\(verificar)")
        #expect(verificar.contains("<pre><code>signify-openbsd -C -p prep.pub -x SHA256.sig</code></pre>"), "\(verificar)")
        _ = try VerificadorCorte.verificar(carpeta: corte.ruta, clave: Fixture.clavePrueba.publica, ahora: Fixture.t0)
    }
}
