/// The time between two cortes: SPEC §7 asks for at least three cortes an hour, so the longest
/// interval is 20 minutes. The config file (`corte_interval`), the corte builder and `prep demo
/// --corte-interval` all check against this one limit.
public enum IntervaloCorte {
    /// The longest interval allowed, seconds.
    public static let maximoSegundos = 20 * 60
}
