import PrepSistema

/// Deflate of a zip entry in self-contained pieces, remembering each piece for the next corte.
///
/// The IECM's zip holds each election's CSV, whose preamble (the corte's time) changes every
/// corte while most of its rows do not. Deflated whole, every corte compresses every row again.
/// Here an entry is cut into pieces at line ends chosen by the lines' own bytes (a cut does not
/// move when rows are added elsewhere), each piece is deflated on its own and ends with a full
/// flush (`Zlib.deflactarTrozo`), and the entry's CRC-32 is combined from the pieces'. A piece
/// whose bytes are the same as one of the previous corte's (found by length and a fingerprint of
/// its ends, then confirmed byte for byte) reuses its compressed bytes and its CRC-32: an
/// unchanged piece is compared, never deflated or CRC'd again. The output depends only on the
/// entry's bytes — the same with or without anything remembered — so a corte's zip is the same
/// either way.
struct MemoriaDeflate: Sendable {
    /// A piece as deflated: its bytes (to confirm a match), compressed bytes and CRC-32.
    struct Trozo: Sendable {
        let crudo: ArraySlice<UInt8>
        let comprimido: [UInt8]
        let crc: UInt32
    }
    /// Where a piece is looked up: only a candidate, confirmed by comparing the bytes.
    private struct Clave: Hashable {
        let huella: UInt64
        let largo: Int
        let ultimo: Bool

        /// `crudo`'s key: FNV-1a over its first and last 64 bytes (a piece begins with a row's
        /// key and ends with a row's end), and its length.
        init(_ crudo: ArraySlice<UInt8>, ultimo: Bool) {
            var h: UInt64 = 14_695_981_039_346_656_037
            for c in crudo.prefix(64) { h = (h ^ UInt64(c)) &* 1_099_511_628_211 }
            for c in crudo.suffix(64) { h = (h ^ UInt64(c)) &* 1_099_511_628_211 }
            huella = h
            largo = crudo.count
            self.ultimo = ultimo
        }
    }
    private var trozos: [Clave: Trozo] = [:]
    /// Pieces reused and deflated so far (what the tests read to see reuse happen).
    private(set) var reusados = 0
    private(set) var deflactados = 0

    init() {}

    /// A piece ends at a line end once it has at least this many bytes and the line's hash says
    /// so (one line in `divisor`), or at the first line end past `maximo`.
    static let minimo = 16 * 1024
    static let maximo = 128 * 1024
    static let divisor: UInt32 = 16

    /// Where `bytes` is cut: the end offset of every piece (the last is `bytes.count`). A line
    /// ends a piece when the piece has at least `minimo` bytes and the FNV-1a hash of the line's
    /// first 48 bytes (enough to tell rows apart by their keys) is a multiple of `divisor`, or
    /// when the piece has reached `maximo`. The rest of each line is skipped with `memchr`:
    /// every corte's CSVs, megabytes of them, go through here.
    static func cortes(_ bytes: [UInt8]) -> [Int] {
        var fines: [Int] = []
        bytes.withUnsafeBufferPointer { p in
            let n = p.count
            var inicioTrozo = 0, inicioLinea = 0
            while inicioLinea < n {
                var h: UInt32 = 2_166_136_261
                var i = inicioLinea
                let tope = min(n, inicioLinea + 48)
                while i < tope, p[i] != 0x0A {
                    h = (h ^ UInt32(p[i])) &* 16_777_619
                    i += 1
                }
                // No line feed after the last line: it ends the last piece, below.
                guard let lf = i < tope ? i : BusquedaBytes.primero(0x0A, en: p, desde: i) else { break }
                let largo = lf + 1 - inicioTrozo
                if (largo >= minimo && h % divisor == 0) || largo >= maximo {
                    fines.append(lf + 1)
                    inicioTrozo = lf + 1
                }
                inicioLinea = lf + 1
            }
        }
        if fines.last != bytes.count { fines.append(bytes.count) }
        return fines
    }

    /// `bytes` deflated at `nivel` and its CRC-32, reusing `previa`'s pieces; the pieces used are
    /// remembered here (`self` is the memory for the next corte).
    mutating func deflactar(_ bytes: [UInt8], nivel: Int32, previa: MemoriaDeflate?) throws(Zlib.ErrorZlib) -> (datos: [UInt8], crc: UInt32) {
        var datos: [UInt8] = []
        var crc = Zlib.crc32([])
        var desde = 0
        let fines = Self.cortes(bytes)
        for (n, fin) in fines.enumerated() {
            let crudo = bytes[desde..<fin]
            let clave = Clave(crudo, ultimo: n == fines.count - 1)
            let trozo: Trozo
            if let t = previa?.trozos[clave] ?? trozos[clave], BusquedaBytes.iguales(t.crudo, crudo) {
                trozo = t
                reusados += 1
            } else {
                trozo = Trozo(crudo: crudo, comprimido: try Zlib.deflactarTrozo(crudo, nivel: nivel, ultimo: clave.ultimo),
                              crc: Zlib.crc32(crudo))
                deflactados += 1
            }
            trozos[clave] = trozo
            datos += trozo.comprimido
            crc = Zlib.crc32Combinar(crc, trozo.crc, largoB: crudo.count)
            desde = fin
        }
        return (datos, crc)
    }

    /// The pieces of one entry of an archive this writer made, recovered from its deflated bytes
    /// `comprimido` (a signed zip's, read back at a restart): the entry is inflated, cut where
    /// this writer cuts it (`cortes`), and each piece taken only if the stream has a block
    /// boundary on a whole byte exactly there, the piece ends with a full flush's empty stored
    /// block (or is the last one), and it inflates alone to its bytes. The first piece is also
    /// deflated again and must be the very bytes (the same zlib, the same level): else nothing
    /// is recovered, so a zip after a restart is still the bytes a zip made from scratch would
    /// be. False when the entry cannot be cut back so (nothing is remembered from it).
    mutating func recordar(comprimido: ArraySlice<UInt8>, tamano: Int, nivel: Int32) -> Bool {
        let z = Array(comprimido)
        guard let (crudo, fines) = try? Zlib.inflarPorBloques(z, tamano: tamano) else { return false }
        var porSalida: [Int: Int] = [:]
        // The last whole-byte boundary at each output offset: after a piece's own blocks comes
        // its empty stored block, at the same output offset.
        for f in fines { porSalida[f.salida] = f.entrada }
        let cortes = Self.cortes(crudo)
        var piezas: [(Clave, Trozo)] = []
        var desde = 0, desdeZ = 0
        for (n, fin) in cortes.enumerated() {
            let ultimo = n == cortes.count - 1
            guard let finZ = ultimo ? z.count : porSalida[fin], finZ > desdeZ else { return false }
            let pieza = z[desdeZ..<finZ], cruda = crudo[desde..<fin]
            guard ultimo || pieza.suffix(4).elementsEqual([0, 0, 0xFF, 0xFF]), Zlib.esTrozo(pieza, de: cruda, ultimo: ultimo) else { return false }
            piezas.append((Clave(cruda, ultimo: ultimo), Trozo(crudo: cruda, comprimido: Array(pieza), crc: Zlib.crc32(cruda))))
            desde = fin
            desdeZ = finZ
        }
        guard let primera = piezas.first,
              (try? Zlib.deflactarTrozo(primera.1.crudo, nivel: nivel, ultimo: primera.0.ultimo)) == primera.1.comprimido else { return false }
        for (clave, trozo) in piezas { trozos[clave] = trozo }
        return true
    }
}
