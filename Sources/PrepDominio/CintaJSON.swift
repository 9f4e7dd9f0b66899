/// A parsed JSON document as a flat list of nodes in document order (a "tape"): values refer to
/// byte ranges of the input instead of owning strings, so reading a capture allocates almost
/// nothing and freeing it is free. An object node is followed by its members, each a key node
/// (a string) then the member's value subtree.
struct CintaJSON {
    struct Nodo {
        enum Tipo: UInt8 {
            case objeto, arreglo, texto, textoDecodificado, entero, numero, verdadero, falso, nulo
        }
        var tipo: Tipo
        /// texto, numero: byte range of the input (a texto's without quotes). textoDecodificado:
        /// `inicio` indexes `textos`.
        var inicio: Int32
        var fin: Int32
        /// entero: its value. objeto, arreglo: how many members or elements.
        var entero: Int
        /// Nodes in this subtree, itself included.
        var tamano: Int32
    }

    let bytes: [UInt8]
    let nodos: [Nodo]
    /// Strings that had escapes, decoded.
    let textos: [String]

    /// Index of the node after the subtree at `i`.
    func siguiente(_ i: Int) -> Int { i + Int(nodos[i].tamano) }

    /// The text of a texto node.
    func texto(_ i: Int) -> String {
        let n = nodos[i]
        if n.tipo == .textoDecodificado { return textos[Int(n.inicio)] }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(n.inicio)..<Int(n.fin)]), as: UTF8.self)
        }
    }

    /// Whether node `i` is a string equal to `s`, comparing bytes.
    func esTexto(_ i: Int, _ s: String) -> Bool {
        let n = nodos[i]
        switch n.tipo {
        case .texto:
            let largo = Int(n.fin - n.inicio)
            guard s.utf8.count == largo else { return false }
            let base = Int(n.inicio)
            // Contiguous UTF-8 (small strings are copied to the stack): a plain byte loop.
            if let r = s.utf8.withContiguousStorageIfAvailable({ u in
                bytes.withUnsafeBufferPointer { b in
                    for k in 0..<largo where u[k] != b[base + k] { return false }
                    return true
                }
            }) { return r }
            return s.utf8.elementsEqual(bytes[base..<base + largo])
        case .textoDecodificado:
            return textos[Int(n.inicio)] == s
        default:
            return false
        }
    }

    /// Whether node `i` is a string equal to the ASCII literal `s`.
    func esTexto(_ i: Int, _ s: StaticString) -> Bool {
        let n = nodos[i]
        switch n.tipo {
        case .texto:
            let largo = Int(n.fin - n.inicio)
            guard s.utf8CodeUnitCount == largo else { return false }
            let base = Int(n.inicio)
            for k in 0..<largo where bytes[base + k] != s.utf8Start[k] { return false }
            return true
        case .textoDecodificado:
            return textos[Int(n.inicio)] == s.description
        default:
            return false
        }
    }

    /// The subtree at `i` as a `ValorJSON`.
    func valor(_ i: Int) -> ValorJSON {
        let n = nodos[i]
        switch n.tipo {
        case .objeto:
            var miembros: [(clave: String, valor: ValorJSON)] = []
            miembros.reserveCapacity(n.entero)
            var j = i + 1
            for _ in 0..<n.entero {
                miembros.append((texto(j), valor(j + 1)))
                j = siguiente(j + 1)
            }
            return .objeto(miembros)
        case .arreglo:
            var elementos: [ValorJSON] = []
            var j = i + 1
            for _ in 0..<n.entero {
                elementos.append(valor(j))
                j = siguiente(j)
            }
            return .arreglo(elementos)
        case .texto, .textoDecodificado: return .texto(texto(i))
        case .entero: return .entero(n.entero)
        case .numero:
            return .numero(String(decoding: bytes[Int(n.inicio)..<Int(n.fin)], as: UTF8.self))
        case .verdadero: return .booleano(true)
        case .falso: return .booleano(false)
        case .nulo: return .nulo
        }
    }
}

/// The strict RFC 8259 reader behind `LectorJSON`, writing a `CintaJSON`.
struct AnalizadorCinta {
    typealias Error = LectorJSON.Error
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var nodos: [CintaJSON.Nodo] = []
    var textos: [String] = []
    /// FNV-1a of member names with their key node, for the objects being read (a stack).
    var huellas: [(huella: UInt64, nodo: Int)] = []
    /// FNV-1a of the last string read when it had no escapes.
    var huellaTexto: UInt64?

    init(b: UnsafeBufferPointer<UInt8>) {
        self.b = b
        nodos.reserveCapacity(64)
        huellas.reserveCapacity(32)
    }

    mutating func espacios() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    func fallo(_ motivo: String) -> Error { Error(posicion: i, motivo: motivo) }

    mutating func hoja(_ tipo: CintaJSON.Nodo.Tipo, _ inicio: Int = 0, _ fin: Int = 0, entero: Int = 0) {
        nodos.append(CintaJSON.Nodo(tipo: tipo, inicio: Int32(inicio), fin: Int32(fin), entero: entero, tamano: 1))
    }

    mutating func valor(profundidad: Int) throws(Error) {
        guard i < b.count else { throw fallo("unexpected end of document") }
        switch b[i] {
        case 0x7B: try objeto(profundidad: profundidad + 1)
        case 0x5B: try arreglo(profundidad: profundidad + 1)
        case 0x22: try texto()
        case 0x74: try literal("true"); hoja(.verdadero)
        case 0x66: try literal("false"); hoja(.falso)
        case 0x6E: try literal("null"); hoja(.nulo)
        case 0x2D, 0x30...0x39: try numero()
        default: throw fallo("unexpected character '\(Character(Unicode.Scalar(b[i])))'")
        }
    }

    mutating func literal(_ s: StaticString) throws(Error) {
        let n = s.utf8CodeUnitCount
        guard i + n <= b.count else { throw fallo("unexpected end of document") }
        for k in 0..<n where b[i + k] != s.utf8Start[k] { throw fallo("unknown literal") }
        i += n
    }

    /// Whether two key nodes hold the same text.
    func mismaClave(_ x: Int, _ y: Int) -> Bool {
        let a = nodos[x], c = nodos[y]
        if a.tipo == .texto, c.tipo == .texto {
            let n = Int(a.fin - a.inicio)
            guard n == Int(c.fin - c.inicio) else { return false }
            for k in 0..<n where b[Int(a.inicio) + k] != b[Int(c.inicio) + k] { return false }
            return true
        }
        return textoDe(x) == textoDe(y)
    }

    func textoDe(_ x: Int) -> String {
        let n = nodos[x]
        if n.tipo == .textoDecodificado { return textos[Int(n.inicio)] }
        return String(decoding: UnsafeBufferPointer(rebasing: b[Int(n.inicio)..<Int(n.fin)]), as: UTF8.self)
    }

    mutating func objeto(profundidad: Int) throws(Error) {
        guard profundidad <= LectorJSON.profundidadMaxima else { throw fallo("nested deeper than \(LectorJSON.profundidadMaxima)") }
        let yo = nodos.count
        hoja(.objeto)
        i += 1
        let base = huellas.count
        defer { huellas.removeSubrange(base...) }
        var miembros = 0
        espacios()
        if i < b.count, b[i] == 0x7D {
            i += 1
            nodos[yo].tamano = Int32(nodos.count - yo)
            return
        }
        while true {
            espacios()
            guard i < b.count, b[i] == 0x22 else { throw fallo("expected a member name in quotes") }
            let inicio = i
            try texto()
            let clave = nodos.count - 1
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            if let ya = huellaTexto {
                h = ya
            } else {
                for c in textoDe(clave).utf8 { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
            }
            for k in base..<huellas.count where huellas[k].huella == h && mismaClave(huellas[k].nodo, clave) {
                throw Error(posicion: inicio, motivo: "duplicate member \"\(textoDe(clave))\"")
            }
            huellas.append((h, clave))
            espacios()
            guard i < b.count, b[i] == 0x3A else { throw fallo("expected ':' after a member name") }
            i += 1
            espacios()
            try valor(profundidad: profundidad)
            miembros += 1
            espacios()
            guard i < b.count else { throw fallo("unexpected end of document") }
            if b[i] == 0x2C { i += 1; continue }
            if b[i] == 0x7D {
                i += 1
                nodos[yo].entero = miembros
                nodos[yo].tamano = Int32(nodos.count - yo)
                return
            }
            throw fallo("expected ',' or '}'")
        }
    }

    mutating func arreglo(profundidad: Int) throws(Error) {
        guard profundidad <= LectorJSON.profundidadMaxima else { throw fallo("nested deeper than \(LectorJSON.profundidadMaxima)") }
        let yo = nodos.count
        hoja(.arreglo)
        i += 1
        var elementos = 0
        espacios()
        if i < b.count, b[i] == 0x5D {
            i += 1
            nodos[yo].tamano = Int32(nodos.count - yo)
            return
        }
        while true {
            espacios()
            try valor(profundidad: profundidad)
            elementos += 1
            espacios()
            guard i < b.count else { throw fallo("unexpected end of document") }
            if b[i] == 0x2C { i += 1; continue }
            if b[i] == 0x5D {
                i += 1
                nodos[yo].entero = elementos
                nodos[yo].tamano = Int32(nodos.count - yo)
                return
            }
            throw fallo("expected ',' or ']'")
        }
    }

    /// A number per the JSON grammar: `entero` when plain digits (≤ 18), else its text.
    mutating func numero() throws(Error) {
        let inicio = i
        if b[i] != 0x2D {
            var n = 0
            var j = i
            while j < b.count, j - i < 19, (0x30...0x39).contains(b[j]) {
                n = n &* 10 &+ Int(b[j] &- 0x30)
                j += 1
            }
            let fin = j == b.count || !(b[j] == 0x2E || b[j] == 0x65 || b[j] == 0x45 || (0x30...0x39).contains(b[j]))
            if fin, j - i <= 18, !(b[i] == 0x30 && j - i > 1) {
                i = j
                hoja(.entero, inicio, j, entero: n)
                return
            }
        }
        if b[i] == 0x2D { i += 1 }
        guard i < b.count, (0x30...0x39).contains(b[i]) else { throw fallo("expected a digit") }
        if b[i] == 0x30 {
            i += 1
            if i < b.count, (0x30...0x39).contains(b[i]) { throw fallo("leading zero in a number") }
        } else {
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == 0x2E {
            i += 1
            guard i < b.count, (0x30...0x39).contains(b[i]) else { throw fallo("expected a digit after '.'") }
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            guard i < b.count, (0x30...0x39).contains(b[i]) else { throw fallo("expected a digit in the exponent") }
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
        }
        hoja(.numero, inicio, i)
    }

    /// A string: escapes decoded, UTF-8 validated, control characters refused.
    mutating func texto() throws(Error) {
        i += 1
        let inicio = i
        var ascii = true
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        huellaTexto = nil
        // Fast path: no escapes, the node points into the input.
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                if !ascii, String(validating: UnsafeBufferPointer(rebasing: b[inicio..<i]), as: UTF8.self) == nil {
                    throw Error(posicion: inicio, motivo: "string is not valid UTF-8")
                }
                huellaTexto = h
                hoja(.texto, inicio, i)
                i += 1
                return
            }
            if c == 0x5C { break }
            if c < 0x20 { throw fallo("control character in a string") }
            if c >= 0x80 { ascii = false }
            h = (h ^ UInt64(c)) &* 0x100_0000_01b3
            i += 1
        }
        // Slow path with escapes: decoded into `textos`.
        var u: [UInt8] = Array(UnsafeBufferPointer(rebasing: b[inicio..<i]))
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                i += 1
                guard let s = String(validating: u, as: UTF8.self) else {
                    throw Error(posicion: inicio, motivo: "string is not valid UTF-8")
                }
                hoja(.textoDecodificado, textos.count, 0)
                textos.append(s)
                return
            }
            if c < 0x20 { throw fallo("control character in a string") }
            if c != 0x5C { u.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { break }
            switch b[i] {
            case 0x22: u.append(0x22)
            case 0x5C: u.append(0x5C)
            case 0x2F: u.append(0x2F)
            case 0x62: u.append(0x08)
            case 0x66: u.append(0x0C)
            case 0x6E: u.append(0x0A)
            case 0x72: u.append(0x0D)
            case 0x74: u.append(0x09)
            case 0x75:
                i += 1
                var cp = try hex4()
                if (0xD800...0xDBFF).contains(cp) {
                    guard i + 1 < b.count, b[i] == 0x5C, b[i + 1] == 0x75 else { throw fallo("unpaired surrogate") }
                    i += 2
                    let bajo = try hex4()
                    guard (0xDC00...0xDFFF).contains(bajo) else { throw fallo("unpaired surrogate") }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (bajo - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(cp) {
                    throw fallo("unpaired surrogate")
                }
                guard let escalar = Unicode.Scalar(cp) else { throw fallo("invalid \\u escape") }
                u.append(contentsOf: String(Character(escalar)).utf8)
                continue
            default: throw fallo("invalid escape")
            }
            i += 1
        }
        throw fallo("unterminated string")
    }

    mutating func hex4() throws(Error) -> UInt32 {
        guard i + 4 <= b.count else { throw fallo("unexpected end of document") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fallo("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
