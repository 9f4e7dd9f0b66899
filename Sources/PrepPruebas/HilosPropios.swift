import Foundation
import Testing

/// Runs a test on a thread of a small pool of its own instead of on one of Swift concurrency's
/// cooperative threads.
///
/// Swift Testing calls a synchronous test body on the cooperative pool, which has one thread per
/// core. A test that drives the real daemon spends most of its time blocked — waiting for a log
/// line, a file, a subprocess — and while it blocks, its core's thread runs nothing else: on a
/// two-core machine the whole suite ran two tests at a time, mostly waiting. Tests with this
/// trait block a thread of `HilosPruebas.compartido` instead (a task executor preference keeps
/// them in their own task, so `#expect` still records against them), and the cooperative threads
/// go on with the in-process tests. The pool is small so that the daemons' own work is not
/// starved: timing-sensitive tests still run among a bounded number of others.
///
/// The pool takes waiting tests in the order they come, and Swift Testing starts every test at
/// once: a long test that happens to come last ends the run alone. `primero` puts a suite's
/// tests ahead of the others (a child task of high priority, which the pool takes first).
public struct EnHiloPropio: SuiteTrait, TestTrait, TestScoping {
    let primero: Bool
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        // Only a test case runs a body; a suite's or a function's own scope only waits for them.
        guard testCase != nil else { return try await function() }
        guard primero else {
            return try await withTaskExecutorPreference(HilosPruebas.compartido) { try await function() }
        }
        // The child ends before this scope does (the group waits for it).
        try await withoutActuallyEscaping(function) { cuerpo in
            try await withThrowingTaskGroup(of: Void.self) { grupo in
                grupo.addTask(executorPreference: HilosPruebas.compartido, priority: .high) { try await cuerpo() }
                try await grupo.waitForAll()
            }
        }
    }
}

extension Trait where Self == EnHiloPropio {
    /// Run on a thread of the tests' own pool (tests that block waiting on other processes).
    public static var enHiloPropio: Self { EnHiloPropio(primero: false) }

    /// The same, taken before the others waiting for a thread: for the suite's longest tests.
    public static var enHiloPropioPrimero: Self { EnHiloPropio(primero: true) }
}

/// A task executor with a fixed number of threads of its own, taking jobs in the order they
/// come: blocking a thread here never blocks the cooperative pool.
public final class HilosPruebas: TaskExecutor, @unchecked Sendable {
    /// The tests' pool: four threads (two per core on the two-core machines the suite runs on,
    /// and never fewer than four), enough to overlap waiting tests without starving the daemons.
    public static let compartido = HilosPruebas(hilos: max(4, 2 * ProcessInfo.processInfo.activeProcessorCount))

    private let condicion = NSCondition()
    private var trabajos: [(trabajo: UnownedJob, prioridad: UInt8)] = []

    init(hilos: Int) {
        for _ in 0..<hilos {
            let hilo = Thread { [unowned self] in self.trabajar() }
            hilo.name = "prep-pruebas"
            hilo.start()
        }
    }

    /// Jobs in order of priority, then of arrival.
    public func enqueue(_ job: consuming ExecutorJob) {
        let prioridad = job.priority.rawValue
        let trabajo = UnownedJob(job)
        condicion.lock()
        let i = trabajos.firstIndex { $0.prioridad < prioridad } ?? trabajos.endIndex
        trabajos.insert((trabajo, prioridad), at: i)
        condicion.signal()
        condicion.unlock()
    }

    private func trabajar() {
        while true {
            condicion.lock()
            while trabajos.isEmpty { condicion.wait() }
            let trabajo = trabajos.removeFirst().trabajo
            condicion.unlock()
            trabajo.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
