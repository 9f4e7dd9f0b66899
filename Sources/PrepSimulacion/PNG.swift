/// A minimal PNG encoder for 8-bit grayscale pictures: IHDR, one IDAT holding a zlib stream of
/// *stored* (uncompressed) deflate blocks, IEND. Valid for every PNG reader; size is not a goal.
public enum PNG {
    /// The 8-byte PNG signature.
    public static let firma: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    public static func codificar(_ lienzo: Lienzo) -> [UInt8] {
        var salida = firma
        var ihdr: [UInt8] = []
        ihdr.agregarBE32(UInt32(lienzo.ancho))
        ihdr.agregarBE32(UInt32(lienzo.alto))
        ihdr += [8, 0, 0, 0, 0] // bit depth 8, color type 0 (gray), deflate, filter 0, no interlace
        trozo("IHDR", ihdr, en: &salida)

        // Raw scanlines, each behind filter byte 0 (None).
        var crudo: [UInt8] = []
        crudo.reserveCapacity((lienzo.ancho + 1) * lienzo.alto)
        for fila in 0..<lienzo.alto {
            crudo.append(0)
            crudo += lienzo.pixeles[(fila * lienzo.ancho)..<((fila + 1) * lienzo.ancho)]
        }
        trozo("IDAT", zlibAlmacenado(crudo), en: &salida)
        trozo("IEND", [], en: &salida)
        return salida
    }

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4).
    static func zlibAlmacenado(_ datos: [UInt8]) -> [UInt8] {
        var z: [UInt8] = [0x78, 0x01] // deflate, 32K window, no dictionary; (0x7801 % 31 == 0)
        var i = 0
        repeat {
            let n = min(65_535, datos.count - i)
            let ultimo = i + n == datos.count
            z.append(ultimo ? 1 : 0) // BFINAL, BTYPE 00
            z.append(UInt8(n & 0xFF)); z.append(UInt8(n >> 8))
            let nn = ~UInt16(n)
            z.append(UInt8(nn & 0xFF)); z.append(UInt8(nn >> 8))
            z += datos[i..<(i + n)]
            i += n
        } while i < datos.count
        z.agregarBE32(Sumas.adler32(datos))
        return z
    }

    private static func trozo(_ tipo: String, _ datos: [UInt8], en salida: inout [UInt8]) {
        salida.agregarBE32(UInt32(datos.count))
        let tipoBytes = Array(tipo.utf8)
        salida += tipoBytes
        salida += datos
        salida.agregarBE32(Sumas.crc32(datos, previo: Sumas.crc32(tipoBytes)))
    }
}
