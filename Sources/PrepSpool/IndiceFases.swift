/// The phase of every item, by key text, with a count per phase kept as entries change: the
/// status line and the `ready` line ask for the counts, and counting 515,000 entries every second
/// would stall the daemon's loop at national scale.
struct IndiceFases: Sequence {
    private var porClave: [String: Fase] = [:]
    /// Items per phase.
    private(set) var cuentas: [Fase: Int] = [:]

    subscript(_ clave: String) -> Fase? {
        get { porClave[clave] }
        set {
            if let antes = porClave[clave] { cuentas[antes, default: 0] -= 1 }
            if let ahora = newValue { cuentas[ahora, default: 0] += 1 }
            porClave[clave] = newValue
        }
    }

    func makeIterator() -> Dictionary<String, Fase>.Iterator { porClave.makeIterator() }
}
