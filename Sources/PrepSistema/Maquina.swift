import CSistema
import Glibc

/// The machine and the process's heap, as the corte publisher and verifier need them.
public enum Maquina {
    /// Processors online (at least 1).
    public static var procesadores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `malloc_trim(0)`: gives freed heap memory back to the kernel after a big transient load
    /// (a national catálogo, a corte read back), so the daemon's resident size is what it holds.
    public static func devolverMemoriaLibre() {
        _ = csistema_malloc_trim()
    }
}
