import Glibc
import Testing
@testable import PrepSistema

/// The digest value `prep verify` indexes images by, the reused hasher, the allocation-free
/// directory walk and `enParalelo`.
@Suite struct HuellaSHA256Tests {
    static func huella(_ hex: String) -> HuellaSHA256? {
        Array(hex.utf8).withUnsafeBytes { HuellaSHA256(hex: $0) }
    }

    @Test func hexIdaYVuelta() throws {
        let hex = SHA256.hex(SHA256.resumen(Array("abc".utf8)))
        let h = try #require(Self.huella(hex))
        #expect(h.description == hex)
        #expect(HuellaSHA256(hex: ArraySlice(Array(hex.utf8))) == h)
        let b = SHA256.resumen(Array("abc".utf8))
        #expect(b.withUnsafeBytes { HuellaSHA256(bytes: $0) } == h)
    }

    @Test func rechazaLoQueNoEsHexMinuscula() {
        let hex = String(repeating: "ab", count: 32)
        #expect(Self.huella(hex) != nil)
        #expect(Self.huella(hex.uppercased()) == nil)
        #expect(Self.huella(String(hex.dropLast())) == nil)
        #expect(Self.huella(hex + "0") == nil)
        #expect(Self.huella(String(hex.dropLast()) + "g") == nil)
        #expect([UInt8](repeating: 0, count: 31).withUnsafeBytes { HuellaSHA256(bytes: $0) } == nil)
    }

    /// Sorting digests sorts their hex names: failures are ranked in the same order as before.
    @Test func ordenIgualAlDelHex() throws {
        let hexes = (0..<200).map { i in SHA256.hex(SHA256.resumen([UInt8(i), 7])) }
            + [String(repeating: "0", count: 64), String(repeating: "f", count: 64), String(repeating: "0", count: 63) + "1"]
        let huellas = try hexes.map { try #require(Self.huella($0)) }
        #expect(huellas.sorted().map(\.description) == hexes.sorted())
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
            #expect(h.terminar().description == SHA256.hex(SHA256.resumen(datos)))
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
