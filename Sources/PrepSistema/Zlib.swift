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
    public static func crc32(_ bytes: [UInt8]) -> UInt32 { crc32(bytes[...]) }

    /// `bytes` as one self-contained piece of a raw deflate stream: its own blocks, no reference
    /// to anything before it, ending byte-aligned with a full flush (`ultimo` false) or with the
    /// stream's final block (`ultimo` true). Pieces made this way and concatenated, the last one
    /// `ultimo`, are one valid stream: what lets a piece that did not change be reused as it was.
    public static func deflactarTrozo(_ bytes: ArraySlice<UInt8>, nivel: Int32, ultimo: Bool) throws(ErrorZlib) -> [UInt8] {
        var s = z_stream()
        let r = prep_deflate_crudo_init(&s, nivel)
        guard r == Z_OK else { throw ErrorZlib(operacion: "deflateInit2", codigo: r) }
        defer { deflateEnd(&s) }
        // A full flush adds an empty stored block (5 bytes) where Z_FINISH adds the final one.
        let capacidad = Int(deflateBound(&s, uLong(bytes.count))) + 16
        let (fin, salida) = correr(&s, Array(bytes), capacidad: capacidad) { deflate(&$0, ultimo ? Z_FINISH : Z_FULL_FLUSH) }
        guard fin == (ultimo ? Z_STREAM_END : Z_OK), s.avail_in == 0, s.avail_out > 0 else {
            throw ErrorZlib(operacion: "deflate", codigo: fin)
        }
        return salida
    }

    /// The CRC-32 of A‖B from CRC-32(A), CRC-32(B) and B's length (zlib's `crc32_combine`).
    public static func crc32Combinar(_ a: UInt32, _ b: UInt32, largoB: Int) -> UInt32 {
        UInt32(CZlib.crc32_combine(uLong(a), uLong(b), Int(largoB)))
    }

    /// CRC-32 of a slice.
    public static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress, b.count > 0 else { return UInt32(CZlib.crc32(0, nil, 0)) }
            var crc = CZlib.crc32(0, nil, 0)
            var desde = 0
            while desde < b.count {
                let n = min(b.count - desde, 1 << 30)
                crc = CZlib.crc32(crc, base + desde, UInt32(n))
                desde += n
            }
            return UInt32(crc)
        }
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
