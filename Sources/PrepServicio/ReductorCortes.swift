import Dispatch
import PrepDominio
import PrepPublicacion
import PrepSistema
import Synchronization

/// Retention's own thread: after each durable corte the corte worker hands it `keep_cortes` in
/// force (`ConstructorCortes.retencion`), and it reduces the older cortes (`RetencionCortes`) on
/// its own serial queue. Reducing a national corte takes 7–14 s (mostly unlinking its site's
/// 6,000 files); on the corte worker that delayed the next corte by as much.
///
/// - One pass at a time (a serial queue). A pass asked for while one runs is made after it; several
///   asked for meanwhile are one pass, with the newest `keep_cortes` and time.
/// - Never in the way of a corte: a pass leaves alone the newest corte and the one `latest` names,
///   and only cortes at least `keep_cortes` (≥ 2) older than the newest it saw. Cortes only get newer
///   while it runs, and the corte worker reads only the newest one (its hash for the chain is in
///   memory; its files are what the next corte links and its CSV rows what it copies).
/// - Crash-safe as `RetencionCortes` is: the `RETENCION` marker is durable before anything goes,
///   and the next pass (after the next start's first corte) finishes an interrupted reduction.
/// - At the end of `--once`, `terminar` waits for the pass in hand and the one asked for, each
///   bounded by `RetencionCortes.presupuestoSegundos`: a run that ends by itself reduces what it
///   asked for. At a stop (a signal, or an error), it abandons them: the pass in hand stops before
///   its next file and none is started. A national reduction unlinks 6,000 files (7–14 s on a
///   busy disk, up to a pass's budget of 30 s, twice), and a stop that waited for it would delay
///   the standby's takeover and systemd's restart by as much; a reduction cut short is left as a
///   crash leaves one, which the next pass finishes.
///
/// What each pass did waits in `tomarTerminadas()` for the loop, which logs it and counts it for
/// the metrics; `avisar` wakes the loop (the corte worker's descriptor).
final class ReductorCortes: Sendable {
    private let cola = DispatchQueue(label: "prep.retencion")
    /// The pass asked for and not yet started.
    private let pedido = Mutex<(retencion: RetencionCortes, ahora: MarcaTiempo)?>(nil)
    /// Finished passes, until the loop takes them.
    private let terminadas = Mutex<[RetencionCortes.Resultado]>([])
    private let avisar: @Sendable () -> Void
    /// Told each corte before it is reduced, on this queue (tests hold a reduction there).
    private let antesDeReducir: @Sendable (NombreCorte) -> Void
    /// Set by a stop: the pass in hand stops at its next file, and none is started.
    private let abandonada = Atomic<Bool>(false)

    init(avisar: @escaping @Sendable () -> Void, antesDeReducir: @escaping @Sendable (NombreCorte) -> Void = { _ in }) {
        self.avisar = avisar
        self.antesDeReducir = antesDeReducir
    }

    /// Asks for a pass after the work in hand (the corte just made is durable and `latest`).
    func reducir(_ retencion: RetencionCortes, ahora: MarcaTiempo) {
        let lanzar = pedido.withLock { p in
            defer { p = (retencion, ahora) }
            return p == nil
        }
        guard lanzar else { return }
        cola.async { [self] in
            guard let (retencion, ahora) = pedido.withLock({ p in
                defer { p = nil }
                return p
            }), !abandonada.load(ordering: .relaxed) else { return }
            let r = retencion.aplicar(ahora: ahora, antesDeReducir: antesDeReducir) { !abandonada.load(ordering: .relaxed) }
            terminadas.withLock { $0.append(r) }
            avisar()
        }
    }

    /// The passes finished since the last call, oldest first.
    func tomarTerminadas() -> [RetencionCortes.Resultado] {
        terminadas.withLock { t in
            defer { t = [] }
            return t
        }
    }

    /// Waits until every pass asked for so far is done, or (`abandonar`) cut short.
    func terminar(abandonar: Bool) {
        if abandonar { abandonada.store(true, ordering: .relaxed) }
        cola.sync {}
    }

    /// Whether a stop asked the passes to end (a test waits for it before letting a held pass go).
    var abandonando: Bool { abandonada.load(ordering: .relaxed) }
}
