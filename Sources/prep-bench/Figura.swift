import Glibc  // clock_gettime(2) and getrusage(2): the figures' timings, no file work

/// One benchmark: a name for the command line and a function that measures and prints.
struct Figura: Sendable {
    let nombre: String
    let medir: @Sendable () throws -> Void
}

/// Every benchmark, in the order `prep-bench` runs them. Each lives in its own file.
let figuras: [Figura] = [
    figuraCatalogoCarga,
    figuraCapturaValidacion,
    figuraDrain,
    figuraLive,
    figuraLiveNacional,
    figuraSincronizacion,
    figuraEspera,
    figuraScale,
    figuraRelevo,
    figuraShell,
    figuraRazonShell,
    figuraCorteCDMX,
    figuraCorteCDMXINE,
    figuraCorteNacional,
    figuraCorteNacional1pct,
    figuraVerifyNacional,
    figuraSitio,
    figuraCorteBase,
    figuraCorteSitio,
    figuraCorteSitio1pct,
    figuraVerifySitio,
    figuraDiscoCDMX,
    figuraDiscoNacional,
    figuraDiscoCapturas,
    figuraRetencionNacional,
]

/// A benchmark that could not measure: what went wrong, in one line.
struct ErrorBanco: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Prints a figure in the suite's format: `name: value unit (target)`.
func informar(_ nombre: String, _ valor: Double, _ unidad: String, objetivo: String) {
    let redondeado = (valor * 100).rounded() / 100
    print("\(nombre): \(redondeado) \(unidad) (\(objetivo))")
}

/// Monotonic seconds.
func ahora() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Peak resident set size of this process, in MB.
func picoRSSMB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}
