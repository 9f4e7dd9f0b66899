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

    /// Publishes each capture with its signature in `capturas/` (once: content-addressed,
    /// `CapturaPublicada`), after checking the signature with the registry, and returns what the corte lists for the acta;
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
            guard SHA256.resumen(bytes) == c.sha256 else {
                throw ErrorPublicacion("acta \(acta): its capture \(c.ruta) no longer has the SHA-256 it was verified with (\(c.sha256)); not published")
            }
            if try CapturaPublicada.publicar(c.sha256, firma: firma, mensaje: bytes, en: carpeta, acta: acta) { copiadas = true }
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
                let copia = n.hasSuffix(".json") && n.count == CapturaPublicada.largoSeparada
                    || n.hasSuffix(".json.sig") && n.count == CapturaPublicada.largoNombre
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

/// A signed capture as `publish/capturas/` holds it: one file, `HASH.json.sig`, named by the
/// SHA-256 of the capture's JSON, holding its operator's signature with the JSON embedded after
/// it — the two lines of the operator's detached `.sig`, then the very bytes they signed, which is
/// exactly what `signify -S -e` writes and `signify -V -e -p OP.pub -x HASH.json.sig -m OUT`
/// checks and extracts. One file rather than the JSON and its `.sig` side by side: a capture and
/// a signature are a few hundred bytes each, and each file takes a whole block (4 KB on ext4), so
/// the pair took 8 KB a capture, about 17 KB an acta and 9 GB a national night.
///
/// Captures published before signatures were embedded are `HASH.json` with its detached
/// `HASH.json.sig` (nothing after the signature's two lines): readers take both layouts, and the
/// publisher never writes a capture again whose `HASH.json.sig` exists, in either layout.
enum CapturaPublicada {
    /// `HASH.json.sig`: 64 hex digits and the suffix.
    static let largoNombre = 73
    /// `HASH.json`, the JSON beside its detached signature (the earlier layout).
    static let largoSeparada = 69

    static func nombre(_ sha256: HuellaSHA256) -> String { "\(sha256).json.sig" }

    /// Publishes `mensaje` (the capture's JSON, already checked against its SHA-256 and its
    /// signature) with `firma` (its detached signature file) embedded, unless it is published:
    /// written under a temporary name, then renamed (covered by the corte's one `syncfs`).
    /// True when it wrote the file.
    static func publicar(_ sha256: HuellaSHA256, firma: [UInt8], mensaje: [UInt8], en carpeta: String,
                         acta: ClaveActa) throws(ErrorPublicacion) -> Bool {
        let disco = Directorio.actual
        let destino = NombreArchivo(carpeta + "/" + nombre(sha256))
        if disco.existe(destino) { return false }
        let temporal = NombreArchivo(carpeta + "/." + nombre(sha256) + ".tmp")
        do {
            try disco.borrarSiExiste(temporal)
            try disco.escribirArchivo(temporal, firma + mensaje, sincronizar: false, permisos: 0o444)
            try disco.renombrar(temporal, a: disco, destino)
        } catch {
            try? disco.borrarSiExiste(temporal)
            throw ErrorPublicacion("acta \(acta): cannot publish its signed capture: \(error)")
        }
        return true
    }

    /// A published capture: its signature file's bytes, the JSON it signs, and the path the JSON
    /// was read from (for messages). Either layout.
    static func leer(_ sha256: HuellaSHA256, en carpeta: String) throws(ErrorSistema) -> (firma: [UInt8], mensaje: [UInt8], ruta: String) {
        let ruta = carpeta + "/" + nombre(sha256)
        let archivo = try Directorio.actual.leerTodo(NombreArchivo(ruta))
        let (firma, mensaje) = separar(archivo)
        if !mensaje.isEmpty { return (firma, mensaje, ruta) }
        let separada = carpeta + "/\(sha256).json"
        return (firma, try Directorio.actual.leerTodo(NombreArchivo(separada)), separada)
    }

    /// An embedded signature file split after its second line: the signature (comment and base64
    /// lines, what a detached `.sig` holds) and the message after it (empty for a detached one).
    static func separar(_ archivo: [UInt8]) -> (firma: [UInt8], mensaje: [UInt8]) {
        guard let fin1 = archivo.firstIndex(of: 10), let fin2 = archivo[(fin1 + 1)...].firstIndex(of: 10) else {
            return (archivo, [])
        }
        return (Array(archivo[...fin2]), Array(archivo[(fin2 + 1)...]))
    }
}
