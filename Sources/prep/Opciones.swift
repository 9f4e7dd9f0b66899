/// Which options and how many positionals each command takes. One line per command.
func analizarPorComando(_ nombre: String, _ args: [String]) -> Argumentos? {
    switch nombre {
    case "help": analizar(args, nombre, posicionales: 0...1)
    case "catalog": analizar(args, nombre, valores: ["election", "catalog"])
    case "template": analizar(args, nombre, valores: ["catalog", "operator"], posicionales: 1...1)
    case "sample-catalog": analizar(args, nombre, valores: ["scale", "out"])
    case "simulate": analizar(args, nombre, valores: ["root", "catalog", "rate", "duration", "seed", "bad-share", "max-actas",
                                                      "writers", "truth"], banderas: ["quiet", "plan-only"])
    case "demo": analizar(args, nombre, valores: ["dir", "catalog", "duration", "corte-interval", "max-actas", "seed", "bad-share"])
    case "status": analizar(args, nombre, valores: ["root", "config"], banderas: ["json"])
    case "show": analizar(args, nombre, valores: ["root", "config"], posicionales: 1...1)
    case "run": analizar(args, nombre, valores: ["root", "config"], banderas: ["once", "verbose"])
    case "publish": analizar(args, nombre, valores: ["root", "config", "timeout"])
    case "keygen": analizar(args, nombre, valores: ["out"])
    case "verify": analizar(args, nombre, valores: ["key", "previous", "images"], posicionales: 1...1)
    case "_simulate-cortes": analizar(args, nombre, valores: ["root", "catalog", "key", "rounds", "batch"])
    default: analizar(args, nombre)
    }
}
