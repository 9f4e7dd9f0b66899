import Dispatch
import PrepSistema
import Synchronization

/// The next batch's checks, started on the other cores while the loop executes the current batch.
///
/// A backlog's batch is two halves that use the machine differently: checking drops (reading,
/// hashing, parsing, one Ed25519 check per signed drop) is CPU on every core, while executing a
/// batch is mostly the loop's own renames and the file system's syncs. Checking the next batch
/// during those keeps the checks, signatures included, off the loop's critical path.
///
/// Nothing here decides anything: a check looks at one drop's own bytes and the rules in force,
/// never at the items, so doing it early changes no outcome. What the loop later takes from it is
/// only what the observer still holds complete and has not seen change since (`Observador`'s
/// marks), and the take confirms each drop is the very file that was checked, as for any batch.
///
/// Ownership: made, waited for and consumed by the loop thread; the work runs on a global queue
/// and touches only its own inputs (names, open folders, rules) and its result, behind a mutex.
final class RevisionAdelantada: Sendable {
    let listos: [Ubicacion]
    /// The folders opened for these drops: the loop closes them when it consumes or drops this.
    let carpetas: [NombreArchivo: Directorio]
    private let hecho = DispatchSemaphore(value: 0)
    private let resultado = Mutex<Result<[Revision], FalloSpool>?>(nil)

    init(listos: [Ubicacion], carpetas: [NombreArchivo: Directorio],
         revisar: @escaping @Sendable () -> Result<[Revision], FalloSpool>) {
        self.listos = listos
        self.carpetas = carpetas
        DispatchQueue.global().async { [self] in
            let r = revisar()
            resultado.withLock { $0 = r }
            hecho.signal()
        }
    }

    /// Waits for the checks; each drop's revision by its place (an I/O error stops the daemon,
    /// as it would have in the batch itself).
    func esperar() throws(FalloSpool) -> [Ubicacion: Revision] {
        hecho.wait()
        hecho.signal()
        let r = resultado.withLock { $0 } ?? .failure(FalloSpool("the next batch's checks ended without a result"))
        let revisiones = try r.get()
        var porUbicacion: [Ubicacion: Revision] = [:]
        porUbicacion.reserveCapacity(listos.count)
        for (u, rv) in zip(listos, revisiones) { porUbicacion[u] = rv }
        return porUbicacion
    }
}
