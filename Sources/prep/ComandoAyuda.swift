/// `prep help [COMMAND]`.
let comandoAyuda = Comando(
    nombre: "help",
    resumen: "show the commands, or one command's help",
    descripcion: """
    Without COMMAND, lists every command. With it, prints that command's help
    (the same as 'prep COMMAND --help').
    """,
    opciones: [.posicional("COMMAND", "the command whose help to show", obligatoria: false)],
    ejecutar: { args in
        if let nombre = args.posicionales.first {
            guard let c = comandos.first(where: { $0.nombre == nombre }) else {
                avisar("prep help: unknown command '\(nombre)'")
                return 2
            }
            imprimir(c.ayuda)
            return 0
        }
        imprimir(textoAyudaGeneral())
        return 0
    }
)

func textoAyudaGeneral() -> String {
    var s = """
    prep — the PREP spool daemon: actas from drop folders to signed cortes.

    usage: prep COMMAND [OPTIONS]

    commands:

    """
    let ancho = comandos.map(\.nombre.count).max() ?? 0
    // Names beginning with `_` are internal test harnesses, not listed.
    for c in comandos where !c.nombre.hasPrefix("_") {
        s += "  \(c.nombre)\(String(repeating: " ", count: ancho - c.nombre.count + 2))\(c.resumen)\n"
    }
    s += "\n'prep COMMAND --help' (or -h) shows a command's options. Exit status: 0 success, 1 failure, 2 bad usage."
    return s
}
