import PrepSistema

/// What a signal asks of the running daemon: the one table of their meanings. `prep publish`
/// and `prep retirar` send theirs (`senal`); the loop (`Bucle`) does what each asks between
/// batches, so the step in hand is always finished first.
enum Orden: Sendable, Equatable {
    /// SIGTERM, SIGINT: stop after the step in hand (the final corte follows).
    case parar
    /// SIGHUP: read the configuration again; its live keys apply at once.
    case recargar
    /// SIGUSR1: `prep publish` asks for a corte now (what kind: `SolicitudCorte`).
    case corte
    /// SIGUSR2: `prep retirar` asks to withdraw an acta (`SolicitudRetiro`).
    case retiro

    static let tabla: [(Senal, Orden)] = [(.term, .parar), (.int, .parar), (.hup, .recargar), (.usr1, .corte), (.usr2, .retiro)]

    /// What `s` asks; nil for a signal with no meaning here.
    static func de(_ s: Senal) -> Orden? { tabla.first { $0.0 == s }?.1 }

    /// The signal a client sends to ask for this.
    var senal: Senal { Self.tabla.first { $0.1 == self }?.0 ?? .term }
}
