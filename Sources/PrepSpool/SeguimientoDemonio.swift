import PrepSistema

/// What one batch did, for whoever watches the daemon (metrics).
public struct ResumenLote: Sendable {
    /// For each acta that became verified in the batch: from its first drop's arrival to now.
    public var latenciasVerificacionNs: [Int64] = []
    /// The reason of every drop refused in the batch.
    public var razonesRechazo: [String] = []
    /// Drops placed into items.
    public var colocadas = 0

    public init() {}
}

/// The service around the daemon (systemd notification, the metrics file) as the daemon's loop
/// sees it: called on the loop's own thread, between batches, never during one.
public protocol SeguimientoDemonio: AnyObject {
    /// After recovery, the first scan and the corte at start: the daemon is serving.
    func listo(_ demonio: Demonio)
    /// After a batch that placed or refused something.
    func trasLote(_ demonio: Demonio, _ resumen: ResumenLote)
    /// At the end of every turn of the loop (at least once a second), after the corte hook.
    func trasTurno(_ demonio: Demonio, ahoraMonotonoNs: Int64)
    /// SIGHUP re-read the configuration (`recarga.configuracion` is now in force).
    func recargado(_ demonio: Demonio, _ recarga: Recarga)
    /// The daemon is stopping (the final corte and the last log line follow).
    func deteniendo(_ demonio: Demonio)
    /// After the final corte, before the last log line: whatever runs off the loop is finished
    /// when this returns (the process is about to end).
    func detenido(_ demonio: Demonio)
}

extension Demonio {
    /// Actas per phase, from the daemon's own index (no folder read).
    public var actasPorFase: [Fase: Int] {
        spool.fases.cuentas
    }

    /// Files the daemon follows in incoming/ (settling, waiting for a partner, or ignored).
    public var archivosEnIncoming: Int { observador.seguidos.count }

    /// What the batch in `res` did, for the `SeguimientoDemonio`.
    func resumen(_ res: ResultadoLote, ahoraNs: Int64) -> ResumenLote {
        var r = ResumenLote()
        r.razonesRechazo = res.rechazados.map(\.0.razon)
        for p in res.hechos {
            guard let c = p.cambio else { continue }
            r.colocadas += c.entrantes.count
            guard c.faseNueva == .verified, c.faseAnterior != .verified else { continue }
            let primera = min(c.entrantes.map(\.drop.llegadaNs).min() ?? ahoraNs,
                              c.estado.archivos.map { $0.llegada.segundosUnix * 1_000_000_000 }.min() ?? ahoraNs)
            r.latenciasVerificacionNs.append(max(0, ahoraNs - primera))
        }
        return r
    }
}
