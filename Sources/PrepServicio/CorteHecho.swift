import Foundation
import PrepDominio
import PrepPublicacion

/// One corte this process made, as its log line, the systemd status and the metrics state it.
struct CorteHecho: Sendable {
    let nombre: String
    let seq: Int
    /// Actas with a row in it (registered), and those new since the previous corte.
    let actas: Int
    let nuevas: Int
    /// From the start of the build (on the corte worker) to the corte being durable; the loop
    /// packages its actas right after.
    let duracionNs: Int64
    /// Bytes of the corte's folder (images are published once, outside it).
    let bytes: Int
    /// Its time (Unix seconds).
    let segundosUnix: Int64
    /// It closed the night (`prep publish --final`).
    let final: Bool

    init(_ c: CortePublicado, duracionNs: Int64, bytes: Int, hora: MarcaTiempo, final: Bool) {
        self.final = final
        nombre = c.nombre.description
        seq = c.nombre.seq
        actas = c.registradas
        nuevas = c.incluidas.count
        self.duracionNs = duracionNs
        self.bytes = bytes
        segundosUnix = hora.segundosUnix
    }

    /// The `corte` log line's detail.
    var descripcion: String {
        "\(nombre): seq \(seq), \(actas) actas (\(nuevas) new since the last), built in "
            + String(format: "%.2f", Double(duracionNs) / 1e9) + " s, \(bytes) bytes"
            + (final ? "; final: the night is closed, no corte until prep publish --reopen" : "")
    }
}
