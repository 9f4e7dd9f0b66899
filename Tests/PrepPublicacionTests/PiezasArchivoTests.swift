import Synchronization
import Testing
import PrepPublicacion

/// A file made of pieces: with the previous corte's file and its pieces' places, only the
/// pieces whose inputs changed are made, and the bytes are those of making every piece.
@Suite struct PiezasArchivoTests {
    /// The pieces a maker made, in order.
    final class Hechas: Sendable {
        private let m = Mutex<[Int]>([])
        func anotar(_ i: Int) { m.withLock { $0.append(i) } }
        var todas: [Int] { m.withLock { $0 } }
    }

    /// Five pieces `[i:v]` (v each piece's input), separated by commas; counts the pieces made.
    static func archivo(_ valores: [Int], cambia: @escaping @Sendable (Int) -> Bool, hechas: Hechas) -> PiezasArchivo {
        PiezasArchivo(inicio: Array("head(".utf8), cuantas: valores.count, fin: Array(");\n".utf8), cambia: cambia) {
            { i, b in
                hechas.anotar(i)
                if i > 0 { b.append(44) }
                b += Array("[\(i):\(valores[i])]".utf8)
            }
        }
    }

    @Test func soloSeHacenLasPiezasQueCambiaron() {
        let antes = Hechas(), despues = Hechas(), todas = Hechas()
        let previo = Self.archivo([1, 22, 3, 4444, 5], cambia: { _ in true }, hechas: antes).hacer()
        #expect(String(decoding: previo.bytes, as: UTF8.self) == "head([0:1],[1:22],[2:3],[3:4444],[4:5]);\n")
        #expect(previo.limites == [5, 10, 17, 23, 32, 38])
        // Pieces 1 and 3 changed (other lengths than before).
        let nuevos = [1, 7, 3, 8, 5]
        let hecho = Self.archivo(nuevos, cambia: { $0 == 1 || $0 == 3 }, hechas: despues).hacer(previo: (previo.bytes, previo.limites))
        let entero = Self.archivo(nuevos, cambia: { _ in true }, hechas: todas).hacer()
        #expect(hecho.bytes == entero.bytes && hecho.limites == entero.limites)
        #expect(despues.todas == [1, 3])
        #expect(hecho.copiadas == 3 && entero.copiadas == 0)
        // Pieces laid out otherwise than this file's (another count) are not used: every piece is made.
        let otro = Hechas()
        let sinPrevio = Self.archivo(Array(nuevos.prefix(4)), cambia: { _ in false }, hechas: otro).hacer(previo: (previo.bytes, previo.limites))
        #expect(otro.todas == [0, 1, 2, 3])
        #expect(String(decoding: sinPrevio.bytes, as: UTF8.self) == "head([0:1],[1:7],[2:3],[3:8]);\n")
    }
}
