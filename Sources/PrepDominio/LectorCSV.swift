/// A strict reader of the catálogo's CSV files: UTF-8 (a leading BOM is skipped), comma separated,
/// RFC 4180 quoting, LF, CRLF or CR line ends, blank lines ignored. Pure: bytes in, rows out.
struct LectorCSV {
    /// One record with the 1-based line it starts on.
    struct Fila {
        let linea: Int
        let campos: [String]
    }

    /// A file that cannot be read as CSV at all, at `linea`.
    struct Error: Swift.Error {
        let linea: Int
        let motivo: String
    }

    /// Splits `bytes` into records. The first record is the header.
    static func filas(_ bytes: [UInt8]) -> Result<[Fila], Error> {
        bytes.withUnsafeBufferPointer { b in filas(b) }
    }

    private static func filas(_ b: UnsafeBufferPointer<UInt8>) -> Result<[Fila], Error> {
        var filas: [Fila] = []
        var i = 0
        let n = b.count
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        var linea = 1
        var campos: [String] = []
        var lineaFila = 1
        while i < n {
            // Start of a record (or blank line).
            if b[i] == 0x0A || b[i] == 0x0D {
                if b[i] == 0x0D, i + 1 < n, b[i + 1] == 0x0A { i += 1 }
                i += 1
                linea += 1
                continue
            }
            lineaFila = linea
            campos.removeAll(keepingCapacity: true)
            var finFila = false
            while !finFila {
                if i < n, b[i] == 0x22 {
                    // Quoted field: "" is a quote; may span lines.
                    i += 1
                    var valor: [UInt8] = []
                    var cerrado = false
                    while i < n {
                        let c = b[i]
                        if c == 0x22 {
                            if i + 1 < n, b[i + 1] == 0x22 {
                                valor.append(0x22)
                                i += 2
                                continue
                            }
                            i += 1
                            cerrado = true
                            break
                        }
                        if c == 0x0A { linea += 1 }
                        valor.append(c)
                        i += 1
                    }
                    guard cerrado else { return .failure(Error(linea: lineaFila, motivo: "unterminated quoted field")) }
                    guard let s = texto(valor[...]) else { return .failure(Error(linea: linea, motivo: "not valid UTF-8")) }
                    campos.append(s)
                    if i < n, b[i] != 0x2C, b[i] != 0x0A, b[i] != 0x0D {
                        return .failure(Error(linea: linea, motivo: "text after a closing quote"))
                    }
                } else {
                    let inicio = i
                    while i < n, b[i] != 0x2C, b[i] != 0x0A, b[i] != 0x0D {
                        if b[i] == 0x22 { return .failure(Error(linea: linea, motivo: "quote inside an unquoted field")) }
                        i += 1
                    }
                    guard let s = texto(UnsafeBufferPointer(rebasing: b[inicio..<i])) else {
                        return .failure(Error(linea: linea, motivo: "not valid UTF-8"))
                    }
                    campos.append(s)
                }
                if i < n, b[i] == 0x2C {
                    i += 1
                } else {
                    finFila = true
                }
            }
            filas.append(Fila(linea: lineaFila, campos: campos))
        }
        return .success(filas)
    }

    /// Validating UTF-8 decode; nil when the bytes are not UTF-8.
    private static func texto(_ u: some Collection<UInt8>) -> String? {
        // Fast path: pure ASCII needs no validation beyond the high bit.
        var ascii = true
        for c in u where c >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: u, as: UTF8.self) }
        return String(validating: u, as: UTF8.self)
    }
}
