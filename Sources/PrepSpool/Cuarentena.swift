import PrepDominio
import PrepSistema

/// An acta in quarantine: its item's files no longer match its `estado` (docs/spool.md,
/// "Quarantine"). On disk it is one file in the item folder, `PHASE/KEY/cuarentena`, written by the
/// daemon: a first line `TIME quarantine` and one line per file that differs (`NAME: how`), so an
/// operator sees it with `ls` and `cat`, `prep status` counts it and `prep show` prints it, and it
/// survives restarts. The item stays where it is; it is never published, and drops for it are
/// refused with the reason, until `prep retirar` moves it to `rejected/` (or the files are put back
/// as they were: the next check then lifts it).
public enum Cuarentena {
    /// The marker's name in the item folder.
    public static let archivo = "cuarentena"

    /// One line for the log and for refusals: `captured/KEY: NAME: how; NAME: how`.
    static func linea(_ donde: String, _ difs: [DiferenciaItem]) -> String {
        "\(donde): " + difs.map(\.description).joined(separator: "; ")
    }

    /// Writes (or replaces) the marker in the item folder `d`, durably. False when the folder
    /// cannot take it (the quarantine then lives in the log and the daemon's memory only).
    @discardableResult
    static func marcar(_ d: Directorio, _ difs: [DiferenciaItem], momento: MarcaTiempo) -> Bool {
        var t = "\(momento.rfc3339) quarantine\n"
        for x in difs { t += UnaLinea.escapar(x.description) + "\n" }
        do {
            try d.escribirAtomico(NombreArchivo(archivo), Array(t.utf8))
            try d.sincronizar()
            return true
        } catch {
            return false
        }
    }

    /// The marker's lines after the first (one per file that differs), or nil when there is none.
    public static func leer(_ d: Directorio) -> [String]? {
        guard let b = try? d.leer(NombreArchivo(archivo), maximo: 64 << 10) else { return nil }
        return Array(String(decoding: b, as: UTF8.self).split(separator: "\n").dropFirst().map(String.init))
    }

    /// Whether the item folder `d` holds a marker.
    static func hay(_ d: Directorio) -> Bool { d.existe(NombreArchivo(archivo)) }

    /// Removes the marker (the files match their record again), durably. False when it could not.
    @discardableResult
    static func levantar(_ d: Directorio) -> Bool {
        do {
            try d.borrarSiExiste(NombreArchivo(archivo))
            try d.sincronizar()
            return true
        } catch {
            return false
        }
    }

    /// `PHASE/KEY` of every item of `claves` (per phase, under the spool root `raiz`) holding a
    /// marker, sorted: one `fstatat` per item (packaged/ is not looked at: it can be 515,000 items,
    /// and its quarantine is only found when a drop arrives for one; `prep show` names it).
    static func enFases(_ raiz: Directorio, _ claves: [(Fase, [String])]) throws(ErrorSistema) -> [String] {
        var r: [String] = []
        for (f, ks) in claves where !ks.isEmpty {
            let d = try raiz.abrir(sub: NombreArchivo(f.carpeta), seguirEnlace: true)
            defer { d.cerrar() }
            for k in ks where d.existe(NombreArchivo(k + "/" + archivo)) { r.append("\(f.carpeta)/\(k)") }
        }
        return r.sorted()
    }
}
