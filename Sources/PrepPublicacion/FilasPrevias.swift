import PrepDominio
import PrepSistema

/// Where the last published corte wrote each acta row of one election's CSV, so that the next
/// corte copies the rows that did not change instead of rendering them again (a
/// corte's cost follows the actas that changed).
///
/// A row's bytes depend only on its acta (registered or pending), the catálogo, the profile and
/// the configured offset, never on the corte; only the preamble (corte line, summary) changes.
/// So the rows of actas not registered since the last corte are, byte for byte, the rows at the
/// same place in that corte's file. The file is read back sequentially and all of it is hashed;
/// the copied rows are kept only if the whole file still hashes to the SHA-256 this writer gave
/// it (`LectorFilasPrevias.verificar`). Otherwise the CSV is rendered again from the table, so what
/// is signed is always what this process rendered.
///
/// Memory: 4 bytes per expected acta (`largos`): ≈ 2 MB for the national catálogo's 515,721.
struct FilasPrevias: Sendable {
    /// The CSV of the last published corte (`cortes/NAME/datos/FILE.csv`).
    var ruta: String
    /// Its SHA-256 and size as written; nil for no file (`ninguna`).
    var sha256: HuellaSHA256?
    var bytes: Int
    /// Offset of the first acta row (after the preamble and the header).
    var inicioFilas: Int
    /// Per expected acta (row i of the table): its row's length in that file (≥ 0), or
    /// −1 − length once the acta was registered since (that row is rendered again).
    var largos: [Int32]

    /// Row `i`'s acta was registered after this file was written.
    mutating func marcar(_ i: Int) {
        if i < largos.count, largos[i] >= 0 { largos[i] = -1 - largos[i] }
    }

    /// A row's length in that file from its entry in `largos`, marked (`marcar`) or not.
    static func largo(_ l: Int32) -> Int { Int(l >= 0 ? l : -1 - l) }
}

/// Reads a previous corte's CSV from its first acta row to its end, in 1 MiB pieces, hashing
/// every byte of it (also the preamble, read first) and handing over the rows asked for in order.
/// Any read error or a file shorter than expected makes it unusable (`nil`/`false`): the caller
/// then renders the CSV from scratch.
final class LectorFilasPrevias {
    private let fd: FileDescriptor
    private var hasher: SHA256?
    private let buffer: UnsafeMutableRawBufferPointer
    private var pos = 0, fin = 0
    private var leidos = 0
    private let esperado: HuellaSHA256
    private let bytes: Int
    private var sano = true

    /// Opens `previas.ruta` and reads up to its first row; nil when it cannot be read.
    init?(_ previas: FilasPrevias) {
        guard let sha256 = previas.sha256,
              let fd = try? FileDescriptor.cwd.abrir(previas.ruta, [.soloLectura, .sinSeguirEnlace]) else { return nil }
        self.fd = fd
        hasher = SHA256()
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        esperado = sha256
        bytes = previas.bytes
        if !saltar(previas.inicioFilas) { return nil }
    }

    deinit {
        buffer.deallocate()
        try? fd.cerrar()
    }

    /// Reads the next piece into the buffer, hashing it; false at end of file or on error.
    private func llenar() -> Bool {
        guard sano else { return false }
        let n: Int
        do { n = try fd.leer(en: buffer) } catch { sano = false; return false }
        guard n > 0 else { return false }
        hasher?.actualizar(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        leidos += n
        pos = 0
        fin = n
        return true
    }

    /// Appends the next `n` bytes to `out`; false when the file ends first.
    func copiar(_ n: Int, a out: inout [UInt8]) -> Bool {
        var falta = n
        while falta > 0 {
            if pos == fin, !llenar() { return false }
            let k = min(falta, fin - pos)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[pos..<(pos + k)]))
            pos += k
            falta -= k
        }
        return true
    }

    /// Skips the next `n` bytes (still hashed); false when the file ends first.
    func saltar(_ n: Int) -> Bool {
        var falta = n
        while falta > 0 {
            if pos == fin, !llenar() { return false }
            let k = min(falta, fin - pos)
            pos += k
            falta -= k
        }
        return true
    }

    /// Reads the rest of the file; true only when all of it is the file this writer wrote (its
    /// size and SHA-256), so every row copied from it was this process's own rendering.
    func verificar() -> Bool {
        while llenar() {}
        guard sano, leidos == bytes, let h = hasher.take() else { return false }
        return h.finalizar() == esperado
    }
}
