import PrepDominio
import PrepSistema

/// The daemon's log: one line per event on standard error, `TIME EVENT DETAIL`. Quiet by default
/// (start, stop, rejections, warnings, errors); `verbose` adds every acopio, capture,
/// verification and corte.
public struct Registro: Sendable {
    public let detallado: Bool
    public let desfaseMinutos: Int

    public init(detallado: Bool, desfaseMinutos: Int) {
        self.detallado = detallado
        self.desfaseMinutos = desfaseMinutos
    }

    /// Always logged: start, stop, rejections, warnings, errors.
    public func aviso(_ evento: String, _ detalle: String) { escribir(evento, detalle) }

    /// Logged with `--verbose` only.
    public func evento(_ evento: String, _ detalle: String) {
        if detallado { escribir(evento, detalle) }
    }

    func escribir(_ evento: String, _ detalle: String) {
        let t = MarcaTiempo(segundosUnix: Reloj.realNs() / 1_000_000_000, desfaseMinutos: desfaseMinutos)
        // One line per event, whatever the detail holds (a writer's bytes may be in it).
        var linea = Array("\(t.rfc3339) \(UnaLinea.escapar(evento)) \(UnaLinea.escapar(detalle))".utf8)
        linea.append(10)
        // One write per line, so lines from several threads never interleave.
        try? FileDescriptor.errorEstandar.escribirTodo(linea)
    }
}
