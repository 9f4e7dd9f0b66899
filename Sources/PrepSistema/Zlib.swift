import CZlib

/// Raw deflate, inflate and CRC-32 through the system's zlib: what a zip entry holds. Never a
/// hand-written compressor.
public enum Zlib {
    /// A zlib call failed: its name and zlib's return code.
    public struct ErrorZlib: Error, CustomStringConvertible {
        public let operacion: String
        public let codigo: Int32
        public var description: String { "zlib \(operacion) failed (\(codigo))" }
    }

    /// CRC-32 (ISO 3309, the zip one) of `bytes`.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { b in
            var crc = CZlib.crc32(0, nil, 0)
            var desde = 0
            // zlib takes a 32-bit length: feed at most 1 GiB at a time.
            while desde < b.count, let base = b.baseAddress {
                let n = min(b.count - desde, 1 << 30)
                crc = CZlib.crc32(crc, base + desde, UInt32(n))
                desde += n
            }
            return UInt32(crc)
        }
    }

    /// `bytes` as a raw deflate stream (no zlib header), at compression `nivel` 0–9.
    public static func deflactar(_ bytes: [UInt8], nivel: Int32 = 6) throws(ErrorZlib) -> [UInt8] {
        var s = z_stream()
        let r = prep_deflate_crudo_init(&s, nivel)
        guard r == Z_OK else { throw ErrorZlib(operacion: "deflateInit2", codigo: r) }
        defer { deflateEnd(&s) }
        let (fin, salida) = correr(&s, bytes, capacidad: Int(deflateBound(&s, uLong(bytes.count)))) { deflate(&$0, Z_FINISH) }
        guard fin == Z_STREAM_END else { throw ErrorZlib(operacion: "deflate", codigo: fin) }
        return salida
    }

    /// A raw deflate stream back to its `tamano` bytes (the size a zip entry declares).
    public static func inflar(_ bytes: [UInt8], tamano: Int) throws(ErrorZlib) -> [UInt8] {
        var s = z_stream()
        let r = prep_inflate_crudo_init(&s)
        guard r == Z_OK else { throw ErrorZlib(operacion: "inflateInit2", codigo: r) }
        defer { inflateEnd(&s) }
        let (fin, salida) = correr(&s, bytes, capacidad: max(tamano, 1)) { inflate(&$0, Z_FINISH) }
        guard fin == Z_STREAM_END, salida.count == tamano else {
            throw ErrorZlib(operacion: "inflate", codigo: fin == Z_STREAM_END ? Z_DATA_ERROR : fin)
        }
        return salida
    }

    /// Runs one `Z_FINISH` step of an initialised stream over `entrada` into a buffer of
    /// `capacidad` bytes: zlib's return code and the bytes it wrote.
    private static func correr(_ s: inout z_stream, _ entrada: [UInt8], capacidad: Int,
                               _ paso: (inout z_stream) -> Int32) -> (Int32, [UInt8]) {
        var salida = [UInt8](repeating: 0, count: capacidad)
        var entrada = entrada
        var r: Int32 = Z_OK
        let escritos: Int = entrada.withUnsafeMutableBufferPointer { e in
            salida.withUnsafeMutableBufferPointer { o in
                s.next_in = e.baseAddress
                s.avail_in = uInt(e.count)
                s.next_out = o.baseAddress
                s.avail_out = uInt(o.count)
                r = paso(&s)
                return o.count - Int(s.avail_out)
            }
        }
        salida.removeLast(salida.count - escritos)
        return (r, salida)
    }
}
