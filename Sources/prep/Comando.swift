import Glibc

/// One subcommand of `prep`: its name, a one-line summary, its usage text, and what it does.
struct Comando: Sendable {
    let nombre: String
    let resumen: String
    /// Full `--help` text: usage line first, then options.
    let ayuda: String
    /// Runs the command; returns the exit status (SPEC §8: 0 success, 1 failure, 2 bad usage).
    let ejecutar: @Sendable (Argumentos) -> Int32
}

/// A bad command line: the message goes to standard error and the exit status is 2.
struct ErrorUso: Error, CustomStringConvertible {
    let mensaje: String
    var description: String { mensaje }
}

/// Parsed command-line arguments: `--opcion valor`, `--bandera`, and positionals.
struct Argumentos: Sendable {
    private(set) var posicionales: [String] = []
    private var opciones: [String: String] = [:]
    private var banderas: Set<String> = []

    /// Parses `args` knowing which options take a value (`valores`) and which are flags.
    init(_ args: [String], valores: Set<String>, banderas: Set<String>) throws(ErrorUso) {
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--" {
                posicionales.append(contentsOf: args[(i + 1)...])
                break
            }
            if a.hasPrefix("--") {
                var nombre = String(a.dropFirst(2))
                var valor: String?
                if let igual = nombre.firstIndex(of: "=") {
                    valor = String(nombre[nombre.index(after: igual)...])
                    nombre = String(nombre[..<igual])
                }
                if valores.contains(nombre) {
                    if valor == nil {
                        i += 1
                        guard i < args.count else { throw ErrorUso(mensaje: "option --\(nombre) needs a value") }
                        valor = args[i]
                    }
                    opciones[nombre] = valor
                } else if banderas.contains(nombre), valor == nil {
                    self.banderas.insert(nombre)
                } else {
                    throw ErrorUso(mensaje: "unknown option \(a)")
                }
            } else {
                posicionales.append(a)
            }
            i += 1
        }
    }

    func valor(_ nombre: String) -> String? { opciones[nombre] }
    func tiene(_ nombre: String) -> Bool { banderas.contains(nombre) }
}

/// Writes one line to standard error.
func avisar(_ linea: String) {
    // One write(2) per line, so concurrent lines never interleave.
    var s = linea
    s.append("\n")
    s.withCString { _ = write(2, $0, strlen($0)) }
}

/// Writes to standard output (buffered; flushed at exit).
func imprimir(_ texto: String) {
    print(texto)
}

/// Parses arguments for a command; on bad usage prints the reason and the usage, and returns nil.
func analizar(_ args: [String], _ comando: String, valores: Set<String> = [], banderas: Set<String> = [],
              posicionales: ClosedRange<Int> = 0...0) -> Argumentos? {
    do {
        let a = try Argumentos(args, valores: valores, banderas: banderas.union(["help"]))
        if a.tiene("help") { return a }
        guard posicionales.contains(a.posicionales.count) else {
            throw ErrorUso(mensaje: "wrong number of arguments")
        }
        return a
    } catch {
        avisar("prep \(comando): \(error)")
        avisar("usage: see 'prep \(comando) --help'")
        return nil
    }
}
