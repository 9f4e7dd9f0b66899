import PrepDominio

/// Makes up an acta's true figures: turnout of 55–75 % of the lista nominal and vote shares
/// shaped like CDMX 2024 (the PVEM-PT-MORENA bloc ahead of PAN-PRI-PRD, MC third; reference
/// prep-domain §6), with a swing per distrito and noise per casilla.
struct GeneradorVotos {
    /// Baseline weight of a column by its id; unknown ids fall back to their kind.
    static func peso(_ c: ColumnaVoto) -> Double {
        switch c.id {
        case "MORENA": 0.36
        case "PVEM": 0.055
        case "PT": 0.05
        case "PVEM_PT_MORENA": 0.03
        case "PVEM_PT": 0.003
        case "PVEM_MORENA": 0.01
        case "PT_MORENA": 0.008
        case "PAN": 0.21
        case "PRI": 0.07
        case "PRD": 0.03
        case "PAN_PRI_PRD": 0.045
        case "PAN_PRI": 0.01
        case "PAN_PRD": 0.005
        case "PRI_PRD": 0.003
        case "MC": 0.072
        default:
            switch c.tipo {
            case .partido: 0.03
            case .coalicion, .candidaturaComun: 0.008
            case .independiente: 0.012
            case .noRegistradas: 0.001
            case .nulos: 0.025
            }
        }
    }

    /// Which bloc a column leans to: +1 the MORENA bloc, −1 the PAN bloc, 0 neither.
    static func bloque(_ id: String) -> Double {
        if ["MORENA", "PVEM", "PT"].contains(where: { id.contains($0) }) { return 1 }
        if ["PAN", "PRI", "PRD"].contains(where: { id.contains($0) }) { return -1 }
        return 0
    }

    /// Splits `total` votes over `columnas` (sums exactly to `total`). `giro` in −1…1 favours one bloc.
    static func repartir(_ total: Int, _ columnas: [ColumnaVoto], giro: Double, azar: inout Azar) -> [Int] {
        guard !columnas.isEmpty else { return [] }
        let pesos = columnas.map { c in
            max(0.0001, peso(c) * (1 + 0.2 * giro * bloque(c.id)) * azar.uniforme(0.75...1.25))
        }
        let suma = pesos.reduce(0, +)
        var votos = pesos.map { Int(Double(total) * $0 / suma) }
        let resto = total - votos.reduce(0, +)
        if let mayor = pesos.indices.max(by: { pesos[$0] < pesos[$1] }) { votos[mayor] += resto }
        return votos
    }
}
