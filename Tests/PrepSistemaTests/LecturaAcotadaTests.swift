import Glibc
import Testing
@testable import PrepSistema

/// The bounded read: never past the limit plus one byte, whatever the file became.
@Suite struct LecturaAcotadaTests {
    static func archivo(_ datos: [UInt8], _ nombre: String = #function) throws -> String {
        let ruta = "/tmp/prep-acotada-\(nombre.filter { $0.isLetter })-\(getpid())"
        let fd = try FileDescriptor.cwd.abrir(ruta, [.soloEscritura, .crear, .truncar])
        try fd.escribirTodo(datos)
        try fd.cerrar()
        return ruta
    }

    @Test func limiteExactoMenorYMayor() throws {
        let datos = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let ruta = try Self.archivo(datos)
        defer { unlink(ruta) }
        for (maximo, esperado, mas) in [(100_000, 100_000, false), (150_000, 100_000, false), (99_999, 99_999, true), (0, 0, true)] {
            let fd = try FileDescriptor.cwd.abrir(ruta, .soloLectura)
            defer { try? fd.cerrar() }
            let (b, masAlla) = try fd.leerHasta(maximo: maximo, ruta: ruta)
            #expect(b == Array(datos.prefix(esperado)), "maximo \(maximo)")
            #expect(masAlla == mas, "maximo \(maximo)")
        }
        let fd = try FileDescriptor.cwd.abrir(ruta, .soloLectura)
        defer { try? fd.cerrar() }
        let (d, l) = try SHA256.deArchivo(fd, maximo: 4096, ruta: ruta)
        #expect(l == LecturaAcotada(bytes: 4096, masAllaDelLimite: true))
        #expect(d == (SHA256.resumen(Array(datos.prefix(4096)))))
    }

    /// A file grown to a sparse terabyte after it was checked at 2 KiB: the hash reads 2 KiB and
    /// one byte, and says it goes on (unbounded, this read would take minutes).
    @Test func unTerabyteDispersoCuestaUnByte() throws {
        let datos = [UInt8](repeating: 0x5a, count: 2048)
        let ruta = try Self.archivo(datos)
        defer { unlink(ruta) }
        #expect(truncate(ruta, 1 << 40) == 0)
        let fd = try FileDescriptor.cwd.abrir(ruta, .soloLectura)
        defer { try? fd.cerrar() }
        let (d, l) = try SHA256.deArchivo(fd, maximo: 2048, ruta: ruta)
        #expect(l == LecturaAcotada(bytes: 2048, masAllaDelLimite: true))
        #expect(d == (SHA256.resumen(datos)))
        #expect(lseek(fd.rawValue, 0, SEEK_CUR) == 2049)
    }

    /// A copy without a limit copies what the source held when it was opened, and no more.
    @Test func copiaSinLimiteAcotadaAlTamanoAbierto() throws {
        let datos = [UInt8](repeating: 7, count: 10_000)
        let ruta = try Self.archivo(datos)
        defer { unlink(ruta) }
        let copia = ruta + ".copia"
        defer { unlink(copia) }
        let c = try Directorio.actual.copiar(NombreArchivo(ruta), a: .actual, NombreArchivo(copia), permisos: 0o644,
                                              sincronizar: false)
        #expect(c.bytes == 10_000 && !c.masAllaDelLimite)
        #expect(c.sha256 == (SHA256.resumen(datos)))
        unlink(copia)
        let l = try Directorio.actual.copiar(NombreArchivo(ruta), a: .actual, NombreArchivo(copia), permisos: 0o644,
                                              sincronizar: false, limite: 100)
        #expect(l.bytes == 100 && l.masAllaDelLimite)
    }
}
