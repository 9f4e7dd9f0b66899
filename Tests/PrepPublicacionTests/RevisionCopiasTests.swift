import Foundation
import Testing
import PrepDominio
@testable import PrepPublicacion
@testable import PrepSistema

/// Opening the publisher checks the image copies no durable corte names, and only those.
@Suite struct RevisionCopiasTests {
    @Test func soloLasCopiasSinCorteSeRevisan() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (p, _) = try Fixture.publicadorConDatos(raiz)
        let imagenes = raiz + "/publish/imagenes"
        let nombradas = Set(try Directorio.actual.listar(NombreArchivo(imagenes)).map(\.nombre.description))
        #expect(nombradas.count == 3)
        // Registered after the corte: a good copy no corte names yet.
        let (a4, r4) = try Fixture.capturada("090004B0100-JG", Fixture.votos(.votos(1), .votos(1), .votos(1), .votos(0), .votos(0)),
                                             carpeta: raiz + "/spool")
        try p.registrar(a4, rutaImagen: r4)
        let buena = try #require(a4.imagen?.nombrePublicado)
        // A copy cut short under its right name, a temporary, and files that are not copies.
        let bytes = Array("imagen cortada".utf8)
        let cortada = "\(SHA256.resumen(bytes)).png"
        try Data(bytes.prefix(5)).write(to: URL(fileURLWithPath: imagenes + "/" + cortada))
        try Data("x".utf8).write(to: URL(fileURLWithPath: imagenes + "/." + cortada + ".tmp"))
        for ajeno in ["LEEME.txt", ".htaccess"] { try Data("ajeno".utf8).write(to: URL(fileURLWithPath: imagenes + "/" + ajeno)) }

        let q = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/publish"), catalogo: Fixture.catalogo)
        #expect(q.copiasDescartadas.count == 1)
        #expect(q.copiasDescartadas.first?.hasPrefix(imagenes + "/" + cortada + ": a copy no corte names yet") == true,
                "\(q.copiasDescartadas)")
        let quedan = Set(try Directorio.actual.listar(NombreArchivo(imagenes)).map(\.nombre.description))
        #expect(quedan == nombradas.union([buena, "LEEME.txt", ".htaccess"]), "\(quedan.sorted())")
        // The kept copy is synced before the next corte, which names it and verifies.
        #expect(q.estado.imagenesSinSincronizar)
        try q.registrar(a4, rutaImagen: r4)
        let c2 = try q.publicarCorte(ahora: MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 1200, desfaseMinutos: 0))
        let m2 = try Manifiesto(analizando: try Directorio.actual.leerTodo(NombreArchivo(c2.ruta + "/manifest.json")))
        let informe = try VerificadorCorte.verificar(carpeta: c2.ruta, clave: Fixture.clavePrueba.publica, ahora: m2.corte)
        #expect(informe.imagenes == 4)
    }
}
