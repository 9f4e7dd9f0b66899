import Dispatch
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
/// Threads: a concurrent queue made for each call. A queue the program makes targets Dispatch's
/// overcommit pool, which gives a blocked block's successor a new thread, so N fsyncs wait at
/// the same time; `concurrentPerform` (`enParalelo`) would run one per core. The call returns only
/// when every fsync has returned, whatever their results.
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
        guard objetivos.count > 1 else {
            for o in objetivos { try o.sincronizar() }
            return
        }
        let fallos = UnsafeMutableBufferPointer<ErrorSistema?>.allocate(capacity: objetivos.count)
        fallos.initialize(repeating: nil)
        defer { fallos.deinitialize(); fallos.deallocate() }
        // Each block writes only its own slot, and the group's wait orders those writes before
        // the reads below.
        nonisolated(unsafe) let f = fallos
        let cola = DispatchQueue(label: "prep.fsync", attributes: .concurrent)
        let grupo = DispatchGroup()
        for (i, o) in objetivos.enumerated() {
            cola.async(group: grupo) {
                do throws(ErrorSistema) { try o.sincronizar() } catch { f[i] = error }
            }
        }
        grupo.wait()
        for case let e? in fallos { throw e }
    }
}
