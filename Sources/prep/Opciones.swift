/// Which options and how many positionals each command takes. One line per command.
func analizarPorComando(_ nombre: String, _ args: [String]) -> Argumentos? {
    switch nombre {
    case "help": analizar(args, nombre, posicionales: 0...1)
    default: analizar(args, nombre)
    }
}
