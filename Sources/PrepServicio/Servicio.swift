import PrepDominio
import PrepSistema
import PrepSpool

/// The PREP service: the spool daemon with its corte cycle, wired from a configuration. The
/// `prep` executable only parses options and calls `Servicio.ejecutar` (`prep run`, and `prep
/// publish` when no daemon holds the spool).
public enum Servicio {
    /// How the daemon runs.
    public enum Modo: Sendable {
        /// Until SIGTERM/SIGINT: a corte at start, then every `corte_interval`.
        case demonio
        /// `prep run --once`: process what is there, then one corte if one is due.
        case unaVez
        /// `prep publish` without a daemon: process what is there, then one corte now.
        case corteAhora
    }

    /// Why the service stopped with a failure: the one line the executable prints (exit 1).
    public struct Fallo: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs the service on `config` until it stops. Throws on a refused start or an I/O error.
    /// `recarga` re-reads the configuration the way it was first read, for SIGHUP.
    public static func ejecutar(_ config: Configuracion, modo: Modo, detallado: Bool,
                                recarga: (() throws(Configuracion.Fallo) -> Configuracion)? = nil) throws(Fallo) {
        let catalogo: Catalogo
        do { catalogo = try leerCatalogo(ruta: config.catalogo) } catch {
            throw Fallo(description: "refusing to start: \(error)")
        }
        let registro = Registro(detallado: detallado, desfaseMinutos: config.desfaseUTCMinutos)
        let unaVez = modo != .demonio
        let operadores = try OperadoresVigentes.alIniciar(config, registro: registro)
        do {
            let senales = try Senales.instalar()
            let spool = try Spool.abrir(raiz: config.spool, crear: true, reglas: ReglasDominio(catalogo: catalogo, operadores: operadores),
                                        desfaseMinutos: config.desfaseUTCMinutos, registro: registro)
            let comandos = ConteoComandos()
            let ciclo = try CicloCortes(config: config, catalogo: catalogo, operadores: operadores, unaVez: unaVez, registro: registro,
                                        alTerminarComando: comandos.sumar)
            let seguimiento = SeguimientoServicio(config: config, registro: registro, ciclo: ciclo, comandos: comandos)
            if modo == .corteAhora { ciclo.solicitarCorte() }
            let demonio = try Demonio(spool: spool, config: config, unaVez: unaVez, publicador: ciclo, senales: senales,
                                      recarga: recarga, seguimiento: seguimiento)
            defer { ciclo.terminar() }
            try demonio.ejecutar()
            seguimiento.terminado(demonio)
        } catch let e as Fallo {
            throw e
        } catch {
            throw Fallo(description: "\(error)")
        }
    }
}
