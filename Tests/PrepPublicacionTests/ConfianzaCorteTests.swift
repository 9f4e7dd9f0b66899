import Foundation
import Testing
import PrepDominio
@testable import PrepPublicacion
@testable import PrepSistema

/// What is signed is what was verified, and no clock or single row stops the night.
@Suite struct ConfianzaCorteTests {
    /// An NTP step back never produces a corte that `prep verify --previous` rejects.
    @Test func relojHaciaAtrasNoRompeLaCadena() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (p, c1) = try Fixture.publicadorConDatos(raiz)
        let antes = MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix - 3600, desfaseMinutos: 0)
        let c2 = try p.publicarCorte(ahora: antes)
        let m1 = try Manifiesto(analizando: try Directorio.actual.leerTodo(NombreArchivo(c1.ruta + "/manifest.json")))
        let m2 = try Manifiesto(analizando: try Directorio.actual.leerTodo(NombreArchivo(c2.ruta + "/manifest.json")))
        #expect(m2.corte >= m1.corte)
        _ = try VerificadorCorte.verificar(carpeta: c2.ruta, clave: Fixture.clavePrueba.publica, anterior: c1.ruta,
                                           ahora: m2.corte)
    }

    /// A row of the latest corte that cannot be read back does not stop the restart;
    /// that acta is handed back to be read from its item.
    @Test func unaFilaIlegibleNoImpideElReinicio() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c1) = try Fixture.publicadorConDatos(raiz)
        let ruta = c1.ruta + "/datos/CDMX_JG_2024.csv"
        let texto = String(decoding: try Directorio.actual.leerTodo(NombreArchivo(ruta)), as: UTF8.self)
        let lineas = texto.components(separatedBy: "\r\n").map { linea -> String in
            guard linea.contains("090003B0100-JG") else { return linea }
            return linea.replacingOccurrences(of: #"[0-9a-f]{64}"#, with: String(repeating: "0", count: 64), options: .regularExpression)
        }
        #expect(lineas.joined(separator: "\r\n") != texto)
        try Data(lineas.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: ruta))
        let q = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/publish"), catalogo: Fixture.catalogo)
        #expect(q.ultimoSeq == 1)
        #expect(q.tomarPorReleer().map(\.texto) == ["090003B0100-JG"])
        #expect(q.tomarPorReleer().isEmpty)
    }

    /// An image whose bytes changed after it was verified is never published under
    /// the hash it was verified with.
    @Test func imagenCambiadaNoSePublica() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        try FileManager.default.createDirectory(atPath: raiz + "/spool", withIntermediateDirectories: true)
        let p = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/publish"), catalogo: Fixture.catalogo)
        let (a, r) = try Fixture.capturada("090001B0100-JG", Fixture.votos(.votos(1), .votos(2), .votos(3), .votos(0), .votos(0)),
                                              carpeta: raiz + "/spool")
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: r))
        h.seekToEndOfFile()
        h.write(Data([0x42]))
        try h.close()
        #expect(throws: ErrorPublicacion.self) { try p.registrar(a, rutaImagen: r) }
        let imagenes = (try? FileManager.default.contentsOfDirectory(atPath: raiz + "/publish/imagenes")) ?? []
        #expect(imagenes.isEmpty)
    }
}
