/// A JSON value written deterministically: object keys sorted, two-space indentation, LF line
/// ends. What `manifest.json` is made of, so the same corte always has the same bytes.
indirect enum JSONOrdenado: Hashable, Sendable {
    case nulo
    case booleano(Bool)
    case entero(Int)
    case texto(String)
    case lista([JSONOrdenado])
    case objeto([String: JSONOrdenado])

    public var bytes: [UInt8] {
        var b: [UInt8] = []
        escribir(&b, sangria: 0)
        b.append(10)
        return b
    }

    private func escribir(_ b: inout [UInt8], sangria: Int) {
        switch self {
        case .nulo: b += Array("null".utf8)
        case .booleano(let v): b += Array((v ? "true" : "false").utf8)
        case .entero(let n): b += Array(String(n).utf8)
        case .texto(let s): Self.cadena(s, &b)
        case .lista(let l):
            if l.isEmpty { b += Array("[]".utf8); return }
            b += Array("[\n".utf8)
            for (i, v) in l.enumerated() {
                b += Array(repeating: 32, count: sangria + 2)
                v.escribir(&b, sangria: sangria + 2)
                if i < l.count - 1 { b.append(44) }
                b.append(10)
            }
            b += Array(repeating: 32, count: sangria)
            b.append(93)
        case .objeto(let o):
            if o.isEmpty { b += Array("{}".utf8); return }
            b += Array("{\n".utf8)
            let claves = o.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (i, k) in claves.enumerated() {
                b += Array(repeating: 32, count: sangria + 2)
                Self.cadena(k, &b)
                b += Array(": ".utf8)
                o[k]?.escribir(&b, sangria: sangria + 2)
                if i < claves.count - 1 { b.append(44) }
                b.append(10)
            }
            b += Array(repeating: 32, count: sangria)
            b.append(125)
        }
    }

    private static func cadena(_ s: String, _ b: inout [UInt8]) {
        b.append(34)
        let hex = Array("0123456789abcdef".utf8)
        for c in s.utf8 {
            switch c {
            case 34: b += [92, 34]
            case 92: b += [92, 92]
            case 10: b += [92, 110]
            case 13: b += [92, 114]
            case 9: b += [92, 116]
            case 0..<32: b += [92, 117, 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]]
            default: b.append(c)
            }
        }
        b.append(34)
    }
}
