import Dispatch

/// `trabajo(0..<n)` on every core (serially below `minimo`, where starting threads costs more
/// than it saves), results in index order. Each index is written by exactly one worker, so the
/// shared buffer needs no lock.
public func enParalelo<R: Sendable>(_ n: Int, minimo: Int, _ trabajo: @escaping @Sendable (Int) -> R) -> [R] {
    let salida = UnsafeMutableBufferPointer<R?>.allocate(capacity: n)
    salida.initialize(repeating: nil)
    defer { salida.deinitialize(); salida.deallocate() }
    nonisolated(unsafe) let s = salida
    let uno: @Sendable (Int) -> Void = { i in s[i] = trabajo(i) }
    if n < minimo {
        for i in 0..<n { uno(i) }
    } else {
        DispatchQueue.concurrentPerform(iterations: n, execute: uno)
    }
    return salida.compactMap { $0 }
}
