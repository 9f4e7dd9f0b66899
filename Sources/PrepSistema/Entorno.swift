import Glibc

/// The process's environment, read once per call (nothing here sets it).
public enum Entorno {
    /// The value of `nombre`, or nil when it is not set.
    public static func variable(_ nombre: String) -> String? { getenv(nombre).map { String(cString: $0) } }
}
