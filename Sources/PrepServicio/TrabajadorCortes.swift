import Dispatch
import PrepDominio
import PrepPublicacion
import PrepSistema
import PrepSpool
import Synchronization

/// The corte worker: the one owner of the corte builder (`ConstructorCortes`), on its own serial
/// queue, so that reading verified actas, copying their images and building a national corte never
/// hold up the daemon's loop, which keeps taking drops meanwhile. It is an actor whose executor is
/// that queue (`EjecutorCola`): the builder and the worker's lists are its isolated state, so the
/// compiler allows them only in blocks the queue runs; the loop hands work over with methods that
/// queue it, and learns of each corte from what comes back (`tomarTerminados`), with the
/// builder's state after it (`EstadoCortes`).
///
/// The loop hands it work in order (`registrar`, `corte`); the worker does it in that order. A
/// corte therefore includes exactly the actas handed over before it was asked for, and nothing
/// registered after it. Finished cortes wait in `tomarTerminados()` and wake the loop through
/// `aviso`; the loop alone then moves their actas to `packaged/` (one writer per folder). A crash
/// at any point leaves each acta in one phase: a corte is durable before any of its actas moves,
/// and an acta left in `verified/` after its corte is fed again at the next start.
///
/// After each durable corte the worker hands retention to its own thread (`ReductorCortes`), so
/// that reducing older cortes never delays the next corte; what each pass did comes back to the
/// loop through `tomarReducciones` (the same `aviso`).
///
/// At a stop, registrations no corte was asked for are abandoned (`abandonarRegistros`): those
/// actas stay in `verified/` and are fed again at the next start. `esperar` then leaves the worker
/// idle, so that nothing of it runs (hashing with libcrypto, reading the spool, logging) while the
/// process ends: exit(3) tears down libcrypto and the heap under a thread still using them.
actor TrabajadorCortes {
    /// What the worker finished, for the loop.
    enum Terminado: Sendable {
        /// A durable corte: its actas are to be packaged, then it is logged and handed to
        /// `publish_command`; `estado` is the builder's after it.
        case corte(CortePublicado, hecho: CorteHecho, estado: EstadoCortes)
        /// A corte that could not be made: the daemon stops (as it always did).
        case fallo(ErrorPublicacion)
    }

    private let ejecutor = EjecutorCola("prep.cortes")
    nonisolated var unownedExecutor: UnownedSerialExecutor { ejecutor.asUnownedSerialExecutor() }

    private let cortes: ConstructorCortes
    /// Verified actas handed over and not yet in a corte (registered, or refused and retried
    /// before each corte): a key is never registered twice.
    private var entregadas: Set<String> = []
    /// Actas whose reading failed: tried again before every corte, logged each time.
    private var reintentar: [ClaveActa] = []

    /// Finished cortes, until the loop takes them (the one thing both sides touch).
    private let terminados = Mutex<[Terminado]>([])
    private let despertador: Despertador
    /// Retention's thread, fed after each corte.
    private let reductor: ReductorCortes
    private let registro: Registro
    /// The builder's `cortes/` folder (fixed by its configuration).
    nonisolated let carpetaCortes: String
    /// Cortes asked for so far (`corte`); each registration remembers how many there were when
    /// it was handed over, so a stop can tell those a corte waits for from those none does.
    private let pedidos = Atomic<Int>(0)
    /// Registrations handed over when `pedidos` was at least this are skipped (a stop).
    private let abandonarDesde = Atomic<Int>(.max)

    /// `antesDeReducir` is told each corte before retention reduces it, on retention's thread.
    init(cortes: ConstructorCortes, registro: Registro,
         antesDeReducir: @escaping @Sendable (NombreCorte) -> Void = { _ in }) throws(ErrorSistema) {
        self.cortes = cortes
        self.registro = registro
        carpetaCortes = cortes.carpetaCortes
        let despertador = try Despertador()
        self.despertador = despertador
        reductor = ReductorCortes(avisar: { despertador.avisar() }, antesDeReducir: antesDeReducir)
    }

    /// Readable when a corte finished (`tomarTerminados`).
    nonisolated var aviso: FileDescriptor { despertador.fd }

    /// Runs `trabajo` on the worker's queue, after everything handed over before it.
    private nonisolated func enCola(_ trabajo: @escaping @Sendable (isolated TrabajadorCortes) -> Void) {
        ejecutor.cola.async { self.assumeIsolated(trabajo) }
    }

    /// Registers actas read through `lector` from `verified/`, for the next corte.
    nonisolated func registrar(_ claves: [ClaveActa], lector: LectorVerificadas) {
        guard !claves.isEmpty else { return }
        let tanda = pedidos.load(ordering: .relaxed)
        enCola { $0.registrarAhora(claves, lector: lector, fase: .verified, reportar: true, tanda: tanda) }
    }

    /// The rows of the latest corte that could not be read back at start, read again from their
    /// items in `packaged/` (they are already packaged: not reported in the next corte).
    nonisolated func releerAlIniciar(lector: LectorVerificadas) {
        let tanda = pedidos.load(ordering: .relaxed)
        enCola { t in t.registrarAhora(t.cortes.tomarPorReleer(), lector: lector, fase: .packaged, reportar: false, tanda: tanda) }
    }

    /// SIGHUP replaced the operators' registry: cortes built after what was handed over so far
    /// publish the new one.
    nonisolated func cambiarOperadores(_ r: RegistroOperadores?) {
        enCola { $0.cortes.cambiarOperadores(r) }
    }

    /// SIGHUP changed `keep_cortes`: retention after the cortes built from now on keeps that many.
    nonisolated func cambiarRetencion(_ conservar: Int?) {
        enCola { $0.cortes.cambiarRetencion(conservar) }
    }

    private func registrarAhora(_ claves: [ClaveActa], lector: LectorVerificadas, fase: Fase, reportar: Bool, tanda: Int) {
        for c in claves {
            guard tanda < abandonarDesde.load(ordering: .relaxed) else { return }
            if reportar, !entregadas.insert(c.texto).inserted { continue }
            leerYRegistrar(c, lector: lector, fase: fase, reportar: reportar)
        }
    }

    /// Builds a corte after everything handed over so far. `final` closes the night.
    nonisolated func corte(final: Bool, lector: LectorVerificadas) {
        pedidos.add(1, ordering: .relaxed)
        enCola { $0.construir(final: final, lector: lector) }
    }

    private func construir(final: Bool, lector: LectorVerificadas) {
        let reintentos = reintentar
        reintentar = []
        for c in reintentos { leerYRegistrar(c, lector: lector, fase: .verified, reportar: true) }
        let inicio = Reloj.monotonoNs()
        registro.evento("corte", "building corte \(cortes.ultimoSeq + 1) on the corte worker")
        let ahora = MarcaTiempo(segundosUnix: Reloj.realNs() / 1_000_000_000, desfaseMinutos: 0)
        let t: Terminado
        do throws(ErrorPublicacion) {
            let corte = try cortes.publicarSinReducir(ahora: ahora, final: final)
            let ruta = carpetaCortes + "/" + corte.nombre.description
            let hecho = CorteHecho(corte, duracionNs: Reloj.monotonoNs() - inicio,
                                   bytes: (try? Directorio.actual.tamanoArbol(NombreArchivo(ruta))) ?? 0,
                                   hora: ahora, final: final)
            for k in corte.incluidas { entregadas.remove(k.texto) }
            t = .corte(corte, hecho: hecho, estado: EstadoCortes(cortes))
            // Durable and named by `latest`: the older cortes are reduced on retention's thread
            // while this worker goes on to the next registrations and corte.
            if let retencion = cortes.retencion { reductor.reducir(retencion, ahora: ahora) }
        } catch {
            t = .fallo(error)
        }
        terminados.withLock { $0.append(t) }
        despertador.avisar()
        // A corte's transient heap (the site's plan, pages and lookup files made on every core,
        // each core's in its own malloc arena) is freed but stays resident unless given back;
        // each corte would then start from the last one's high mark. Given back once the loop
        // has been told, off its path.
        Maquina.devolverMemoriaLibre()
    }

    /// What retention's passes did since the last call, oldest first (for the log and metrics).
    nonisolated func tomarReducciones() -> [RetencionCortes.Resultado] { reductor.tomarTerminadas() }

    /// Waits until every retention pass asked for so far is done (the corte worker first:
    /// `esperar`, as a corte in hand may ask for one); with `abandonar`, the pass in hand stops at
    /// its next file and none is started (`ReductorCortes.terminar`).
    nonisolated func terminarReducciones(abandonar: Bool) { reductor.terminar(abandonar: abandonar) }

    /// Whether a stop asked retention to end its passes (`terminarReducciones(abandonar: true)`).
    nonisolated var reduccionesAbandonadas: Bool { reductor.abandonando }

    /// The cortes finished since the last call, oldest first.
    nonisolated func tomarTerminados() -> [Terminado] {
        despertador.vaciar()
        return terminados.withLock { e in
            defer { e = [] }
            return e
        }
    }

    /// Forgets a verified acta `prep retirar` withdraws, after the work handed over so far (a corte
    /// in flight is waited for): nil when no corte will include it (never handed over, or its
    /// reading failed: it is no longer retried), else why not.
    nonisolated func olvidar(_ c: ClaveActa) -> String? {
        ejecutor.cola.sync {
            assumeIsolated { t -> String? in
                if let i = t.reintentar.firstIndex(of: c) {
                    t.reintentar.remove(at: i)
                    t.entregadas.remove(c.texto)
                    return nil
                }
                return t.entregadas.contains(c.texto) ? "already registered for the next corte, which will publish it" : nil
            }
        }
    }

    /// Waits until everything handed over so far is done.
    nonisolated func esperar() { ejecutor.cola.sync {} }

    /// The daemon is stopping without a corte: registrations handed over after the last corte
    /// asked for are skipped (an acta being read is finished). Those before it are still made,
    /// as that corte includes them. Called on the loop, like `registrar` and `corte`.
    nonisolated func abandonarRegistros() { abandonarDesde.store(pedidos.load(ordering: .relaxed), ordering: .relaxed) }

    private func leerYRegistrar(_ c: ClaveActa, lector: LectorVerificadas, fase: Fase, reportar: Bool) {
        do {
            let (acta, ruta, bytes) = try lector.leer(c, fase: fase)
            try cortes.registrar(acta, rutaImagen: ruta, bytesImagen: bytes,
                                 respaldo: try lector.respaldo(c, fase: fase).flatMap(FuenteRespaldo.init), reportar: reportar)
            if !reportar {
                registro.aviso("recovery", "acta \(c): its row in the latest corte could not be read back; read again from packaged/\(c)")
            }
        } catch {
            // One acta never stops the night: it stays in verified/, out of the next corte, and
            // is tried again before each corte.
            registro.aviso("error", "\(fase.carpeta)/\(c) left out of this corte: \(error)")
            if reportar { reintentar.append(c) }
        }
    }
}
