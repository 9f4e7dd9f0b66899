import Dispatch
import PrepSistema
import PrepSpool
import Synchronization

/// Writes the metrics file on its own serial queue. Requests made while one is being written
/// collapse into one, with the newest counters; the file is replaced atomically (`NAME.tmp`, then
/// rename: node_exporter reads only `*.prom`). A failure is logged once per distinct failure: a
/// full disk must not flood the log every second.
final class EscritorMetricas: Sendable {
    /// One rewrite: the daemon's counters as they were when asked, and where.
    struct Pedido: Sendable {
        let metricas: MetricasServicio
        let ritmo: Double
        let archivo: String
        let raiz: String
        let desfaseMinutos: Int
    }

    private struct Estado {
        var pendiente: Pedido?
        var ocupado = false
        var ultimoFallo = ""
        /// The last measure of `publish/` and when (monotonic seconds): walking every image takes
        /// about 2 s nationally, so it is redone every `segundosDisco` (and always after a
        /// corte or a retention pass, when it changes most).
        var disco: (Double, DiscoPublicacion)?
        var cortesVistos = -1
        var reduccionesVistas = -1
    }

    static let segundosDisco = 300.0

    private let cola = DispatchQueue(label: "prep.metricas")
    private let estado = Mutex(Estado())
    private let registro: Registro
    private let comandos: ConteoComandos

    init(registro: Registro, comandos: ConteoComandos) {
        self.registro = registro
        self.comandos = comandos
    }

    func escribir(_ p: Pedido) {
        let lanzar = estado.withLock { e in
            e.pendiente = p
            defer { e.ocupado = true }
            return !e.ocupado
        }
        guard lanzar else { return }
        cola.async { [self] in
            while let p = estado.withLock({ e in
                defer { e.pendiente = nil }
                if e.pendiente == nil { e.ocupado = false }
                return e.pendiente
            }) {
                escribirAhora(p)
            }
        }
    }

    /// Waits until every request made so far is written.
    func esperar() { cola.sync {} }

    private func escribirAhora(_ p: Pedido) {
        do {
            let ahora = Reloj.monotonoSegundos()
            let medir = estado.withLock { e in
                e.disco.map { ahora - $0.0 >= Self.segundosDisco } ?? true || e.cortesVistos != p.metricas.cortes
                    || e.reduccionesVistas != p.metricas.reducciones
            }
            var e = try EstadoSpool.calcular(raiz: p.raiz, desfaseMinutos: p.desfaseMinutos, disco: medir ? .todo : .ninguna)
            estado.withLock { x in
                if medir, let d = e.disco {
                    x.disco = (ahora, d)
                    x.cortesVistos = p.metricas.cortes
                    x.reduccionesVistas = p.metricas.reducciones
                }
                if e.disco == nil { e.disco = x.disco?.1 }
            }
            let texto = p.metricas.texto(e, ritmo: p.ritmo, comandos: comandos.valor, ahoraUnix: Reloj.segundosUnix())
            try Directorio.actual.escribirAtomico(NombreArchivo(p.archivo), Array(texto.utf8), sincronizar: false)
            estado.withLock { $0.ultimoFallo = "" }
        } catch {
            let t = "\(error)"
            let nuevo = estado.withLock { e in
                defer { e.ultimoFallo = t }
                return e.ultimoFallo != t
            }
            if nuevo { registro.aviso("warning", "metrics_file \(p.archivo) not written: \(t)") }
        }
    }
}
