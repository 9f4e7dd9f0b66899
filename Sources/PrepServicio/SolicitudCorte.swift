import Foundation
import PrepDominio
import PrepSistema

/// What `prep publish` asks for, beyond "a corte now": the final corte that closes the night, or a
/// corte that reopens it. Asked through a one-line file in the spool root (`corte.request`, written
/// atomically), then SIGUSR1 (or, with no daemon, the same service run once): the daemon takes the
/// file (reads and removes it) when the signal arrives. No file: an ordinary corte.
///
/// The line names the process it is meant for and until when: `final pid=4242 until=1717380000`
/// (Unix seconds). A request left behind — its daemon died before taking it, or its client was
/// killed while waiting — is foreign or stale to any later daemon, which ignores it (and says so)
/// instead of closing the night by surprise.
public enum SolicitudCorte: String, Sendable {
    case normal
    case final
    case reabrir = "reopen"

    /// The request file's name in the spool root.
    public static let archivo = "corte.request"

    /// Leaves the request for the process `pid` (the daemon, or this process when it runs the
    /// service itself), valid until `hasta` (Unix seconds). Returns the line written, which
    /// `retirar` needs.
    @discardableResult
    public func dejar(raiz: String, para pid: Int32, hasta: Int64) throws(ErrorSistema) -> String {
        let linea = "\(rawValue) pid=\(pid) until=\(hasta)\n"
        try Directorio.actual.escribirAtomico(NombreArchivo(raiz + "/" + Self.archivo), Array(linea.utf8))
        return linea
    }

    /// The daemon's answer to `prep publish`, in the spool root: `seq=N`, the number of the corte
    /// that will include everything verified when the daemon took the request (the corte after
    /// the one in flight, if any). The client waits for `latest` to reach it, not merely to move:
    /// a corte that was already being built when it asked is not its answer.
    public static let archivoRespuesta = "corte.answer"

    /// Writes the answer (atomically) for the request just taken.
    static func responder(raiz: String, seq: Int) throws(ErrorSistema) {
        try Directorio.actual.escribirAtomico(NombreArchivo(raiz + "/" + archivoRespuesta), Array("seq=\(seq)\n".utf8))
    }

    /// The seq the daemon answered, once it has (nil before).
    public static func leerRespuesta(raiz: String) -> Int? {
        guard let b = try? Directorio.actual.leer(NombreArchivo(raiz + "/" + archivoRespuesta), maximo: 64) else { return nil }
        let t = String(decoding: b, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.hasPrefix("seq=") else { return nil }
        return Int(t.dropFirst(4))
    }

    /// Removes an earlier answer before asking again.
    public static func borrarRespuesta(raiz: String) {
        try? Directorio.actual.borrarSiExiste(NombreArchivo(raiz + "/" + archivoRespuesta))
    }

    /// Removes the request a client left (`linea`, as `dejar` returned it) when nobody took it,
    /// leaving any other request alone.
    public static func retirar(raiz: String, linea: String) {
        let nombre = NombreArchivo(raiz + "/" + archivo)
        guard let b = try? Directorio.actual.leer(nombre, maximo: 256), String(decoding: b, as: UTF8.self) == linea else { return }
        try? Directorio.actual.borrarSiExiste(nombre)
    }

    /// What a process found in the request file.
    enum Toma: Equatable {
        /// No file: an ordinary corte.
        case ninguna
        /// A request for this process, in time.
        case valida(SolicitudCorte)
        /// A request not for this process or out of time: why it was ignored.
        case ignorada(String)
    }

    /// Takes the request left in `raiz` (removing it, whatever it says) for the process `pid` at
    /// `ahora` (Unix seconds).
    static func tomar(raiz: String, pid: Int32, ahora: Int64) -> Toma {
        let nombre = NombreArchivo(raiz + "/" + archivo)
        guard let b = try? Directorio.actual.leer(nombre, maximo: 256) else { return .ninguna }
        try? Directorio.actual.borrarSiExiste(nombre)
        return interpretar(String(decoding: b, as: UTF8.self), pid: pid, ahora: ahora)
    }

    /// The request line `texto` read by process `pid` at `ahora`.
    static func interpretar(_ texto: String, pid: Int32, ahora: Int64) -> Toma {
        let linea = texto.trimmingCharacters(in: .whitespacesAndNewlines)
        let partes = linea.split(separator: " ")
        var campos: [Substring: Substring] = [:]
        for p in partes.dropFirst() {
            guard let igual = p.firstIndex(of: "=") else { continue }
            campos[p[..<igual]] = p[p.index(after: igual)...]
        }
        let cita = "'\(UnaLinea.escapar(linea))'"
        guard let palabra = partes.first, let s = SolicitudCorte(rawValue: String(palabra)),
              let paraPid = campos["pid"].flatMap({ Int32($0) }), let hasta = campos["until"].flatMap({ Int64($0) }) else {
            return .ignorada("\(archivo) \(cita) is not a request prep publish writes")
        }
        guard paraPid == pid else {
            return .ignorada("\(archivo) \(cita) was left for process \(paraPid), not this daemon (pid \(pid))")
        }
        guard ahora <= hasta else {
            return .ignorada("\(archivo) \(cita) expired \(ahora - hasta) s ago (its prep publish had given up)")
        }
        return .valida(s)
    }
}
