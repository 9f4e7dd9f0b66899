import PrepDominio
import PrepPublicacion
import PrepSistema
import PrepSitio
import PrepSpool

/// The daemon's corte cycle, as its publication hook (`GanchoPublicacion`): a corte at start
/// (puesta en ceros) and then every `corte_interval`: registers every acta in `verified/` not yet
/// registered with the corte builder (`ConstructorCortes`), builds the signed corte, then moves what
/// it included to `packaged/`, then hands the corte to `publish_command` (if any). `prep publish`
/// (SIGUSR1) makes one now. With `--once` (and `prep publish` without a daemon) there is one
/// corte, at the end, when one is due or asked for: it includes everything that process verified.
final class CicloCortes: GanchoPublicacion {
    private let cortes: ConstructorCortes
    private let intervaloNs: Int64
    private let unaVez: Bool
    private var proximoNs: Int64?
    private var registradas: Set<String> = []
    /// `prep publish` asked for a corte (SIGUSR1): publish at the next turn, with everything
    /// verified; `.final` closes the night, `.reabrir` reopens it.
    private var solicitud: SolicitudCorte?
    private let raiz: String
    private var releidas = false
    private let comando: ComandoPublicacion
    private let registro: Registro
    /// What the last corte this process made was (for the status line and the metrics).
    private(set) var ultimo: CorteHecho?

    /// `alTerminarComando` is told of every `publish_command` run's end (on the command's queue).
    init(config: Configuracion, catalogo: Catalogo, unaVez: Bool, registro: Registro,
         alTerminarComando: @escaping @Sendable (ProcesoHijo.Fin) -> Void = { _ in }) throws {
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
        let clave = try ArchivoClaves.leerSecreta(secreta)
        let huella = SHA256.hex(try huellaCatalogo(archivos: leerArchivosCatalogo(ruta: config.catalogo)))
        cortes = try ConstructorCortes(
            configuracion: ConfiguracionCortes(
                carpeta: config.spool + "/publish", modo: config.modo == .oficial ? .oficial : .simulacro,
                desfaseMinutos: config.desfaseUTCMinutos, intervaloSegundos: Int(config.intervaloCorteNs / 1_000_000_000),
                catalogoSHA256: huella, clave: clave, sitio: SitioResultados(clave: clave.publica)),
            catalogo: catalogo)
        intervaloNs = config.intervaloCorteNs
        self.unaVez = unaVez
        self.registro = registro
        raiz = config.spool
        comando = ComandoPublicacion(config.comandoPublicacion, limiteNs: config.limitePublicacionNs, registro: registro,
                                     alTerminar: alTerminarComando)
    }

    /// A corte was asked for (SIGUSR1): what kind is in `corte.request`, if it was left for this
    /// process and is still in time; a foreign or stale request is ignored (logged) and the corte
    /// is an ordinary one.
    func solicitarCorte() {
        switch SolicitudCorte.tomar(raiz: raiz, pid: Maquina.pid, ahora: Reloj.segundosUnix()) {
        case .ninguna: solicitud = .normal
        case .valida(let s): solicitud = s
        case .ignorada(let motivo):
            registro.aviso("warning", "ignored \(motivo); an ordinary corte instead")
            solicitud = .normal
        }
    }

    func recargar(_ config: Configuracion) {
        comando.cambiar(linea: config.comandoPublicacion, limiteNs: config.limitePublicacionNs)
    }

    /// Before the daemon exits: the publish command in hand gets a few seconds, then it is
    /// killed; those not started are not run (each is logged).
    func terminar() { comando.terminar(graciaNs: 3_000_000_000) }

    /// A corte is due for `--once` when none was ever made or the last is `corte_interval` old.
    private func debido() -> Bool {
        guard let u = cortes.ultimoCorte else { return true }
        return Reloj.realNs() / 1_000_000_000 - u.segundosUnix >= intervaloNs / 1_000_000_000
    }

    func turno(_ spool: Spool, ahoraMonotonoNs: Int64, final: Bool) throws {
        if !releidas {
            releidas = true
            // Rows of the latest corte that could not be read back: read from their items.
            for c in cortes.tomarPorReleer() {
                let (acta, ruta, bytes) = try spool.leerVerificada(c, fase: .packaged)
                try cortes.registrar(acta, rutaImagen: ruta, bytesImagen: bytes, reportar: false)
                spool.registro.aviso("recovery", "acta \(c): its row in the latest corte could not be read back; read again from packaged/\(c)")
            }
        }
        if unaVez {
            guard final, solicitud != nil || debido() else { return }
        } else if let proximo = proximoNs, ahoraMonotonoNs < proximo, solicitud == nil {
            return
        }
        let pedida = solicitud
        solicitud = nil
        // After the final corte the night is closed: no corte until one reopens it.
        if cortes.cerrada, pedida != .final, pedida != .reabrir {
            if pedida == .normal {
                registro.aviso("warning", "a corte was asked for, but the night is closed by the final corte \(cortes.ultimoSeq): prep publish --reopen publishes again")
            }
            proximoNs = ahoraMonotonoNs + intervaloNs
            return
        }
        for c in try spool.clavesVerificadas() where !registradas.contains(c.texto) {
            do {
                let (acta, ruta, bytes) = try spool.leerVerificada(c)
                _ = try cortes.registrar(acta, rutaImagen: ruta, bytesImagen: bytes)
                registradas.insert(c.texto)
            } catch {
                // One acta never stops the night: it stays in verified/, out of this corte.
                spool.registro.aviso("error", "verified/\(c) left out of this corte: \(error)")
            }
        }
        let inicio = Reloj.monotonoNs()
        let ahora = MarcaTiempo(segundosUnix: Reloj.realNs() / 1_000_000_000, desfaseMinutos: 0)
        let corte = try cortes.publicarCorte(ahora: ahora, final: pedida == .final)
        try spool.empaquetar(corte.incluidas, corte: corte.nombre.description)
        for c in corte.incluidas { registradas.remove(c.texto) }
        proximoNs = ahoraMonotonoNs + intervaloNs
        let ruta = cortes.carpetaCortes + "/" + corte.nombre.description
        let hecho = CorteHecho(corte, duracionNs: Reloj.monotonoNs() - inicio,
                               bytes: (try? Directorio.actual.tamanoArbol(NombreArchivo(ruta))) ?? 0, hora: ahora,
                               final: pedida == .final)
        ultimo = hecho
        registro.aviso("corte", hecho.descripcion)
        comando.lanzar(corte: ruta)
    }
}
