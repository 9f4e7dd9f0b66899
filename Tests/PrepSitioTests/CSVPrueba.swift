import Foundation

/// A tolerant reader of a PREP CSV, written for the tests independently of the corte's writer:
/// RFC 4180 quotes, CR/LF/CRLF, BOM, keys in apostrophes, preamble found by its header.
struct CSVPrueba {
    let nombre: String
    let corte: String
    /// Summary header → value, as printed.
    let resumen: [String: String]
    let columnas: [String]
    let filas: [[String: String]]

    init(_ texto: String) throws {
        var t = texto
        if t.hasPrefix("\u{feff}") { t.removeFirst() }
        let lineas = CSVPrueba.registros(t).filter { !($0.count == 1 && $0[0].isEmpty) }
        guard lineas.count >= 5, let h = lineas.firstIndex(where: { $0.contains("CLAVE_CASILLA") }), h >= 4 else {
            throw CSVError(description: "no PREP preamble / header")
        }
        nombre = lineas[0].joined(separator: ",")
        corte = lineas[1].joined(separator: ",")
        resumen = Dictionary(uniqueKeysWithValues: zip(lineas[h - 2], lineas[h - 1]))
        columnas = lineas[h]
        filas = lineas[(h + 1)...].map { r in
            Dictionary(uniqueKeysWithValues: zip(lineas[h], r.map { $0.replacingOccurrences(of: "'", with: "") }))
        }
    }

    struct CSVError: Error, CustomStringConvertible { let description: String }

    static func registros(_ t: String) -> [[String]] {
        var r: [[String]] = [], fila: [String] = [], campo = ""
        var entreComillas = false
        var it = Array(t.unicodeScalars)[...]
        while let c = it.popFirst() {
            if entreComillas {
                if c == "\"" {
                    if it.first == "\"" { campo.unicodeScalars.append("\""); it.removeFirst() } else { entreComillas = false }
                } else { campo.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"": entreComillas = true
            case ",": fila.append(campo); campo = ""
            case "\r", "\n":
                if c == "\r", it.first == "\n" { it.removeFirst() }
                fila.append(campo); r.append(fila); fila = []; campo = ""
            default: campo.unicodeScalars.append(c)
            }
        }
        if !campo.isEmpty || !fila.isEmpty { fila.append(campo); r.append(fila) }
        return r
    }
}
