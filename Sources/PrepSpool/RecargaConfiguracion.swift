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
    /// One key of the file: its name, whether a running daemon applies a new value, and how to
    /// compare and copy it.
    struct Clave {
        let nombre: String
        let viva: Bool
        let igual: (Configuracion, Configuracion) -> Bool
        let copiar: (inout Configuracion, Configuracion) -> Void

        init<T: Equatable>(_ nombre: String, _ campo: WritableKeyPath<Configuracion, T>, viva: Bool) {
            self.nombre = nombre
            self.viva = viva
            igual = { $0[keyPath: campo] == $1[keyPath: campo] }
            copiar = { $0[keyPath: campo] = $1[keyPath: campo] }
        }
    }

    static var claves: [Clave] {
        [
            Clave("spool", \.spool, viva: false),
            Clave("catalog", \.catalogo, viva: false),
            Clave("signing_key", \.claveFirma, viva: false),
            Clave("mode", \.modo, viva: false),
            Clave("corte_interval", \.intervaloCorteNs, viva: false),
            Clave("utc_offset", \.desfaseUTCMinutos, viva: false),
            Clave("watch", \.vigilancia, viva: false),
            Clave("settle", \.asentamientoNs, viva: false),
            Clave("once_wait", \.esperaUnaVezNs, viva: false),
            Clave("published_source", \.fuentePublicada, viva: false),
            Clave("rescan_interval", \.intervaloRescanNs, viva: true),
            Clave("publish_command", \.comandoPublicacion, viva: true),
            Clave("publish_timeout", \.limitePublicacionNs, viva: true),
            Clave("max_image_size", \.maxImagen, viva: true),
            Clave("max_json_size", \.maxJSON, viva: true),
            Clave("max_acta_images", \.maxImagenesActa, viva: true),
            Clave("max_acta_captures", \.maxCapturasActa, viva: true),
            Clave("metrics_file", \.archivoMetricas, viva: true),
            Clave("operators", \.operadores, viva: true),
        ]
    }

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
