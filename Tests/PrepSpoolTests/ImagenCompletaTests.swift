import Testing
@testable import PrepSpool

/// An image is whole only when its format says so; a file cut anywhere before its end is not.
@Suite struct ImagenCompletaTests {
    func falta(_ ext: String, _ b: [UInt8]) -> String? {
        ImagenCompleta.falta(extension_: ext, tamano: b.count) { desde, n in
            guard desde >= 0, desde <= b.count else { return nil }
            return Array(b[desde..<min(b.count, desde + n)])
        }
    }

    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) } + [0xFF, 0xD9]
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 40)
        + [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
    static let pdf = Array("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\r\n".utf8)
    /// Little-endian TIFF: header, 300 bytes of strip, then a directory of 2 entries at its end.
    static let tiff: [UInt8] = {
        var b: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x34, 0x01, 0x00, 0x00]  // IFD at 308
        b += [UInt8](repeating: 9, count: 300)
        b += [2, 0] + [UInt8](repeating: 1, count: 24) + [0, 0, 0, 0]
        return b
    }()

    @Test func enteras() {
        #expect(falta("jpg", Self.jpeg) == nil)
        #expect(falta("jpeg", Self.jpeg) == nil)
        #expect(falta("png", Self.png) == nil)
        #expect(falta("pdf", Self.pdf) == nil)
        #expect(falta("pdf", Array("%PDF-1.4 x %%EOF".utf8)) == nil)
        #expect(falta("tif", Self.tiff) == nil)
        // Big-endian TIFF with its directory right after the header.
        #expect(falta("tiff", [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8, 0, 1] + [UInt8](repeating: 0, count: 12) + [0, 0, 0, 0]) == nil)
    }

    @Test func cortadasEnCualquierPunto() {
        for (ext, b) in [("jpg", Self.jpeg), ("png", Self.png), ("pdf", Self.pdf), ("tif", Self.tiff)] {
            // The PDF's last two bytes are the optional end-of-line after %%EOF.
            for corte in [ext == "pdf" ? 3 : 1, 2 + (ext == "pdf" ? 2 : 0), 5 + 2, b.count / 2, b.count - 1] {
                #expect(falta(ext, Array(b.prefix(b.count - corte))) != nil, "\(ext) cut \(corte) bytes short")
            }
        }
        #expect(falta("jpg", Self.jpeg + [0x12]) == "JPEG without its end-of-image marker (FF D9)")
        #expect(falta("png", Array(Self.png.dropLast(12))) == "PNG without its IEND chunk")
        #expect(falta("pdf", Array("%PDF-1.4 %%EOF x".utf8)) == "PDF without %%EOF at its end")
        #expect(falta("tif", [0x49, 0x49, 0x2A, 0x00, 9, 9]) != nil)
        #expect(falta("tif", [0x49, 0x49, 0x2A, 0x00, 0xFF, 0, 0, 0] + [UInt8](repeating: 0, count: 20))?.contains("not within its 28 bytes") == true)
    }

    /// A file preallocated to its final size and written halfway ends in zeros: still not whole.
    /// A whole JPEG or PNG padded with zeros (up to 4 KiB) is.
    @Test func rellenoDeCeros() {
        #expect(falta("jpg", Self.jpeg + [UInt8](repeating: 0, count: 4096)) == nil)
        #expect(falta("png", Self.png + [UInt8](repeating: 0, count: 100)) == nil)
        #expect(falta("jpg", Self.jpeg + [UInt8](repeating: 0, count: 4097)) != nil)
        #expect(falta("jpg", Array(Self.jpeg.prefix(1500)) + [UInt8](repeating: 0, count: 1502)) != nil)
    }

    @Test func ilegible() {
        #expect(ImagenCompleta.falta(extension_: "jpg", tamano: 100) { _, _ in nil } == "its end cannot be read")
    }
}
