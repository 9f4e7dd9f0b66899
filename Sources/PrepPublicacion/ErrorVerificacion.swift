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

    /// What a reader of `prep verify`'s failure should do about it, in one clause.
    public var queHacer: String {
        switch self {
        case .firma: "the corte is not signed by this key: compare the key's fingerprint with the one the institute publishes, then fetch the corte again"
        case .lista, .archivos: "a file is not the one that was signed: fetch the corte again from the institute"
        case .manifiesto: "the manifest does not describe this corte: fetch the corte again from the institute"
        case .cadena: "this corte does not follow the one given with --previous: give the corte just before it, or fetch both again"
        case .imagen: "an acta image is missing or not the one published: fetch imagenes/ again (each image is named by its SHA-256)"
        case .csv, .resumen: "the signed database contradicts itself: report it to the institute; fetching it again will not help"
        case .pagina: "a page contradicts the signed database: trust the CSV files and report the page to the institute"
        case .capturas: "a published figure is not backed by its signed captures: fetch capturas/ again; if it persists, report it to the institute"
        case .sistema: "the corte could not be read here: check the path and its permissions"
        }
    }
}
