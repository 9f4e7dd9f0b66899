/// The catálogo's acta index: acta key → position in `Catalogo.actas`.
///
/// An open-addressing table of positions hashed by a multiply-xorshift mix of the key's packed
/// parts (`ClaveActa.huella`), instead of a `[String: Int]`: the look-up runs once per capture on
/// the validation hot path, and a 515,000-entry `Dictionary` pays a seeded SipHash per look-up
/// (≈ 8 % of `captura-validacion` by `perf`). Collisions are resolved by comparing the key with
/// the acta's own key, so the answers are exactly those of the dictionary (a repeated key keeps
/// its last position).
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
            var r = Int(truncatingIfNeeded: a.clave.huella) & mascara
            while ranuras[r] != 0 {
                if actas[Int(ranuras[r]) - 1].clave == a.clave { break }
                r = (r + 1) & mascara
            }
            ranuras[r] = Int32(p + 1)
        }
        self.ranuras = ranuras
        self.mascara = mascara
    }

    /// Position of the acta whose key is `clave`; nil when none.
    func posicion(_ clave: ClaveActa, en actas: [ActaEsperada]) -> Int? {
        var r = Int(truncatingIfNeeded: clave.huella) & mascara
        while true {
            let p = Int(ranuras[r])
            if p == 0 { return nil }
            if actas[p - 1].clave == clave { return p - 1 }
            r = (r + 1) & mascara
        }
    }
}
