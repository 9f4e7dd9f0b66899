import Glibc

/// fsync of several files and folders at once, each on its own thread, so that the file system's
/// journal makes them durable together.
///
/// A journaling file system (ext4's jbd2) commits every change of its running transaction at
/// once. fsyncs issued one after another each wait for a commit, or for a device cache flush, of
/// their own: a few milliseconds each on an idle disk, tens while a corte writes its files.
/// Issued together they share one. On the development machine, eight new files took 30–36 ms
/// fsynced in turn and 2.7–5.2 ms fsynced together (BENCHMARKS.md, "fsyncs together").
///
/// Threads: one made for each target but the first, which the caller's thread fsyncs itself, all
/// joined before the call returns. An fsync waits in the kernel, not on a core, so what counts is
/// that every one is waiting at once; a Dispatch queue (as this was first written) ran about as
/// many at a time as there are cores, and `strace` showed ten fsyncs issued two or three at a time.
public enum SincronizacionConjunta {
    /// Something to make durable: `nombre` inside `carpeta` (a file or a subfolder, opened without
    /// following a symbolic link), or with no name the folder itself (its entries).
    public struct Objetivo: Sendable {
        public let carpeta: Directorio
        public let nombre: NombreArchivo?

        public init(_ carpeta: Directorio, _ nombre: NombreArchivo? = nil) {
            self.carpeta = carpeta
            self.nombre = nombre
        }

        var ruta: String { nombre.map { carpeta.rutaDe($0) } ?? carpeta.ruta }

        /// Opens (when named), fsyncs, closes. A failure is final, as for any fsync.
        func sincronizar() throws(ErrorSistema) {
            guard let nombre else { return try carpeta.sincronizar() }
            let f = try carpeta.abrirLectura(nombre)
            try f.cerrarDespues(ruta: ruta) { f throws(ErrorSistema) in try f.sincronizar(ruta: ruta) }
        }
    }

    /// Makes every `objetivo` durable; the first failure in the list's order is thrown once all
    /// have returned (the caller stops: nothing is retried after a failed fsync).
    public static func sincronizar(_ objetivos: [Objetivo]) throws(ErrorSistema) {
        guard let primero = objetivos.first else { return }
        let otros = objetivos.dropFirst().map(Fsync.init)
        var hilos: [pthread_t] = []
        hilos.reserveCapacity(otros.count)
        for f in otros {
            // A thread that cannot be made (the process's limit): its fsync runs here, in turn.
            if let h = Hilo.lanzar(unible: true, f.hacer) { hilos.append(h) } else { f.hacer() }
        }
        var fallo: ErrorSistema?
        do { try primero.sincronizar() } catch { fallo = error }
        for h in hilos { pthread_join(h, nil) }
        if let fallo { throw fallo }
        for case let e? in otros.map(\.fallo) { throw e }
    }

    /// One target's fsync on a thread of its own, and its failure.
    ///
    /// `@unchecked Sendable`: `fallo` is written only by the thread that runs `hacer`, and read
    /// only after `pthread_join` on that thread (or on the thread that ran `hacer` itself).
    private final class Fsync: @unchecked Sendable {
        let objetivo: Objetivo
        var fallo: ErrorSistema?

        init(_ objetivo: Objetivo) { self.objetivo = objetivo }

        @Sendable func hacer() {
            do throws(ErrorSistema) { try objetivo.sincronizar() } catch { fallo = error }
        }
    }
}
