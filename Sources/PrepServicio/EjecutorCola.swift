import Dispatch

/// A serial dispatch queue as an actor's executor, so that the compiler checks what only that
/// queue may touch: an actor whose `unownedExecutor` is this one is isolated on the queue, and a
/// block the queue runs (`async`, `sync`) may enter it with `assumeIsolated`, which the runtime
/// checks (`checkIsolated`). (Dispatch on Linux has no `DispatchSerialQueue` executor.)
final class EjecutorCola: SerialExecutor {
    let cola: DispatchQueue

    init(_ etiqueta: String) { cola = DispatchQueue(label: etiqueta) }

    func enqueue(_ trabajo: consuming ExecutorJob) {
        let t = UnownedJob(trabajo)
        let yo = asUnownedSerialExecutor()
        cola.async { t.runSynchronously(on: yo) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    func checkIsolated() { dispatchPrecondition(condition: .onQueue(cola)) }
}
