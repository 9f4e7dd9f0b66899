import PrepDominio
import PrepSistema

/// The captures a verified item's figures come from, as its `estado` records them: what a corte
/// publishes behind the acta so anyone can check it from operator to figure.
public struct RespaldoItem: Sendable {
    /// One capture (or sin acta declaration) in the item.
    public struct Archivo: Sendable {
        /// SHA-256 and size recorded when it was taken.
        public let sha256: HuellaSHA256
        public let bytes: Int
        /// Its path from the working directory.
        public let ruta: String
        /// Its `.sig` in the item, if one came with it.
        public let rutaFirma: String?
    }

    /// `verificada`, `tercera` or `sinacta` (the item's `resultado`).
    public let resultado: EstadoItem.Resultado
    /// The two that agreed; the three, the last deciding; or the declaration alone.
    public let archivos: [Archivo]

    /// From a verified item's state; nil for any other.
    init?(_ e: EstadoItem, base: String) {
        let usados: [EstadoItem.Archivo]
        switch e.resultado {
        case .verificada: usados = Array(e.capturas.prefix(2))
        case .tercera: usados = Array(e.capturas.prefix(3))
        case .sinacta: usados = e.archivos.filter { $0.clase == .sinacta }
        case .pendiente, .discrepancia: return nil
        }
        let firmas = Set(e.archivos.filter { $0.clase == .firma }.map(\.nombre))
        resultado = e.resultado
        archivos = usados.map {
            Archivo(sha256: $0.sha256, bytes: $0.bytes, ruta: "\(base)/\($0.nombre)",
                    rutaFirma: firmas.contains($0.nombre + ".sig") ? "\(base)/\($0.nombre).sig" : nil)
        }
    }
}

extension LectorVerificadas {
    /// The captures behind a verified (or packaged) item's figures, from its `estado`.
    public func respaldo(_ clave: ClaveActa, fase: Fase = .verified) throws(FalloSpool) -> RespaldoItem? {
        let carpeta = fase == .packaged ? packaged : verified
        let d: Directorio
        do { d = try carpeta.abrir(sub: NombreArchivo(clave.texto)) } catch { throw FalloSpool(error) }
        defer { d.cerrar() }
        return RespaldoItem(try EstadoItem.leer(de: d, fase, clave.texto), base: "\(raiz)/\(fase.carpeta)/\(clave.texto)")
    }
}
