import Foundation
import Glibc
import PrepDominio
@testable import PrepPublicacion
import PrepPruebas
import PrepSistema
import Testing

/// The zip writer against the tools consumers open the IECM's packages with: `unzip -t` and
/// Python's `zipfile`. A missing tool fails the test, never skips it (.ci/run installs both).
@Suite struct ZipTests {
    static let hora = MarcaTiempo(anio: 2024, mes: 6, dia: 2, hora: 20, minuto: 0, segundo: 0, desfaseMinutos: -360)!

    static func herramienta(_ ruta: String, _ paquete: String) -> Bool {
        if access(ruta, X_OK) == 0 { return true }
        Issue.record("\(ruta) missing: apt-get install \(paquete) (.ci/run installs it)")
        return false
    }

    static func ejemplo() throws -> [UInt8] {
        let grande = Array(String(repeating: "090001B0100,A02,\"CIUDAD DE MÉXICO\",750\n", count: 5_000).utf8)
        let interior = try ArchivoZip.bytes([.init(nombre: "CDMX_GUB_2024.csv", bytes: grande),
                                             .init(nombre: "leeme.txt", bytes: Array("LÉAME\n".utf8)),
                                             .init(nombre: "vacio.txt", bytes: [])], hora: hora)
        return try ArchivoZip.bytes([.init(nombre: "20240602_2000_PREP_GUB_CDMX.zip", bytes: interior)], hora: hora)
    }

    @Test func unzipLoAcepta() throws {
        guard Self.herramienta("/usr/bin/unzip", "unzip") else { return }
        let dir = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(try Self.ejemplo()).write(to: URL(fileURLWithPath: dir + "/a.zip"))
        let t = try Ejecucion.ejecutar("/usr/bin/unzip", ["-t", "a.zip"], directorio: dir)
        #expect(t.estado == 0, "\(t.todo)")
        #expect(t.stdout.contains("No errors detected"))
        let x = try Ejecucion.ejecutar("/usr/bin/unzip", ["-o", "a.zip"], directorio: dir)
        #expect(x.estado == 0, "\(x.todo)")
        let y = try Ejecucion.ejecutar("/usr/bin/unzip", ["-t", "20240602_2000_PREP_GUB_CDMX.zip"], directorio: dir)
        #expect(y.estado == 0 && y.stdout.contains("No errors detected"), "\(y.todo)")
        // The entry's time is the corte's local time.
        let l = try Ejecucion.ejecutar("/usr/bin/unzip", ["-l", "20240602_2000_PREP_GUB_CDMX.zip"], directorio: dir)
        #expect(l.stdout.contains("2024-06-02 20:00") || l.stdout.contains("06-02-2024 20:00"), "\(l.stdout)")
    }

    @Test func pythonZipfileLoAcepta() throws {
        guard Self.herramienta("/usr/bin/python3", "python3") else { return }
        let dir = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(try Self.ejemplo()).write(to: URL(fileURLWithPath: dir + "/a.zip"))
        let programa = """
        import io, sys, zipfile
        z = zipfile.ZipFile("a.zip")
        assert z.testzip() is None
        assert z.namelist() == ["20240602_2000_PREP_GUB_CDMX.zip"], z.namelist()
        i = zipfile.ZipFile(io.BytesIO(z.read("20240602_2000_PREP_GUB_CDMX.zip")))
        assert i.testzip() is None
        assert [x.compress_type for x in i.infolist()] == [zipfile.ZIP_DEFLATED] * 3
        assert i.read("leeme.txt").decode("utf-8") == "LÉAME\\n"
        assert i.read("vacio.txt") == b""
        assert i.read("CDMX_GUB_2024.csv").count(b"\\n") == 5000
        assert i.getinfo("leeme.txt").date_time == (2024, 6, 2, 20, 0, 0)
        print("ok")
        """
        let r = try Ejecucion.ejecutar("/usr/bin/python3", ["-c", programa], directorio: dir)
        #expect(r.estado == 0 && r.stdout == "ok\n", "\(r.todo)")
    }

    /// The next corte's CSV: a new preamble, one row changed, rows added at the end. Its zip
    /// reuses the pieces that did not change and is the very zip made without any memory.
    @Test func lasPiezasSinCambiosSeReusanYElZipEsElMismo() throws {
        func csv(_ hora: String, cambiada: Int?, filas: Int) -> [UInt8] {
            var t = "CORTE \(hora)\nCLAVE_CASILLA,SECCION,VOTOS\n"
            for i in 0..<filas { t += "'09\(String(format: "%06d", i))B0100',\(i / 7),\(i == cambiada ? 999 : i % 613)\n" }
            return Array(t.utf8)
        }
        let uno = csv("20:00", cambiada: nil, filas: 40_000), dos = csv("20:05", cambiada: 20_000, filas: 40_010)
        var m1 = MemoriaDeflate()
        _ = try ArchivoZip.bytes([.init(nombre: "a.csv", bytes: uno)], hora: Self.hora, memoria: &m1, previa: nil)
        #expect(m1.reusados == 0 && m1.deflactados > 20, "\(m1.deflactados) pieces")
        var m2 = MemoriaDeflate()
        let conMemoria = try ArchivoZip.bytes([.init(nombre: "a.csv", bytes: dos)], hora: Self.hora, memoria: &m2, previa: m1)
        // The first piece (the preamble), the changed row's and the last (rows added) are new.
        #expect(m2.deflactados <= 4 && m2.reusados >= m1.deflactados - 4, "\(m2.deflactados) deflated, \(m2.reusados) reused")
        #expect(conMemoria == (try ArchivoZip.bytes([.init(nombre: "a.csv", bytes: dos)], hora: Self.hora)))
        #expect(try ArchivoZip.entradas(conMemoria).map(\.bytes) == [dos])
    }

    /// The pieces are cut back out of a zip this writer made (what a restart does with the last
    /// corte's zip): every piece is found, and the next zip reuses them all but the changed ones,
    /// the same bytes as without memory. A stream deflated whole has no such cuts: nothing is
    /// taken from it, and a piece that would not inflate on its own is never taken.
    @Test func lasPiezasSeRecuperanDelZip() throws {
        func csv(_ hora: String, cambiada: Int?) -> [UInt8] {
            var t = "CORTE \(hora)\n"
            for i in 0..<30_000 { t += "'09\(String(format: "%06d", i))B0100',\(i / 7),\(i == cambiada ? 999 : i % 613)\n" }
            return Array(t.utf8)
        }
        let uno = csv("20:00", cambiada: nil), dos = csv("20:15", cambiada: 15_000)
        var m1 = MemoriaDeflate()
        let zip = try ArchivoZip.bytes([.init(nombre: "a.csv", bytes: uno)], hora: Self.hora, memoria: &m1, previa: nil)
        let g = try #require(try ArchivoZip.guardadas(zip).first)
        var recuperada = MemoriaDeflate()
        let cortada = recuperada.recordar(comprimido: g.datos, tamano: g.tamano, nivel: ArchivoZip.nivel)
        #expect(cortada)
        var m2 = MemoriaDeflate()
        let siguiente = try ArchivoZip.bytes([.init(nombre: "a.csv", bytes: dos)], hora: Self.hora, memoria: &m2, previa: recuperada)
        #expect(m1.deflactados > 10 && m2.reusados >= m1.deflactados - 3, "\(m1.deflactados) pieces, \(m2.reusados) reused")
        #expect(siguiente == (try ArchivoZip.bytes([.init(nombre: "a.csv", bytes: dos)], hora: Self.hora)))

        var entera = MemoriaDeflate()
        let todo = try Zlib.deflactarTrozo(uno[...], nivel: ArchivoZip.nivel, ultimo: true)
        let deUnaPieza = entera.recordar(comprimido: todo[...], tamano: uno.count, nivel: ArchivoZip.nivel)
        #expect(!deUnaPieza)
        var m3 = MemoriaDeflate()
        _ = try ArchivoZip.bytes([.init(nombre: "a.csv", bytes: uno)], hora: Self.hora, memoria: &m3, previa: entera)
        #expect(m3.reusados == 0)
        // Compressed bytes changed (a restart checks the zip's hash first; here, whatever is
        // taken from them): the next zip is still the one made without memory.
        for i in stride(from: 7, to: g.datos.count, by: g.datos.count / 5) {
            var roto = Array(g.datos)
            roto[i] ^= 0x10
            var rota = MemoriaDeflate()
            _ = rota.recordar(comprimido: roto[...], tamano: g.tamano, nivel: ArchivoZip.nivel)
            var m4 = MemoriaDeflate()
            #expect(try ArchivoZip.bytes([.init(nombre: "a.csv", bytes: dos)], hora: Self.hora, memoria: &m4, previa: rota) == siguiente)
        }
    }

    @Test func leidoDeVueltaYDeterminista() throws {
        let a = try Self.ejemplo(), b = try Self.ejemplo()
        #expect(a == b)
        let fuera = try ArchivoZip.entradas(a)
        #expect(fuera.map(\.nombre) == ["20240602_2000_PREP_GUB_CDMX.zip"])
        let dentro = try ArchivoZip.entradas(fuera[0].bytes)
        #expect(dentro.map(\.nombre) == ["CDMX_GUB_2024.csv", "leeme.txt", "vacio.txt"])
        #expect(dentro[1].bytes == Array("LÉAME\n".utf8))
        // Deflate really compresses (5,000 equal lines).
        #expect(fuera[0].bytes.count < 5_000)
        var roto = a
        roto[80] ^= 0xFF  // inside the deflated data of the only entry
        #expect(throws: ErrorVerificacion.self) { try ArchivoZip.entradas(roto) }
    }

    /// The cuts as first written, one byte at a time: what `MemoriaDeflate.cortes` (which skips
    /// to each line end with `memchr`) must keep giving, or a zip made after an upgrade would
    /// reuse no piece of one read back, and a zip's bytes would change for the same rows.
    static func cortesPorByte(_ bytes: [UInt8]) -> [Int] {
        var fines: [Int] = []
        var inicioTrozo = 0, inicioLinea = 0
        var h: UInt32 = 2_166_136_261
        for (i, b) in bytes.enumerated() {
            if b != 0x0A {
                if i - inicioLinea < 48 { h = (h ^ UInt32(b)) &* 16_777_619 }
                continue
            }
            let largo = i + 1 - inicioTrozo
            if (largo >= MemoriaDeflate.minimo && h % MemoriaDeflate.divisor == 0) || largo >= MemoriaDeflate.maximo {
                fines.append(i + 1)
                inicioTrozo = i + 1
            }
            inicioLinea = i + 1
            h = 2_166_136_261
        }
        if fines.last != bytes.count { fines.append(bytes.count) }
        return fines
    }

    /// Lines of every length around the 48 hashed bytes, long lines past `maximo`, empty lines,
    /// text with and without a last line feed, and nothing at all.
    @Test func losCortesSonLosDeUnByteALaVez() {
        var g = SystemRandomNumberGenerator()
        var casos: [[UInt8]] = [[], [0x0A], Array("sin fin de linea".utf8), [UInt8](repeating: 0x0A, count: 70_000),
                                 [UInt8](repeating: 0x41, count: 140_000) + [0x0A] + Array("fila\n".utf8)]
        for _ in 0..<10 {
            var b: [UInt8] = []
            for _ in 0..<Int.random(in: 0...1_000, using: &g) {
                let largo = Bool.random(using: &g) ? Int.random(in: 44...52, using: &g)
                    : Int.random(in: 0...(Int.random(in: 0...400, using: &g) == 0 ? 140_000 : 400), using: &g)
                // Random where the hash looks (the first 48 bytes and a few past them), then filler.
                let azar = min(largo, 56)
                for _ in 0..<azar { b.append(UInt8.random(in: 0x20...0x7E, using: &g)) }
                b.append(contentsOf: repeatElement(0x2C, count: largo - azar))
                b.append(0x0A)
            }
            if Bool.random(using: &g) { for _ in 0..<Int.random(in: 1...100, using: &g) { b.append(0x41) } }
            casos.append(b)
        }
        for b in casos {
            #expect(MemoriaDeflate.cortes(b) == Self.cortesPorByte(b), "\(b.count) bytes")
        }
    }
}
