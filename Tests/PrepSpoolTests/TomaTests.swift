import Foundation
import Glibc
import Testing
import PrepDominio
@testable import PrepSistema
@testable import PrepSpool

/// The take's confirmation (`Spool.intacto` before the rename, `Spool.tomado` after it): what
/// reaches an item is the very file that was checked, unchanged, with no other name a writer
/// could reach it by.
@Suite struct TomaTests {
    let raiz = "/tmp/prep-toma-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]

    /// `n` dropped in incoming/ and "checked" now: its drop as the check saw it.
    func soltar(_ s: Spool, _ n: String) throws -> DropValido {
        try Data(bytes).write(to: URL(fileURLWithPath: "\(raiz)/incoming/\(n)"))
        let k = ClaveActa("090001B0100-JG")!
        return DropValido(ubicacion: Ubicacion(carpeta: nil, nombre: NombreArchivo(n)), estado: try s.incoming.estado(NombreArchivo(n)),
                          clase: .imagen(k, extension_: "jpg"), clave: k, sha256: SHA256.resumen(bytes), llegadaNs: 0,
                          captura: nil, sinActa: nil)
    }

    func spool() throws -> Spool {
        try Spool.abrir(raiz: raiz, crear: true, reglas: ReglasFalsas(), desfaseMinutos: -360,
                        registro: Registro(detallado: false, desfaseMinutos: -360))
    }

    /// Between the check and the take, the writer links one drop (the check saw `nlink == 1`; a
    /// link changes neither inode, size nor mtime), rewrites another in place with the same size
    /// and puts its mtime back: neither is taken. An untouched one is, and is still itself after
    /// its rename.
    @Test func unEnlaceOUnaReescrituraEntreLaRevisionYLaTomaSeVen() throws {
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let s = try spool()
        let solo = try soltar(s, "solo.jpg"), enlazado = try soltar(s, "enlazado.jpg"), reescrito = try soltar(s, "reescrito.jpg")
        #expect(link("\(raiz)/incoming/enlazado.jpg", "\(raiz)/incoming/.segundo") == 0)
        let ruta = "\(raiz)/incoming/reescrito.jpg"
        var antes = stat()
        #expect(stat(ruta, &antes) == 0)
        // Later than the check by more than the clock's tick, as the settle period ensures.
        usleep(20_000)
        let f = open(ruta, O_WRONLY)
        #expect(pwrite(f, [0xFF, 0xD8, 0xFF, 0xE0, 9, 9, 9], 7, 0) == 7)
        close(f)
        var tiempos = [antes.st_atim, antes.st_mtim]
        #expect(utimensat(AT_FDCWD, ruta, &tiempos, 0) == 0)
        #expect(try [solo, enlazado, reescrito].map { try Spool.intacto($0, en: s.incoming) } == [true, false, false])

        #expect(rename("\(raiz)/incoming/solo.jpg", "\(raiz)/tmp/solo.jpg") == 0)
        #expect(try Spool.tomado(solo, NombreArchivo("solo.jpg"), en: s.tmp))
        #expect(!(try Spool.tomado(solo, NombreArchivo("ausente.jpg"), en: s.tmp)))
    }

    /// A file renamed over the drop between the first stat and the take's rename: after it, the
    /// name holds another inode, and the take says no.
    @Test func otroArchivoRenombradoEncimaNoEsElTomado() throws {
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let s = try spool()
        let d = try soltar(s, "d.jpg")
        #expect(try Spool.intacto(d, en: s.incoming))
        try Data(bytes).write(to: URL(fileURLWithPath: "\(raiz)/incoming/.otro"))
        #expect(rename("\(raiz)/incoming/.otro", "\(raiz)/tmp/d.jpg") == 0)
        #expect(!(try Spool.tomado(d, NombreArchivo("d.jpg"), en: s.tmp)))
    }
}
