import Foundation
import PrepPruebas
import Testing

/// Drives Debian's headless `chromium` (installed by `.ci/run`) on local files.
enum Chromium {
    struct Falta: Error, CustomStringConvertible {
        let description: String
    }

    /// The browser on PATH; a test that needs it fails (never skips) when it is missing.
    static func ruta() throws -> String {
        for carpeta in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for nombre in ["chromium", "chromium-browser"] {
                let r = "\(carpeta)/\(nombre)"
                if FileManager.default.isExecutableFile(atPath: r) { return r }
            }
        }
        throw Falta(description: "chromium is not installed: `apt-get install -y chromium` (.ci/run installs it); the site test needs a real browser")
    }

    /// Runs chromium headless with `args` then `url`, with a throw-away profile; returns stdout.
    static func ejecutar(_ args: [String], url: URL, perfil: URL) throws -> String {
        let s = try Ejecucion.ejecutar(try ruta(), ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                    "--no-first-run", "--hide-scrollbars", "--user-data-dir=\(perfil.path)"]
                                                    + args + [url.absoluteString])
        guard s.estado == 0 else { throw Falta(description: "chromium exited \(s.estado): \(s.stderr.suffix(2000))") }
        return s.stdout
    }

    /// The DOM after load and scripts, serialized.
    static func dom(_ url: URL, perfil: URL) throws -> String {
        try ejecutar(["--dump-dom"], url: url, perfil: perfil)
    }

    /// A PNG screenshot of `url` at 1280×2000.
    static func captura(_ url: URL, en png: URL, perfil: URL) throws {
        _ = try ejecutar(["--screenshot=\(png.path)", "--window-size=1280,2000"], url: url, perfil: perfil)
    }
}

/// Enough of a PNG decoder to look at the pixels of a screenshot: chunks, zlib through the
/// system's libz (loaded at run time; no package), and the five scanline filters.
enum PNG {
    struct Imagen {
        let ancho: Int, alto: Int, canales: Int
        let pixeles: [UInt8]
        func rgb(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
            let i = (y * ancho + x) * canales
            return (pixeles[i], pixeles[i + 1], pixeles[i + 2])
        }
    }

    struct Invalida: Error, CustomStringConvertible { let description: String }

    static func decodificar(_ d: [UInt8]) throws -> Imagen {
        guard d.count > 33, d[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw Invalida(description: "not a PNG") }
        func be32(_ i: Int) -> Int { Int(d[i]) << 24 | Int(d[i + 1]) << 16 | Int(d[i + 2]) << 8 | Int(d[i + 3]) }
        var i = 8
        var ancho = 0, alto = 0, canales = 0
        var idat: [UInt8] = []
        while i + 8 <= d.count {
            let largo = be32(i)
            let tipo = String(decoding: d[(i + 4)..<(i + 8)], as: UTF8.self)
            let datos = (i + 8)..<(i + 8 + largo)
            if tipo == "IHDR" {
                ancho = be32(i + 8); alto = be32(i + 12)
                guard d[i + 16] == 8 else { throw Invalida(description: "bit depth \(d[i + 16])") }
                switch d[i + 17] {
                case 2: canales = 3
                case 6: canales = 4
                default: throw Invalida(description: "colour type \(d[i + 17])")
                }
            } else if tipo == "IDAT" {
                idat.append(contentsOf: d[datos])
            } else if tipo == "IEND" { break }
            i += 12 + largo
        }
        let fila = ancho * canales
        var crudo = [UInt8](repeating: 0, count: (fila + 1) * alto)
        var largo = UInt(crudo.count)
        try inflar(idat, en: &crudo, largo: &largo)
        guard largo == UInt(crudo.count) else { throw Invalida(description: "short image data") }
        var px = [UInt8](repeating: 0, count: fila * alto)
        for y in 0..<alto {
            let f = crudo[y * (fila + 1)]
            for x in 0..<fila {
                let c = crudo[y * (fila + 1) + 1 + x]
                let a = x >= canales ? Int(px[y * fila + x - canales]) : 0
                let b = y > 0 ? Int(px[(y - 1) * fila + x]) : 0
                let cc = x >= canales && y > 0 ? Int(px[(y - 1) * fila + x - canales]) : 0
                let pred: Int
                switch f {
                case 0: pred = 0
                case 1: pred = a
                case 2: pred = b
                case 3: pred = (a + b) / 2
                case 4:
                    let p = a + b - cc, pa = abs(p - a), pb = abs(p - b), pc = abs(p - cc)
                    pred = pa <= pb && pa <= pc ? a : (pb <= pc ? b : cc)
                default: throw Invalida(description: "filter \(f)")
                }
                px[y * fila + x] = UInt8(truncatingIfNeeded: Int(c) + pred)
            }
        }
        return Imagen(ancho: ancho, alto: alto, canales: canales, pixeles: px)
    }

    private typealias Uncompress = @convention(c) (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?, UnsafePointer<UInt8>?, UInt) -> Int32

    private static func inflar(_ z: [UInt8], en destino: inout [UInt8], largo: inout UInt) throws {
        guard let lib = dlopen("libz.so.1", RTLD_NOW), let sym = dlsym(lib, "uncompress") else {
            throw Invalida(description: "libz.so.1 not found")
        }
        let f = unsafeBitCast(sym, to: Uncompress.self)
        let r = destino.withUnsafeMutableBufferPointer { d in z.withUnsafeBufferPointer { s in f(d.baseAddress, &largo, s.baseAddress, UInt(s.count)) } }
        guard r == 0 else { throw Invalida(description: "zlib uncompress \(r)") }
    }
}
