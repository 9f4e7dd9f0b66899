import Glibc

// The thin entry point: find the subcommand, let it parse its own arguments, exit with its status.

let argumentos = Array(CommandLine.arguments.dropFirst())
let estado: Int32 = {
    guard let nombre = argumentos.first, nombre != "--help", nombre != "-h" else {
        imprimir(textoAyudaGeneral())
        return argumentos.isEmpty ? 2 : 0
    }
    guard let comando = comandos.first(where: { $0.nombre == nombre }) else {
        avisar("prep: unknown command '\(nombre)'; 'prep help' lists the commands")
        return 2
    }
    let resto = Array(argumentos.dropFirst())
    if comando.nombre != "help", resto.contains("--help") {
        imprimir(comando.ayuda)
        return 0
    }
    guard let args = analizarPorComando(comando.nombre, resto) else { return 2 }
    return comando.ejecutar(args)
}()
fflush(nil)
exit(estado)
