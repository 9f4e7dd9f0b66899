import Testing
import Glibc
@testable import PrepSistema

@Suite struct SHA256Tests {
    @Test func vectoresConocidos() throws {
        #expect(SHA256.resumen([]).description == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.resumen(Array("abc".utf8)).description == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func archivoPorPartesIgualQueEnMemoria() throws {
        let ruta = "/tmp/prep-sha-\(getpid())"
        let datos = (0..<700_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let fd = try FileDescriptor.cwd.abrir(ruta, [.soloEscritura, .crear, .truncar])
        try fd.escribirTodo(datos)
        try fd.cerrar()
        defer { unlink(ruta) }
        let lector = try FileDescriptor.cwd.abrir(ruta, .soloLectura)
        defer { try? lector.cerrar() }
        let (d, l) = try SHA256.deArchivo(lector, maximo: datos.count, ruta: ruta)
        #expect(l == LecturaAcotada(bytes: datos.count, masAllaDelLimite: false))
        #expect(d == (SHA256.resumen(datos)))
    }
}
