import Glibc

/// Clocks: monotonic for intervals and timeouts, real time for what is written down.
public enum Reloj {
    /// Monotonic nanoseconds (never jumps; unrelated to the date).
    public static func monotonoNs() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }

    /// Real time, nanoseconds since the epoch (comparable with file times).
    public static func realNs() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}
