import PrepDominio
import PrepPublicacion
import PrepSistema
import PrepSitio
import PrepSpool

/// The daemon's corte cycle: a corte at start (puesta en ceros) and then every `corte_interval`.
/// The corte itself is built by the corte worker (`TrabajadorCortes`) on its own thread: each turn
/// of the loop (`turno`) hands it the actas that turn verified, asks it for a corte when one is
/// due, and — when one is durable — moves its actas to `packaged/` and hands it to
/// `publish_command` (if any). The loop never waits for a corte, except
/// for the one at start (before the `ready` line) and the last one at stop or with `--once`.
/// `prep publish` (SIGUSR1) asks for one now; asked during a corte, it is made right after that
/// one (never two at once). With `--once` (and `prep publish` without a daemon) there is one corte,
/// at the end, when one is due or asked for: it includes everything that process verified.
final class CicloCortes {
    private let spool: Spool
    private let trabajador: TrabajadorCortes
    private let intervaloNs: Int64
    private let unaVez: Bool
    private var proximoNs: Int64?
    /// `prep publish` asked for a corte (SIGUSR1): publish at the next turn, with everything
    /// verified; `.final` closes the night, `.reabrir` reopens it.
    private var solicitud: SolicitudCorte?
    private let raiz: String
    private var primerTurno = true
    /// Verified actas not yet handed to the worker (with `--once`, until its corte is due).
    private var porEntregar: [ClaveActa] = []
    /// A corte was asked of the worker and has not come back yet.
    private var enCurso = false
    /// The builder's state after the last durable corte, as the worker sent it back.
    private var publicado: EstadoCortes
    private let comando: ComandoPublicacion
    private let registro: Registro
    /// The operator registry in force (shared with the spool's rules; SIGHUP re-reads it).
    private let operadores: OperadoresVigentes
    /// What the last corte this process made was (for the status line and the metrics).
    private(set) var ultimo: CorteHecho?
    /// Retention passes that reduced some corte (for the metrics: `publish/` changed).
    private(set) var reducciones = 0

    /// `alTerminarComando` is told of every `publish_command` run's end (on the command's queue);
    /// `antesDeReducir` of each corte retention is about to reduce (on retention's thread).
    init(spool: Spool, config: Configuracion, catalogo: Catalogo, operadores: OperadoresVigentes, unaVez: Bool, registro: Registro,
         alTerminarComando: @escaping @Sendable (ProcesoHijo.Fin) -> Void = { _ in },
         antesDeReducir: @escaping @Sendable (NombreCorte) -> Void = { _ in }) throws {
        self.spool = spool
        let secreta = config.claveFirma
        if !Directorio.actual.existe(NombreArchivo(secreta)) {
            guard config.modo == .simulacro else {
                throw ErrorPublicacion("signing key \(secreta) does not exist (mode oficial never creates one: run prep keygen)")
            }
            // Its folder too (keys/ in a fresh checkout or demo), private.
            if let barra = secreta.lastIndex(of: "/") {
                let carpeta = NombreArchivo(String(secreta[..<barra]))
                if !carpeta.bytes.isEmpty, !Directorio.actual.existe(carpeta) {
                    try Directorio.actual.crearCarpetas(carpeta)
                    try Directorio.actual.cambiarPermisos(carpeta, 0o700)
                }
            }
            _ = try ArchivoClaves.generar(prefijo: String(secreta.dropLast(4)))
            registro.aviso("keygen", "created signing key \(secreta) and \(secreta.dropLast(4)).pub (mode simulacro)")
        }
        var configuracion = try Self.configuracionCortes(config)
        configuracion.operadores = operadores.registro
        configuracion.conservarCortes = config.conservarCortes
        let host = Maquina.nombreHost
        configuracion.host = Manifiesto.hostValido(host) ? host : nil
        configuracion.generador = "prep \(versionPrep)"
        self.operadores = operadores
        let cortes = try ConstructorCortes(configuracion: configuracion, catalogo: catalogo)
        // Before any corte of this start: never a seq the web already serves with another hash.
        try ComprobacionCadena.alIniciar(config, cortes: cortes, registro: registro)
        for linea in cortes.copiasDescartadas { registro.aviso("recovery", linea) }
        // Read here, before the worker owns the builder; afterwards only what it sends back.
        publicado = EstadoCortes(cortes)
        do { trabajador = try TrabajadorCortes(cortes: cortes, registro: registro, antesDeReducir: antesDeReducir) } catch {
            throw ErrorPublicacion("cannot start the corte worker: \(error)")
        }
        intervaloNs = config.intervaloCorteNs
        self.unaVez = unaVez
        self.registro = registro
        raiz = config.spool
        comando = ComandoPublicacion(config.comandoPublicacion, limiteNs: config.limitePublicacionNs, registro: registro,
                                     alTerminar: alTerminarComando)
    }

    /// How `config` publishes: the spool's publish folder, the mode, the clock, the catálogo's
    /// fingerprint, the signing key (which must exist) and the results site.
    static func configuracionCortes(_ config: Configuracion) throws -> ConfiguracionCortes {
        let clave = try ArchivoClaves.leerSecreta(config.claveFirma)
        let huella = huellaCatalogo(archivos: try leerArchivosCatalogo(ruta: config.catalogo))
        return ConfiguracionCortes(
            carpeta: config.spool + "/" + Disposicion.publish, modo: config.modo == .oficial ? .oficial : .simulacro,
            desfaseMinutos: config.desfaseUTCMinutos, intervaloSegundos: Int(config.intervaloCorteNs / 1_000_000_000),
            catalogoSHA256: huella, clave: clave, sitio: SitioResultados(clave: clave.publica))
    }

    /// A corte was asked for (SIGUSR1): what kind is in `corte.request`, if it was left for this
    /// process and is still in time; a foreign or stale request is ignored (logged) and the corte
    /// is an ordinary one. An ordinary request never replaces a final or reopening one still
    /// pending. The daemon answers with the seq of the corte that will serve it (`corte.answer`):
    /// the one after a corte in flight, which was started before the request. `prep run --once`
    /// answers too: its one corte, at the end, serves the request.
    func solicitarCorte() { solicitarCorte(responder: true) }

    /// `solicitarCorte`; `responder` false when this process asked itself (`prep publish` with no
    /// daemon), and nobody waits for an answer.
    func solicitarCorte(responder: Bool) {
        let s: SolicitudCorte
        switch SolicitudCorte.tomar(raiz: raiz, pid: Maquina.pid, ahora: Reloj.segundosUnix()) {
        case .ninguna: s = .normal
        case .valida(let v): s = v
        case .ignorada(let motivo):
            registro.aviso("warning", "ignored \(motivo); an ordinary corte instead")
            s = .normal
        }
        if s != .normal || solicitud == nil { solicitud = s }
        guard responder else { return }
        do { try SolicitudCorte.responder(raiz: raiz, seq: publicado.seq + (enCurso ? 2 : 1)) } catch {
            registro.aviso("warning", "cannot write \(SolicitudCorte.archivoRespuesta) for prep publish: \(error)")
        }
    }

    /// A verified acta `prep retirar` withdraws: forgotten if not yet handed to the worker, or if
    /// the worker could not read it; refused once the worker has registered it for a corte.
    func retirar(_ clave: ClaveActa) -> String? {
        porEntregar.removeAll { $0 == clave }
        return trabajador.olvidar(clave)
    }

    func recargar(_ config: Configuracion) {
        if let r = operadores.recargar(config, registro: registro) { trabajador.cambiarOperadores(r) }
        comando.cambiar(linea: config.comandoPublicacion, limiteNs: config.limitePublicacionNs)
        trabajador.cambiarRetencion(config.conservarCortes)
    }

    /// Before the daemon's last line (and again, harmlessly, before an exit on an error): the
    /// corte worker finishes what it has in hand and drops what no corte waits for; the retention
    /// pass in hand and the one the last corte asked for are finished (each within its time
    /// budget) at the end of `--once`, or (`abandonarReduccion`: a stop) cut short at the next
    /// file, left for the next start, and logged; the publish command in hand gets a few seconds,
    /// then it is killed; one not started is not run (logged). Nothing of the cycle runs after
    /// this returns.
    func detener(abandonarReduccion: Bool = true) {
        trabajador.abandonarRegistros()
        trabajador.esperar()
        trabajador.terminarReducciones(abandonar: abandonarReduccion)
        anotarReducciones()
        comando.terminar(graciaNs: 3_000_000_000)
    }

    /// Whether a stop (`detener`) asked retention to end its passes.
    var reduccionesAbandonadas: Bool { trabajador.reduccionesAbandonadas }

    /// Readable when the worker finished a corte: the loop polls it with its other descriptors.
    var aviso: FileDescriptor { trabajador.aviso }

    /// A corte is due for `--once` when none was ever made or the last is `corte_interval` old.
    private func debido() -> Bool {
        guard let u = publicado.hora else { return true }
        return Reloj.realNs() / 1_000_000_000 - u.segundosUnix >= intervaloNs / 1_000_000_000
    }

    /// One turn of the loop, between batches (at least once a second), and once more with `final`
    /// before `prep run --once` exits or the daemon stops: `verificadas`, the actas the turn made
    /// verified, go to the worker; a corte is asked for when one is due; every corte the worker
    /// finished is packaged. Returns those cortes. A thrown error stops the daemon.
    func turno(_ verificadas: [ClaveActa], ahoraMonotonoNs: Int64, final: Bool) throws -> [CorteHecho] {
        let lector = spool.lectorVerificadas
        var hechos: [CorteHecho] = []
        if primerTurno {
            primerTurno = false
            // Rows of the latest corte that could not be read back: read from their items.
            trabajador.releerAlIniciar(lector: lector)
            // Then everything in verified/ at start (also actas a crash left there after their corte).
            porEntregar = try spool.clavesVerificadas()
        }
        porEntregar += verificadas
        // The daemon registers verified actas in the background, for the next corte; `--once`
        // only when its one corte is due (at the end), as it may have none to make; a stop only
        // when it makes a corte. A stop without one leaves what no corte waits for unregistered:
        // those actas stay in verified/ and are fed again at the next start.
        if !unaVez && !final { entregar(lector) }
        if final, !unaVez, !corteDebido(ahoraMonotonoNs) { trabajador.abandonarRegistros() }
        hechos += try recoger()
        if enCurso {
            guard final else { return hechos }
            trabajador.esperar()
            hechos += try recoger()
        }
        if unaVez {
            guard final, solicitud != nil || debido() else { return hechos }
        } else if !corteDebido(ahoraMonotonoNs) {
            return hechos
        }
        let pedida = solicitud
        solicitud = nil
        proximoNs = ahoraMonotonoNs + intervaloNs
        // After the final corte the night is closed: no corte until one reopens it.
        if publicado.cerrada, pedida != .final, pedida != .reabrir {
            if pedida == .normal {
                registro.aviso("warning", "a corte was asked for, but the night is closed by the final corte \(publicado.seq): prep publish --reopen publishes again")
            }
            return hechos
        }
        let primero = ultimo == nil && !enCurso
        entregar(lector)
        trabajador.corte(final: pedida == .final, lector: lector)
        enCurso = true
        // The corte at start comes before the ready line; the last one before the process ends.
        if final || (primero && !unaVez) {
            trabajador.esperar()
            hechos += try recoger()
        }
        return hechos
    }

    /// The daemon makes a corte at this turn (also its last, at a stop): one was asked for, or
    /// `corte_interval` has passed since the last.
    private func corteDebido(_ ahoraMonotonoNs: Int64) -> Bool {
        solicitud != nil || proximoNs.map { ahoraMonotonoNs >= $0 } ?? true
    }

    /// Hands the worker every verified acta not yet handed over, to register for the next corte.
    private func entregar(_ lector: LectorVerificadas) {
        trabajador.registrar(porEntregar, lector: lector)
        porEntregar = []
    }

    /// Packages, logs and hands to `publish_command` every corte the worker finished; returns them.
    private func recoger() throws -> [CorteHecho] {
        var hechos: [CorteHecho] = []
        for t in trabajador.tomarTerminados() {
            enCurso = false
            switch t {
            case .fallo(let e):
                throw e
            case .corte(let corte, let hecho, let estado):
                try spool.empaquetar(corte.incluidas, corte: corte.nombre.description)
                ultimo = hecho
                publicado = estado
                registro.aviso("corte", hecho.descripcion)
                comando.lanzar(corte: trabajador.carpetaCortes + "/" + corte.nombre.description)
                hechos.append(hecho)
            }
        }
        anotarReducciones()
        return hechos
    }

    /// Logs what the retention passes finished since the last call did.
    private func anotarReducciones() {
        for r in trabajador.tomarReducciones() {
            for l in r.reducidos { registro.aviso("retention", l) }
            for l in r.avisos { registro.aviso("warning", l) }
            if let l = r.interrumpida { registro.aviso("retention", l) }
            if r.pendientes > 0 {
                registro.aviso("retention", "\(r.pendientes) more cortes to reduce, left for the next cortes")
            }
            if !r.reducidos.isEmpty { reducciones += 1 }
        }
    }
}
