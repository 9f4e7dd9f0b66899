/// The spool's part of `prep.conf` (SPEC §9): where the spool is, how `incoming/` is watched and
/// settled, the limits on what a drop may be, the clock offset. Every key has a default. The
/// service's `ConfiguracionSpool` holds it beside its own keys and reads the whole file.
public struct ConfiguracionSpool: Sendable, Equatable {
    public enum Vigilancia: String, Sendable { case inotify, poll }

    /// Spool root (absolute, or relative to the working directory when no config file was read).
    public var spool: String = "spool"
    /// Offset of local time from UTC, minutes (−360 for CDMX).
    public var desfaseUTCMinutos: Int = -360
    public var vigilancia: Vigilancia = .inotify
    public var asentamientoNs: Int64 = 2_000_000_000
    public var intervaloRescanNs: Int64 = 30_000_000_000
    /// Largest accepted image and JSON drop, bytes.
    public var maxImagen: Int = 50 * 1024 * 1024
    public var maxJSON: Int = 1024 * 1024
    /// `once_wait`: how long `prep run --once` and `prep publish` (without a daemon) wait for
    /// files that are still being written before they stop and say what they left.
    public var esperaUnaVezNs: Int64 = 30_000_000_000
    /// `max_acta_images`: the most images one acta may accumulate, waiting and in its item;
    /// more are refused with a reason.
    public var maxImagenesActa: Int = 16
    /// `max_acta_captures`: the most captures of one acta considered at once (waiting, arriving
    /// together, and in its captured item); more are refused unread with a reason. At least 3:
    /// a third operator decides a discrepancy.
    public var maxCapturasActa: Int = 8

    public init() {}

    /// The spool's keys of `prep.conf`.
    public static var claves: [ClaveConfiguracion<ConfiguracionSpool>] { [
        ClaveConfiguracion("spool", \.spool, viva: false) { v, carpeta in RazonClave.ruta(v, carpeta) },
        ClaveConfiguracion("utc_offset", \.desfaseUTCMinutos, viva: false) { v, _ in
            ArchivoConfiguracion.desfase(v).map { .success($0) } ?? .failure(RazonClave("'\(v)' is not an offset like -06:00"))
        },
        ClaveConfiguracion("watch", \.vigilancia, viva: false) { v, _ in
            Vigilancia(rawValue: v).map { .success($0) } ?? .failure(RazonClave("'\(v)' is not inotify or poll"))
        },
        ClaveConfiguracion("settle", \.asentamientoNs, viva: false) { v, _ in
            guard let d = Duracion.ns(v) else { return .failure(RazonClave("'\(v)' is not a duration like 2s or 500ms")) }
            guard d <= 3_600_000_000_000 else { return .failure(RazonClave("\(v) is more than 1h")) }
            return .success(d)
        },
        ClaveConfiguracion("once_wait", \.esperaUnaVezNs, viva: false) { v, _ in
            Duracion.ns(v).map { .success($0) } ?? .failure(RazonClave("'\(v)' is not a duration like 30s"))
        },
        ClaveConfiguracion("rescan_interval", \.intervaloRescanNs, viva: true) { v, _ in
            guard let d = Duracion.ns(v), d >= 100_000_000 else { return .failure(RazonClave("'\(v)' is not a duration of at least 100ms")) }
            return .success(d)
        },
        ClaveConfiguracion("max_image_size", \.maxImagen, viva: true) { v, _ in
            guard let n = ArchivoConfiguracion.tamano(v), n > 0 else { return .failure(RazonClave("'\(v)' is not a size like 50M")) }
            return .success(n)
        },
        ClaveConfiguracion("max_json_size", \.maxJSON, viva: true) { v, _ in
            guard let n = ArchivoConfiguracion.tamano(v), n > 0 else { return .failure(RazonClave("'\(v)' is not a size like 1M")) }
            return .success(n)
        },
        ClaveConfiguracion("max_acta_images", \.maxImagenesActa, viva: true) { v, _ in RazonClave.entero(v, 1...100_000) },
        ClaveConfiguracion("max_acta_captures", \.maxCapturasActa, viva: true) { v, _ in RazonClave.entero(v, 3...100_000) },
    ] }
}
