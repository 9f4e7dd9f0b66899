/// The keys of `prep.conf`, each named once: how its value is read (`analizar` looks the key up
/// here), whether a running daemon applies a new value on SIGHUP (`recargar`), and how to compare
/// and copy it. The did-you-mean suggestions (`nombresClaves`) come from here too.
extension Configuracion {
    /// One key of the file.
    struct Clave {
        let nombre: String
        /// A running daemon applies a new value at once (else it waits for a restart).
        let viva: Bool
        /// Reads `valor` into the configuration (`carpeta`: the config file's folder, for
        /// relative paths); returns the reason when the value is refused.
        let leer: (inout Configuracion, String, String) -> String?
        let igual: (Configuracion, Configuracion) -> Bool
        let copiar: (inout Configuracion, Configuracion) -> Void

        init<T: Equatable>(_ nombre: String, _ campo: WritableKeyPath<Configuracion, T>, viva: Bool,
                           _ leer: @escaping (String, String) -> Result<T, Razon>) {
            self.nombre = nombre
            self.viva = viva
            self.leer = { c, valor, carpeta in
                switch leer(valor, carpeta) {
                case .success(let v):
                    c[keyPath: campo] = v
                    return nil
                case .failure(let r):
                    return "\(nombre): \(r.texto)"
                }
            }
            igual = { $0[keyPath: campo] == $1[keyPath: campo] }
            copiar = { $0[keyPath: campo] = $1[keyPath: campo] }
        }
    }

    /// Why a value is refused (after the key's name).
    struct Razon: Error {
        let texto: String
        init(_ texto: String) { self.texto = texto }
    }

    static var claves: [Clave] { [
        Clave("spool", \.spool, viva: false) { v, carpeta in ruta(v, carpeta) },
        Clave("catalog", \.catalogo, viva: false) { v, carpeta in ruta(v, carpeta) },
        Clave("signing_key", \.claveFirma, viva: false) { v, carpeta in
            guard !v.isEmpty else { return .failure(Razon("empty path")) }
            guard v.hasSuffix(".sec") else { return .failure(Razon("'\(v)' must end in .sec (the public key is the same path with .pub)")) }
            return .success(resolver(v, en: carpeta))
        },
        Clave("mode", \.modo, viva: false) { v, _ in
            Modo(rawValue: v).map { .success($0) } ?? .failure(Razon("'\(v)' is not simulacro or oficial"))
        },
        Clave("corte_interval", \.intervaloCorteNs, viva: false) { v, _ in
            guard let d = Duracion.ns(v), d > 0 else { return .failure(Razon("'\(v)' is not a duration like 15m or 20s")) }
            guard d <= maxIntervaloCorteNs else { return .failure(Razon("\(v) is more than 20m (SPEC §7)")) }
            return .success(d)
        },
        Clave("utc_offset", \.desfaseUTCMinutos, viva: false) { v, _ in
            desfase(v).map { .success($0) } ?? .failure(Razon("'\(v)' is not an offset like -06:00"))
        },
        Clave("watch", \.vigilancia, viva: false) { v, _ in
            Vigilancia(rawValue: v).map { .success($0) } ?? .failure(Razon("'\(v)' is not inotify or poll"))
        },
        Clave("settle", \.asentamientoNs, viva: false) { v, _ in
            guard let d = Duracion.ns(v) else { return .failure(Razon("'\(v)' is not a duration like 2s or 500ms")) }
            guard d <= 3_600_000_000_000 else { return .failure(Razon("\(v) is more than 1h")) }
            return .success(d)
        },
        Clave("once_wait", \.esperaUnaVezNs, viva: false) { v, _ in
            Duracion.ns(v).map { .success($0) } ?? .failure(Razon("'\(v)' is not a duration like 30s"))
        },
        Clave("published_source", \.fuentePublicada, viva: false) { v, carpeta in
            guard !v.isEmpty else { return .success(nil) }
            return FuentePublicada.analizar(v, carpeta: carpeta).map { Optional($0) }.mapError { Razon($0.description) }
        },
        Clave("rescan_interval", \.intervaloRescanNs, viva: true) { v, _ in
            guard let d = Duracion.ns(v), d >= 100_000_000 else { return .failure(Razon("'\(v)' is not a duration of at least 100ms")) }
            return .success(d)
        },
        Clave("publish_command", \.comandoPublicacion, viva: true) { v, _ in .success(v) },
        Clave("publish_timeout", \.limitePublicacionNs, viva: true) { v, _ in
            guard let d = Duracion.ns(v), d > 0 else { return .failure(Razon("'\(v)' is not a duration like 10m")) }
            return .success(d)
        },
        Clave("max_image_size", \.maxImagen, viva: true) { v, _ in
            guard let n = tamano(v), n > 0 else { return .failure(Razon("'\(v)' is not a size like 50M")) }
            return .success(n)
        },
        Clave("max_json_size", \.maxJSON, viva: true) { v, _ in
            guard let n = tamano(v), n > 0 else { return .failure(Razon("'\(v)' is not a size like 1M")) }
            return .success(n)
        },
        Clave("max_acta_images", \.maxImagenesActa, viva: true) { v, _ in entero(v, 1...100_000) },
        Clave("max_acta_captures", \.maxCapturasActa, viva: true) { v, _ in entero(v, 3...100_000) },
        Clave("metrics_file", \.archivoMetricas, viva: true) { v, carpeta in .success(v.isEmpty ? nil : resolver(v, en: carpeta)) },
        Clave("keep_cortes", \.conservarCortes, viva: true) { v, _ in
            if v == "0" { return .success(nil) }
            return entero(v, 2...1_000_000).map { Optional($0) }.mapError { Razon($0.texto + ", or 0 to keep every corte whole") }
        },
        Clave("operators", \.operadores, viva: true) { v, carpeta in .success(v.isEmpty ? nil : resolver(v, en: carpeta)) },
    ] }

    /// A path that must not be empty, resolved against the config file's folder.
    private static func ruta(_ v: String, _ carpeta: String) -> Result<String, Razon> {
        v.isEmpty ? .failure(Razon("empty path")) : .success(resolver(v, en: carpeta))
    }

    /// A whole number in `rango`.
    private static func entero(_ v: String, _ rango: ClosedRange<Int>) -> Result<Int, Razon> {
        guard let n = Int(v), rango.contains(n) else {
            return .failure(Razon("'\(v)' is not a whole number from \(rango.lowerBound) to \(rango.upperBound)"))
        }
        return .success(n)
    }
}
