/// The one JSON writer of `prep`: deterministic bytes from a `ValorJSON`, members in the order
/// the value holds them (build objects with `ValorJSON.ordenado` for sorted keys). Strings are
/// escaped as RFC 8259 requires (`\"`, `\\`, `\n`, `\r`, `\t`, other control characters as
/// `\u00XX`); `entero` is written in decimal and `numero` as its text, which must be a JSON number.
public enum EscritorJSON {
    /// How the document is laid out.
    public enum Estilo: Sendable {
        /// One line, no spaces, no final line end (`prep status --json`).
        case compacto
        /// Two-space indentation, one member or element a line, `": "` after keys, empty
        /// containers as `{}` / `[]`, a final LF (`manifest.json`, `prep template`, the truth file).
        case sangrado
    }

    public static func bytes(_ v: ValorJSON, estilo: Estilo) -> [UInt8] {
        var b: [UInt8] = []
        escribir(v, &b, estilo: estilo, sangria: 0)
        if estilo == .sangrado { b.append(0x0A) }
        return b
    }

    public static func texto(_ v: ValorJSON, estilo: Estilo) -> String {
        String(decoding: bytes(v, estilo: estilo), as: UTF8.self)
    }

    private static func escribir(_ v: ValorJSON, _ b: inout [UInt8], estilo: Estilo, sangria: Int) {
        switch v {
        case .nulo: b += "null".utf8
        case .booleano(let x): b += (x ? "true" : "false").utf8
        case .entero(let n): b += String(n).utf8
        case .numero(let s): b += s.utf8
        case .texto(let s): cadena(s, &b)
        case .arreglo(let l):
            contenedor(l, abre: 0x5B, cierra: 0x5D, &b, estilo: estilo, sangria: sangria) { x, b, s in
                escribir(x, &b, estilo: estilo, sangria: s)
            }
        case .objeto(let o):
            contenedor(o, abre: 0x7B, cierra: 0x7D, &b, estilo: estilo, sangria: sangria) { m, b, s in
                cadena(m.clave, &b)
                b.append(0x3A)
                if estilo == .sangrado { b.append(0x20) }
                escribir(m.valor, &b, estilo: estilo, sangria: s)
            }
        }
    }

    /// `[`…`]` or `{`…`}` around `elementos`, separated by commas, laid out per `estilo`.
    private static func contenedor<E>(_ elementos: [E], abre: UInt8, cierra: UInt8, _ b: inout [UInt8], estilo: Estilo,
                                      sangria: Int, _ elemento: (E, inout [UInt8], Int) -> Void) {
        b.append(abre)
        let sangrado = estilo == .sangrado && !elementos.isEmpty
        for (i, e) in elementos.enumerated() {
            if i > 0 { b.append(0x2C) }
            if sangrado {
                b.append(0x0A)
                b += repeatElement(0x20, count: sangria + 2)
            }
            elemento(e, &b, sangria + 2)
        }
        if sangrado {
            b.append(0x0A)
            b += repeatElement(0x20, count: sangria)
        }
        b.append(cierra)
    }

    /// `s` as a JSON string appended to `b`, escaped as every string of this writer: for a writer
    /// that builds a large document piece by piece instead of as one `ValorJSON`.
    public static func cadena(_ s: String, _ b: inout [UInt8]) {
        var s = s
        s.withUTF8 { cadena($0, &b) }
    }

    /// The same for UTF-8 bytes; text that needs no escape (most) is copied whole.
    public static func cadena(_ u: UnsafeBufferPointer<UInt8>, _ b: inout [UInt8]) {
        guard !u.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return escapar(u, &b) }
        b.append(0x22)
        b.append(contentsOf: u)
        b.append(0x22)
    }

    private static func escapar(_ u: some Sequence<UInt8>, _ b: inout [UInt8]) {
        b.append(0x22)
        for c in u {
            switch c {
            case 0x22: b += [0x5C, 0x22]
            case 0x5C: b += [0x5C, 0x5C]
            case 0x0A: b += [0x5C, 0x6E]
            case 0x0D: b += [0x5C, 0x72]
            case 0x09: b += [0x5C, 0x74]
            case 0..<0x20: b += [0x5C, 0x75, 0x30, 0x30, hex(c >> 4), hex(c & 15)]
            default: b.append(c)
            }
        }
        b.append(0x22)
    }

    private static func hex(_ n: UInt8) -> UInt8 { n < 10 ? 0x30 + n : 0x61 + n - 10 }
}

extension ValorJSON {
    /// An object whose members are sorted by the UTF-8 bytes of their keys: a dictionary written
    /// the same way every time.
    public static func ordenado(_ miembros: [String: ValorJSON]) -> ValorJSON {
        .objeto(miembros.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { (clave: $0.key, valor: $0.value) })
    }

    /// The member named `clave` of an object; nil for anything else or a missing member.
    public subscript(clave: String) -> ValorJSON? {
        guard case .objeto(let m) = self else { return nil }
        return m.first { $0.clave == clave }?.valor
    }
}

extension ValorJSON {
    /// The text of a string value; nil for anything else.
    public var comoTexto: String? {
        if case .texto(let s) = self { s } else { nil }
    }

    /// A plain whole number ≥ 0 (as `LectorJSON` reads one); nil for anything else.
    public var comoEntero: Int? {
        if case .entero(let n) = self { n } else { nil }
    }

    /// An object's members in document order; nil for anything else.
    public var miembros: [(clave: String, valor: ValorJSON)]? {
        if case .objeto(let m) = self { m } else { nil }
    }

    /// An array's elements; nil for anything else.
    public var elementos: [ValorJSON]? {
        if case .arreglo(let a) = self { a } else { nil }
    }
}
