/// The `--help` text of a command, made from its declared options: the usage line, the
/// description, then one line per positional argument and option.
extension Comando {
    /// Width the help text is wrapped to.
    static let anchoAyuda = 88

    /// `usage: prep NAME ARG --required V [--optional V] [--flag]`, wrapped under the command.
    var lineaUso: String {
        let prefijo = "usage: prep \(nombre)"
        let partes = opciones.filter { $0.clase == .posicional }.map(\.uso)
            + opciones.filter { $0.clase != .posicional && $0.obligatoria }.map(\.uso)
            + opciones.filter { $0.clase != .posicional && !$0.obligatoria }.map(\.uso)
        return envolver(partes, ancho: Self.anchoAyuda, primera: prefijo, sangria: prefijo.count + 1)
    }

    /// The whole `--help` text.
    var ayuda: String {
        let filas = opciones.map { (izquierda: $0.forma, ayuda: $0.ayuda) }
            + [(izquierda: "-h, --help", ayuda: "show this help")]
        // Help lines start after the longest left part of at most 20 characters; longer ones
        // put their help on the next line.
        let columna = (filas.map(\.izquierda.count).filter { $0 <= 20 }.max() ?? 0) + 4
        var s = lineaUso + "\n\n" + descripcion + "\n\n"
        for f in filas {
            let palabras = f.ayuda.split(separator: " ").map(String.init)
            var primera = "  " + f.izquierda
            if primera.count + 2 > columna {
                s += primera + "\n"
                primera = ""
            }
            primera += String(repeating: " ", count: columna - primera.count - 1)
            s += envolver(palabras, ancho: Self.anchoAyuda, primera: primera, sangria: columna) + "\n"
        }
        return String(s.dropLast())
    }
}

/// Joins `palabras` with spaces after `primera`, starting a new line indented by `sangria`
/// spaces whenever the next word would pass `ancho`.
func envolver(_ palabras: [String], ancho: Int, primera: String, sangria: Int) -> String {
    var lineas: [String] = []
    var linea = primera
    var vacia = true
    for p in palabras {
        if !vacia, linea.count + 1 + p.count > ancho {
            lineas.append(linea)
            linea = String(repeating: " ", count: sangria - 1)
        }
        linea += " " + p
        vacia = false
    }
    lineas.append(linea)
    return lineas.joined(separator: "\n")
}
