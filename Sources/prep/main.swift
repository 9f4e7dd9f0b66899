import Glibc  // exit(3) and fflush(3): ending the process, no file work
import PrepServicio  // versionPrep

// The thin entry point: find the subcommand, let it parse its own arguments, exit with its status.

let argumentos = Array(CommandLine.arguments.dropFirst())
let estado: Int32 = {
    if argumentos == ["--version"] || argumentos == ["-V"] {
        imprimir("prep \(versionPrep)")
        return 0
    }
    guard let nombre = argumentos.first, nombre != "--help", nombre != "-h" else {
        imprimir(textoAyudaGeneral())
        return argumentos.isEmpty ? 2 : 0
    }
    guard let comando = comandos.first(where: { $0.nombre == nombre }) else {
        avisar("prep: unknown command '\(nombre)'; 'prep help' lists the commands")
        return 2
    }
    return comando.correr(Array(argumentos.dropFirst()))
}()
fflush(nil)
exit(estado)
