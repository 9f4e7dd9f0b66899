import PrepSistema

/// What one batch did, for whoever watches the daemon (the metrics).
public struct ResumenLote: Sendable {
    /// For each acta that became verified in the batch: from its first drop's arrival to now.
    public var latenciasVerificacionNs: [Int64] = []
    /// The reason of every drop refused in the batch.
    public var razonesRechazo: [String] = []
    /// Drops placed into items.
    public var colocadas = 0

    public init() {}
}

extension Recepcion {
    /// Actas per phase, from the daemon's own index (no folder read).
    public var actasPorFase: [Fase: Int] {
        spool.fases.cuentas
    }

    /// Files the daemon follows in incoming/ (settling, waiting for a partner, or ignored).
    public var archivosEnIncoming: Int { observador.seguidos.count }

    /// What the batch in `res` did, for `Paso.lote`.
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
