import CSistema
import Glibc

/// systemd's `sd_notify` protocol without libsystemd: newline-separated `KEY=VALUE` lines sent as
/// one datagram to the Unix socket named by `NOTIFY_SOCKET` (`@name` for an abstract socket).
/// Under `Type=notify` the service manager waits for `READY=1`, shows `STATUS=`, expects
/// `WATCHDOG=1` at least every `WATCHDOG_USEC` when `WatchdogSec=` is set, and `STOPPING=1`.
public struct AvisoSystemd: Sendable {
    /// The socket path from `NOTIFY_SOCKET`.
    public let socket: String
    /// `WATCHDOG_USEC` in nanoseconds when the watchdog is on for this process (its
    /// `WATCHDOG_PID`, when given, is this pid); nil otherwise.
    public let vigilanciaNs: Int64?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID`; nil when not run by systemd
    /// with `Type=notify` (no socket given).
    public static func desdeEntorno() -> AvisoSystemd? {
        guard let s = variable("NOTIFY_SOCKET"), s.hasPrefix("/") || s.hasPrefix("@") else { return nil }
        var vigilancia: Int64?
        if let us = variable("WATCHDOG_USEC").flatMap({ Int64($0) }), us > 0 {
            let pid = variable("WATCHDOG_PID").flatMap { Int32($0) }
            if pid == nil || pid == getpid() { vigilancia = us * 1000 }
        }
        return AvisoSystemd(socket: s, vigilanciaNs: vigilancia)
    }

    /// Sends `lineas` (`READY=1`, `STATUS=…`) as one datagram.
    public func enviar(_ lineas: [String]) throws(ErrorSistema) {
        let texto = Array(lineas.joined(separator: "\n").utf8)
        let r = texto.withUnsafeBytes { b in csistema_enviar_datagrama_unix(socket, b.baseAddress, b.count) }
        guard r == 0 else { throw ErrorSistema("sendto", socket, .actual) }
    }

    static func variable(_ nombre: String) -> String? { Entorno.variable(nombre) }
}

/// The journal, when standard error is connected to it: systemd sets `JOURNAL_STREAM` to the
/// `device:inode` of that stream, and a program whose standard error is that stream may prefix
/// each line with `<N>` (its syslog priority) instead of a timestamp (sd-daemon(3)).
public enum Diario {
    /// Whether standard error is the stream `JOURNAL_STREAM` names.
    public static var esErrorEstandar: Bool {
        guard let v = AvisoSystemd.variable("JOURNAL_STREAM") else { return false }
        let partes = v.split(separator: ":")
        guard partes.count == 2, let dev = UInt64(partes[0]), let ino = UInt64(partes[1]) else { return false }
        var s = stat()
        guard fstat(2, &s) == 0 else { return false }
        return UInt64(s.st_dev) == dev && UInt64(s.st_ino) == ino
    }
}
