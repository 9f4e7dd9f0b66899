import Glibc

/// How a bounded read ended (`FileDescriptor.leerAcotado`): how many bytes it handed over, and
/// whether the file held more than the limit.
public struct LecturaAcotada: Sendable, Equatable {
    /// Bytes read and handed over: at most the limit.
    public let bytes: Int
    /// At least one byte followed the limit: the file is bigger than the size that was checked
    /// (it grew, or is being written). That byte was read but not handed over.
    public let masAllaDelLimite: Bool
}

extension FileDescriptor {
    /// The one bounded read: from the current offset, until end of file or `maximo` bytes,
    /// each chunk handed to `trozo`; at `maximo` one more byte is read only to tell whether the
    /// file goes on. So a file checked at `maximo` bytes costs at most `maximo + 1` bytes of
    /// reading whatever happens to it meanwhile — a writer that grows it to a sparse terabyte
    /// after its `fstat` makes the reader see "more", never hash zeros for hours. `buffer` is
    /// the caller's (reused across files); `ruta` only names the file in errors.
    public func leerAcotado(maximo: Int, en buffer: UnsafeMutableRawBufferPointer, ruta: String,
                            _ trozo: (UnsafeRawBufferPointer) throws(ErrorSistema) -> Void) throws(ErrorSistema) -> LecturaAcotada {
        precondition(buffer.count > 0, "leerAcotado needs a buffer")
        var total = 0
        while total < max(0, maximo) {
            let cabe = min(buffer.count, maximo - total)
            let n: Int
            do { n = try leer(en: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<cabe])) } catch {
                throw ErrorSistema("read", ruta, error)
            }
            if n == 0 { return LecturaAcotada(bytes: total, masAllaDelLimite: false) }
            try trozo(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            total += n
        }
        let n: Int
        do { n = try leer(en: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<1])) } catch {
            throw ErrorSistema("read", ruta, error)
        }
        return LecturaAcotada(bytes: total, masAllaDelLimite: n > 0)
    }

    /// At most `maximo` bytes from the current offset, and whether the file held more
    /// (`leerAcotado`): e.g. a file checked at `maximo` bytes, read again.
    public func leerHasta(maximo: Int, ruta: String) throws(ErrorSistema) -> (bytes: [UInt8], masAllaDelLimite: Bool) {
        var salida: [UInt8] = []
        salida.reserveCapacity(min(max(0, maximo), 64 * 1024))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(max(1, maximo), 64 * 1024), alignment: 16)
        defer { buffer.deallocate() }
        let r = try leerAcotado(maximo: maximo, en: buffer, ruta: ruta) { t throws(ErrorSistema) in salida.append(contentsOf: t) }
        return (salida, r.masAllaDelLimite)
    }
}
