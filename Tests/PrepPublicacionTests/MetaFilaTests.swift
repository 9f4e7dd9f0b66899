import Testing
import PrepDominio
import PrepSistema
@testable import PrepPublicacion

/// The fixed part of a row holds its image's digest inline, and gives it back as it came.
@Suite struct MetaFilaTests {
    /// 515,000 rows nationally: the digest costs its 32 bytes and nothing more per row.
    @Test func tamanoFijo() {
        #expect(MemoryLayout<MetaFila>.stride == 72)
    }

    @Test func imagenIdaYVuelta() {
        var m = MetaFila()
        #expect(m.imagen == nil && m.imagenSHA256 == nil)
        let h = SHA256.resumen(Array("imagen".utf8))
        m.hash = h
        m.extensionImagen = UInt8(MetaFila.extensiones.firstIndex(of: "png")! + 1)
        m.origen = 1
        #expect(m.imagen == ImagenActa(sha256: h, extension_: "png", origen: .casilla))
        #expect(m.imagen?.nombrePublicado == "\(h).png")
        var fila: [UInt8] = []
        m.imagenSHA256?.anexarHex(&fila)
        #expect(String(decoding: fila, as: UTF8.self) == h.description)
    }
}
