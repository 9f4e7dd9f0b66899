import PrepDominio
import PrepSistema

/// A zip archive (PKWARE APPNOTE 6.3: local headers, central directory, end record; no zip64, no
/// encryption), deflated and checksummed by the system's zlib. Deterministic: every entry carries
/// the same DOS time, so the same files at the same corte give the same bytes.
struct ArchivoZip {
    /// zlib's compression level of every deflated entry.
    static let nivel: Int32 = 1

    /// One file of the archive, in order.
    struct Entrada {
        let nombre: String
        let bytes: [UInt8]
    }

    /// The archive's bytes. `hora` is the entries' modification time (local civil time of the corte).
    /// `deflactar` false stores the entries as they are (method 0): for entries already compressed
    /// (the per-election zips inside the corte's package), where deflate would only cost time.
    /// Deflate runs at zlib's level 1 (`nivel`): the CSVs still shrink about tenfold, at a third of level 6's time.
    static func bytes(_ entradas: [Entrada], hora: MarcaTiempo, deflactar: Bool = true) throws(ErrorPublicacion) -> [UInt8] {
        var memoria = MemoriaDeflate()
        return try bytes(entradas, hora: hora, deflactar: deflactar, memoria: &memoria, previa: nil)
    }

    /// `bytes`, deflating in pieces (`MemoriaDeflate`): a piece the previous corte's archive had
    /// (`previa`) is not deflated again; `memoria` keeps this archive's pieces for the next one.
    /// The archive's bytes are the same whatever `previa` holds.
    static func bytes(_ entradas: [Entrada], hora: MarcaTiempo, deflactar: Bool = true,
                      memoria: inout MemoriaDeflate, previa: MemoriaDeflate?) throws(ErrorPublicacion) -> [UInt8] {
        let c = hora.civil()
        let tiempoDOS = UInt16(c.hora << 11 | c.minuto << 5 | c.segundo / 2)
        let fechaDOS = UInt16(max(0, c.anio - 1980) << 9 | c.mes << 5 | c.dia)
        var out: [UInt8] = []
        var central: [UInt8] = []
        for e in entradas {
            let comprimidos: [UInt8], crc: UInt32
            if deflactar {
                do { (comprimidos, crc) = try memoria.deflactar(e.bytes, nivel: nivel, previa: previa) } catch {
                    throw ErrorPublicacion("zip entry \(e.nombre): \(error)")
                }
            } else {
                (comprimidos, crc) = (e.bytes, Zlib.crc32(e.bytes))
            }
            let metodo: UInt16 = deflactar ? 8 : 0
            guard e.bytes.count < Int(UInt32.max), out.count < Int(UInt32.max), e.nombre.utf8.count < 0xFFFF else {
                throw ErrorPublicacion("zip entry \(e.nombre): too large for a zip without zip64")
            }
            let nombre = Array(e.nombre.utf8)
            let desplazamiento = UInt32(out.count)
            // Local file header.
            out.u32(0x0403_4B50); out.u16(20); out.u16(0); out.u16(metodo); out.u16(tiempoDOS); out.u16(fechaDOS)
            out.u32(crc); out.u32(UInt32(comprimidos.count)); out.u32(UInt32(e.bytes.count))
            out.u16(UInt16(nombre.count)); out.u16(0)
            out += nombre
            out += comprimidos
            // Central directory header: made by Unix (3) so extractors give the file mode 0644.
            central.u32(0x0201_4B50); central.u16(3 << 8 | 20); central.u16(20); central.u16(0); central.u16(metodo)
            central.u16(tiempoDOS); central.u16(fechaDOS)
            central.u32(crc); central.u32(UInt32(comprimidos.count)); central.u32(UInt32(e.bytes.count))
            central.u16(UInt16(nombre.count)); central.u16(0); central.u16(0); central.u16(0); central.u16(0)
            central.u32(0o100644 << 16); central.u32(desplazamiento)
            central += nombre
        }
        let inicioCentral = UInt32(out.count)
        out += central
        // End of central directory record.
        out.u32(0x0605_4B50); out.u16(0); out.u16(0); out.u16(UInt16(entradas.count)); out.u16(UInt16(entradas.count))
        out.u32(UInt32(central.count)); out.u32(inicioCentral); out.u16(0)
        return out
    }

    /// One entry of an archive as stored: its name, method (0 stored, 8 deflated), the bytes as
    /// the archive holds them, and the declared size and CRC-32 of the file.
    struct EntradaGuardada {
        let nombre: String
        let metodo: Int
        let datos: ArraySlice<UInt8>
        let tamano: Int
        let crc: Int
    }

    /// The entries of an archive this writer made (or any plain deflated/stored zip), checked:
    /// every CRC-32 and size. Used by `prep verify` to compare a zip with the files beside it.
    static func entradas(_ z: [UInt8]) throws(ErrorVerificacion) -> [Entrada] {
        try guardadas(z).map { (g: EntradaGuardada) throws(ErrorVerificacion) -> Entrada in
            let bytes: [UInt8]
            switch g.metodo {
            case 0: bytes = Array(g.datos)
            case 8:
                do { bytes = try Zlib.inflar(Array(g.datos), tamano: g.tamano) } catch { throw .archivos("zip entry \(g.nombre): \(error)") }
            default: throw .archivos("zip entry \(g.nombre): compression method \(g.metodo) not supported")
            }
            guard bytes.count == g.tamano, Int(Zlib.crc32(bytes)) == g.crc else { throw .archivos("zip entry \(g.nombre): CRC-32 or size does not match") }
            return Entrada(nombre: g.nombre, bytes: bytes)
        }
    }

    /// The entries of an archive as stored, without uncompressing them: where each one's data
    /// lies (the central directory's word, checked against its local header).
    static func guardadas(_ z: [UInt8]) throws(ErrorVerificacion) -> [EntradaGuardada] {
        func u16(_ i: Int) -> Int { i >= 0 && i + 2 <= z.count ? Int(z[i]) | Int(z[i + 1]) << 8 : -1 }
        func u32(_ i: Int) -> Int { i >= 0 && i + 4 <= z.count ? u16(i) | u16(i + 2) << 16 : -1 }
        guard z.count >= 22, u32(z.count - 22) == 0x0605_4B50 else { throw .archivos("not a zip file (no end of central directory record)") }
        let cuenta = u16(z.count - 12), inicio = u32(z.count - 6)
        var salida: [EntradaGuardada] = []
        var p = inicio
        for _ in 0..<cuenta {
            guard u32(p) == 0x0201_4B50 else { throw .archivos("zip central directory damaged") }
            let metodo = u16(p + 10), crc = u32(p + 16), comprimido = u32(p + 20), tamano = u32(p + 24)
            let largoNombre = u16(p + 28), extra = u16(p + 30), comentario = u16(p + 32), local = u32(p + 42)
            guard p + 46 + largoNombre <= z.count else { throw .archivos("zip central directory damaged") }
            let nombre = String(decoding: z[(p + 46)..<(p + 46 + largoNombre)], as: UTF8.self)
            guard u32(local) == 0x0403_4B50 else { throw .archivos("zip entry \(nombre): local header missing") }
            let datos = local + 30 + u16(local + 26) + u16(local + 28)
            guard datos + comprimido <= z.count else { throw .archivos("zip entry \(nombre): truncated") }
            salida.append(EntradaGuardada(nombre: nombre, metodo: metodo, datos: z[datos..<(datos + comprimido)], tamano: tamano, crc: crc))
            p += 46 + largoNombre + extra + comentario
        }
        return salida
    }
}

extension [UInt8] {
    /// Little-endian, as every zip field.
    fileprivate mutating func u16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    fileprivate mutating func u32(_ v: UInt32) { u16(UInt16(v & 0xFFFF)); u16(UInt16(v >> 16)) }
}
