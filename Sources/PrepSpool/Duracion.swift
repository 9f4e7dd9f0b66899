/// The one way a duration is written, in the config file (`corte_interval = 15m`) and on the
/// command line (`--duration 2m`, `--max-wait 30m`): a whole number with its unit, `ms`, `s`, `m`
/// or `h`. The unit is never implied, so `15` is refused rather than read as seconds where the
/// writer meant minutes.
public enum Duracion {
    /// `15m`, `20s`, `500ms`, `1h`, `0s` → nanoseconds; nil when malformed (no unit, a fraction,
    /// a sign, spaces, more than nine digits).
    public static func ns(_ s: String) -> Int64? {
        let digitos = s.prefix { $0.isASCII && $0.isNumber }
        guard !digitos.isEmpty, digitos.count <= 9, let n = Int64(digitos) else { return nil }
        switch s.dropFirst(digitos.count) {
        case "ms": return n * 1_000_000
        case "s": return n * 1_000_000_000
        case "m": return n * 60_000_000_000
        case "h": return n * 3_600_000_000_000
        default: return nil
        }
    }

    /// The same, in seconds.
    public static func segundos(_ s: String) -> Double? { ns(s).map { Double($0) / 1e9 } }
}
