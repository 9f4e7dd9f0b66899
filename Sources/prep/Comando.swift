import PrepSistema

/// One subcommand of `prep`: its name, a one-line summary, what it does, the options and
/// positional arguments it takes (declared once: its parser and `--help` both come from them),
/// and its body.
struct Comando: Sendable {
    let nombre: String
    let resumen: String
    /// What `--help` says between the usage line and the options.
    let descripcion: String
    /// Positional arguments and options, in the order `--help` lists them.
    let opciones: [Opcion]
    /// Runs the command; returns the exit status (SPEC §8: 0 success, 1 failure, 2 bad usage).
    let ejecutar: @Sendable (Argumentos) -> Int32

    /// Parses `args` and runs the command: `-h`/`--help` prints the help (exit 0); a bad command
    /// line prints the reason and the usage line on standard error (exit 2).
    func correr(_ args: [String]) -> Int32 {
        do {
            switch try Argumentos.analizar(args, opciones) {
            case .ayuda:
                imprimir(ayuda)
                return 0
            case .ejecutar(let a):
                return ejecutar(a)
            }
        } catch {
            avisar("prep \(nombre): \(error)")
            avisar(lineaUso)
            return 2
        }
    }
}

/// A bad command line: the message goes to standard error and the exit status is 2.
struct ErrorUso: Error, CustomStringConvertible {
    let mensaje: String
    var description: String { mensaje }
}

/// Writes one line to standard error (`Consola.avisar`).
func avisar(_ linea: String) { Consola.avisar(linea) }

/// Writes to standard error without a newline (`Consola.avisarSinSalto`).
func avisarSinSalto(_ s: String) { Consola.avisarSinSalto(s) }

/// Writes to standard output now, without a newline (`Consola.imprimirSinSalto`).
func imprimirSinSalto(_ s: String) { Consola.imprimirSinSalto(s) }

/// Writes to standard output, buffered (`Consola.imprimir`).
func imprimir(_ texto: String) { Consola.imprimir(texto) }
