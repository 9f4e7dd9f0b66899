import Foundation
import Dispatch
import Glibc
import Synchronization
import Testing
@testable import PrepSistema

/// The daemon's own worker threads (`HilosTrabajo`): every index exactly once, results in
/// order, below the caller's priority, never holding a waiter up, and gone when idle.
@Suite struct HilosTrabajoTests {
    /// Polls `condicion` every 5 ms for at most 10 s (a state to reach, not a guessed delay).
    func hasta(_ condicion: () -> Bool) -> Bool {
        for _ in 0..<2000 {
            if condicion() { return true }
            usleep(5000)
        }
        return condicion()
    }

    @Test func cadaIndiceUnaVezYEnOrden() {
        let fondo = HilosTrabajo(maximo: 3, cortesia: 10)
        let veces = Mutex<[Int: Int]>([:])
        let e = fondo.encargar(5000) { i -> Int in
            veces.withLock { $0[i, default: 0] += 1 }
            return i * i
        }
        #expect(e.esperar() == (0..<5000).map { $0 * $0 })
        #expect(veces.withLock { $0.count == 5000 && $0.values.allSatisfy { $0 == 1 } })
        #expect(fondo.encargar(0) { $0 }.esperar().isEmpty)
    }

    /// Indices the threads ran themselves ran nicer than the caller (10 more, capped at 19).
    @Test func losHilosCorrenMasAmables() {
        let fondo = HilosTrabajo(maximo: 2, cortesia: 10)
        let mio = HilosTrabajo.niceActual()
        let vistos = Mutex<[Int32]>([])
        let e = fondo.encargar(4) { _ in vistos.withLock { $0.append(HilosTrabajo.niceActual()) } }
        // Not waited for yet: every index is run by a background thread.
        #expect(hasta { vistos.withLock { $0.count } == 4 })
        _ = e.esperar()
        #expect(vistos.withLock { $0 } == Array(repeating: min(19, mio + 10), count: 4))
    }

    /// A waiter is never held up behind other work: with every thread busy on a job that cannot
    /// end yet, a second job's `esperar` runs all of it on the caller and returns.
    @Test func quienEsperaHaceLoQueFalta() {
        let fondo = HilosTrabajo(maximo: 2, cortesia: 10)
        let suelta = DispatchSemaphore(value: 0)
        let ocupados = Atomic<Int>(0)
        let bloqueado = fondo.encargar(2) { _ in
            ocupados.add(1, ordering: .relaxed)
            suelta.wait()
        }
        #expect(hasta { ocupados.load(ordering: .relaxed) == 2 })
        let e = fondo.encargar(100) { $0 + 1 }
        #expect(e.esperar() == Array(1...100))
        suelta.signal()
        suelta.signal()
        _ = bloqueado.esperar()
    }

    /// A job abandoned runs no index not begun yet, and waits for those under way.
    @Test func abandonarNoHaceLoQueFalta() {
        let fondo = HilosTrabajo(maximo: 2, cortesia: 10)
        let suelta = DispatchSemaphore(value: 0)
        let empezados = Atomic<Int>(0)
        let terminados = Atomic<Int>(0)
        let e = fondo.encargar(1000) { _ in
            empezados.add(1, ordering: .relaxed)
            suelta.wait()
            terminados.add(1, ordering: .relaxed)
        }
        #expect(hasta { empezados.load(ordering: .relaxed) == 2 })
        let abandonado = Atomic<Bool>(false)
        let hecho = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            e.abandonar()
            abandonado.store(true, ordering: .relaxed)
            hecho.signal()
        }
        // It waits for the two under way...
        usleep(50_000)
        let antes = abandonado.load(ordering: .relaxed)
        #expect(!antes)
        suelta.signal()
        suelta.signal()
        hecho.wait()
        // ...and nothing else was begun.
        #expect(terminados.load(ordering: .relaxed) == 2)
        #expect(empezados.load(ordering: .relaxed) == 2)
    }

    /// Threads end after two idle seconds, and come back with the next job.
    @Test func sinTrabajoLosHilosTerminan() {
        let fondo = HilosTrabajo(maximo: 2, cortesia: 10)
        _ = fondo.encargar(10) { $0 }.esperar()
        #expect(hasta { fondo.vivos == 0 })
        let e = fondo.encargar(10) { $0 * 2 }
        #expect(e.esperar() == (0..<10).map { $0 * 2 })
    }
}
