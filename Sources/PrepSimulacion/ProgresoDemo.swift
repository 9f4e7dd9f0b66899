import PrepSistema

/// `prep demo`'s progress line, kept true on a slow machine: the rate is measured (actas verified
/// per second over the last 10 s), what is left is counted from the spool, an estimate is given
/// only once every drop is written, and a night that stops moving says so instead of guessing.
struct ProgresoDemo {
    /// Actas that arrive (captured, sin acta, fuera de catálogo): all must end in `packaged/`.
    let finales: Int
    let intervalo: Double
    /// On a terminal the line is redrawn with `\r`; otherwise one line every 5 s.
    let terminal: Bool
    private var muestras: [(t: Double, hechas: Int)] = []
    private var ultimaLinea = -Double.infinity
    private var quieto: (desde: Double, conteo: ConteoSpool)?
    private var avisoQuieto = 0.0

    init(finales: Int, intervalo: Double, terminal: Bool) {
        self.finales = finales
        self.intervalo = intervalo
        self.terminal = terminal
    }

    /// Shows the spool as counted at `t` seconds into the night.
    mutating func mostrar(t: Double, conteo c: ConteoSpool, escribiendo: Bool) {
        let hechas = c.verified + c.packaged
        muestras.append((t, hechas))
        muestras.removeAll { $0.t < t - 10 }
        let ritmo = muestras.count > 1 && t > muestras[0].t ? Double(hechas - muestras[0].hechas) / (t - muestras[0].t) : 0
        let porVerificar = max(0, finales - hechas), porPublicar = max(0, finales - c.packaged)
        var linea = "[\(Self.duracion(t))] " + (escribiendo ? "simulator writing" : "every drop written")
        linea += " · \(c.linea) · \(Int(ritmo.rounded())) actas/s"
        if porVerificar > 0 {
            linea += " · \(porVerificar) actas to verify"
            if !escribiendo, ritmo >= 1 { linea += " (about \(Self.duracion(max(1, Double(porVerificar) / ritmo))) at this rate)" }
        } else if porPublicar > 0 {
            linea += " · \(porPublicar) verified, waiting for the next corte (every \(Self.duracion(intervalo)))"
        }
        if terminal {
            Consola.avisarSinSalto("\r" + linea + "\u{1B}[K")
        } else if t - ultimaLinea >= 5 {
            Consola.avisar(linea)
            ultimaLinea = t
        }
        // Nothing moved for a minute: say so (the demo keeps waiting; Ctrl-C is the way out).
        if let q = quieto, q.conteo == c {
            if t - q.desde >= 60, t - avisoQuieto >= 60 {
                avisoQuieto = t
                Consola.avisar((terminal ? "\n" : "") + "demo: nothing moved in the spool for \(Self.duracion(t - q.desde)); still waiting "
                       + "(the daemon's log says what it is doing; Ctrl-C stops the demo and says where things are)")
            }
        } else {
            quieto = (t, c)
        }
    }

    /// Ends the redrawn line.
    func terminar() { if terminal { Consola.avisar("") } }

    /// `45s`, `2m 06s`, `1h 02m`.
    static func duracion(_ s: Double) -> String {
        let n = Int(s.rounded())
        if n < 60 { return "\(n)s" }
        let dos = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        if n < 3600 { return "\(n / 60)m \(dos(n % 60))s" }
        return "\(n / 3600)h \(dos(n / 60 % 60))m"
    }
}
