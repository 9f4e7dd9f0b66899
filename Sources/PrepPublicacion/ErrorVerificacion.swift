/// Why a corte (or one of its files) failed verification, or could not be read back: one line
/// naming the file, the row or field, and what is wrong.
public enum ErrorVerificacion: Error, Equatable, CustomStringConvertible {
    case firma(String)
    case lista(String)
    case archivos(String)
    case manifiesto(String)
    case cadena(String)
    case imagen(String)
    case csv(String)
    case resumen(String)
    /// A page of the site shows a figure the signed CSVs do not give.
    case pagina(String)
    /// A published acta's figures do not come from its signed captures as they should.
    case capturas(String)
    case sistema(String)

    public var description: String {
        switch self {
        case .firma(let s), .lista(let s), .archivos(let s), .manifiesto(let s), .cadena(let s),
             .imagen(let s), .csv(let s), .resumen(let s), .pagina(let s), .capturas(let s), .sistema(let s): s
        }
    }
}
