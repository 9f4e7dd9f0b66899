/// The catálogo's acta index: acta key → position in `Catalogo.actas`.
///
/// An open-addressing table of positions hashed by FNV-1a over the key's UTF-8 bytes, instead of a
/// `[String: Int]`: the look-up runs once per capture on the validation hot path, and a
/// 515,000-entry `Dictionary` pays a seeded SipHash per look-up (≈ 8 % of `captura-validacion`
/// by `perf`). Collisions are resolved by comparing the key with the acta's own key text, so the
/// answers are exactly those of the dictionary (a repeated key keeps its last position).
struct TablaActas: Sendable {
    /// Position + 1 of an acta in `actas`; 0 is an empty slot. Size: a power of two, ≥ 2 × actas.
    private let ranuras: [Int32]
    private let mascara: Int

    init(_ actas: [ActaEsperada]) {
        var tamano = 16
        while tamano < actas.count * 2 { tamano <<= 1 }
        var ranuras = [Int32](repeating: 0, count: tamano)
        let mascara = tamano - 1
        for (p, a) in actas.enumerated() {
            var r = Self.huella(a.clave.texto) & mascara
            while ranuras[r] != 0 {
                if actas[Int(ranuras[r]) - 1].clave.texto == a.clave.texto { break }
                r = (r + 1) & mascara
            }
            ranuras[r] = Int32(p + 1)
        }
        self.ranuras = ranuras
        self.mascara = mascara
    }

    /// Position of the acta whose key text is `texto`; nil when none.
    func posicion(_ texto: String, en actas: [ActaEsperada]) -> Int? {
        var r = Self.huella(texto) & mascara
        while true {
            let p = Int(ranuras[r])
            if p == 0 { return nil }
            if actas[p - 1].clave.texto == texto { return p - 1 }
            r = (r + 1) & mascara
        }
    }

    /// FNV-1a over the UTF-8 bytes, folded so the low bits (the slot) depend on every byte.
    private static func huella(_ s: String) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var copia = s
        copia.withUTF8 { u in
            for b in u { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
