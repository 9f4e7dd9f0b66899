/// A percentage truncated (never rounded) to 4 decimals, held as an integer count of
/// ten-thousandths of a percent, so no float error can show (reference §2.2).
public struct Porcentaje: Hashable, Sendable, CustomStringConvertible {
    /// 666_666 means 66.6666 %.
    public let diezmilesimas: Int

    public init(diezmilesimas: Int) { self.diezmilesimas = diezmilesimas }

    /// `numerador × 100 / denominador`, truncated to 4 decimals; 0.0000 when `denominador` is 0.
    public static func truncado(_ numerador: Int, de denominador: Int) -> Porcentaje {
        guard denominador != 0 else { return Porcentaje(diezmilesimas: 0) }
        // Integer division truncates toward zero: exactly the floor for the non-negative counts used here.
        let (producto, desborde) = numerador.multipliedReportingOverflow(by: 1_000_000)
        if !desborde { return Porcentaje(diezmilesimas: producto / denominador) }
        // Beyond 9.2e12 votes: split to stay exact.
        let entero = numerador / denominador, resto = numerador % denominador
        return Porcentaje(diezmilesimas: entero * 1_000_000 + resto * 1_000_000 / denominador)
    }

    /// With exactly four decimals: `66.6666`, `100.0000`, `0.0000`.
    public var description: String {
        let signo = diezmilesimas < 0 ? "-" : ""
        let v = diezmilesimas.magnitude
        let frac = String(v % 10_000)
        return signo + String(v / 10_000) + "." + String(repeating: "0", count: 4 - frac.count) + frac
    }
}

/// The 13 summary figures of the CSV preamble (reference §2.2), in header order.
public struct Resumen: Hashable, Sendable {
    public let actasEsperadas, actasRegistradas, actasFueraCatalogo, actasCapturadas: Int
    public let porcentajeActasCapturadas: Porcentaje
    public let actasContabilizadas: Int
    public let porcentajeActasContabilizadas, porcentajeActasInconsistencias: Porcentaje
    public let actasNoContabilizadas, listaNominalActasContabilizadas, totalVotosConCS, totalVotosSinCS: Int
    public let porcentajeParticipacionCiudadana: Porcentaje

    /// The summary header row, as published.
    public static let encabezado: [String] = [
        "ACTAS_ESPERADAS", "ACTAS_REGISTRADAS", "ACTAS_FUERA_CATALOGO", "ACTAS_CAPTURADAS",
        "PORCENTAJE_ACTAS_CAPTURADAS", "ACTAS_CONTABILIZADAS", "PORCENTAJE_ACTAS_CONTABILIZADAS",
        "PORCENTAJE_ACTAS_INCONSISTENCIAS", "ACTAS_NO_CONTABILIZADAS", "LISTA_NOMINAL_ACTAS_CONTABILIZADAS",
        "TOTAL_VOTOS_C_CS", "TOTAL_VOTOS_S_CS", "PORCENTAJE_PARTICIPACION_CIUDADANA",
    ]

    /// The summary values row as published, in header order.
    public var valores: [String] {
        [
            String(actasEsperadas), String(actasRegistradas), String(actasFueraCatalogo), String(actasCapturadas),
            porcentajeActasCapturadas.description, String(actasContabilizadas),
            porcentajeActasContabilizadas.description, porcentajeActasInconsistencias.description,
            String(actasNoContabilizadas), String(listaNominalActasContabilizadas),
            String(totalVotosConCS), String(totalVotosSinCS), porcentajeParticipacionCiudadana.description,
        ]
    }

    /// Derives the percentages and the registered count from the counts (reference §2.2).
    /// Participation is TOTAL_VOTOS_S_CS × 100 / LISTA_NOMINAL_ACTAS_CONTABILIZADAS: casillas
    /// especiales have no lista nominal, so their votes stay out of it (INE). With
    /// `participacionConEspeciales` it is TOTAL_VOTOS_C_CS × 100 / LISTA_NOMINAL_ACTAS_CONTABILIZADAS,
    /// what the IECM published in 2024 (docs/perfiles.md).
    public init(actasEsperadas: Int, actasFueraCatalogo: Int, actasCapturadas: Int, actasContabilizadas: Int,
                actasInconsistentes: Int, listaNominalActasContabilizadas: Int, totalVotosConCS: Int,
                totalVotosSinCS: Int, participacionConEspeciales: Bool) {
        self.actasEsperadas = actasEsperadas
        self.actasFueraCatalogo = actasFueraCatalogo
        self.actasCapturadas = actasCapturadas
        self.actasRegistradas = actasCapturadas + actasFueraCatalogo
        self.actasContabilizadas = actasContabilizadas
        self.actasNoContabilizadas = actasCapturadas - actasContabilizadas
        self.porcentajeActasCapturadas = .truncado(actasCapturadas, de: actasEsperadas)
        self.porcentajeActasContabilizadas = .truncado(actasContabilizadas, de: actasEsperadas)
        self.porcentajeActasInconsistencias = .truncado(actasInconsistentes, de: actasEsperadas)
        self.listaNominalActasContabilizadas = listaNominalActasContabilizadas
        self.totalVotosConCS = totalVotosConCS
        self.totalVotosSinCS = totalVotosSinCS
        self.porcentajeParticipacionCiudadana = .truncado(participacionConEspeciales ? totalVotosConCS : totalVotosSinCS,
                                                          de: listaNominalActasContabilizadas)
    }
}

/// Accumulates the rows of one election into its `Resumen` and its vote totals (counted actas only).
/// Feed it every row of the election's CSV once, pending rows included (they add nothing).
public struct AcumuladorResumen: Sendable {
    private var actasEsperadas: Int
    private var fueraCatalogo = 0, capturadas = 0, contabilizadas = 0, inconsistentes = 0
    private var listaNominal = 0, votosConCS = 0, votosSinCS = 0
    /// Column id → votes over counted actas (ilegible and sin dato as 0).
    public private(set) var votosPorColumna: [String: Int] = [:]

    public init(actasEsperadas: Int) { self.actasEsperadas = actasEsperadas }

    /// Adds one row. `casilla` nil for fuera de catálogo. `acta` gives the figures of a counted row.
    public mutating func agregar(_ r: ResultadoComputo, acta: ActaVerificada?, casilla: Casilla?) {
        guard agregar(r, casilla: casilla), let acta, case .captura(let c) = acta.contenido else { return }
        for (columna, cifra) in c.votos { votosPorColumna[columna, default: 0] += cifra.valor }
    }

    /// Adds one row's counts without its votes; returns whether the row is counted (CONTABILIZADA 1),
    /// so a caller keeping votes in its own form (e.g. by column position) adds them itself.
    @discardableResult
    public mutating func agregar(_ r: ResultadoComputo, casilla: Casilla?) -> Bool {
        if r.esInconsistente { inconsistentes += 1 }
        switch r.contabilizada {
        case .pendiente:
            return false
        case .fueraDeCatalogo:
            fueraCatalogo += 1
            return false
        case .no:
            capturadas += 1
            return false
        case .si:
            capturadas += 1
            contabilizadas += 1
            let total = r.totalCalculado ?? 0
            votosConCS += total
            if let casilla {
                listaNominal += casilla.listaNominal
                if !casilla.esEspecial { votosSinCS += total }
            }
            return true
        }
    }

    /// One more expected acta (for accumulators over a part of the catálogo, e.g. one distrito).
    public mutating func esperada() { actasEsperadas += 1 }

    /// Adds another accumulator's rows (e.g. a distrito's into its election's).
    public mutating func sumar(_ otro: AcumuladorResumen) {
        actasEsperadas += otro.actasEsperadas
        fueraCatalogo += otro.fueraCatalogo
        capturadas += otro.capturadas
        contabilizadas += otro.contabilizadas
        inconsistentes += otro.inconsistentes
        listaNominal += otro.listaNominal
        votosConCS += otro.votosConCS
        votosSinCS += otro.votosSinCS
        for (columna, n) in otro.votosPorColumna { votosPorColumna[columna, default: 0] += n }
    }

    /// The summary as of the rows added so far, with `perfil`'s participation rule (`Resumen.init`).
    /// Every summary a corte shows (CSV preamble, site, status, `prep verify`) comes through here
    /// with the corte's profile: there is no default, so no caller can count participation its own way.
    public func resumen(perfil: PerfilPublicacion) -> Resumen {
        Resumen(actasEsperadas: actasEsperadas, actasFueraCatalogo: fueraCatalogo, actasCapturadas: capturadas,
                actasContabilizadas: contabilizadas, actasInconsistentes: inconsistentes,
                listaNominalActasContabilizadas: listaNominal, totalVotosConCS: votosConCS,
                totalVotosSinCS: votosSinCS, participacionConEspeciales: perfil.participacionConEspeciales)
    }
}
