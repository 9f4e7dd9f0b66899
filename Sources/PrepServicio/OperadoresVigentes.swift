import PrepDominio
import PrepPublicacion
import PrepSistema
import PrepSpool
import Synchronization

/// The capture operators' registry in force (`operators`, SPEC §4.1), shared by the spool's rules
/// (checked on every core) and the corte builder; SIGHUP replaces it, so an operator removed from
/// the file is revoked for every later drop.
final class OperadoresVigentes: Sendable {
    private let actual: Mutex<RegistroOperadores?>

    init(_ registro: RegistroOperadores?) { actual = Mutex(registro) }

    var registro: RegistroOperadores? { actual.withLock { $0 } }

    func cambiar(_ r: RegistroOperadores) { actual.withLock { $0 = r } }

    /// Reads the registry the configuration names (nil when it names none).
    static func leer(_ config: Configuracion) throws(ErrorPublicacion) -> RegistroOperadores? {
        guard let ruta = config.operadores else { return nil }
        let bytes: [UInt8]
        do { bytes = try Directorio.actual.leer(NombreArchivo(ruta), maximo: 16 << 20) } catch {
            throw ErrorPublicacion("operators \(ruta): cannot read: \(error.errno)")
        }
        return try RegistroOperadores(analizando: bytes, archivo: ruta)
    }

    /// Start-up: the registry, refused when missing in mode oficial; in simulacro its absence is
    /// said once, at start.
    static func alIniciar(_ config: Configuracion, registro: Registro) throws(Servicio.Fallo) -> OperadoresVigentes {
        let r: RegistroOperadores?
        do { r = try leer(config) } catch { throw Servicio.Fallo(description: "refusing to start: \(error)") }
        if let r, r.operadores.isEmpty {
            // A header and no row: every signed drop would be refused, the night would publish nothing.
            let texto = "\(config.operadores ?? "operators") registers no operator: every capture and sin acta drop"
            guard config.modo != .oficial else {
                throw Servicio.Fallo(description: "refusing to start: \(texto) would be refused; add the capture operators' rows (OPERADOR,CATD,CLAVE_PUBLICA) to it")
            }
            registro.aviso("warning", "\(texto) will be refused until operators are added to it (SIGHUP re-reads it)")
        } else if let r {
            registro.aviso("operators", "\(r.operadores.count) capture operators registered (\(config.operadores ?? "")); every capture and sin acta drop needs its .sig")
        } else if config.modo == .oficial {
            throw Servicio.Fallo(description: "refusing to start: mode oficial needs the capture operators' registry (operators = operadores.csv in the configuration); without it anyone who can write a capture could claim to be any operator")
        } else {
            registro.aviso("warning", "operators are not authenticated: no registry (operators) in the configuration, so captures count by the operator names they claim; every corte says so (mode simulacro)")
        }
        return OperadoresVigentes(r)
    }

    /// SIGHUP: the file read again (an edit revokes or adds operators); a registry is never
    /// removed while running, and a bad file changes nothing. Returns the new one, if any.
    func recargar(_ config: Configuracion, registro: Registro) -> RegistroOperadores? {
        guard config.operadores != nil else {
            if self.registro != nil {
                registro.aviso("warning", "SIGHUP: operators removed from the configuration; removing the registry needs a restart, the running one stays")
            }
            return nil
        }
        do {
            guard let r = try Self.leer(config) else { return nil }
            cambiar(r)
            registro.aviso("reload", "operators re-read: \(r.operadores.count) registered; later drops are checked against them")
            return r
        } catch {
            registro.aviso("error", "SIGHUP: operators not reloaded, the running registry stays: \(error)")
            return nil
        }
    }
}

extension ReglasDominio {
    public var exigeFirmas: Bool { operadores.registro != nil }

    public func comprobarFirma(_ bytes: [UInt8], firma: [UInt8], operador: String) -> Result<String, RazonRechazo> {
        guard let r = operadores.registro else { return .failure(RazonRechazo("operators are not registered: no signature can be checked")) }
        do {
            return .success(try r.comprobar(bytes, firma: firma, operadorDeclarado: operador).clave.huella)
        } catch {
            return .failure(RazonRechazo("signature refused: \(error)"))
        }
    }
}

extension FuenteRespaldo {
    /// What the spool recorded behind a verified item, for the corte.
    init?(_ r: RespaldoItem) {
        let resultado: RespaldoActa.Resultado
        switch r.resultado {
        case .verificada: resultado = .verificada
        case .tercera: resultado = .tercera
        case .sinacta: resultado = .sinacta
        case .pendiente, .discrepancia: return nil
        }
        self.init(resultado: resultado, capturas: r.archivos.map {
            CapturaEnSpool(sha256: $0.sha256, bytes: $0.bytes, ruta: $0.ruta, rutaFirma: $0.rutaFirma)
        })
    }
}
