/// `published_source`: where the latest corte the web serves can be read, so that a daemon taking
/// over never publishes a corte that forks the published chain (docs/ha.md). It names the folder
/// of that corte (its `manifest.json`, `SHA256`, `SHA256.sig`), as the web host's `current` (or a
/// spool's `publish/latest`) link does.
public enum FuentePublicada: Sendable, Equatable, CustomStringConvertible {
    /// A folder on this host (a mounted web root): `/srv/www/prep/current`.
    case carpeta(String)
    /// Anything rsync reaches: `web1:/srv/www/prep/current`, `rsync://web1/prep/current`.
    case rsync(String)
    /// The HTTPS URL of the corte's `manifest.json`: `https://host/prep/current/manifest.json`;
    /// `SHA256` and `SHA256.sig` are read beside it.
    case https(String)

    /// Parses a config value; relative folders are resolved against `carpeta`. The failure says why.
    public static func analizar(_ valor: String, carpeta: String) -> Result<FuentePublicada, Motivo> {
        if valor.hasPrefix("https://") {
            guard valor.hasSuffix("/manifest.json"), valor.count > "https:///manifest.json".count else {
                return .failure(Motivo("'\(valor)': an HTTPS source is the URL of the corte's manifest.json (…/current/manifest.json)"))
            }
            guard valor.allSatisfy({ $0.isASCII && $0 > " " && $0 != "\"" && $0 != "\\" }) else {
                return .failure(Motivo("'\(valor)': not a URL"))
            }
            return .success(.https(valor))
        }
        if valor.hasPrefix("http://") { return .failure(Motivo("'\(valor)': plain HTTP can be altered on the way; use https://")) }
        if valor.hasPrefix("rsync://") { return .success(.rsync(valor)) }
        if valor.contains("://") { return .failure(Motivo("'\(valor)': not a folder, an rsync source or an https:// URL")) }
        // host:path, as rsync and ssh write it (a ':' before any '/'); a local path holding ':' is
        // written ./a:b.
        if let dosPuntos = valor.firstIndex(of: ":"), !valor[..<dosPuntos].contains("/") {
            guard valor.index(after: dosPuntos) < valor.endIndex else { return .failure(Motivo("'\(valor)': no path after the host")) }
            return .success(.rsync(valor))
        }
        return .success(.carpeta(valor.hasPrefix("/") || carpeta == "." ? valor : carpeta + "/" + valor))
    }

    /// Why a value is not a source.
    public struct Motivo: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    public var description: String {
        switch self {
        case .carpeta(let s), .rsync(let s), .https(let s): s
        }
    }
}
