/// The folders of the spool (SPEC §3). The folder an acta's item sits in *is* its phase.
public enum Fase: String, CaseIterable, Hashable, Sendable {
    case captured
    case verified
    case packaged

    /// The folder's name under the spool root.
    public var carpeta: String { rawValue }
}

/// Names of the spool's folders and files under its root.
public enum Disposicion {
    public static let incoming = "incoming"
    public static let rejected = "rejected"
    public static let publish = "publish"
    public static let tmp = "tmp"
    public static let lock = "prep.lock"

    /// Every folder the daemon creates at start, in creation order.
    public static let carpetas = [incoming, Fase.captured.carpeta, Fase.verified.carpeta,
                                  Fase.packaged.carpeta, rejected, publish, tmp]
}
