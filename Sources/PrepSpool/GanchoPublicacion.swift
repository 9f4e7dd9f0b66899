import PrepDominio
import PrepSistema

/// The publication hook (cortes are the publicacion module's): the daemon calls it on its own
/// loop, between batches, so the spool never changes under it. The executable injects it.
public protocol GanchoPublicacion: AnyObject {
    /// Called at every turn of the daemon's loop (at least once a second) and once more with
    /// `final` before `prep run --once` exits or the daemon stops. Publish a corte here when one
    /// is due, reading `spool.clavesVerificadas()` / `spool.leerVerificada(_:)` and finishing with
    /// `spool.empaquetar(_:)`. A thrown error stops the daemon.
    func turno(_ spool: Spool, ahoraMonotonoNs: Int64, final: Bool) throws

    /// `prep publish` asked for a corte now (SIGUSR1): the next `turno` should publish one,
    /// with everything verified so far.
    func solicitarCorte()

    /// SIGHUP applied a new configuration (its live keys, e.g. `publish_command`).
    func recargar(_ config: Configuracion)
}

extension GanchoPublicacion {
    public func solicitarCorte() {}
    public func recargar(_ config: Configuracion) {}
}

extension Spool {
    /// The keys of every item in `verified/`, sorted.
    public func clavesVerificadas() throws(FalloSpool) -> [ClaveActa] {
        do {
            return try carpeta(.verified).listar().compactMap { $0.nombre.texto.flatMap { ClaveActa($0) } }
                .sorted { $0.texto < $1.texto }
        } catch { throw FalloSpool(error) }
    }

    /// A verified item as a corte publishes it, the path (from the working directory) of its
    /// published image file and that image's size when it was verified (nil for sin acta). The
    /// final capture's bytes must still hash to what its verification recorded: a file changed
    /// since (a writer holding it open) is refused, never published.
    public func leerVerificada(_ clave: ClaveActa, fase: Fase = .verified) throws(FalloSpool)
        -> (ActaVerificada, rutaImagen: String?, bytesImagen: Int?) {
        let e = try leerEstado(fase, clave.texto)
        guard e.esVerificada, let final = e.final, let verificacion = e.verificacion else {
            throw FalloSpool("\(fase.carpeta)/\(clave): not verified")
        }
        let base = "\(raiz)/\(fase.carpeta)/\(clave.texto)"
        var imagen: ImagenActa?
        var rutaImagen: String?
        var bytesImagen: Int?
        if let p = e.publicada, let a = e.archivos.first(where: { $0.nombre == p }) {
            let ext = String(p.split(separator: ".").last ?? "")
            imagen = ImagenActa(sha256: a.sha256, extension_: ext, origen: OrigenImagen(rawValue: a.detalle) ?? .catd)
            rutaImagen = "\(base)/\(p)"
            bytesImagen = a.bytes
        }
        guard let registrado = e.archivos.first(where: { $0.nombre == final }) else {
            throw FalloSpool("\(base): final capture missing")
        }
        let bytes: [UInt8]
        do {
            let d = try carpeta(fase).abrir(sub: NombreArchivo(clave.texto))
            defer { d.cerrar() }
            bytes = try d.leer(NombreArchivo(final), maximo: 64 << 20)
        } catch { throw FalloSpool(error) }
        guard let h = try? SHA256.resumen(bytes), SHA256.hex(h) == registrado.sha256 else {
            throw FalloSpool("\(base)/\(final) no longer has the SHA-256 it was verified with; its figures are not published")
        }
        let contenido: ActaVerificada.Contenido
        if e.resultado == .sinacta {
            switch reglas.validarSinActa(bytes, clave: clave) {
            case .success(let d): contenido = .sinActa(d.causa)
            case .failure(let r): throw FalloSpool("\(base)/\(final): \(r)")
            }
        } else {
            switch reglas.validarCaptura(bytes, clave: clave, operador: registrado.detalle) {
            case .success(let c): contenido = .captura(c)
            case .failure(let r): throw FalloSpool("\(base)/\(final): \(r)")
            }
        }
        return (ActaVerificada(clave: clave, contenido: contenido, imagen: imagen, acopio: e.acopio,
                               captura: e.captura, verificacion: verificacion), rutaImagen, bytesImagen)
    }

    /// Moves `verified/KEY` → `packaged/KEY` for every key, durably (renames, then one sync),
    /// appending `empaquetada CORTE` to each item's history. Call after the corte is durable.
    public func empaquetar(_ claves: [ClaveActa], corte: String) throws(FalloSpool) {
        let verified = carpeta(.verified), packaged = carpeta(.packaged)
        do {
            let linea = LineaHistoria(ahora(), "empaquetada", "corte \(corte)").texto
            for c in claves {
                // The history line is appended in place: it is the daemon's own file, and a lost
                // line after a crash is the only possible damage (the move itself is atomic).
                let r = NombreArchivo("\(c.texto)/historia")
                let fd = try verified.fd.abrir("\(c.texto)/historia", [.soloEscritura, .anexar])
                _ = r
                do { try fd.escribirTodo(Array(linea.utf8)) } catch { throw ErrorSistema("write", verified.rutaDe(r), error) }
                try? fd.cerrar()
                try verified.renombrar(NombreArchivo(c.texto), a: packaged, NombreArchivo(c.texto))
                fases[c.texto] = .packaged
            }
            try packaged.sincronizarSistemaDeArchivos()
        } catch {
            throw FalloSpool("I/O error while packaging, stopping: \(error)")
        }
    }
}
