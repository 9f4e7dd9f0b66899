/// The one pseudo-random generator of the synthetic data (SplitMix64, Steele, Lea & Flood 2014):
/// the same seed always makes the same catálogo and plays the same election night, so a test or
/// a demo can be replayed exactly. Not for anything secret: it only makes up data.
public struct Azar: RandomNumberGenerator, Sendable {
    private var estado: UInt64

    public init(semilla: UInt64) { estado = semilla }

    public mutating func next() -> UInt64 {
        estado &+= 0x9E37_79B9_7F4A_7C15
        var z = estado
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    public mutating func uniforme() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform double in `rango`.
    public mutating func uniforme(_ rango: ClosedRange<Double>) -> Double {
        rango.lowerBound + (rango.upperBound - rango.lowerBound) * uniforme()
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { uniforme() < p }

    /// A uniform integer in `rango`, drawn by the standard library (`Int.random(in:using:)`),
    /// whose algorithm may change between Swift versions: for the night's plan.
    public mutating func entero(_ rango: ClosedRange<Int>) -> Int {
        Int.random(in: rango, using: &self)
    }

    /// A whole number in `r` by plain modulo (its bias is irrelevant here): stable across Swift
    /// versions and platforms, which the shipped `etc/catalogo` depends on byte for byte.
    public mutating func entre(_ r: ClosedRange<Int>) -> Int {
        r.lowerBound + Int(next() % UInt64(r.upperBound - r.lowerBound + 1))
    }

    /// An index drawn with the given weights (in parts per hundred), with `entre`.
    public mutating func ponderado(_ pesos: [Int]) -> Int {
        var x = entre(0...(pesos.reduce(0, +) - 1))
        for (i, p) in pesos.enumerated() {
            if x < p { return i }
            x -= p
        }
        return pesos.count - 1
    }

    /// An independent generator for a sub-task, so adding draws in one part of the plan does not
    /// shift every other part.
    public mutating func derivar(_ etiqueta: UInt64) -> Azar {
        Azar(semilla: next() ^ (etiqueta &* 0xD6E8_FEB8_6659_FD93))
    }
}
