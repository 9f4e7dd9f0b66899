import Foundation
import PrepDominio
import PrepPruebas
import Testing
@testable import PrepSimulacion

@Suite struct ImagenesTests {
    let clave = ClaveActa("090123C0201-JG")!

    /// Decodes a PNG with Python's zlib (an independent inflate and CRC-32) and returns
    /// `width height crcs_ok first_row_bytes_sum`.
    static func revisarConPython(_ png: [UInt8]) throws -> String {
        let ruta = FileManager.default.temporaryDirectory.appendingPathComponent("prep-sim-\(getpid())-\(png.count).png").path
        try Data(png).write(to: URL(fileURLWithPath: ruta))
        defer { try? FileManager.default.removeItem(atPath: ruta) }
        let guion = """
        import sys, zlib, struct
        d = open(sys.argv[1], 'rb').read()
        assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        i = 8; ok = True; idat = b''; w = h = 0
        while i < len(d):
            n = struct.unpack('>I', d[i:i+4])[0]; t = d[i+4:i+8]; body = d[i+8:i+8+n]
            crc = struct.unpack('>I', d[i+8+n:i+12+n])[0]
            ok = ok and (zlib.crc32(t + body) & 0xffffffff) == crc
            if t == b'IHDR': w, h, depth, color = struct.unpack('>IIBB', body[:10])
            if t == b'IDAT': idat += body
            i += 12 + n
        raw = zlib.decompress(idat)
        assert len(raw) == h * (w + 1), (len(raw), w, h)
        print(w, h, ok, sum(raw[1:w+1]) // w, min(raw[k*(w+1)+1+x] for k in range(h) for x in range(w)))
        """
        let s = try Ejecucion.ejecutar("/usr/bin/env", ["python3", "-c", guion, ruta])
        #expect(s.estado == 0, "\(s.stderr)")
        return s.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func escaneoEsUnPNGValido() throws {
        let png = Contenido.escaneo(clave, distrito: 7)
        let r = try Self.revisarConPython(png).split(separator: " ")
        try #require(r.count == 5)
        #expect(Int(r[0]) == Lienzo.anchoTexto(clave.texto, escala: 2) + 16)
        #expect(Int(r[1]) == 80)
        #expect(r[2] == "True")
        #expect(r[3] == "255")  // top row is white background
        #expect(r[4] == "0")    // some black text
    }

    @Test func pngGrandeUsaVariosBloquesAlmacenados() throws {
        // More than 65,535 raw bytes: several stored deflate blocks.
        var l = Lienzo(ancho: 400, alto: 200, fondo: 200)
        l.escribir("ACTA", x: 10, y: 10, escala: 10, gris: 0)
        let r = try Self.revisarConPython(PNG.codificar(l)).split(separator: " ")
        #expect(r.prefix(4) == ["400", "200", "True", "200"])
        #expect(r.last == "0")
    }

    /// A small baseline-JPEG reader for what `JPEG` writes (DC-only blocks), written from T.81
    /// independently of the encoder: checks the segments and returns the decoded gray per block.
    static func decodificarDC(_ j: [UInt8]) throws -> (ancho: Int, alto: Int, grises: [Int]) {
        try #require(j.starts(with: [0xFF, 0xD8]) && j.suffix(2) == [0xFF, 0xD9])
        var i = 2, ancho = 0, alto = 0, q = 0
        var tablas: [Int: [(codigo: Int, largo: Int, simbolo: UInt8)]] = [:]
        while j[i] == 0xFF && j[i + 1] != 0xDA {
            let marca = j[i + 1], largo = Int(j[i + 2]) << 8 | Int(j[i + 3])
            let cuerpo = Array(j[(i + 4)..<(i + 2 + largo)])
            switch marca {
            case 0xDB: q = Int(cuerpo[1])
            case 0xC0: alto = Int(cuerpo[1]) << 8 | Int(cuerpo[2]); ancho = Int(cuerpo[3]) << 8 | Int(cuerpo[4])
            case 0xC4:
                var codigo = 0, k = 17, lista: [(Int, Int, UInt8)] = []
                for l in 1...16 {
                    for _ in 0..<Int(cuerpo[l]) { lista.append((codigo, l, cuerpo[k])); codigo += 1; k += 1 }
                    codigo <<= 1
                }
                tablas[Int(cuerpo[0])] = lista
            default: break
            }
            i += 2 + largo
        }
        i += 2 + (Int(j[i + 2]) << 8 | Int(j[i + 3]))
        var bits: [Int] = []
        while i < j.count - 2 {
            let b = j[i]
            for k in (0..<8).reversed() { bits.append(Int(b >> UInt8(k)) & 1) }
            i += b == 0xFF ? 2 : 1
        }
        var pos = 0
        func simbolo(_ t: [(codigo: Int, largo: Int, simbolo: UInt8)]) throws -> UInt8 {
            var c = 0
            for l in 1...16 {
                c = c << 1 | bits[pos]; pos += 1
                if let s = t.first(where: { $0.largo == l && $0.codigo == c }) { return s.simbolo }
            }
            throw ErrorSimulacion("bad Huffman code")
        }
        let dc = try #require(tablas[0x00]), ac = try #require(tablas[0x10])
        var grises: [Int] = [], previo = 0
        for _ in 0..<((ancho / 8) * (alto / 8)) {
            let s = Int(try simbolo(dc))
            var dif = 0
            if s > 0 {
                for _ in 0..<s { dif = dif << 1 | bits[pos]; pos += 1 }
                if dif < 1 << (s - 1) { dif -= (1 << s) - 1 }
            }
            previo += dif
            #expect(try simbolo(ac) == 0x00)
            grises.append(previo * q / 8 + 128)
        }
        return (ancho, alto, grises)
    }

    @Test func fotoEsUnJPEGQueReproduceElLienzo() throws {
        let jpg = Contenido.foto(clave)
        let (ancho, alto, grises) = try Self.decodificarDC(jpg)
        #expect(ancho % 8 == 0 && alto % 8 == 0)
        #expect(ancho >= Lienzo.anchoTexto(clave.texto, escala: 8))
        #expect(Set(grises) == [235, 20, 90]) // background, key, "PREP CASILLA"
        // Each block's gray is the picture's: the block under the key's first dot is dark.
        var l = Lienzo(ancho: ancho, alto: alto, fondo: 235)
        l.escribir(clave.texto, x: 8, y: 8, escala: 8, gris: 20)
        l.escribir("PREP CASILLA", x: 8, y: 72, escala: 8, gris: 90)
        let esperado = stride(from: 0, to: alto, by: 8).flatMap { y in
            stride(from: 0, to: ancho, by: 8).map { x in Int(l.pixeles[y * ancho + x]) }
        }
        #expect(grises == esperado)
    }

    @Test func fotoYEscaneoDifieren() {
        let otra = ClaveActa("090123C0201-ALC")!
        #expect(Contenido.foto(clave) != Contenido.foto(otra))
        #expect(Contenido.escaneo(clave, distrito: 1) != Contenido.escaneo(otra, distrito: 1))
    }
}
