import Foundation

/// Prometheus' text exposition format (what node_exporter's textfile collector reads): per
/// metric a `# HELP` and a `# TYPE` line, then its samples, `name{label="value"} number`.
struct TextoMetricas {
    private(set) var texto = ""

    /// A metric's header; its samples follow with `muestra`.
    mutating func metrica(_ nombre: String, _ tipo: String, _ ayuda: String) {
        texto += "# HELP \(nombre) \(ayuda)\n# TYPE \(nombre) \(tipo)\n"
    }

    mutating func muestra(_ nombre: String, _ etiquetas: [(String, String)] = [], _ valor: Double) {
        texto += nombre
        if !etiquetas.isEmpty {
            texto += "{" + etiquetas.map { "\($0.0)=\"\(Self.escapar($0.1))\"" }.joined(separator: ",") + "}"
        }
        texto += " " + Self.numero(valor) + "\n"
    }

    mutating func muestra(_ nombre: String, _ etiquetas: [(String, String)] = [], _ valor: Int) {
        muestra(nombre, etiquetas, Double(valor))
    }

    /// A metric with a single unlabelled sample.
    mutating func unica(_ nombre: String, _ tipo: String, _ ayuda: String, _ valor: Double) {
        metrica(nombre, tipo, ayuda)
        muestra(nombre, [], valor)
    }

    /// A histogram: cumulative `_bucket{le=…}` counts, `+Inf`, `_sum` and `_count`.
    mutating func histograma(_ nombre: String, _ ayuda: String, limites: [Double], cuentas: [Int], suma: Double) {
        metrica(nombre, "histogram", ayuda)
        var acumulado = 0
        for (l, n) in zip(limites, cuentas) {
            acumulado += n
            muestra(nombre + "_bucket", [("le", Self.numero(l))], acumulado)
        }
        let total = cuentas.reduce(0, +)
        muestra(nombre + "_bucket", [("le", "+Inf")], total)
        muestra(nombre + "_sum", [], suma)
        muestra(nombre + "_count", [], total)
    }

    /// Whole numbers without a decimal point; others with up to 3 decimals.
    static func numero(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String((v * 1000).rounded() / 1000)
    }

    /// A label value's `\`, `"` and newline escaped.
    static func escapar(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

