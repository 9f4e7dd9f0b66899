import CSistema
import Dispatch
import Glibc
import Synchronization

/// Threads of the daemon's own for work it hands off and collects later: early checks at a lower
/// scheduling priority (`cortesia`), so the daemon's loop thread, which alone makes every commit,
/// keeps its core and they take what is left; and, at the loop's own priority, the take's checks,
/// which run on another core while the loop goes on renaming.
///
/// Why not Dispatch: its global worker threads run at the process's own priority, so work queued
/// ahead competes on equal terms with the loop it is meant to feed (on two cores, two checking
/// threads take two thirds of the loop's core, and the loop, the real bottleneck, slows down by
/// as much as the checks gain); and `concurrentPerform` cannot be started now and collected
/// later. A thread's nice value is per thread on Linux (`setpriority` with its thread id), and
/// raising it needs no privilege.
///
/// Nothing here can hold the loop up for longer than doing the work itself: `Encargo.esperar`
/// claims the indices no thread has started and runs them on the caller, at the caller's priority.
/// Jobs are taken oldest first. Threads are started when work arrives (up to `maximo`) and end
/// after two idle seconds.
///
/// Ownership: each thread runs only claimed indices of the jobs given here, each index exactly
/// once; the list of jobs and the live count are behind one mutex.
public final class HilosTrabajo: Sendable {
    /// Most threads at once.
    public let maximo: Int
    /// How much nicer than the caller's thread they run (nice values, capped at 19).
    let cortesia: Int32
    private let estado = Mutex<EstadoHilos>(EstadoHilos())
    private let aviso = DispatchSemaphore(value: 0)

    private struct EstadoHilos {
        var encargos: [any Reclamable] = []
        var vivos = 0
    }

    public init(maximo: Int = Maquina.procesadores, cortesia: Int32) {
        self.maximo = max(1, maximo)
        self.cortesia = cortesia
    }

    /// `trabajo(0..<n)` begun on these threads at once (after the jobs given before it);
    /// `esperar()` on the result gives the results in index order.
    public func encargar<R: Sendable>(_ n: Int, _ trabajo: @escaping @Sendable (Int) -> R) -> Encargo<R> {
        let e = Encargo(n: n, trabajo: trabajo)
        guard n > 0 else { return e }
        let nice = min(19, HilosTrabajo.niceActual() + cortesia)
        let nuevos = estado.withLock { s -> Int in
            s.encargos.append(e)
            let k = max(0, min(maximo, n) - s.vivos)
            s.vivos += k
            return k
        }
        for _ in 0..<nuevos where !arrancar(nice: nice) {
            // No thread: the job is still done, by whoever waits for it.
            estado.withLock { $0.vivos -= 1 }
        }
        for _ in 0..<min(maximo, n) { aviso.signal() }
        return e
    }

    /// Threads alive now (for tests).
    public var vivos: Int { estado.withLock { $0.vivos } }

    private func arrancar(nice: Int32) -> Bool {
        Hilo.lanzar(unible: false) { [self] in bucle(nice: nice) } != nil
    }

    /// One thread's life: lower its priority, then run the oldest job's unclaimed indices until
    /// none is left; end after two idle seconds.
    private func bucle(nice: Int32) {
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(csistema_gettid()), nice)
        while true {
            if let e = estado.withLock({ $0.encargos.first }) {
                while e.hacerUno() {}
                estado.withLock { s in
                    if let i = s.encargos.firstIndex(where: { $0 === e }) { s.encargos.remove(at: i) }
                }
                continue
            }
            if aviso.wait(timeout: .now() + .seconds(2)) == .timedOut {
                let salir = estado.withLock { s -> Bool in
                    guard s.encargos.isEmpty else { return false }
                    s.vivos -= 1
                    return true
                }
                if salir { return }
            }
        }
    }

    /// This thread's nice value (0 when it cannot be read).
    static func niceActual() -> Int32 {
        errno = 0
        let p = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(csistema_gettid()))
        return errno == 0 ? p : 0
    }
}

/// A job whose indices threads claim one at a time.
protocol Reclamable: AnyObject, Sendable {
    /// Claims the next index and runs it; false when none was left to claim.
    func hacerUno() -> Bool
}

/// `trabajo(0..<n)` under way on `HilosTrabajo`: every index runs exactly once, on whichever
/// thread claims it first, the one that waits included.
public final class Encargo<R: Sendable>: Reclamable, @unchecked Sendable {
    // @unchecked: `salida` is written at index i only by the one thread that claimed i, and read
    // only after `hechos` reached n (each increment is sequentially consistent, after its write).
    public let n: Int
    private let trabajo: @Sendable (Int) -> R
    private let siguiente = Atomic<Int>(0)
    private let hechos = Atomic<Int>(0)
    /// How many must be done for `fin` to be signalled: n, or what was begun when abandoned.
    private let objetivo: Atomic<Int>
    private let salida: UnsafeMutableBufferPointer<R?>
    private let fin = DispatchSemaphore(value: 0)

    init(n: Int, trabajo: @escaping @Sendable (Int) -> R) {
        self.n = n
        self.trabajo = trabajo
        objetivo = Atomic(n)
        salida = .allocate(capacity: max(n, 1))
        salida.initialize(repeating: nil)
    }

    deinit {
        salida.deinitialize()
        salida.deallocate()
    }

    func hacerUno() -> Bool {
        let i = siguiente.add(1, ordering: .relaxed).oldValue
        guard i < n else { return false }
        salida[i] = trabajo(i)
        if hechos.add(1, ordering: .sequentiallyConsistent).newValue == objetivo.load(ordering: .sequentiallyConsistent) {
            fin.signal()
        }
        return true
    }

    /// Gives up the indices no thread has begun and waits only for those under way, whose results
    /// are dropped: a job no longer wanted (early checks dropped at a stop or a reload) is not run
    /// to its end on the caller. Call it instead of `esperar`, once.
    public func abandonar() {
        let empezados = min(n, siguiente.exchange(n, ordering: .sequentiallyConsistent))
        objetivo.store(empezados, ordering: .sequentiallyConsistent)
        if hechos.load(ordering: .sequentiallyConsistent) < empezados { fin.wait() }
    }

    /// Runs what no thread has claimed yet on the caller, waits for the rest, and gives the
    /// results in index order (again, at once, on a later call).
    public func esperar() -> [R] {
        while hacerUno() {}
        if n > 0, hechos.load(ordering: .sequentiallyConsistent) < n { fin.wait() }
        return salida.prefix(n).compactMap { $0 }
    }
}
