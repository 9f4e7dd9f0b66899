import Foundation
import PrepPruebas
import Testing

enum FixturaVerify: FixturaCortes {}

/// `prep verify`'s failure line says what to do about it.
@Suite(.enHiloPropio) struct VerifyQueHacerTests {
    @Test func laLineaDeFalloDiceQueHacer() throws {
        let raiz = FixturaVerify.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, corte) = try FixturaVerify.publicadorConDatos(raiz)
        let pub = raiz + "/k.pub"
        try Data(FixturaVerify.clavePrueba.publica.archivo(comentario: "k")).write(to: URL(fileURLWithPath: pub))
        let ok = try Binario.ejecutar(["verify", corte.ruta, "--key", pub])
        #expect(ok.estado == 0, "\(ok.stderr)")
        let csv = try #require(FileManager.default.contentsOfDirectory(atPath: corte.ruta + "/datos").first { $0.hasSuffix(".csv") })
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: corte.ruta + "/datos/" + csv))
        h.seekToEndOfFile()
        h.write(Data(" ".utf8))
        try h.close()
        let mal = try Binario.ejecutar(["verify", corte.ruta, "--key", pub])
        #expect(mal.estado == 1)
        #expect(mal.stderr.hasSuffix("(a file is not the one that was signed: fetch the corte again from the institute)\n"), "\(mal.stderr)")
    }
}
