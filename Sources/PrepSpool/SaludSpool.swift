import PrepDominio
import PrepSistema

/// The last corte as its manifest states it (`publish/latest/manifest.json`), for `prep status`.
public struct UltimoCorte: Sendable {
    public let nombre: String
    public let hora: MarcaTiempo
    public let intervaloSegundos: Int
    /// A final corte (`prep publish --final`): the night is closed, it never expires.
    public let final: Bool

    /// When the next corte is due (nil after a final corte).
    public var proxima: MarcaTiempo? {
        final ? nil : MarcaTiempo(segundosUnix: hora.segundosUnix + Int64(intervaloSegundos), desfaseMinutos: hora.desfaseMinutos)
    }

    /// The corte `publish/latest` names in the spool at `raiz`; nil when none or unreadable.
    public static func delSpool(_ raiz: String) -> UltimoCorte? {
        guard let p = try? Directorio.abrir(raiz + "/" + Disposicion.publish) else { return nil }
        defer { p.cerrar() }
        guard let destino = try? p.leerEnlace("latest"), let nombre = destino.split(separator: "/").last else { return nil }
        return leer(p, String(nombre))
    }

    /// Reads `manifest.json` of the corte `nombre` in `publish/cortes/`; nil when unreadable.
    static func leer(_ publish: Directorio, _ nombre: String) -> UltimoCorte? {
        guard let b = try? publish.leer(NombreArchivo("cortes/\(nombre)/manifest.json"), maximo: 1 << 20),
              case .success(let m) = LectorJSON.leer(b), let t = m["corte"]?.comoTexto, let hora = MarcaTiempo(rfc3339: t),
              let intervalo = m["interval_seconds"]?.comoEntero else { return nil }
        return UltimoCorte(nombre: nombre, hora: hora, intervaloSegundos: intervalo, final: m["final"] == .booleano(true))
    }
}

/// `prep status --check`: ok, warning or critical (exit 0, 1, 2), with every reason, for a
/// monitoring probe (Nagios/Icinga conventions).
public struct SaludSpool: Sendable {
    public enum Nivel: Int32, Sendable, Comparable {
        case ok = 0, advertencia = 1, critico = 2
        public static func < (a: Nivel, b: Nivel) -> Bool { a.rawValue < b.rawValue }
        var nombre: String { ["OK", "WARNING", "CRITICAL"][Int(rawValue)] }
    }

    public private(set) var nivel = Nivel.ok
    public private(set) var razones: [String] = []

    private mutating func anotar(_ n: Nivel, _ r: String) {
        nivel = max(nivel, n)
        razones.append(r)
    }

    /// Critical: no daemon holds the spool (unless a final corte closed the night), no corte, the
    /// last corte past its expiry (3 × interval: readers see it as out of date), or an acta verified
    /// for more than 2 intervals and still not published (drops stuck before the corte). Warning:
    /// the last corte overdue (interval + 60 s), an acta in quarantine, a drop or captured acta
    /// waiting more than `maxEsperaSegundos`, or an entry in a phase folder that is not an acta.
    /// The disk: room for fewer than `DiscoPublicacion.cortesAviso` more cortes the size of the
    /// last is a warning, fewer than `cortesCritico` critical.
    public init(_ e: EstadoSpool, maxEsperaSegundos: Int64) {
        let cerrada = e.ultimo?.final ?? false
        if e.duenoPid == nil, !cerrada { anotar(.critico, "no prep daemon holds the spool") }
        if let u = e.ultimo {
            let edad = e.ahoraUnix - u.hora.segundosUnix
            let intervalo = Int64(u.intervaloSegundos)
            if !u.final {
                if edad > 3 * intervalo {
                    anotar(.critico, "last corte \(u.nombre) is \(EstadoSpool.duracion(edad)) old: expired (3 × corte_interval)")
                } else if edad > intervalo + 60 {
                    anotar(.advertencia, "last corte \(u.nombre) is \(EstadoSpool.duracion(edad)) old: overdue (corte_interval \(EstadoSpool.duracion(intervalo)))")
                }
            }
            if let v = e.verificadaMasAntigua, e.ahoraUnix - v.1.segundosUnix > 2 * intervalo + 60, !u.final {
                anotar(.critico, "\(v.0) verified \(EstadoSpool.duracion(e.ahoraUnix - v.1.segundosUnix)) ago and not yet in a corte: drops stuck")
            }
        } else {
            anotar(.critico, "no corte published yet")
        }
        if !e.inesperadas.isEmpty {
            anotar(.advertencia, "\(e.inesperadas.count) unexpected entries in the phase folders (not actas): "
                   + e.inesperadas.prefix(5).joined(separator: ", ") + (e.inesperadas.count > 5 ? ", …" : ""))
        }
        if !e.cuarentena.isEmpty {
            anotar(.advertencia, "\(e.cuarentena.count) actas in quarantine (\(e.cuarentena.prefix(5).joined(separator: ", "))\(e.cuarentena.count > 5 ? ", …" : "")): prep show KEY, prep retirar KEY")
        }
        if let d = e.disco, let n = d.cortesQueCaben, n < DiscoPublicacion.cortesAviso {
            anotar(n < DiscoPublicacion.cortesCritico ? .critico : .advertencia,
                   "disk nearly full: \(DiscoPublicacion.legible(d.espacio.libres)) free, room for \(n) more cortes the size of the last (\(DiscoPublicacion.legible(d.bytesUltimo))); lower keep_cortes or free space")
        }
        for (que, x) in [("drop", e.incomingMasAntiguo), ("captured acta", e.capturadaMasAntigua)] {
            if let x, e.ahoraUnix - x.1.segundosUnix > maxEsperaSegundos {
                anotar(.advertencia, "\(que) \(x.0) waiting for \(EstadoSpool.duracion(e.ahoraUnix - x.1.segundosUnix))")
            }
        }
    }

    /// One line: `PREP OK: …` / `PREP CRITICAL: reason; reason`.
    public func linea(_ e: EstadoSpool) -> String {
        var resumen = e.duenoPid.map { "daemon pid \($0)" } ?? "no daemon"
        if let u = e.ultimo {
            resumen += ", last corte \(u.nombre) \(EstadoSpool.duracion(e.ahoraUnix - u.hora.segundosUnix)) ago" + (u.final ? " (final)" : "")
        }
        resumen += ", \(e.capturadas) captured, \(e.verificadas) verified, \(e.empaquetadas) packaged"
        return "PREP \(nivel.nombre): " + (razones.isEmpty ? resumen : razones.joined(separator: "; ") + " (\(resumen))")
    }
}
