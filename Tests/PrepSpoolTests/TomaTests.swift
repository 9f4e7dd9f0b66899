import Foundation
import Glibc
import Testing
import PrepDominio
@testable import PrepSistema
@testable import PrepSpool

/// The take's confirmation (`comprobarTomado`): what reaches an item is the very file that was
/// checked, with no other name a writer could reach it by.
@Suite struct TomaTests {
    /// A drop checked with one name, then linked by its writer before the take (the check saw
    /// `nlink == 1`; a link does not change the inode, size or mtime): the take refuses it.
    @Test func unEnlaceHechoEntreLaRevisionYLaTomaSeRechaza() throws {
        let raiz = "/tmp/prep-toma-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let s = try Spool.abrir(raiz: raiz, crear: true, reglas: ReglasFalsas(), desfaseMinutos: -360,
                                registro: Registro(detallado: false, desfaseMinutos: -360))
        let k = ClaveActa("090001B0100-JG")!
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]
        var tomados: [(DropValido, NombreArchivo)] = []
        for n in ["solo", "enlazado"] {
            try Data(bytes).write(to: URL(fileURLWithPath: "\(raiz)/tmp/\(n).jpg"))
            let d = DropValido(ubicacion: Ubicacion(carpeta: nil, nombre: NombreArchivo("\(k.texto).jpg")),
                               estado: try s.tmp.estado(NombreArchivo("\(n).jpg")), clase: .imagen(k, extension_: "jpg"),
                               clave: k, sha256: SHA256.resumen(bytes), llegadaNs: 0, captura: nil, sinActa: nil)
            tomados.append((d, NombreArchivo("\(n).jpg")))
        }
        #expect(link("\(raiz)/tmp/enlazado.jpg", "\(raiz)/incoming/.segundo") == 0)
        #expect(try tomados.map { try Spool.comprobarTomado($0.0, $0.1, en: s.tmp).get() } == [true, false])
    }
}
