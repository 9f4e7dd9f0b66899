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

    /// Where a raw deflate stream has a block boundary on a whole byte: `entrada` bytes of the
    /// stream hold exactly the blocks that inflate to the first `salida` bytes.
    public struct FinBloque: Sendable, Equatable {
        public let entrada: Int
        public let salida: Int
    }

    /// `inflar`, also giving every block boundary that falls on a whole byte, in order: where a
    /// stream made of self-contained pieces (`deflactarTrozo`) can be cut back into them.
    public static func inflarPorBloques(_ bytes: [UInt8], tamano: Int) throws(ErrorZlib) -> (datos: [UInt8], fines: [FinBloque]) {
        var s = z_stream()
        let r = prep_inflate_crudo_init(&s)
        guard r == Z_OK else { throw ErrorZlib(operacion: "inflateInit2", codigo: r) }
        defer { inflateEnd(&s) }
        var salida = [UInt8](repeating: 0, count: max(tamano, 1))
        var entrada = bytes
        var fines: [FinBloque] = []
        var codigo: Int32 = Z_OK
        entrada.withUnsafeMutableBufferPointer { e in
            salida.withUnsafeMutableBufferPointer { o in
                s.next_in = e.baseAddress
                s.avail_in = uInt(e.count)
                s.next_out = o.baseAddress
                s.avail_out = uInt(o.count)
                while codigo == Z_OK {
                    let antes = (s.avail_in, s.avail_out)
                    // Z_BLOCK: stop at every block boundary. data_type: the bits left in the
                    // last byte taken (low six), plus 128 when at a boundary.
                    codigo = inflate(&s, Z_BLOCK)
                    if codigo == Z_OK, s.data_type & 128 != 0, s.data_type & 63 == 0 {
                        fines.append(FinBloque(entrada: Int(s.total_in), salida: Int(s.total_out)))
                    }
                    if codigo == Z_OK, antes == (s.avail_in, s.avail_out) { codigo = Z_BUF_ERROR }
                }
            }
        }
        guard codigo == Z_STREAM_END, Int(s.total_out) == tamano, s.avail_in == 0 else {
            throw ErrorZlib(operacion: "inflate", codigo: codigo == Z_STREAM_END ? Z_DATA_ERROR : codigo)
        }
        salida.removeLast(salida.count - tamano)
        return (salida, fines)
    }

    /// Whether `bytes` is one self-contained piece of a raw deflate stream that inflates, with
    /// nothing before it, to exactly `crudo`: ending the stream (`ultimo`) or not.
    public static func esTrozo(_ bytes: ArraySlice<UInt8>, de crudo: ArraySlice<UInt8>, ultimo: Bool) -> Bool {
        var s = z_stream()
        guard prep_inflate_crudo_init(&s) == Z_OK else { return false }
        defer { inflateEnd(&s) }
        let (fin, salida) = correr(&s, Array(bytes), capacidad: crudo.count + 1) { inflate(&$0, Z_SYNC_FLUSH) }
        return fin == (ultimo ? Z_STREAM_END : Z_OK) && s.avail_in == 0 && salida.elementsEqual(crudo)
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
