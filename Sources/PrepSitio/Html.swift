/// A byte buffer for building HTML fast: literal pieces are copied as they are, text is escaped,
/// numbers are written digit by digit. No `String(format:)`, no intermediate strings on hot paths
/// (the national catálogo has 515,000 acta rows to render per corte).
struct Html {
    private(set) var bytes: [UInt8] = []

    init(capacidad: Int = 16_384) { bytes.reserveCapacity(capacidad) }

    /// Writes at the end of `b` in place: its storage moves into a builder and back, never copied
    /// (a piece of a file made of pieces, `PiezasArchivo`).
    static func anexar(a b: inout [UInt8], _ escribir: (inout Html) -> Void) {
        var h = Html(capacidad: 0)
        swap(&h.bytes, &b)
        escribir(&h)
        swap(&h.bytes, &b)
    }

    /// Markup written as is (a literal of this module, never data).
    mutating func t(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text or attribute value from data: `& < > " '` escaped.
    mutating func e(_ s: String) {
        var s = s
        s.withUTF8 { u in
            var inicio = 0
            for i in 0..<u.count {
                let r: StaticString
                switch u[i] {
                case 38: r = "&amp;"
                case 60: r = "&lt;"
                case 62: r = "&gt;"
                case 34: r = "&quot;"
                case 39: r = "&#39;"
                default: continue
                }
                if inicio < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[inicio..<i])) }
                t(r)
                inicio = i + 1
            }
            if inicio < u.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[inicio..<u.count])) }
        }
    }

    /// A whole number with thousands separators, as the PREP sites show them: `1,234,567`.
    mutating func n(_ v: Int) {
        if v < 0 { bytes.append(45) }
        var m = v.magnitude
        var digitos: [UInt8] = []
        digitos.reserveCapacity(26)
        var k = 0
        repeat {
            if k > 0, k % 3 == 0 { digitos.append(44) }
            digitos.append(48 + UInt8(m % 10))
            m /= 10
            k += 1
        } while m > 0
        bytes.append(contentsOf: digitos.reversed())
    }

    /// A whole number without separators (attributes, file names).
    mutating func d(_ v: Int) {
        if v < 0 { bytes.append(45) }
        var m = v.magnitude
        var digitos: [UInt8] = []
        repeat {
            digitos.append(48 + UInt8(m % 10))
            m /= 10
        } while m > 0
        bytes.append(contentsOf: digitos.reversed())
    }

    /// A whole number padded with zeros to `ancho` digits (`05`).
    mutating func d(_ v: Int, ancho: Int) {
        var k = 1, m = v
        while m >= 10 { m /= 10; k += 1 }
        for _ in k..<max(k, ancho) { bytes.append(48) }
        d(v)
    }

    /// `parte × 100 / total` with two decimals, truncated, followed by `%` (a CSS width).
    mutating func ancho(_ parte: Int, de total: Int) {
        guard total > 0, parte > 0 else { t("0%"); return }
        let cent = min(10_000, parte.multipliedReportingOverflow(by: 10_000).overflow
                       ? parte / total * 10_000 : parte * 10_000 / total)
        d(cent / 100)
        bytes.append(46)
        d(cent % 100, ancho: 2)
        bytes.append(37)
    }
}
