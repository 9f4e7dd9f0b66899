import Dispatch
import PrepDominio
import PrepSistema

/// What one turn of the reception did: the actas it made verified (durably, in the order they
/// were decided; the service hands them to the corte worker) and, when it ran a batch, what the
/// batch did (for the metrics).
public struct Paso: Sendable {
    public var verificadas: [ClaveActa] = []
    public var lote: ResumenLote?
}

/// The spool's side of `prep run`: recovery, then watching and scanning `incoming/`, and moving
/// each acta through its phases in durable batches. It owns no thread and no loop: the service's
/// loop (PrepServicio's `Bucle`) waits on `descriptor` for at most `esperaMs()`, then calls
/// `turno()`, which takes one batch and returns what it verified.
public final class Recepcion {
    public let spool: Spool
    /// The spool's configuration in force (SIGHUP may change its live keys: `cambiar`).
    public private(set) var config: ConfiguracionSpool
    let unaVez: Bool
    let observador: Observador
    /// The next batches, oldest first, being checked one after the other while the loop executes
    /// the current one: at most `profundidadAdelanto`.
    var adelantos: [RevisionAdelantada] = []
    /// Two: the second keeps the cores checking while the loop commits the batch in hand and
    /// plans the next, the stretch in which the first is already done.
    static let profundidadAdelanto = 2
    /// Where early checks run, one after the other, below the loop's priority.
    let fondo = HilosTrabajo(cortesia: 10)
    /// Fewest complete files beyond the batch in hand that start an early check: a backlog.
    /// Live traffic's few waiting files are checked in their own batch, on the loop: an early
    /// check of them would save little, and the loop could find itself waiting for one of them
    /// on a thread below its priority while a corte holds the cores.
    public var minimoAdelanto = 256
    /// The oldest early check (the next batch's).
    var adelanto: RevisionAdelantada? { adelantos.first }
    /// Most drops checked in one batch (bounds memory and each batch's latency). Live traffic
    /// makes small batches; a backlog is drained in batches this big, and each big batch costs
    /// three `syncfs` (docs/spool.md): 9,000 drops (3,000 actas) make a 20,000-acta backlog 7
    /// batches and 21 `syncfs` instead of 20 and 61, for about one second per batch.
    public var maximoPorLote = 9000
    /// When incoming/ is next scanned in full (monotonic ns).
    private var proximoEscaneo: Int64 = 0
    /// `--once` waits for files still being written, but not forever: a file that keeps growing
    /// is left in incoming/ after `once_wait` (monotonic ns), and the last line says so.
    private var finUnaVez: Int64 = 0

    /// Counters for the final log line and for tests.
    public private(set) var procesadas = 0
    public private(set) var rechazadas = 0

    /// With `unaVez` (`prep run --once`) the reception is `terminada` once everything present
    /// has been processed.
    public init(spool: Spool, config: ConfiguracionSpool, unaVez: Bool) throws(FalloSpool) {
        self.spool = spool
        self.config = config
        self.unaVez = unaVez
        var inotify: Inotify?
        if config.vigilancia == .inotify {
            do { inotify = try Inotify() } catch { throw FalloSpool("cannot start inotify: \(error)") }
        }
        observador = Observador(spool: spool, inotify: inotify, asentamientoNs: config.asentamientoNs)
    }

    /// Recovery (`Spool.recuperar`), then incoming/ watched and scanned once. Throws on an I/O
    /// error (the caller exits 1).
    public func iniciar() throws(FalloSpool) {
        let r = spool.registro
        if let (antes, ahora) = LimiteArchivos.elevarAlMaximo() {
            r.aviso("limits", "open files: raised the soft limit from \(antes) to the hard limit \(ahora)")
        }
        try spool.recuperar()
        try observador.vigilarRaiz()
        try observador.escanearTodo()
        proximoEscaneo = Reloj.monotonoNs() + periodoEscaneo
        finUnaVez = Reloj.monotonoNs() + config.esperaUnaVezNs
    }

    /// The `ready` line's text: the spool as it starts serving.
    public var descripcionListo: String {
        let cuenta = spool.fases.cuentas
        return "spool \(spool.raiz): \(cuenta[.captured] ?? 0) captured, \(cuenta[.verified] ?? 0) verified, \(cuenta[.packaged] ?? 0) packaged, \(observador.seguidos.count) files in incoming/; watching with \(config.vigilancia.rawValue)"
    }

    /// Readable when incoming/ changed (inotify); nil with `watch = poll`.
    public var descriptor: FileDescriptor? { observador.inotify?.fd }

    /// How long the loop may wait before the next `turno` (milliseconds): at once when complete
    /// files wait, else until the next settle deadline or rescan, at most a second.
    public func esperaMs() -> Int32 {
        var espera: Int64 = 1_000_000_000
        if observador.hayListos || (unaVez && !observador.hayAsentando) { espera = 0 }
        if let p = observador.proximoPlazo { espera = min(espera, max(0, p - Reloj.monotonoNs())) }
        if unaVez { espera = min(espera, max(0, finUnaVez - Reloj.monotonoNs())) }
        espera = min(espera, max(0, proximoEscaneo - Reloj.monotonoNs()))
        return Int32((espera + 999_999) / 1_000_000)
    }

    /// One turn: what inotify reported (or a rescan found), what settled, then one batch.
    public func turno() throws(FalloSpool) -> Paso {
        var rescan = try observador.aplicarEventos()
        if Reloj.monotonoNs() >= proximoEscaneo { rescan = true }
        if rescan {
            try observador.escanearTodo()
            proximoEscaneo = Reloj.monotonoNs() + periodoEscaneo
        }
        observador.madurar(ahoraNs: Reloj.monotonoNs())
        return try paso()
    }

    /// With `--once`: everything present was processed (files still being written are left
    /// after `once_wait`).
    public var terminada: Bool {
        unaVez && !observador.hayListos && (!observador.hayAsentando || Reloj.monotonoNs() >= finUnaVez)
    }

    /// The `stopped` line's text (after `descartarAdelanto`): what was done, and what was left.
    public var descripcionParada: String {
        let esperando = observador.cuantosEnEspera
        let asentando = observador.asentando
        let sinPareja = observador.descripcionSinPareja
        var dejados = ""
        if unaVez, !asentando.isEmpty {
            dejados = "; \(asentando.count) still being written left in incoming/ after once_wait: "
                + asentando.prefix(5).map(\.description).joined(separator: ", ") + (asentando.count > 5 ? ", …" : "")
        }
        return "\(procesadas) drops placed, \(rechazadas) rejected, \(esperando) waiting in incoming/ for their partner\(dejados)\(sinPareja)"
    }

    /// How often incoming/ is scanned in full: `rescan_interval`, or with `watch = poll` every
    /// `settle`/2 (at least 250 ms, at most `rescan_interval`).
    var periodoEscaneo: Int64 {
        config.vigilancia == .poll
            ? min(config.intervaloRescanNs, max(250_000_000, config.asentamientoNs / 2))
            : config.intervaloRescanNs
    }

    /// SIGHUP applied a new configuration: its live keys are in force from the next batch. (The
    /// caller drops the early check first, `descartarAdelanto`, before the rules change.)
    public func cambiar(_ nueva: ConfiguracionSpool) { config = nueva }

    /// One batch: check complete files (in parallel), decide per acta, execute durably, log.
    func paso() throws(FalloSpool) -> Paso {
        let lote = try loteListo()
        guard !lote.listos.isEmpty else { return Paso() }
        var carpetas = lote.carpetas
        defer { observador.cerrar(carpetas) }
        let revisiones = try revisionesDe(lote.listos, adelantadas: lote.revisadas, carpetas: carpetas)
        let clasificadas = clasificar(revisiones)
        var rechazos = clasificadas.rechazos
        let planes = try planear(clasificadas.nuevos, claves: clasificadas.claves, carpetas: &carpetas, rechazos: &rechazos)
        // The next batch is checked on the other cores while this one is executed.
        adelantar(excepto: Set(lote.listos))
        let res: ResultadoLote
        do { res = try spool.ejecutar(planes: planes, rechazos: rechazos, carpetas: carpetas) } catch {
            descartarAdelanto()
            throw error
        }
        asentar(res, planes: planes, carpetas: carpetas)
        return Paso(verificadas: res.verificadas, lote: resumen(res, ahoraNs: Reloj.realNs()))
    }

    /// The open folder of a drop in `carpeta` (nil: at the top of incoming/); nil when that
    /// folder is not among `carpetas` (it could not be opened).
    func directorio(_ carpeta: NombreArchivo?, _ carpetas: [NombreArchivo: Directorio]) -> Directorio? {
        carpeta.map { carpetas[$0] } ?? spool.incoming
    }

    /// The batch's checks, in its order: those made early (during the previous batch), the rest
    /// made now on every core, then the captures past the cap, refused unread.
    func revisionesDe(_ listos: [Ubicacion], adelantadas: [Ubicacion: Revision],
                      carpetas: [NombreArchivo: Directorio]) throws(FalloSpool) -> [Revision] {
        var revisadas = adelantadas
        let (aRevisar, sobrantes) = separarSobrantes(listos)
        let faltan = aRevisar.filter { revisadas[$0] == nil }
        let ahora = try Self.revisarEnParalelo(faltan, dirs: faltan.map { directorio($0.carpeta, carpetas) },
                                               reglas: spool.reglas, config: config).get()
        for (u, rv) in zip(faltan, ahora) { revisadas[u] = rv }
        return aRevisar.compactMap { revisadas[$0] }
            + sobrantes.map { rechazoSobrante($0.0, $0.1, en: directorio($0.0.carpeta, carpetas)) }
    }

    /// Sorts the checks: valid drops by acta (key text → drops, and its key), refusals; a drop
    /// that vanished, changed or is not whole yet goes back to the observer, and a JSON and its
    /// `.sig` are paired (`emparejarFirma`).
    func clasificar(_ revisiones: [Revision]) -> (nuevos: [String: [DropValido]], claves: [String: ClaveActa], rechazos: [Rechazo]) {
        var rechazos: [Rechazo] = []
        var nuevos: [String: [DropValido]] = [:]
        var claves: [String: ClaveActa] = [:]
        for rv in revisiones {
            switch rv {
            case .valido(let d):
                nuevos[d.clave.texto, default: []].append(d)
                claves[d.clave.texto] = d.clave
                // A waiting drop looked at again is "new" once more: take it out of the waiting list.
                observador.quitarDeEspera(d.ubicacion, de: d.clave.texto)
            case .rechazo(let u, let e, let razon):
                rechazos.append(Rechazo(ubicacion: u, estado: e, razon: razon))
            case .desaparecido(let u), .temporal(let u):
                observador.olvidar(u)
            case .cambiado(let u):
                observador.fijar(u, .asentando(plazoNs: 0))
            case .incompleta(let u, let razon):
                // Looked at again after `settle` (sooner if it changes); said once per file.
                if observador.primeraVezIncompleta(u) { spool.registro.aviso("warning", "\(razon); waiting for the rest of it") }
                observador.fijar(u, .asentando(plazoNs: Reloj.monotonoNs() + config.asentamientoNs))
            case .esperaFirma, .firmaSuelta, .rechazoConFirma:
                rechazos += emparejarFirma(rv)
            }
        }
        return (nuevos, claves, rechazos)
    }

    /// The plan of each acta with new drops: its waiting drops read again, its item, `decidir`.
    /// An acta in quarantine refuses its new drops instead. Those refusals and the plans' own are
    /// added to `rechazos`; the folders of the waiting drops the plans take, to `carpetas`.
    func planear(_ nuevos: [String: [DropValido]], claves: [String: ClaveActa], carpetas: inout [NombreArchivo: Directorio],
                 rechazos: inout [Rechazo]) throws(FalloSpool) -> [Plan] {
        let esperando = try releerEsperando(nuevos.keys, carpetas: &carpetas)
        let ahora = spool.ahora()
        var planes: [Plan] = []
        for (texto, lista) in nuevos {
            guard let clave = claves[texto] else { continue }
            var item: ItemCargado?
            if let f = spool.fases[texto] {
                switch spool.itemParaDecidir(f, texto) {
                case .item(let c):
                    item = c
                case .cuarentena(let motivo):
                    for d in lista {
                        rechazos += Rechazo.conFirma(d, "\(d.ubicacion): acta \(texto) is in quarantine (\(motivo)); prep retirar \(texto) takes its item out, then drop this again")
                    }
                    continue
                }
            }
            planes.append(decidir(clave: clave, item: item, espera: esperando[texto] ?? [], nuevos: lista, ahora: ahora,
                                  maxImagenes: config.maxImagenesActa))
        }
        // A waiting drop taken now with a new one may sit in a folder that none of this batch's
        // new drops is in (an image in catd-07/, its captures in captura/): unopened, its take
        // would fail and send the whole acta back to settle.
        observador.abrirCarpetas(planes.flatMap { $0.cambio?.entrantes.map(\.drop.ubicacion) ?? [] }, en: &carpetas)
        for p in planes {
            for (d, razon) in p.rechazos { rechazos += Rechazo.conFirma(d, razon) }
        }
        return planes
    }

    /// What an executed batch did, told to the observer and the log: refusals, drops placed, each
    /// acta's story, actas left waiting or looked at again, drops the daemon may not move.
    func asentar(_ res: ResultadoLote, planes: [Plan], carpetas: [NombreArchivo: Directorio]) {
        let r = spool.registro
        for (x, nombre) in res.rechazados {
            observador.olvidar(x.ubicacion)
            rechazadas += 1
            r.aviso("rejected", "\(x.razon) -> rejected/\(nombre)")
        }
        var hechos: Set<String> = []
        for p in res.hechos {
            hechos.insert(p.clave.texto)
            guard let c = p.cambio else { continue }
            observador.dejarDeEsperar(p.clave.texto)
            for (d, _) in c.entrantes {
                observador.olvidar(d.ubicacion)
                procesadas += 1
            }
            for l in c.historia {
                // A discrepancy waits for a person (a third operator): always logged, as a notice,
                // naming the fields that differ. The rest of an acta's story is --verbose.
                if l.evento == "discrepancia" {
                    r.aviso(l.evento, "\(p.clave.texto) \(l.detalle)")
                } else {
                    r.evento(l.evento, "\(p.clave.texto) \(l.detalle)")
                }
            }
        }
        for p in planes where p.cambio == nil {
            observador.esperar(p.clave.texto, p.espera)
        }
        for p in planes where p.cambio != nil && !hechos.contains(p.clave.texto) {
            // Not executed (a drop changed or vanished): everything it held is looked at again.
            observador.dejarDeEsperar(p.clave.texto)
        }
        for u in res.revisarDeNuevo { observador.fijar(u, .asentando(plazoNs: 0)) }
        for (u, razon) in res.bloqueados {
            if let d = directorio(u.carpeta, carpetas), let e = try? d.estado(u.nombre) {
                observador.fijar(u, .ignorado(e))
            } else {
                observador.olvidar(u)
            }
            r.aviso("warning", razon)
        }
    }

    /// Checks complete files on every core, in order; an I/O error (not the drop's fault) stops
    /// the daemon. Touches nothing of the daemon's, so it may run off the loop thread.
    static func revisarEnParalelo(_ listos: [Ubicacion], dirs: [Directorio?], reglas: any ReglasActa,
                                  config: ConfiguracionSpool) -> Result<[Revision], FalloSpool> {
        reunir(enParalelo(listos.count, minimo: 8, revisor(listos, dirs: dirs, reglas: reglas, config: config)))
    }

    /// The check of the i-th of `listos` (in `dirs[i]`).
    static func revisor(_ listos: [Ubicacion], dirs: [Directorio?], reglas: any ReglasActa,
                        config: ConfiguracionSpool) -> @Sendable (Int) -> Result<Revision, FalloLectura> {
        let maxImagen = config.maxImagen, maxJSON = config.maxJSON
        return { i in
            guard let d = dirs[i] else { return .success(.desaparecido(listos[i])) }
            return Result { () throws(FalloLectura) in
                try revisar(listos[i], en: d, reglas: reglas, maxImagen: maxImagen, maxJSON: maxJSON)
            }
        }
    }

    /// The checks in order, or the first I/O error.
    static func reunir(_ resultados: [Result<Revision, FalloLectura>]) -> Result<[Revision], FalloSpool> {
        var r: [Revision] = []
        r.reserveCapacity(resultados.count)
        for x in resultados {
            switch x {
            case .success(let v): r.append(v)
            case .failure(let e): return .failure(FalloSpool("I/O error reading a drop, stopping: \(e.error)"))
            }
        }
        return .success(r)
    }

    /// This batch's drops, their folders, and the checks already made of them: those the
    /// previous batch checked early that are still complete and unchanged, else a batch of
    /// whatever is complete now (checked by the caller).
    func loteListo() throws(FalloSpool) -> (listos: [Ubicacion], carpetas: [NombreArchivo: Directorio], revisadas: [Ubicacion: Revision]) {
        if !adelantos.isEmpty {
            let a = adelantos.removeFirst()
            let revisadas: [Ubicacion: Revision]
            do { revisadas = try a.esperar() } catch {
                observador.cerrar(a.carpetas)
                descartarAdelanto()
                throw error
            }
            let intactos = observador.intactos(a.listos, desde: a.marca)
            observador.soltarMarcas(hasta: adelantos.first?.marca)
            if !intactos.isEmpty { return (intactos, a.carpetas, revisadas) }
            observador.cerrar(a.carpetas)
        }
        let listos = observador.listos(maximo: maximoPorLote)
        return (listos, observador.abrirCarpetas(listos), [:])
    }

    /// Starts checking the next batches (complete files neither in `excepto`, the batch in hand,
    /// nor in an early check already started) on the other cores, up to `profundidadAdelanto`,
    /// when at least `minimoAdelanto` wait: a backlog.
    func adelantar(excepto: Set<Ubicacion>) {
        // Nothing to start: not worth gathering a backlog's worth of excluded files.
        guard adelantos.count < Self.profundidadAdelanto,
              observador.cuantosListos >= excepto.count + adelantos.reduce(0, { $0 + $1.listos.count }) + minimoAdelanto else { return }
        var fuera = excepto
        for a in adelantos { fuera.formUnion(a.listos) }
        while adelantos.count < Self.profundidadAdelanto, observador.cuantosListos >= fuera.count + minimoAdelanto {
            let siguientes = observador.listos(maximo: maximoPorLote, excepto: fuera)
            guard !siguientes.isEmpty else { return }
            let carpetas = observador.abrirCarpetas(siguientes)
            let dirs = siguientes.map { directorio($0.carpeta, carpetas) }
            // Marked before any check begins: every later change of these files is seen as one.
            let marca = observador.marcar()
            let encargo = fondo.encargar(siguientes.count, Self.revisor(siguientes, dirs: dirs, reglas: spool.reglas, config: config))
            adelantos.append(RevisionAdelantada(listos: siguientes, carpetas: carpetas, marca: marca, encargo: encargo))
            fuera.formUnion(siguientes)
        }
    }

    /// Drops the early checks (before the rules change, and at the end): those not begun are
    /// never made, those under way are waited for, so no check outlives the folders it reads.
    public func descartarAdelanto() {
        let pendientes = adelantos
        adelantos = []
        for a in pendientes {
            a.abandonar()
            observador.cerrar(a.carpetas)
        }
        observador.soltarMarcas(hasta: nil)
    }
}
