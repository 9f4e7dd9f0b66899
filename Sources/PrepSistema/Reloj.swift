import Glibc

/// Clocks: monotonic for intervals and timeouts, real time for what is written down.
public enum Reloj {
    /// Monotonic nanoseconds (never jumps; unrelated to the date).
    public static func monotonoNs() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }

    /// Monotonic seconds, for measuring intervals.
    public static func monotonoSegundos() -> Double { Double(monotonoNs()) / 1e9 }

    /// Real time, whole seconds since the epoch (`time(2)`).
    public static func segundosUnix() -> Int64 { Int64(time(nil)) }

    /// Sleeps `segundos` (fractions allowed), resuming after a signal until the time is up.
    public static func dormir(segundos: Double) {
        guard segundos > 0 else { return }
        var pedido = timespec(tv_sec: Int(segundos), tv_nsec: Int((segundos - Double(Int(segundos))) * 1e9))
        var resto = timespec()
        while nanosleep(&pedido, &resto) != 0, errno == EINTR { pedido = resto }
    }

    /// Real time, nanoseconds since the epoch (comparable with file times).
    public static func realNs() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}
