import PrepDominio
import PrepSistema

/// The daemon's log: one line per event on standard error, `TIME EVENT DETAIL`. Quiet by default
/// (start, stop, cortes, rejections, warnings, errors); `verbose` adds every acopio, capture and
/// verification. When standard error is the journal (`JOURNAL_STREAM`), a line is
/// `<N>EVENT DETAIL` instead: its syslog priority, no time (journald stamps it).
public struct Registro: Sendable {
    public let detallado: Bool
    public let desfaseMinutos: Int
    /// Standard error is the journal: priority prefixes, no timestamps.
    public let diario: Bool
    /// Where lines go: standard error (a test passes a file).
    public let salida: FileDescriptor

    /// A line's syslog priority (sd-daemon(3) prefixes).
    public enum Prioridad: Int, Sendable {
        case error = 3, advertencia = 4, nota = 5, informacion = 6
    }

    public init(detallado: Bool, desfaseMinutos: Int, diario: Bool = Diario.esErrorEstandar,
                salida: FileDescriptor = .errorEstandar) {
        self.detallado = detallado
        self.salida = salida
        self.desfaseMinutos = desfaseMinutos
        self.diario = diario
    }

    /// Always logged: start, stop, cortes, rejections, warnings, errors; at the priority its
    /// event name carries (`prioridad(de:)`).
    public func aviso(_ evento: String, _ detalle: String) { escribir(evento, detalle, Self.prioridad(de: evento)) }

    /// Logged with `--verbose` only (informational).
    public func evento(_ evento: String, _ detalle: String) {
        if detallado { escribir(evento, detalle, .informacion) }
    }

    /// `error` events are errors; `warning`, `rejected` and `cuarentena` (a drop or an acta someone
    /// must fix) warnings;
    /// everything else that is always logged (ready, corte, reload, recovery, stopped…) notices.
    public static func prioridad(de evento: String) -> Prioridad {
        switch evento {
        case "error": .error
        case "warning", "rejected", "cuarentena": .advertencia
        default: .nota
        }
    }

    /// The bytes of one line (with its newline), as `escribir` sends them.
    public func linea(_ evento: String, _ detalle: String, _ p: Prioridad) -> [UInt8] {
        // One line per event, whatever the detail holds (a writer's bytes may be in it).
        let texto = "\(UnaLinea.escapar(evento)) \(UnaLinea.escapar(detalle))"
        if diario { return Array("<\(p.rawValue)>\(texto)\n".utf8) }
        let t = MarcaTiempo(segundosUnix: Reloj.realNs() / 1_000_000_000, desfaseMinutos: desfaseMinutos)
        return Array("\(t.rfc3339) \(texto)\n".utf8)
    }

    func escribir(_ evento: String, _ detalle: String, _ p: Prioridad) {
        // One write per line, so lines from several threads never interleave.
        try? salida.escribirTodo(linea(evento, detalle, p))
    }
}
