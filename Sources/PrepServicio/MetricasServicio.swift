import PrepDominio
import PrepSistema
import PrepSpool

/// The daemon's figures for Prometheus (`metrics_file`, a node_exporter textfile): what the
/// spool's folders say, exactly as `prep status --json` computes them (`EstadoSpool`), plus what
/// only the running daemon knows — drops refused by reason, the drop→verified latency, the drain
/// rate, the cortes it made and its `publish_command` runs. Counters (`_total`) count since the
/// daemon started, as Prometheus expects of a counter.
struct MetricasServicio: Sendable {
    /// Histogram bounds of the drop→verified latency, seconds.
    static let limitesLatencia: [Double] = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600]

    var rechazosPorMotivo: [String: Int] = [:]
    var cuentasLatencia = [Int](repeating: 0, count: MetricasServicio.limitesLatencia.count + 1)
    var sumaLatencia = 0.0
    var verificadas = 0
    var colocadas = 0
    var cortes = 0
    /// Retention passes that reduced some corte (each changes what `publish/` takes).
    var reducciones = 0
    var ultimoCorte: CorteHecho?
    var inicioUnix = Reloj.segundosUnix()
    /// (monotonic seconds, verified so far): the last minute, for the drain rate.
    private var muestras: [(Double, Int)] = []

    mutating func sumar(_ r: ResumenLote) {
        for razon in r.razonesRechazo { rechazosPorMotivo[MotivoRechazo.de(razon), default: 0] += 1 }
        for ns in r.latenciasVerificacionNs {
            let s = Double(ns) / 1e9
            let i = Self.limitesLatencia.firstIndex { s <= $0 } ?? Self.limitesLatencia.count
            cuentasLatencia[i] += 1
            sumaLatencia += s
        }
        verificadas += r.latenciasVerificacionNs.count
        colocadas += r.colocadas
    }

    mutating func cortado(_ c: CorteHecho) {
        cortes += 1
        ultimoCorte = c
    }

    /// Actas verified per second over the last minute (0 until two samples exist).
    mutating func ritmo(ahora: Double) -> Double {
        muestras.append((ahora, verificadas))
        muestras.removeAll { $0.0 < ahora - 60 }
        guard let primera = muestras.first, ahora - primera.0 >= 1 else { return 0 }
        return Double(verificadas - primera.1) / (ahora - primera.0)
    }

    /// The textfile: `estado` is the folders' truth (the same as `prep status --json`).
    func texto(_ e: EstadoSpool, ritmo: Double, comandos: (ejecuciones: Int, fallos: Int), ahoraUnix: Int64) -> String {
        var t = TextoMetricas()
        t.metrica("prep_actas", "gauge", "Actas per phase folder and election (captured, verified, packaged).")
        for (eleccion, n) in e.porEleccion.sorted(by: { $0.key < $1.key }) {
            for (i, fase) in ["captured", "verified", "packaged"].enumerated() {
                t.muestra("prep_actas", [("fase", fase), ("eleccion", eleccion)], n[i])
            }
        }
        t.unica("prep_incoming_drops", "gauge", "Drops waiting in incoming/ (temporary names excluded).", Double(e.enIncoming))
        t.unica("prep_rejected_drops", "gauge", "Drops in rejected/.", Double(e.rechazadas))
        t.unica("prep_unexpected_entries", "gauge", "Entries of captured/, verified/ and packaged/ that are not acta folders.",
                Double(e.inesperadas.count))
        t.unica("prep_discrepancies", "gauge", "Captured actas whose two captures disagree, waiting for a third.", Double(e.discrepancias.count))
        t.unica("prep_waiting_second_capture", "gauge", "Captured actas waiting for a second capture.", Double(e.esperandoSegunda))
        t.unica("prep_quarantined_actas", "gauge", "Actas of captured/ and verified/ in quarantine (their files differ from their estado).", Double(e.cuarentena.count))
        t.metrica("prep_oldest_waiting_age_seconds", "gauge", "Age of the oldest drop in incoming/ and of the oldest captured acta.")
        for (fase, viejo) in [("incoming", e.incomingMasAntiguo), ("captured", e.capturadaMasAntigua)] {
            t.muestra("prep_oldest_waiting_age_seconds", [("fase", fase)], viejo.map { Int(max(0, ahoraUnix - $0.1.segundosUnix)) } ?? 0)
        }
        t.metrica("prep_drops_rejected_total", "counter", "Drops refused since the daemon started, by reason.")
        for (motivo, n) in rechazosPorMotivo.sorted(by: { $0.key < $1.key }) {
            t.muestra("prep_drops_rejected_total", [("reason", motivo)], n)
        }
        t.unica("prep_drops_placed_total", "counter", "Drops placed into acta items since the daemon started.", Double(colocadas))
        t.unica("prep_actas_verified_total", "counter", "Actas verified since the daemon started.", Double(verificadas))
        t.unica("prep_drain_rate_actas_per_second", "gauge", "Actas verified per second over the last minute.", ritmo)
        t.histograma("prep_verification_latency_seconds", "From an acta's first drop arriving to the acta verified.",
                     limites: Self.limitesLatencia, cuentas: cuentasLatencia, suma: sumaLatencia)
        t.unica("prep_cortes_total", "counter", "Cortes published since the daemon started.", Double(cortes))
        if let u = ultimoCorte {
            t.unica("prep_last_corte_seq", "gauge", "Sequence number of the last corte.", Double(u.seq))
            t.unica("prep_last_corte_timestamp_seconds", "gauge", "Time of the last corte, Unix seconds.", Double(u.segundosUnix))
            t.unica("prep_last_corte_duration_seconds", "gauge", "How long the last corte took to build, sign and package.", Double(u.duracionNs) / 1e9)
            t.unica("prep_last_corte_size_bytes", "gauge", "Bytes of the last corte's folder (images are outside it).", Double(u.bytes))
            t.unica("prep_last_corte_actas", "gauge", "Actas with a row in the last corte.", Double(u.actas))
            t.unica("prep_last_corte_final", "gauge", "1 when the last corte is final (the night is closed).", u.final ? 1 : 0)
        }
        if let d = e.disco {
            t.metrica("prep_publish_disk_bytes", "gauge", "Disk used by publish/, each inode once (hard links shared between cortes count once), by folder.")
            for (carpeta, b) in [("cortes", d.bytesCortes), ("imagenes", d.bytesImagenes), ("capturas", d.bytesCapturas), ("all", d.bytesPublish)] {
                if let b { t.muestra("prep_publish_disk_bytes", [("folder", carpeta)], b) }
            }
            t.metrica("prep_publish_cortes", "gauge", "Corte folders in publish/cortes/: whole, and reduced by retention (keep_cortes).")
            t.muestra("prep_publish_cortes", [("state", "whole")], d.cortes - d.reducidos)
            t.muestra("prep_publish_cortes", [("state", "reduced")], d.reducidos)
            t.unica("prep_last_corte_disk_bytes", "gauge", "Disk used by the corte latest names, every file it holds.", Double(d.bytesUltimo))
            t.unica("prep_publish_filesystem_avail_bytes", "gauge", "Bytes free for the daemon on the file system of publish/.", Double(d.espacio.libres))
            t.unica("prep_publish_filesystem_size_bytes", "gauge", "Size of the file system of publish/.", Double(d.espacio.total))
        }
        t.unica("prep_publish_command_runs_total", "counter", "publish_command runs finished since the daemon started.", Double(comandos.ejecuciones))
        t.unica("prep_publish_command_failures_total", "counter", "publish_command runs that failed or were killed.", Double(comandos.fallos))
        t.unica("prep_start_time_seconds", "gauge", "When the daemon started, Unix seconds.", Double(inicioUnix))
        return t.texto
    }
}

/// A refusal's reason as a short label (`prep_drops_rejected_total{reason=…}`), from the words of
/// the one-line reasons the spool writes.
enum MotivoRechazo {
    static let tabla: [(String, String)] = [
        ("signature refused:", "bad_signature"),
        ("refused with its signature:", "bad_signature"),
        ("two distinct keys", "same_key"),
        ("invalid capture:", "invalid_capture"),
        ("invalid sin acta declaration:", "invalid_sinacta"),
        ("already captured acta", "same_operator"),
        ("is already verified", "already_verified"),
        ("duplicate: same SHA-256", "duplicate_image"),
        ("max_acta_images", "too_many_images"),
        ("max_acta_captures", "too_many_captures"),
        ("already agree (it is not verified", "captures_agree"),
        ("sin acta declaration", "sinacta_conflict"),
        ("contradicts", "sinacta_conflict"),
        ("capture is for", "wrong_acta"),
        ("oversized", "oversized"),
        ("empty file", "empty"),
        ("hard link", "hard_link"),
        ("drops must be regular files", "not_regular_file"),
        ("symbolic link", "not_regular_file"),
        ("is not in the catálogo", "unknown_election"),
        ("content is not a", "wrong_content"),
        ("cannot read", "unreadable"),
        ("unknown name", "bad_name"),
        ("is not an acta key", "bad_name"),
        ("not valid UTF-8", "bad_name"),
        ("control character", "bad_name"),
        ("does not match [a-z0-9_-]", "bad_name"),
    ]

    static func de(_ razon: String) -> String {
        tabla.first { razon.contains($0.0) }?.1 ?? "other"
    }
}
