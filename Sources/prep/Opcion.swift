import PrepDominio

/// One option or positional argument of a command, declared once: the command's parser and its
/// `--help` text are both made from its list of `Opcion`s.
struct Opcion: Sendable {
    /// How it appears on the command line.
    enum Clase: Sendable, Equatable {
        /// `--nombre`, on or off.
        case bandera
        /// `--nombre VALOR` or `--nombre=VALOR`; the associated text is the placeholder (`DIR`).
        case valor(String)
        /// A bare word, in declaration order; `nombre` is its placeholder (`KEY`).
        case posicional
    }

    let nombre: String
    let clase: Clase
    /// Missing it is a usage error.
    let obligatoria: Bool
    /// The `--help` line (wrapped to the help's width).
    let ayuda: String

    /// `--nombre`, a flag.
    static func bandera(_ nombre: String, _ ayuda: String) -> Opcion {
        Opcion(nombre: nombre, clase: .bandera, obligatoria: false, ayuda: ayuda)
    }

    /// `--nombre MARCADOR`, an option with a value.
    static func valor(_ nombre: String, _ marcador: String, _ ayuda: String, obligatoria: Bool = false) -> Opcion {
        Opcion(nombre: nombre, clase: .valor(marcador), obligatoria: obligatoria, ayuda: ayuda)
    }

    /// A positional argument called `nombre` in the usage line.
    static func posicional(_ nombre: String, _ ayuda: String, obligatoria: Bool = true) -> Opcion {
        Opcion(nombre: nombre, clase: .posicional, obligatoria: obligatoria, ayuda: ayuda)
    }

    /// How the command line spells it: `KEY`, `--root DIR`, `--json`.
    var forma: String {
        switch clase {
        case .bandera: "--\(nombre)"
        case .valor(let marcador): "--\(nombre) \(marcador)"
        case .posicional: nombre
        }
    }

    /// Its place in the usage line: `forma`, in brackets when optional.
    var uso: String { obligatoria ? forma : "[\(forma)]" }
}

// The options several commands share, declared once.
extension Opcion {
    static let config = valor("config", "FILE", "configuration (default: $PREP_CONFIG, ./etc/prep.conf, the installed one, /etc/prep/prep.conf)")
    static let raiz = valor("root", "DIR", "spool root (overrides the config's 'spool')")
    static let clave = posicional("KEY", "the acta (CLAVE_CASILLA-ELECCION, e.g. 090001B0100-JG)")
    static let catalogo = valor("catalog", "DIR", "the catálogo folder (overrides the config's 'catalog'; default: etc/catalogo)")
    // The simulated night's (prep simulate, prep demo).
    static let semilla = valor("seed", "S", "the night's seed (default: 2024): same seed, same night")
    static let malas = valor("bad-share", "F", "share of all drops that are bad, 0…0.5 (default: 0.02)")
    static let maxActas = valor("max-actas", "N", "play at most N of the catálogo's actas; the rest never arrive")
}

/// The acta key `texto` (a command's `KEY`); nil, with the reason on standard error, when it is not one.
func claveActa(_ texto: String, comando: String) -> ClaveActa? {
    guard let c = ClaveActa(texto) else {
        avisar("prep \(comando): '\(texto)' is not an acta key (CLAVE_CASILLA-ELECCION, e.g. 090001B0100-JG)")
        return nil
    }
    return c
}
