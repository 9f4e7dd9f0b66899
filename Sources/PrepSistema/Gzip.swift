import CZlib
import PrepDominio

/// The gzip format (RFC 1952) through the system's zlib, streamed: a file compressed to another
/// without holding either in memory, and a gzip member read back. What a corte reduced by
/// retention keeps its CSVs in; `zcat` and `gzip -d` read it.
public enum Gzip {
    /// Why a compression or decompression failed, in one line.
    public struct Fallo: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// What `comprimir` read and wrote.
    public struct Resultado: Sendable {
        /// SHA-256 of the bytes read (the uncompressed file).
        public let sha256: HuellaSHA256
        public let leidos: Int
        public let escritos: Int
    }

    /// Reads `desde` to its end and writes its gzip to `a` (level `nivel`), hashing what it read.
    public static func comprimir(desde: FileDescriptor, a: FileDescriptor, nivel: Int32 = 6, ruta: String) throws(Fallo) -> Resultado {
        var s = z_stream()
        let r = prep_deflate_gzip_init(&s, nivel)
        guard r == Z_OK else { throw Fallo("\(ruta): zlib deflateInit2 failed (\(r))") }
        defer { deflateEnd(&s) }
        var hash = SHA256()
        // Plain buffers, not closures over arrays: each call below throws its own typed error.
        let capacidad = 1 << 20
        let entrada = UnsafeMutableRawBufferPointer.allocate(byteCount: capacidad, alignment: 16)
        let salida = UnsafeMutableRawBufferPointer.allocate(byteCount: capacidad, alignment: 16)
        defer {
            entrada.deallocate()
            salida.deallocate()
        }
        var leidos = 0, escritos = 0
        var fin = false
        while !fin {
            let n: Int
            do { n = try desde.leer(en: entrada) } catch { throw Fallo("read \(ruta): \(error)") }
            fin = n == 0
            leidos += n
            hash.actualizar(UnsafeRawBufferPointer(rebasing: entrada[..<n]))
            s.next_in = entrada.baseAddress?.assumingMemoryBound(to: Bytef.self)
            s.avail_in = uInt(n)
            var codigo: Int32 = Z_OK
            repeat {
                s.next_out = salida.baseAddress?.assumingMemoryBound(to: Bytef.self)
                s.avail_out = uInt(capacidad)
                codigo = deflate(&s, fin ? Z_FINISH : Z_NO_FLUSH)
                guard codigo == Z_OK || codigo == Z_STREAM_END || codigo == Z_BUF_ERROR else {
                    throw Fallo("\(ruta): zlib deflate failed (\(codigo))")
                }
                let hechos = capacidad - Int(s.avail_out)
                do { try a.escribirTodo(UnsafeRawBufferPointer(rebasing: salida[..<hechos])) } catch {
                    throw Fallo("write \(ruta).gz: \(error)")
                }
                escritos += hechos
            } while s.avail_out == 0 || (fin && codigo != Z_STREAM_END)
        }
        return Resultado(sha256: hash.finalizar(), leidos: leidos, escritos: escritos)
    }

    /// The bytes a gzip file holds (one member; trailing bytes after it are refused).
    public static func descomprimir(_ bytes: [UInt8], ruta: String) throws(Fallo) -> [UInt8] {
        var s = z_stream()
        let r = prep_inflate_gzip_init(&s)
        guard r == Z_OK else { throw Fallo("\(ruta): zlib inflateInit2 failed (\(r))") }
        defer { inflateEnd(&s) }
        var resultado: [UInt8] = []
        resultado.reserveCapacity(bytes.count * 4)
        var salida = [UInt8](repeating: 0, count: 1 << 20)
        var entrada = bytes
        var codigo: Int32 = Z_OK
        entrada.withUnsafeMutableBufferPointer { e in
            s.next_in = e.baseAddress
            s.avail_in = uInt(e.count)
            repeat {
                let hechos: Int = salida.withUnsafeMutableBufferPointer { o in
                    s.next_out = o.baseAddress
                    s.avail_out = uInt(o.count)
                    codigo = inflate(&s, Z_NO_FLUSH)
                    return o.count - Int(s.avail_out)
                }
                resultado += salida[..<hechos]
            } while codigo == Z_OK && (s.avail_in > 0 || s.avail_out == 0)
        }
        guard codigo == Z_STREAM_END, s.avail_in == 0 else {
            throw Fallo("\(ruta): not a whole gzip file (zlib inflate \(codigo == Z_OK ? "ended early" : String(codigo)))")
        }
        return resultado
    }
}
