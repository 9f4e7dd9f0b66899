import CSistema
import Glibc

/// The machine and the process's heap, as the corte publisher and verifier need them.
public enum Maquina {
    /// Processors online (at least 1).
    public static var procesadores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The memory page size in bytes (`/proc/self/statm` counts pages).
    public static var tamanoPagina: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

    /// `sync(2)`: every file system's dirty data to disk (benchmarks start from a quiet disk).
    public static func sincronizarDiscos() { sync() }

    /// `malloc_trim(0)`: gives freed heap memory back to the kernel after a big transient load
    /// (a national catálogo, a corte read back), so the daemon's resident size is what it holds.
    public static func devolverMemoriaLibre() {
        _ = csistema_malloc_trim()
    }

    /// The host's name (`uname -n`, what `hostname` prints): the site that signs a corte, named in
    /// its manifest. Empty when the kernel gives none.
    public static var nombreHost: String {
        var u = utsname()
        guard uname(&u) == 0 else { return "" }
        return withUnsafeBytes(of: &u.nodename) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// This process's id.
    public static var pid: Int32 { getpid() }

    /// Sends `senal` to the process `pid` (`kill(2)`).
    public static func senalar(_ pid: Int32, _ senal: Senal) throws(Errno) {
        guard kill(pid, senal.numero) == 0 else { throw Errno.actual }
    }
}
