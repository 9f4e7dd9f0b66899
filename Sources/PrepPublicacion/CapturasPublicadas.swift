import PrepDominio
import PrepSistema

/// A capture (or sin acta declaration) of a verified acta, where the spool keeps it.
public struct CapturaEnSpool: Sendable {
    /// SHA-256 and size recorded when it was verified.
    public let sha256: HuellaSHA256
    public let bytes: Int
    public let ruta: String
    /// Its operator's detached signature (`FILE.sig`); nil for a capture taken before the daemon
    /// had an operator registry.
    public let rutaFirma: String?

    public init(sha256: HuellaSHA256, bytes: Int, ruta: String, rutaFirma: String?) {
        self.sha256 = sha256
        self.bytes = bytes
        self.ruta = ruta
        self.rutaFirma = rutaFirma
    }
}

/// The captures a verified acta's figures come from, as the spool decided (`RespaldoActa`).
public struct FuenteRespaldo: Sendable {
    public let resultado: RespaldoActa.Resultado
    /// In arrival order; for `tercera` the last one decided.
    public let capturas: [CapturaEnSpool]

    public init(resultado: RespaldoActa.Resultado, capturas: [CapturaEnSpool]) {
        self.resultado = resultado
        self.capturas = capturas
    }
}

extension ConstructorCortes {
    /// Replaces the operator registry (a reload): later cortes publish it, and the keys of
    /// operators it drops stay published while a capture they signed is.
    public func cambiarOperadores(_ r: RegistroOperadores?) {
        estado.operadores = r
    }

    /// The registry a corte publishes: the one in force and every key that signed a published capture.
    static func registroPublicado(_ e: Estado) -> RegistroOperadores? {
        guard let actual = e.operadores ?? (e.firmantes.isEmpty ? nil : try? RegistroOperadores(operadores: [], historico: true))
        else { return nil }
        return actual.uniendo(e.firmantes)
    }

    /// Copies each capture and its signature into `capturas/` (once: content-addressed), after
    /// checking the signature with the registry, and returns what the corte lists for the acta;
    /// nil when a capture has no signature or it does not verify (the acta is then published as
    /// not authenticated, never with a false claim).
    static func publicarRespaldo(_ f: FuenteRespaldo, acta: ClaveActa, en carpeta: String,
                                 _ e: inout Estado) throws(ErrorPublicacion) -> (RespaldoActa, copiadas: Bool)? {
        guard let registro = e.operadores?.uniendo(e.firmantes) else { return nil }
        var copiadas = false
        var usados: [Operador] = []
        for c in f.capturas {
            guard let rutaFirma = c.rutaFirma else { return nil }
            let firma: [UInt8], bytes: [UInt8]
            do {
                firma = try Directorio.actual.leer(NombreArchivo(rutaFirma), maximo: 4096)
                bytes = try Directorio.actual.leer(NombreArchivo(c.ruta), maximo: c.bytes)
            } catch { throw ErrorPublicacion("acta \(acta): cannot read its capture \(error.ruta): \(error.errno)") }
            let operador: Operador
            do {
                guard case .success(let d) = DocumentoFirmado.leer(bytes) else { return nil }
                operador = try registro.comprobar(bytes, firma: firma, operadorDeclarado: d.operador)
            } catch { return nil }
            usados.append(operador)
            let nombre = "\(c.sha256).json"
            if try publicarImagen(c.ruta, sha256: c.sha256, bytes: c.bytes, en: carpeta, nombre: nombre, acta: acta) { copiadas = true }
            let destino = NombreArchivo(carpeta + "/" + nombre + ".sig")
            if !Directorio.actual.existe(destino) {
                do { try Directorio.actual.escribirAtomico(destino, firma, permisos: 0o444, sincronizar: false) } catch {
                    throw ErrorPublicacion("acta \(acta): cannot publish its capture's signature: \(error)")
                }
                copiadas = true
            }
        }
        for o in usados where !e.firmantes.contains(where: { $0.clave.keynum == o.clave.keynum }) { e.firmantes.append(o) }
        return (RespaldoActa(clave: acta.texto, resultado: f.resultado, capturas: f.capturas.map(\.sha256),
                             operadores: usados.map(\.nombre)), copiadas)
    }

    /// The two files a corte carries about its captures, and whether every registered acta is
    /// backed by signed captures (`operators_authenticated`). Nil when operators are not
    /// registered and no capture was ever published signed.
    static func archivosCapturas(_ e: Estado, registradas: Int) -> (operadores: [UInt8], actas: [UInt8], autenticados: Bool)? {
        guard let registro = registroPublicado(e) else { return nil }
        let autenticados = e.operadores != nil && e.respaldos.count == registradas
        return (registro.bytes, RespaldoActa.bytes(Array(e.respaldos.values)), autenticados)
    }

    /// Start-up: the signed captures the latest corte lists, and the operators that signed them.
    static func recuperarRespaldos(_ e: inout Estado, carpeta: String) throws(ErrorPublicacion) {
        let actas = NombreArchivo(carpeta + "/" + RespaldoActa.archivo)
        guard Directorio.actual.existe(actas) else { return }
        do {
            for r in try RespaldoActa.leer(try Directorio.actual.leerTodo(actas)) { e.respaldos[r.clave] = r }
            let registro = try RegistroOperadores(analizando: try Directorio.actual.leerTodo(NombreArchivo(carpeta + "/" + RespaldoActa.archivoOperadores)),
                                                  archivo: RespaldoActa.archivoOperadores, historico: true)
            e.firmantes = registro.operadores
        } catch {
            throw ErrorPublicacion("latest corte \(carpeta): cannot read back its captures: \(error)")
        }
    }
}

extension ConstructorCortes {
    /// Start-up: a capture copy (or its signature) that the latest durable corte does not list
    /// may have been renamed into place before its data was durable; it is removed, and made again
    /// when its acta, still in `verified/`, is registered at start. Captures are small: copying
    /// them again is cheaper than trusting a name. Returns one line per file removed.
    static func limpiarCapturas(_ carpeta: String, cubiertas: Set<HuellaSHA256>) throws(ErrorPublicacion) -> [String] {
        var quitadas: [String] = []
        do {
            let d = try Directorio.actual.abrir(sub: NombreArchivo(carpeta))
            defer { d.cerrar() }
            for n in try d.listar().map(\.nombre.description) {
                let hash = n.prefix(64)
                let copia = n.hasSuffix(".json") && n.count == 69 || n.hasSuffix(".json.sig") && n.count == 73
                guard !(copia && (try? HuellaSHA256(hex: hash)).map(cubiertas.contains) == true) else { continue }
                guard copia || (n.hasPrefix(".") && n.hasSuffix(".tmp")) else { continue }
                try d.borrarArbol(NombreArchivo(n))
                if !n.hasPrefix(".") { quitadas.append("\(carpeta)/\(n): a capture copy no corte lists yet; removed, to be copied again from its acta") }
            }
            try d.sincronizar()
        } catch {
            throw ErrorPublicacion("cannot clean \(carpeta): \(error)")
        }
        return quitadas
    }
}
