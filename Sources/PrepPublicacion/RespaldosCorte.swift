import PrepDominio
import PrepSistema

/// Which signed captures each published acta's figures come from: a corte's
/// `capturas/actas.csv` (`CLAVE_ACTA,RESULTADO,CAPTURAS,OPERADORES`, UTF-8, LF). CAPTURAS are the
/// SHA-256 of the capture files in arrival order, separated by spaces, and OPERADORES the
/// registered operator whose key signed each of them, in the same order (empty for an acta first
/// listed by a corte made before the column; such a corte's file has the first three columns
/// only); each capture is published once, outside the corte folder, as `capturas/HASH.json.sig`
/// (its operator's signature with the JSON embedded: `CapturaPublicada`), beside `imagenes/`, so
/// a capture is copied once, never per corte.
public struct RespaldoActa: Hashable, Sendable {
    /// How the acta was decided.
    public enum Resultado: String, Sendable, CaseIterable {
        /// Two captures by two distinct operators agree; their figures are published.
        case verificada
        /// Two captures disagreed; the third (the last listed) decided.
        case tercera
        /// A signed sin acta declaration, alone.
        case sinacta
    }

    /// The acta key (`090001B0100-JG`).
    public let clave: String
    public let resultado: Resultado
    /// SHA-256 of each capture file, in arrival order.
    public let capturas: [HuellaSHA256]
    /// The registered operator whose key signed each capture, in the same order; empty when read
    /// from a file without the column (or listed empty there, for the same reason).
    public let operadores: [String]

    public init(clave: String, resultado: Resultado, capturas: [HuellaSHA256], operadores: [String] = []) {
        self.clave = clave
        self.resultado = resultado
        self.capturas = capturas
        self.operadores = operadores
    }

    /// How many captures the result takes.
    public var cuantas: Int {
        switch resultado {
        case .verificada: 2
        case .tercera: 3
        case .sinacta: 1
        }
    }

    /// Path of the file in the corte.
    public static let archivo = "capturas/actas.csv"
    /// Path of the operator registry in the corte.
    public static let archivoOperadores = "capturas/operadores.csv"
    static let encabezado = "CLAVE_ACTA,RESULTADO,CAPTURAS,OPERADORES"
    /// The header of cortes made before OPERADORES was published.
    static let encabezadoSinOperadores = "CLAVE_ACTA,RESULTADO,CAPTURAS"

    /// The file's bytes, rows sorted by key.
    public static func bytes(_ respaldos: [RespaldoActa]) -> [UInt8] {
        var b = Array((encabezado + "\n").utf8)
        for r in respaldos.sorted(by: { $0.clave < $1.clave }) {
            b += Array("\(r.clave),\(r.resultado.rawValue),\(r.capturas.map(\.description).joined(separator: " ")),\(r.operadores.joined(separator: " "))\n".utf8)
        }
        return b
    }

    /// Reads the file back; a malformed row is `capturas/actas.csv line N: reason`.
    public static func leer(_ bytes: [UInt8]) throws(ErrorVerificacion) -> [RespaldoActa] {
        var l = LectorCSV(bytes, lineasVacias: .omitir)
        var r: [RespaldoActa] = []
        var columnas = 0
        while true {
            let hay: Bool
            do { hay = try l.siguiente() } catch { throw .csv("\(archivo) line \(error.linea): \(error.motivo)") }
            guard hay else { break }
            let t = l.textos
            if columnas == 0 {
                switch t.joined(separator: ",") {
                case encabezado: columnas = 4
                case encabezadoSinOperadores: columnas = 3
                default: throw .csv("\(archivo): the header must be \(encabezado)")
                }
                continue
            }
            guard t.count == columnas, let resultado = Resultado(rawValue: t[1]) else {
                throw .csv("\(archivo) line \(l.linea): expected CLAVE_ACTA,verificada|tercera|sinacta,CAPTURAS\(columnas == 4 ? ",OPERADORES" : "")")
            }
            var capturas: [HuellaSHA256] = []
            for h in t[2].split(separator: " ") {
                do { capturas.append(try HuellaSHA256(hex: h)) } catch { throw .csv("\(archivo) line \(l.linea): CAPTURAS: \(error)") }
            }
            let operadores = columnas == 4 ? t[3].split(separator: " ").map(String.init) : []
            let respaldo = RespaldoActa(clave: t[0], resultado: resultado, capturas: capturas, operadores: operadores)
            guard capturas.count == respaldo.cuantas else {
                throw .csv("\(archivo) line \(l.linea): \(resultado.rawValue) takes \(respaldo.cuantas) SHA-256 in CAPTURAS")
            }
            // Empty OPERADORES: the acta was listed by a corte made before the column, whose
            // captures are read back at start without reading each capture again.
            guard operadores.isEmpty || (operadores.count == capturas.count && operadores.allSatisfy(ValidadorCaptura.esOperador)) else {
                throw .csv("\(archivo) line \(l.linea): OPERADORES must be empty or name one operator ([a-z0-9_-]{1,32}) per capture")
            }
            r.append(respaldo)
        }
        return r
    }
}
