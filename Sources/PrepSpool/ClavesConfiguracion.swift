/// One key of `prep.conf` for a configuration of type `C`, named once: how its value is read
/// (`ArchivoConfiguracion.analizar` looks the key up in a table of these), whether a running
/// daemon applies a new value on SIGHUP (`viva`), and how to compare and copy it. Each part of
/// the program declares its own keys (the spool's: `ConfiguracionSpool.claves`); the service's
/// table takes them in (`dentro`) beside its own, so the file still has one table.
public struct ClaveConfiguracion<C> {
    public let nombre: String
    /// A running daemon applies a new value at once (else it waits for a restart).
    public let viva: Bool
    /// Reads `valor` into the configuration (`carpeta`: the config file's folder, for
    /// relative paths); returns the reason when the value is refused.
    let leer: (inout C, String, String) -> String?
    public let igual: (C, C) -> Bool
    public let copiar: (inout C, C) -> Void

    public init<T: Equatable>(_ nombre: String, _ campo: WritableKeyPath<C, T>, viva: Bool,
                              _ leer: @escaping (String, String) -> Result<T, RazonClave>) {
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

    private init(nombre: String, viva: Bool, leer: @escaping (inout C, String, String) -> String?,
                 igual: @escaping (C, C) -> Bool, copiar: @escaping (inout C, C) -> Void) {
        self.nombre = nombre
        self.viva = viva
        self.leer = leer
        self.igual = igual
        self.copiar = copiar
    }

    /// This key of a configuration kept at `parte` of a larger one.
    public func dentro<D>(_ parte: WritableKeyPath<D, C>) -> ClaveConfiguracion<D> {
        let (leer, igual, copiar) = (self.leer, self.igual, self.copiar)
        return ClaveConfiguracion<D>(nombre: nombre, viva: viva,
                                     leer: { d, valor, carpeta in leer(&d[keyPath: parte], valor, carpeta) },
                                     igual: { igual($0[keyPath: parte], $1[keyPath: parte]) },
                                     copiar: { copiar(&$0[keyPath: parte], $1[keyPath: parte]) })
    }
}

/// Why a value is refused (after the key's name).
public struct RazonClave: Error {
    public let texto: String
    public init(_ texto: String) { self.texto = texto }

    /// A path that must not be empty, resolved against the config file's folder.
    public static func ruta(_ v: String, _ carpeta: String) -> Result<String, RazonClave> {
        v.isEmpty ? .failure(RazonClave("empty path")) : .success(ArchivoConfiguracion.resolver(v, en: carpeta))
    }

    /// A whole number in `rango`.
    public static func entero(_ v: String, _ rango: ClosedRange<Int>) -> Result<Int, RazonClave> {
        guard let n = Int(v), rango.contains(n) else {
            return .failure(RazonClave("'\(v)' is not a whole number from \(rango.lowerBound) to \(rango.upperBound)"))
        }
        return .success(n)
    }
}
