import PrepSpool

/// What SIGHUP changes in a running daemon. The keys that only shape what happens next (limits,
/// the rescan period, `publish_command`) take effect at once; those the running state was built
/// from (the spool, the catálogo, the key, the mode, the corte interval that every manifest
/// states, the clock offset, the watch method, settle) need a restart, and keep their running
/// value until then.
public struct Recarga: Sendable {
    /// The configuration now in force: the old one with the live keys' new values.
    public let configuracion: Configuracion
    /// Keys whose new value is now in force.
    public let aplicadas: [String]
    /// Keys whose new value waits for a restart (the running value stays).
    public let conReinicio: [String]

    /// One log line: what changed, what applies now, what needs a restart.
    public var descripcion: String {
        if aplicadas.isEmpty && conReinicio.isEmpty { return "configuration re-read: nothing changed" }
        var partes: [String] = []
        if !aplicadas.isEmpty { partes.append("applied now: " + aplicadas.joined(separator: ", ")) }
        if !conReinicio.isEmpty {
            partes.append("changed but need a restart (running values kept): " + conReinicio.joined(separator: ", "))
        }
        return "configuration re-read; " + partes.joined(separator: "; ")
    }
}

extension Configuracion {
    /// This (running) configuration with `nueva`'s live keys applied, and what changed.
    public func recargar(con nueva: Configuracion) -> Recarga {
        var c = self
        var aplicadas: [String] = [], conReinicio: [String] = []
        for k in Self.claves where !k.igual(self, nueva) {
            if k.viva {
                k.copiar(&c, nueva)
                aplicadas.append(k.nombre)
            } else {
                conReinicio.append(k.nombre)
            }
        }
        return Recarga(configuracion: c, aplicadas: aplicadas, conReinicio: conReinicio)
    }
}
