/// A minimal baseline JPEG encoder for grayscale pictures whose width and height are multiples
/// of 8 and whose content is flat within each 8×8 block (text drawn at scale 8 on an 8-pixel grid):
/// every block is coded by its DC coefficient only (all AC zero, one end-of-block), so the picture
/// decodes exactly. Standard JFIF, readable by any decoder; not a general-purpose encoder.
public enum JPEG {
    public static func codificar(_ lienzo: Lienzo) -> [UInt8] {
        precondition(lienzo.ancho % 8 == 0 && lienzo.alto % 8 == 0, "JPEG: size must be a multiple of 8")
        var s: [UInt8] = [0xFF, 0xD8] // SOI
        // APP0 JFIF 1.01, no thumbnail.
        s += [0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
        // DQT: table 0, 8-bit, every step 8 (so a flat block's DC is its gray level − 128).
        s += [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 8, count: 64)
        // SOF0: 8-bit, height, width, one component (id 1, 1×1 sampling, table 0).
        s += [0xFF, 0xC0, 0x00, 0x0B, 0x08]
        s.agregarBE16(lienzo.alto)
        s.agregarBE16(lienzo.ancho)
        s += [0x01, 0x01, 0x11, 0x00]
        // DHT: the standard luminance DC table (ITU T.81 Annex K.3), class 0 id 0.
        s += [0xFF, 0xC4, 0x00, 0x1F, 0x00] + bitsDC + valoresDC
        // DHT: an AC table with a single symbol, end-of-block (0x00), code `0`; class 1 id 0.
        s += [0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01] + [UInt8](repeating: 0, count: 15) + [0x00]
        // SOS: one component, tables DC0/AC0, spectral 0…63, no approximation.
        s += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]

        var bits = EscritorBits()
        let codigos = codigosDC()
        var previo = 0
        for by in stride(from: 0, to: lienzo.alto, by: 8) {
            for bx in stride(from: 0, to: lienzo.ancho, by: 8) {
                var suma = 0
                for y in by..<(by + 8) {
                    let base = y * lienzo.ancho
                    for x in bx..<(bx + 8) { suma += Int(lienzo.pixeles[base + x]) }
                }
                // DC of a flat block = 8 × (gray − 128); quantized by 8 → gray − 128.
                let dc = (suma + 32) / 64 - 128
                let dif = dc - previo
                previo = dc
                let magnitud = dif.magnitude
                let categoria = magnitud == 0 ? 0 : (UInt.bitWidth - magnitud.leadingZeroBitCount)
                let (codigo, largo) = codigos[categoria]
                bits.escribir(codigo, largo)
                if categoria > 0 {
                    let valor = dif >= 0 ? dif : dif + (1 << categoria) - 1
                    bits.escribir(UInt32(valor), categoria)
                }
                bits.escribir(0, 1) // AC: end of block
            }
        }
        s += bits.terminar()
        s += [0xFF, 0xD9] // EOI
        return s
    }

    private static let bitsDC: [UInt8] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    private static let valoresDC: [UInt8] = Array(0...11)

    /// Canonical Huffman codes (T.81 Annex C) of the DC table, indexed by category.
    private static func codigosDC() -> [(UInt32, Int)] {
        var codigos = [(UInt32, Int)](repeating: (0, 0), count: 12)
        var codigo: UInt32 = 0, k = 0
        for largo in 1...16 {
            for _ in 0..<Int(bitsDC[largo - 1]) {
                codigos[Int(valoresDC[k])] = (codigo, largo)
                codigo += 1
                k += 1
            }
            codigo <<= 1
        }
        return codigos
    }
}

/// Packs bits MSB first into bytes, stuffing a 0x00 after each 0xFF (T.81 F.1.2.3).
private struct EscritorBits {
    private var bytes: [UInt8] = []
    private var acumulado: UInt32 = 0
    private var cuantos = 0

    mutating func escribir(_ valor: UInt32, _ largo: Int) {
        for i in stride(from: largo - 1, through: 0, by: -1) {
            acumulado = (acumulado << 1) | ((valor >> UInt32(i)) & 1)
            cuantos += 1
            if cuantos == 8 { volcar() }
        }
    }

    private mutating func volcar() {
        let b = UInt8(acumulado & 0xFF)
        bytes.append(b)
        if b == 0xFF { bytes.append(0x00) }
        acumulado = 0
        cuantos = 0
    }

    /// Pads the last byte with 1 bits and returns everything.
    mutating func terminar() -> [UInt8] {
        while cuantos != 0 { escribir(1, 1) }
        return bytes
    }
}
