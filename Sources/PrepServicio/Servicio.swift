import PrepDominio
import PrepSistema
import PrepSpool

/// The PREP service: the spool's reception and the corte cycle under one loop (`Bucle`), wired
/// from a configuration. The
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

    /// Refuses an official night on a spool a writer could reach past `incoming/`; a simulacro
    /// only warns (a test bench, a laptop).
    static func revisarAlcance(_ spool: Spool, _ config: Configuracion, _ registro: Registro) throws(Fallo) {
        let razones = spool.alcanceDeEscritores()
        guard !razones.isEmpty else { return }
        let texto = "a writer could reach past incoming/: " + razones.joined(separator: "; ")
        if config.modo == .oficial {
            throw Fallo(description: "refusing to start (mode = oficial): \(texto)")
        }
        registro.aviso("warning", "\(texto) (mode = simulacro: starting anyway)")
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
            try revisarAlcance(spool, config, registro)
            let comandos = ConteoComandos()
            let ciclo = try CicloCortes(spool: spool, config: config, catalogo: catalogo, operadores: operadores, unaVez: unaVez,
                                        registro: registro, alTerminarComando: comandos.sumar)
            let seguimiento = SeguimientoServicio(config: config, registro: registro, comandos: comandos)
            if modo == .corteAhora { ciclo.solicitarCorte(responder: false) }
            let recepcion = try Recepcion(spool: spool, config: config.recepcion, unaVez: unaVez)
            let bucle = Bucle(recepcion: recepcion, ciclo: ciclo, seguimiento: seguimiento, senales: senales, config: config,
                              registro: registro, recarga: recarga)
            // A normal stop quiets every thread before the last line (`Bucle.ejecutar`); an error
            // stops here, and nothing may still run when the process ends.
            defer {
                ciclo.detener()
                seguimiento.esperar()
            }
            try bucle.ejecutar()
        } catch let e as Fallo {
            throw e
        } catch {
            throw Fallo(description: "\(error)")
        }
    }
}
