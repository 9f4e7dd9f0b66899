/// CLAVE_CASILLA (SPEC §2): ID_ENTIDAD (2 digits) + SECCION (4) + TIPO_CASILLA (one capital
/// letter) + ID_CASILLA (2) + EXT_CONTIGUA (2), e.g. `090001B0100`.
public struct ClaveCasilla: Hashable, Sendable, CustomStringConvertible {
    public let entidad: Int
    public let seccion: Int
    /// B básica, C contigua, E extraordinaria, S especial (any capital letter is well-formed).
    public let tipo: Character
    public let idCasilla: Int
    public let extContigua: Int
    /// The 11-character text of the key.
    public let texto: String

    /// Parses the 11-character grammar; nil when `texto` does not match it.
    public init?(_ texto: some StringProtocol) {
        let u = Array(texto.utf8)
        guard u.count == 11,
              let entidad = Self.digitos(u[0..<2]),
              let seccion = Self.digitos(u[2..<6]),
              (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(u[6]),
              let idCasilla = Self.digitos(u[7..<9]),
              let ext = Self.digitos(u[9..<11])
        else { return nil }
        self.entidad = entidad
        self.seccion = seccion
        self.tipo = Character(Unicode.Scalar(u[6]))
        self.idCasilla = idCasilla
        self.extContigua = ext
        self.texto = String(texto)
    }

    /// Builds a key from its parts; nil when a part does not fit its width.
    public init?(entidad: Int, seccion: Int, tipo: Character, idCasilla: Int, extContigua: Int) {
        func pad(_ n: Int, _ w: Int) -> String? {
            guard n >= 0 else { return nil }
            let s = String(n)
            guard s.count <= w else { return nil }
            return String(repeating: "0", count: w - s.count) + s
        }
        guard let a = pad(entidad, 2), let b = pad(seccion, 4), let c = pad(idCasilla, 2),
              let d = pad(extContigua, 2) else { return nil }
        self.init(a + b + String(tipo) + c + d)
    }

    public var description: String { texto }

    private static func digitos(_ s: ArraySlice<UInt8>) -> Int? {
        var n = 0
        for c in s {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int(c - UInt8(ascii: "0"))
        }
        return n
    }
}

/// Acta key (SPEC §2): `CLAVE_CASILLA-ELECCION`, e.g. `090001B0100-JG`, extended with an optional
/// acta variant for a casilla that has more than one acta of one election:
/// `CLAVE_CASILLA-ELECCION-VARIANTE` (`090001S0100-DIP-RP`, the representación proporcional acta of a
/// casilla especial; its mayoría relativa acta keeps the plain `090001S0100-DIP`). Every key valid
/// before the extension is still valid and means the same acta. The stem of every drop, the name of
/// the item's folder, CLAVE_ACTA in the published CSVs.
public struct ClaveActa: Hashable, Sendable, CustomStringConvertible {
    public let casilla: ClaveCasilla
    /// Election code of the catálogo: `[A-Z][A-Z0-9]{1,7}`.
    public let eleccion: String
    /// The acta variant, `[A-Z][A-Z0-9]{0,3}` (`RP`); nil for the election's one (or first) acta.
    public let variante: String?
    public let texto: String

    /// Parses `CLAVE_CASILLA-ELECCION[-VARIANTE]`; nil when the text does not match the grammar.
    public init?(_ texto: some StringProtocol) {
        let u = Array(texto.utf8)
        guard u.count >= 14, u.count <= 25, u[11] == UInt8(ascii: "-"),
              let casilla = ClaveCasilla(String(decoding: u[0..<11], as: UTF8.self))
        else { return nil }
        let resto = u[12...]
        let guion = resto.firstIndex(of: UInt8(ascii: "-"))
        let codigo = resto[..<(guion ?? resto.endIndex)]
        guard ClaveActa.esCodigoEleccion(codigo) else { return nil }
        if let guion {
            guard ClaveActa.esVariante(u[(guion + 1)...]) else { return nil }
            self.variante = String(decoding: u[(guion + 1)...], as: UTF8.self)
        } else {
            self.variante = nil
        }
        self.casilla = casilla
        self.eleccion = String(decoding: codigo, as: UTF8.self)
        self.texto = String(decoding: u, as: UTF8.self)
    }

    public init?(casilla: ClaveCasilla, eleccion: String, variante: String? = nil) {
        self.init(casilla.texto + "-" + ClaveActa.codigoActa(eleccion: eleccion, variante: variante))
    }

    public var description: String { texto }

    /// `ELECCION` or `ELECCION-VARIANTE`: what follows CLAVE_CASILLA and its dash, and what a
    /// casilla's `ELECCIONES` list in the catálogo names (`DIP-RP`).
    public var codigoActa: String { ClaveActa.codigoActa(eleccion: eleccion, variante: variante) }

    public static func codigoActa(eleccion: String, variante: String?) -> String {
        variante.map { eleccion + "-" + $0 } ?? eleccion
    }

    /// Splits `ELECCION[-VARIANTE]`; nil when either part does not match its grammar.
    public static func partesCodigoActa(_ s: String) -> (eleccion: String, variante: String?)? {
        let partes = s.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let e = partes.first, esCodigoEleccion(String(e)) else { return nil }
        if partes.count == 1 { return (String(e), nil) }
        guard esVariante(Array(partes[1].utf8)) else { return nil }
        return (String(e), String(partes[1]))
    }

    /// `[A-Z][A-Z0-9]{1,7}`.
    public static func esCodigoEleccion(_ u: some Collection<UInt8>) -> Bool { esCodigo(u, largo: 2...8) }

    public static func esCodigoEleccion(_ s: String) -> Bool { esCodigoEleccion(Array(s.utf8)) }

    /// `[A-Z][A-Z0-9]{0,3}`: an acta variant.
    public static func esVariante(_ u: some Collection<UInt8>) -> Bool { esCodigo(u, largo: 1...4) }

    /// A capital letter, then capitals and digits, `largo` bytes in all.
    private static func esCodigo(_ u: some Collection<UInt8>, largo: ClosedRange<Int>) -> Bool {
        guard largo.contains(u.count), let primero = u.first,
              (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(primero) else { return false }
        return u.allSatisfy {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
    }
}
