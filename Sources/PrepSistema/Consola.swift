/// The process's standard output and error, for the commands' lines: what `prep` and `prep demo`
/// print for the person at the terminal (the daemon logs through `Registro` instead).
public enum Consola {
    /// Writes one line to standard error, in one write(2), so concurrent lines never interleave.
    public static func avisar(_ linea: String) {
        avisarSinSalto(linea + "\n")
    }

    /// Writes to standard error without a newline (a progress line redrawn with `\r`).
    public static func avisarSinSalto(_ s: String) {
        try? FileDescriptor.errorEstandar.escribirTodo(Array(s.utf8))
    }

    /// Writes to standard output now, without a newline (a screen redrawn in place).
    public static func imprimirSinSalto(_ s: String) {
        try? FileDescriptor.salidaEstandar.escribirTodo(Array(s.utf8))
    }

    /// Writes to standard output (buffered; flushed at exit).
    public static func imprimir(_ texto: String) {
        print(texto)
    }
}
