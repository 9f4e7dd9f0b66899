/// CLAVE_CASILLA (SPEC §2): ID_ENTIDAD (2 digits) + SECCION (4) + TIPO_CASILLA (one capital
/// letter) + ID_CASILLA (2) + EXT_CONTIGUA (2), e.g. `090001B0100`.
///
/// Stored as its five parts in six bytes (no `String`): the catálogo holds ≈170,000 of them
/// nationally, and every acta key one more. The text is rebuilt on demand; it is a small string
/// (11 bytes), so that allocates nothing.
public struct ClaveCasilla: Hashable, Sendable, CustomStringConvertible {
    private let seccion16: UInt16
    private let entidad8: UInt8
    private let tipo8: UInt8
    private let idCasilla8: UInt8
    private let extContigua8: UInt8

    public var entidad: Int { Int(entidad8) }
    public var seccion: Int { Int(seccion16) }
    /// B básica, C contigua, E extraordinaria, S especial (any capital letter is well-formed).
    public var tipo: Character { Character(Unicode.Scalar(tipo8)) }
    public var idCasilla: Int { Int(idCasilla8) }
    public var extContigua: Int { Int(extContigua8) }

    /// The 11-character text of the key.
    public var texto: String {
        String(unsafeUninitializedCapacity: 11) { b in
            escribir(b, desde: 0)
            return 11
        }
    }

    /// Parses the 11-character grammar; nil when `texto` does not match it.
    public init?(_ texto: some StringProtocol) {
        var copia = String(texto)
        guard let c = copia.withUTF8({ Self.leer($0) }) else { return nil }
        self = c
    }

    /// Builds a key from its parts; nil when a part does not fit its width.
    public init?(entidad: Int, seccion: Int, tipo: Character, idCasilla: Int, extContigua: Int) {
        guard (0...99).contains(entidad), (0...9999).contains(seccion), (0...99).contains(idCasilla),
              (0...99).contains(extContigua) else { return nil }
        // As before, the parts go through the text grammar: a `tipo` that is not one capital
        // ASCII letter is refused there.
        let u = Array(String(tipo).utf8)
        guard u.count == 1, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(u[0]) else { return nil }
        self.init(entidad8: UInt8(entidad), seccion16: UInt16(seccion), tipo8: u[0], idCasilla8: UInt8(idCasilla),
                  extContigua8: UInt8(extContigua))
    }

    private init(entidad8: UInt8, seccion16: UInt16, tipo8: UInt8, idCasilla8: UInt8, extContigua8: UInt8) {
        self.entidad8 = entidad8
        self.seccion16 = seccion16
        self.tipo8 = tipo8
        self.idCasilla8 = idCasilla8
        self.extContigua8 = extContigua8
    }

    public var description: String { texto }

    /// The key of the first 11 bytes of `u` when they match the grammar; nil otherwise.
    static func leer(_ u: UnsafeBufferPointer<UInt8>) -> ClaveCasilla? {
        guard u.count == 11,
              let entidad = digitos(u, 0, 2),
              let seccion = digitos(u, 2, 4),
              (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(u[6]),
              let idCasilla = digitos(u, 7, 2),
              let ext = digitos(u, 9, 2)
        else { return nil }
        return ClaveCasilla(entidad8: UInt8(entidad), seccion16: UInt16(seccion), tipo8: u[6], idCasilla8: UInt8(idCasilla),
                            extContigua8: UInt8(ext))
    }

    /// Writes the 11 bytes of the text at `b[desde...]`.
    func escribir(_ b: UnsafeMutableBufferPointer<UInt8>, desde i: Int) {
        func numero(_ n: Int, _ en: Int, _ ancho: Int) {
            var n = n
            for k in stride(from: en + ancho - 1, through: en, by: -1) {
                b[k] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            }
        }
        numero(entidad, i, 2)
        numero(seccion, i + 2, 4)
        b[i + 6] = tipo8
        numero(idCasilla, i + 7, 2)
        numero(extContigua, i + 9, 2)
    }

    /// A 64-bit image of the key (equal keys, equal images), for the catálogo's acta index.
    var bits: UInt64 {
        UInt64(entidad8) << 40 | UInt64(seccion16) << 24 | UInt64(tipo8) << 16 | UInt64(idCasilla8) << 8 | UInt64(extContigua8)
    }

    private static func digitos(_ u: UnsafeBufferPointer<UInt8>, _ desde: Int, _ ancho: Int) -> Int? {
        var n = 0
        for k in desde..<(desde + ancho) {
            let c = u[k]
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
///
/// Stored in 24 bytes with no heap object: the casilla's six bytes and the ASCII bytes of the
/// election code (≤ 8) and variant (≤ 4). The catálogo holds ≈515,000 keys nationally, and the
/// corte builder one per acta registered since the last corte; a text of 16 bytes or more
/// (`…-PRES`, `…-DIP-RP`) was one heap allocation each. `eleccion`, `variante` and `texto` are
/// rebuilt on demand.
public struct ClaveActa: Hashable, Sendable, CustomStringConvertible {
    /// The election code's bytes, the first in the high byte, zero-padded.
    private let codigo64: UInt64
    /// The variant's bytes likewise; 0 when there is none.
    private let variante32: UInt32
    public let casilla: ClaveCasilla

    /// Election code of the catálogo: `[A-Z][A-Z0-9]{1,7}`.
    public var eleccion: String { Self.texto(codigo64, bytes: 8) }
    /// The acta variant, `[A-Z][A-Z0-9]{0,3}` (`RP`); nil for the election's one (or first) acta.
    public var variante: String? { variante32 == 0 ? nil : Self.texto(UInt64(variante32), bytes: 4) }

    public var texto: String {
        let ne = Self.largo(codigo64, bytes: 8), nv = Self.largo(UInt64(variante32), bytes: 4)
        let n = 12 + ne + (nv == 0 ? 0 : 1 + nv)
        return String(unsafeUninitializedCapacity: n) { b in
            casilla.escribir(b, desde: 0)
            b[11] = UInt8(ascii: "-")
            Self.escribir(codigo64, bytes: 8, en: b, desde: 12)
            if nv > 0 {
                b[12 + ne] = UInt8(ascii: "-")
                Self.escribir(UInt64(variante32), bytes: 4, en: b, desde: 13 + ne)
            }
            return n
        }
    }

    /// Parses `CLAVE_CASILLA-ELECCION[-VARIANTE]`; nil when the text does not match the grammar.
    public init?(_ texto: some StringProtocol) {
        var copia = String(texto)
        guard let c = copia.withUTF8({ Self.leer($0) }) else { return nil }
        self = c
    }

    public init?(casilla: ClaveCasilla, eleccion: String, variante: String? = nil) {
        let e = Array(eleccion.utf8), v = variante.map { Array($0.utf8) }
        if ClaveActa.esCodigoEleccion(e), v.map(ClaveActa.esVariante) ?? true {
            self.init(casilla: casilla, codigo64: Self.empacar(e), variante32: UInt32(Self.empacar(v ?? [], bytes: 4)))
        } else {
            // Anything else means what its text parses to (as it always did), if anything.
            self.init(casilla.texto + "-" + ClaveActa.codigoActa(eleccion: eleccion, variante: variante))
        }
    }

    private init(casilla: ClaveCasilla, codigo64: UInt64, variante32: UInt32) {
        self.casilla = casilla
        self.codigo64 = codigo64
        self.variante32 = variante32
    }

    public var description: String { texto }

    /// The key of the bytes `u`; nil when they do not match the grammar.
    static func leer(_ u: UnsafeBufferPointer<UInt8>) -> ClaveActa? {
        guard u.count >= 14, u.count <= 25, u[11] == UInt8(ascii: "-"),
              let casilla = ClaveCasilla.leer(UnsafeBufferPointer(rebasing: u[0..<11]))
        else { return nil }
        let resto = u[12...]
        let guion = resto.firstIndex(of: UInt8(ascii: "-"))
        let codigo = resto[..<(guion ?? resto.endIndex)]
        guard ClaveActa.esCodigoEleccion(codigo) else { return nil }
        var variante: UInt32 = 0
        if let guion {
            guard ClaveActa.esVariante(u[(guion + 1)...]) else { return nil }
            variante = UInt32(empacar(u[(guion + 1)...], bytes: 4))
        }
        return ClaveActa(casilla: casilla, codigo64: empacar(codigo), variante32: variante)
    }

    /// The bytes of `u` (at most `bytes`, none of them 0), the first in the high byte of a `bytes`-byte word.
    private static func empacar(_ u: some Collection<UInt8>, bytes: Int = 8) -> UInt64 {
        var w: UInt64 = 0
        for c in u { w = w << 8 | UInt64(c) }
        return w << (8 * UInt64(bytes - u.count))
    }

    private static func largo(_ w: UInt64, bytes: Int) -> Int {
        var n = 0
        while n < bytes, (w >> (8 * UInt64(bytes - 1 - n))) & 0xFF != 0 { n += 1 }
        return n
    }

    private static func escribir(_ w: UInt64, bytes: Int, en b: UnsafeMutableBufferPointer<UInt8>, desde i: Int) {
        for k in 0..<largo(w, bytes: bytes) { b[i + k] = UInt8(truncatingIfNeeded: w >> (8 * UInt64(bytes - 1 - k))) }
    }

    private static func texto(_ w: UInt64, bytes: Int) -> String {
        let n = largo(w, bytes: bytes)
        return String(unsafeUninitializedCapacity: n) { b in
            escribir(w, bytes: bytes, en: b, desde: 0)
            return n
        }
    }

    /// A 64-bit mix of the key's parts (equal keys, equal values), for the catálogo's acta index.
    var huella: UInt64 {
        var h = casilla.bits &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ codigo64) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ UInt64(variante32)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

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
