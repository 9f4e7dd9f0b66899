import PrepSistema

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
/// Ownership: made, waited for and consumed by the loop thread; the work runs on the reception's
/// background threads (`HilosTrabajo`: lower priority, so the checks take the cores the loop
/// leaves and never slow the loop, the one thread every commit waits for) and touches only its
/// own inputs (names, open folders, rules) and its result. A second one queued behind the first
/// keeps them busy while the loop commits a batch and plans the next.
final class RevisionAdelantada: Sendable {
    let listos: [Ubicacion]
    /// The folders opened for these drops: the loop closes them when it consumes or drops this.
    let carpetas: [NombreArchivo: Directorio]
    /// The observer's mark when these drops were chosen (`Observador.marcar`): a drop changed
    /// since is checked again in its batch.
    let marca: Int
    private let encargo: Encargo<Result<Revision, FalloLectura>>

    init(listos: [Ubicacion], carpetas: [NombreArchivo: Directorio], marca: Int,
         encargo: Encargo<Result<Revision, FalloLectura>>) {
        self.listos = listos
        self.carpetas = carpetas
        self.marca = marca
        self.encargo = encargo
    }

    /// Drops the checks: those not begun are never made, and only those under way are waited for.
    func abandonar() {
        encargo.abandonar()
    }

    /// Waits for the checks (running on the loop those not begun yet); each drop's revision by
    /// its place (an I/O error stops the daemon, as it would have in the batch itself).
    func esperar() throws(FalloSpool) -> [Ubicacion: Revision] {
        let revisiones = try Recepcion.reunir(encargo.esperar()).get()
        var porUbicacion: [Ubicacion: Revision] = [:]
        porUbicacion.reserveCapacity(listos.count)
        for (u, rv) in zip(listos, revisiones) { porUbicacion[u] = rv }
        return porUbicacion
    }
}
