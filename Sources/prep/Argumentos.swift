/// A parsed command line, checked against the command's declared `Opcion`s: `--opcion valor`
/// (or `--opcion=valor`), `--bandera`, positionals, and `--` ending the options.
struct Argumentos: Sendable {
    private(set) var posicionales: [String] = []
    private var valores: [String: String] = [:]
    private var banderas: Set<String> = []

    /// What a command line asks for.
    enum Peticion {
        /// `-h` or `--help` somewhere among the options: print the help, whatever else is there.
        case ayuda
        case ejecutar(Argumentos)
    }

    /// Parses `args` against `opciones`. Names the first problem: an unknown option, a missing
    /// value, a missing required argument or option, an unexpected extra argument.
    static func analizar(_ args: [String], _ opciones: [Opcion]) throws(ErrorUso) -> Peticion {
        var a = Argumentos()
        var problema: String?
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "--" {
                a.posicionales.append(contentsOf: args[i...])
                break
            }
            if arg == "-h" || arg == "--help" { return .ayuda }
            guard arg.hasPrefix("-"), arg != "-" else {
                a.posicionales.append(arg)
                continue
            }
            var nombre = arg.dropFirst(arg.hasPrefix("--") ? 2 : 1)
            var valor: String?
            if let igual = nombre.firstIndex(of: "=") {
                valor = String(nombre[nombre.index(after: igual)...])
                nombre = nombre[..<igual]
            }
            let opcion = opciones.first { $0.nombre == nombre && $0.clase != .posicional }
            switch (opcion?.clase, arg.hasPrefix("--")) {
            case (.bandera, true) where valor == nil:
                a.banderas.insert(String(nombre))
            case (.bandera, true):
                problema = problema ?? "option --\(nombre) takes no value"
            case (.valor(let marcador), true):
                if valor == nil, i < args.count {
                    valor = args[i]
                    i += 1
                }
                if let valor { a.valores[String(nombre)] = valor } else {
                    problema = problema ?? "missing \(marcador) after --\(nombre)"
                }
            default:
                problema = problema ?? "unknown option \(arg.split(separator: "=", maxSplits: 1)[0])"
            }
        }
        if let problema { throw ErrorUso(mensaje: problema) }
        let posicionales = opciones.filter { $0.clase == .posicional }
        if a.posicionales.count > posicionales.count {
            throw ErrorUso(mensaje: "unexpected argument '\(a.posicionales[posicionales.count])'")
        }
        for (k, o) in posicionales.enumerated() where o.obligatoria && k >= a.posicionales.count {
            throw ErrorUso(mensaje: "missing \(o.nombre)")
        }
        for o in opciones where o.obligatoria && o.clase != .posicional && a.valores[o.nombre] == nil {
            throw ErrorUso(mensaje: "missing \(o.forma)")
        }
        return .ejecutar(a)
    }

    /// The value of `--nombre VALUE`, nil when not given.
    func valor(_ nombre: String) -> String? { valores[nombre] }
    /// Whether the flag `--nombre` was given.
    func tiene(_ nombre: String) -> Bool { banderas.contains(nombre) }
}
