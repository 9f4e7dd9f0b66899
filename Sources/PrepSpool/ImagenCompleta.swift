/// Whether an image file is whole by its own format, not by its writer's timing: a scanner on a
/// network share that stalls longer than `settle` mid-write leaves a file that looks settled but
/// is not an image yet. Pure: it sees the file through `leer`, its size and its extension.
///
/// What counts as the end (SPEC §4 images):
/// - JPEG: the last bytes are the end-of-image marker `FF D9`;
/// - PNG: the last chunk is `IEND` (length 0, its CRC `AE 42 60 82`);
/// - PDF: `%%EOF` within the last 1,024 bytes, followed by nothing but whitespace;
/// - TIFF: the first image file directory (its offset in the header, its entry count, its entries
///   and the next-directory offset) lies within the file.
///
/// JPEG and PNG may be followed by zero bytes (up to `relleno`): some scanners pad a file to a
/// block size, and no writer's half-written JPEG ends with an end-of-image marker followed only
/// by zeros unless it was preallocated and stopped exactly after an embedded thumbnail (a risk
/// accepted, and named here). A TIFF whose directory comes before its strips is judged by the
/// directory alone.
public enum ImagenCompleta {
    /// Most trailing zero bytes accepted after a JPEG's or PNG's end.
    public static let relleno = 4096

    /// Bytes of the file's end read to judge it.
    static let cola = relleno + 12

    /// nil when the file `tamano` bytes long, with extension `ext` (lowercase), is whole;
    /// otherwise what is missing, for a log line. `leer(desde, cuantos)` gives the file's bytes
    /// from offset `desde` (fewer at its end; nil when it cannot be read).
    public static func falta(extension_ ext: String, tamano: Int, leer: (Int, Int) -> [UInt8]?) -> String? {
        let desde = max(0, tamano - cola)
        guard let final = leer(desde, tamano - desde), final.count == tamano - desde else { return "its end cannot be read" }
        switch ext {
        case "jpg", "jpeg":
            return sinRelleno(final).suffix(2).elementsEqual([0xFF, 0xD9]) ? nil : "JPEG without its end-of-image marker (FF D9)"
        case "png":
            let iend: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            return sinRelleno(final).suffix(12).elementsEqual(iend) ? nil : "PNG without its IEND chunk"
        case "pdf":
            return finPDF(final.suffix(1024)) ? nil : "PDF without %%EOF at its end"
        case "tif", "tiff":
            return directorioTIFF(tamano: tamano, leer: leer)
        default:
            return nil
        }
    }

    /// `b` without its trailing zero bytes, when there are at most `relleno` of them.
    static func sinRelleno(_ b: [UInt8]) -> ArraySlice<UInt8> {
        var fin = b.endIndex
        while fin > b.startIndex, b[fin - 1] == 0, b.endIndex - fin < relleno { fin -= 1 }
        return b[..<fin]
    }

    /// `%%EOF`, then only whitespace (PDF's: space, tab, CR, LF, FF, NUL).
    static func finPDF(_ b: ArraySlice<UInt8>) -> Bool {
        let blancos: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0A, 0x0C, 0x00]
        var fin = b.endIndex
        while fin > b.startIndex, blancos.contains(b[fin - 1]) { fin -= 1 }
        return b[..<fin].suffix(5).elementsEqual(Array("%%EOF".utf8))
    }

    /// The first image file directory within the file: nil when it is, else what is missing.
    static func directorioTIFF(tamano: Int, leer: (Int, Int) -> [UInt8]?) -> String? {
        guard tamano >= 8, let h = leer(0, 8), h.count == 8 else { return "TIFF shorter than its header" }
        let le = h[0] == 0x49
        func n(_ b: [UInt8], _ i: Int, _ k: Int) -> Int {
            (0..<k).reduce(0) { $0 | Int(b[i + $1]) << (8 * (le ? $1 : k - 1 - $1)) }
        }
        let ifd = n(h, 4, 4)
        guard ifd >= 8, ifd + 2 <= tamano, let c = leer(ifd, 2), c.count == 2 else {
            return "TIFF whose image file directory (at byte \(ifd)) is not within its \(tamano) bytes"
        }
        let fin = ifd + 2 + 12 * n(c, 0, 2) + 4
        return fin <= tamano ? nil : "TIFF whose image file directory (bytes \(ifd)–\(fin)) is not within its \(tamano) bytes"
    }
}
