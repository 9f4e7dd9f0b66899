import PrepDominio
import PrepSistema

/// What a name in `incoming/` is, by SPEC §4's grammar alone (content is checked later).
public enum ClaseDrop: Hashable, Sendable {
    /// `KEY.ext`, ext one of the image extensions (any case); `extension_` is lowercase.
    case imagen(ClaveActa, extension_: String)
    /// `KEY.captura.OPERATOR.json`.
    case captura(ClaveActa, operador: String)
    /// `KEY.sinacta.json`.
    case sinActa(ClaveActa)
    /// `FILE.sig`, FILE a capture or sin acta name: its operator's detached signature, taken
    /// with FILE (`firmado`), never on its own.
    case firma(ClaveActa, firmado: NombreArchivo)
    /// A writer's temporary name (`.x`, `x.part`, `x.tmp`): ignored until renamed.
    case temporal
    /// Anything else: refused with this reason.
    case invalido(String)

    public static let extensionesImagen: Set<String> = ["jpg", "jpeg", "png", "tif", "tiff", "pdf"]

    /// The acta key, for the three valid kinds.
    public var clave: ClaveActa? {
        switch self {
        case .imagen(let c, _), .captura(let c, _), .sinActa(let c), .firma(let c, _): c
        case .temporal, .invalido: nil
        }
    }

    /// Whether a name is a writer's temporary (hidden, `*.part`, `*.tmp`): `de`'s first test on its
    /// own, for the observer, which asks it of every event and every scanned name.
    public static func esTemporal(_ nombre: NombreArchivo) -> Bool {
        let b = nombre.bytes
        return b.first == UInt8(ascii: ".") || termina(b, ".part") || termina(b, ".tmp")
    }

    /// Classifies a drop's name (its bytes, as they came).
    public static func de(_ nombre: NombreArchivo) -> ClaseDrop {
        if esTemporal(nombre) { return .temporal }
        guard let texto = nombre.texto else { return .invalido("name is not valid UTF-8") }
        if texto.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            return .invalido("name contains a control character")
        }
        guard let punto = texto.firstIndex(of: ".") else {
            return .invalido("unknown name: no extension (expected KEY.jpg, KEY.captura.OPERATOR.json or KEY.sinacta.json)")
        }
        let tallo = texto[..<punto]
        let resto = String(texto[texto.index(after: punto)...])
        guard let clave = ClaveActa(tallo) else {
            return .invalido("'\(tallo)' is not an acta key (CLAVE_CASILLA-ELECCION, e.g. 090001B0100-JG)")
        }
        if resto == "sinacta.json" { return .sinActa(clave) }
        if resto.hasSuffix(".sig") { return firma(de: nombre, clave: clave) }
        let partes = resto.split(separator: ".", omittingEmptySubsequences: false)
        if partes.count == 3, partes[0] == "captura", partes[2] == "json" {
            let op = partes[1]
            guard esOperador(op) else {
                return .invalido("operator '\(op)' does not match [a-z0-9_-]{1,32}")
            }
            return .captura(clave, operador: String(op))
        }
        if partes.count == 1 {
            let ext = resto.lowercased()
            if extensionesImagen.contains(ext) { return .imagen(clave, extension_: ext) }
        }
        return .invalido("unknown name: '.\(resto)' is not an image extension, .captura.OPERATOR.json or .sinacta.json")
    }

    /// `[a-z0-9_-]{1,32}`.
    public static func esOperador(_ s: some StringProtocol) -> Bool {
        let u = s.utf8
        return (1...32).contains(u.count) && u.allSatisfy {
            (97...122).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 45
        }
    }

    private static func termina(_ b: [UInt8], _ sufijo: StaticString) -> Bool {
        let n = sufijo.utf8CodeUnitCount
        guard b.count >= n else { return false }
        return sufijo.withUTF8Buffer { b[(b.count - n)...].elementsEqual($0) }
    }

    /// Whether `cabecera` (the file's first bytes) matches the magic bytes of image extension `ext`.
    public static func firmaCorrecta(_ cabecera: some Collection<UInt8>, extension_ ext: String) -> Bool {
        let c = Array(cabecera.prefix(8))
        func empieza(_ m: [UInt8]) -> Bool { c.count >= m.count && Array(c.prefix(m.count)) == m }
        switch ext {
        case "jpg", "jpeg": return empieza([0xFF, 0xD8, 0xFF])
        case "png": return empieza([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case "tif", "tiff": return empieza([0x49, 0x49, 0x2A, 0x00]) || empieza([0x4D, 0x4D, 0x00, 0x2A])
        case "pdf": return empieza(Array("%PDF-".utf8))
        default: return false
        }
    }
}
