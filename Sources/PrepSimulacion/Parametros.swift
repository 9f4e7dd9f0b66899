/// What kind of election night to play. Shares are of the actas played unless said otherwise;
/// a share that rounds to zero is still played once when there are at least 50 actas, so that a
/// CI-sized night shows every case.
public struct ParametrosNoche: Sendable {
    public var semilla: UInt64 = 2024
    /// Share of the catálogo's actas that never arrive (still `-` in the last corte).
    public var pendientes = 0.02
    /// Share declared *sin acta* (the three causes in turn).
    public var sinActa = 0.006
    /// Share whose two first captures disagree in one field; a third operator settles them.
    public var discrepancias = 0.03
    /// Share with one `ilegible` figure; the same again with one `sin dato` figure.
    public var ilegibles = 0.01
    /// Share whose votes exceed lista nominal + representatives (not counted).
    public var excedeListaNominal = 0.003
    /// Fuera-de-catálogo actas (well-formed keys of real elections, casillas the catálogo lacks);
    /// nil: one per thousand actas played, at least one.
    public var fueraDeCatalogo: Int? = nil
    /// Share of actas photographed by the PREP Casilla app; of scanned at a CATD. Every acta
    /// that arrives has at least one of the two.
    public var foto = 0.55
    public var escaneo = 0.9
    /// Share of *all* drops that are bad (refused by the daemon) or temp names left behind.
    public var malas = 0.02
    /// Share of images written in place (slowly, in chunks) rather than under a temp name and renamed.
    public var imagenesEnSitio = 0.3
    /// Share of JSON drops written in place.
    public var jsonEnSitio = 0.1
    /// Play at most this many of the catálogo's actas (the rest stay pending); nil: all.
    public var maxActas: Int? = nil

    public init() {}
}
