import Foundation
import PrepSistema

/// What `prep publish` asks for, beyond "a corte now": the final corte that closes the night, or a
/// corte that reopens it. Asked through a one-word file in the spool root (`corte.request`, written
/// atomically), then SIGUSR1 (or, with no daemon, the same service run once): the daemon takes the
/// file (reads and removes it) when the signal arrives. No file: an ordinary corte.
public enum SolicitudCorte: String, Sendable {
    case normal
    case final
    case reabrir = "reopen"

    /// The request file's name in the spool root.
    public static let archivo = "corte.request"

    /// Leaves the request for the daemon (or the service run that follows).
    public func dejar(raiz: String) throws(ErrorSistema) {
        try Directorio.actual.escribirAtomico(NombreArchivo(raiz + "/" + Self.archivo), Array((rawValue + "\n").utf8))
    }

    /// Takes the request left in `raiz` (removing it); `.normal` when there is none or it is unreadable.
    static func tomar(raiz: String) -> SolicitudCorte {
        let nombre = NombreArchivo(raiz + "/" + archivo)
        guard let b = try? Directorio.actual.leer(nombre, maximo: 64) else { return .normal }
        try? Directorio.actual.borrarSiExiste(nombre)
        return SolicitudCorte(rawValue: String(decoding: b, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? .normal
    }
}
