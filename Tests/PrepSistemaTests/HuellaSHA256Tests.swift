import Glibc
import Testing
import PrepDominio
@testable import PrepSistema

/// The digests libcrypto gives (the domain's `HuellaSHA256`, parsed and printed in
/// PrepDominioTests), the reused hasher, the allocation-free directory walk and `enParalelo`.
@Suite struct HuellaSHA256Tests {
    @Test func resumenEsLaHuellaDelHex() throws {
        let h = SHA256.resumen(Array("abc".utf8))
        #expect(h == (try HuellaSHA256(hex: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")))
        var partes = SHA256()
        partes.actualizar(Array("ab".utf8))
        partes.actualizar(Array("c".utf8))
        #expect(partes.finalizar() == h)
    }

    /// Sorting digests sorts their hex names: failures are ranked in the same order as before.
    @Test func ordenIgualAlDelHex() throws {
        let huellas = (0..<200).map { i in SHA256.resumen([UInt8(i), 7]) }
        #expect(huellas.sorted().map(\.description) == huellas.map(\.description).sorted())
    }

    @Test func hasherRepetidoIgualAlDeUnaVez() throws {
        var h = SHA256Repetido()
        for n in [0, 1, 19, 64, 65, 100_000] {
            let datos = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ n) }
            h.empezar()
            // In two pieces, and after an unfinished input: `empezar` forgets it.
            datos.withUnsafeBytes { b in
                h.actualizar(UnsafeRawBufferPointer(rebasing: b[..<(n / 2)]))
                h.actualizar(UnsafeRawBufferPointer(rebasing: b[(n / 2)...]))
            }
            #expect(h.terminar() == SHA256.resumen(datos))
            h.empezar()
            [1, 2, 3].withUnsafeBytes { h.actualizar($0) }
        }
    }

    @Test func recorrerVeLoMismoQueListar() throws {
        let ruta = "/tmp/prep-recorrer-\(getpid())"
        try Directorio.actual.crearCarpeta(NombreArchivo(ruta))
        defer { try? Directorio.actual.borrarArbol(NombreArchivo(ruta)) }
        let d = try Directorio.abrir(ruta)
        defer { d.cerrar() }
        for i in 0..<300 { try d.escribirArchivo(NombreArchivo("f\(i).jpg"), [UInt8(i & 0xff)]) }
        try d.crearCarpeta(NombreArchivo("sub"))
        var vistos: [String: TipoArchivo?] = [:]
        try d.recorrer { nombre, tipo in vistos[String(decoding: nombre, as: UTF8.self)] = tipo }
        #expect(vistos.count == 301 && vistos["."] == nil && vistos[".."] == nil)
        #expect(vistos["sub"] == .some(.directorio) && vistos["f299.jpg"] == .some(.regular))
        #expect(Set(vistos.keys) == Set(try d.listar().map(\.nombre.description)))
    }

    @Test func enParaleloEnOrden() {
        #expect(enParalelo(1000, minimo: 2) { $0 * $0 } == (0..<1000).map { $0 * $0 })
        #expect(enParalelo(3, minimo: 8) { $0 } == [0, 1, 2])
        #expect(enParalelo(0, minimo: 2) { $0 }.isEmpty)
    }
}
