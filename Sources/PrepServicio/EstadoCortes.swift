import PrepDominio
import PrepPublicacion

/// What the loop knows of the corte builder: its state after the last complete corte, read on
/// the corte worker (after each corte; at start, before the worker has it) and sent back with
/// the corte. The loop never reads the builder itself, so it never asks while a corte is built.
struct EstadoCortes: Sendable {
    /// The last complete corte's seq (0 before the first).
    let seq: Int
    /// Its time (nil before the first): a corte is due for `--once` when it is `corte_interval` old.
    let hora: MarcaTiempo?
    /// It is final (`prep publish --final`): the night is closed until a corte reopens it.
    let cerrada: Bool

    init(_ c: ConstructorCortes) {
        seq = c.ultimoSeq
        hora = c.ultimoCorte
        cerrada = c.cerrada
    }
}
