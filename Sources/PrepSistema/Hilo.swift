import Glibc

/// A POSIX thread of the daemon's own, for what Dispatch's pools do not give: a thread whose nice
/// value is set apart from the others (`HilosTrabajo`), or one per blocking call, all waiting at
/// once (`SincronizacionConjunta`). The one place a thread is made.
enum Hilo {
    /// Starts `cuerpo` on a new thread: joinable when `unible` (the caller must `pthread_join`
    /// it), detached otherwise. Nil when no thread can be made (the process's limit), and
    /// `cuerpo` is then not run.
    static func lanzar(unible: Bool, _ cuerpo: @escaping @Sendable () -> Void) -> pthread_t? {
        let caja = Unmanaged.passRetained(Caja(cuerpo))
        var hilo = pthread_t()
        var atributos = pthread_attr_t()
        pthread_attr_init(&atributos)
        defer { pthread_attr_destroy(&atributos) }
        if !unible { pthread_attr_setdetachstate(&atributos, Int32(PTHREAD_CREATE_DETACHED)) }
        let r = pthread_create(&hilo, &atributos, { p in
            guard let p else { return nil }
            Unmanaged<Caja>.fromOpaque(p).takeRetainedValue().cuerpo()
            return nil
        }, caja.toOpaque())
        guard r == 0 else {
            caja.release()
            return nil
        }
        return hilo
    }

    /// The body, carried through `pthread_create`'s one pointer.
    private final class Caja: Sendable {
        let cuerpo: @Sendable () -> Void
        init(_ cuerpo: @escaping @Sendable () -> Void) { self.cuerpo = cuerpo }
    }
}
