import PrepSistema
import PrepSpool

/// What an operator with `ls` sees in a spool: entries per phase folder and the newest corte.
/// Used by `prep demo`'s progress line and by the end-to-end test to know when a night is done.
public struct ConteoSpool: Hashable, Sendable {
    /// Drops waiting in `incoming/`, as `prep status` counts them (temp names are not drops).
    public var incoming = 0
    /// Acta folders in each phase.
    public var captured = 0, verified = 0, packaged = 0
    /// Refused drops (their `.reason` files not counted).
    public var rejected = 0
    /// Name of the corte `publish/latest` points to; nil before the first.
    public var ultimoCorte: String?
    /// Cortes under `publish/cortes/`.
    public var cortes = 0

    public init() {}

    /// Counts the spool at `raiz` now: the phases, refusals and last corte as `prep status` sees
    /// them (`EstadoSpool`), plus the number of cortes. A spool not there yet counts as empty.
    public init(raiz: String) {
        cortes = Self.cortes(raiz: raiz).count
        guard let e = try? EstadoSpool.calcular(raiz: raiz, desfaseMinutos: 0) else { return }
        incoming = e.enIncoming
        captured = e.capturadas
        verified = e.verificadas
        packaged = e.empaquetadas
        rejected = e.rechazadas
        ultimoCorte = e.ultimoCorte
    }

    /// The corte folders under `publish/cortes/`, oldest first (their names sort by SEQ).
    public static func cortes(raiz: String) -> [String] {
        ((try? Directorio.actual.listar(NombreArchivo(raiz + "/publish/cortes"))) ?? [])
            .map(\.nombre.description).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// One line: `incoming 12 · captured 3 · verified 40 · packaged 900 · rejected 8 · corte 000004_…`.
    public var linea: String {
        "incoming \(incoming) · captured \(captured) · verified \(verified) · packaged \(packaged) · rejected \(rejected)"
            + " · corte \(ultimoCorte ?? "none yet")"
    }
}
