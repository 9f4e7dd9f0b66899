/// How a writer puts a file in the spool (SPEC §4).
public enum ModoEscritura: Hashable, Sendable {
    /// Written whole under `NAME.part`, then renamed to NAME.
    case renombrarParte
    /// Written whole under `.NAME.XXXXXX` (rsync's habit), then renamed to NAME.
    case renombrarOculto
    /// Opened under its final name and written in a few chunks with short pauses, as a scanner
    /// writing to a network share does; the daemon takes it once it has settled.
    case enSitio
}

/// Why a bad drop is bad: each must end in `rejected/` with its reason (or, for a temp name
/// left behind, stay ignored in `incoming/`).
public enum MotivoMala: String, CaseIterable, Hashable, Sendable {
    case nombreDesconocido = "unknown name"
    case operadorInvalido = "operator name outside [a-z0-9_-]{1,32}"
    case jsonRoto = "truncated JSON"
    case actaEquivocada = "JSON names another acta"
    case operadorDistinto = "JSON names another operator"
    case columnaFaltante = "capture lacks a vote column"
    case columnaDesconocida = "capture has an unknown column"
    case cifraNegativa = "negative figure"
    case noEsImagen = "text under an image extension"
    case vacio = "empty image"
    case causaDesconocida = "sin acta with an unknown cause"
    /// Not refused: ignored, and left in `incoming/`.
    case temporalAbandonado = "temp name never renamed"
}

/// One file the night drops into `incoming/`.
public struct Entrega: Sendable {
    public enum Tipo: Hashable, Sendable {
        /// PREP Casilla photo of `plan.actas[i]`.
        case foto(Int)
        /// CATD scan of `plan.actas[i]`.
        case escaneo(Int)
        /// Capture number `n` (0, 1, 2) of `plan.actas[i]`.
        case captura(Int, Int)
        case sinActa(Int)
        /// A bad drop; its bytes are in `plan.contenidoMalas[k]`.
        case mala(MotivoMala, Int)
    }

    /// First-level folder under `incoming/` (`casilla-05`, `catd-05`, `captura-05`), "" for the top.
    public let carpeta: String
    public let nombre: String
    /// When, as a fraction of the night (0 … 1).
    public let instante: Double
    public let modo: ModoEscritura
    public let tipo: Tipo

    /// Path relative to `incoming/`.
    public var ruta: String { carpeta.isEmpty ? nombre : carpeta + "/" + nombre }
}
