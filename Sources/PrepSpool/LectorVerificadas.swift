import PrepDominio
import PrepSistema

/// Reads verified (and packaged) items as a corte publishes them, from any thread: the corte
/// worker reads while the daemon's loop keeps taking drops. That is safe because the loop never
/// changes what is read here: a verified item only gains files and a new `estado` (each by an
/// atomic rename), its final capture never changes, and it leaves `verified/` only through
/// `empaquetar`, which the loop calls after the corte that read it is durable.
public struct LectorVerificadas: Sendable {
    let raiz: String
    let verified: Directorio
    let packaged: Directorio
    let reglas: any ReglasActa
    /// The offset of the times written in a `cuarentena` file.
    let desfaseMinutos: Int

    /// A verified item as a corte publishes it, the path (from the working directory) of its
    /// published image file and that image's size when it was verified (nil for sin acta). Every
    /// file of the item must still be what its `estado` records (`ComprobacionItem`): an item that
    /// differs is put in quarantine (its `cuarentena` file) and refused, never published; one that
    /// matches again is taken out of quarantine.
    public func leer(_ clave: ClaveActa, fase: Fase = .verified) throws(FalloSpool)
        -> (ActaVerificada, rutaImagen: String?, bytesImagen: Int?) {
        let carpeta = fase == .packaged ? packaged : verified
        let bytes: [UInt8]
        let base = "\(raiz)/\(fase.carpeta)/\(clave.texto)"
        let d: Directorio
        do { d = try carpeta.abrir(sub: NombreArchivo(clave.texto)) } catch { throw FalloSpool(error) }
        defer { d.cerrar() }
        // Every file against its estado (the published image's bytes are hashed as the corte
        // copies it): an item that differs is put in quarantine, as at start, never published.
        let (leido, difs, contenidos) = ComprobacionItem.comprobar(d, hashImagenes: false)
        guard let e = leido, difs.isEmpty else {
            let momento = MarcaTiempo(segundosUnix: Reloj.realNs() / 1_000_000_000, desfaseMinutos: desfaseMinutos)
            Cuarentena.marcar(d, difs, momento: momento)
            throw FalloSpool("in quarantine, not published: " + Cuarentena.linea("\(fase.carpeta)/\(clave.texto)", difs))
        }
        if Cuarentena.hay(d) { Cuarentena.levantar(d) }
        guard e.esVerificada, let final = e.final, let verificacion = e.verificacion else {
            throw FalloSpool("\(fase.carpeta)/\(clave): not verified")
        }
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
        // Read and hashed against its record by the check above.
        guard let b = contenidos[final] else { throw FalloSpool("\(base)/\(final): the final capture is not a capture") }
        bytes = b
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
}

extension Spool {
    /// The keys of every item in `verified/`, sorted.
    public func clavesVerificadas() throws(FalloSpool) -> [ClaveActa] { try claves(.verified) }

    /// The actas with an item in `fase`'s folder, sorted by key.
    public func claves(_ fase: Fase) throws(FalloSpool) -> [ClaveActa] {
        do {
            return try carpeta(fase).listar().compactMap { $0.nombre.texto.flatMap { ClaveActa($0) } }
                .sorted { $0.texto < $1.texto }
        } catch { throw FalloSpool(error) }
    }

    /// The reader of verified items, for any thread (the corte worker).
    public var lectorVerificadas: LectorVerificadas {
        LectorVerificadas(raiz: raiz, verified: carpeta(.verified), packaged: carpeta(.packaged), reglas: reglas,
                          desfaseMinutos: desfaseMinutos)
    }

    /// A verified item as a corte publishes it (`LectorVerificadas.leer`).
    public func leerVerificada(_ clave: ClaveActa, fase: Fase = .verified) throws(FalloSpool)
        -> (ActaVerificada, rutaImagen: String?, bytesImagen: Int?) {
        try lectorVerificadas.leer(clave, fase: fase)
    }

    /// Moves `verified/KEY` → `packaged/KEY` for every key, durably (renames, then the two
    /// folders' fsyncs together), appending `empaquetada CORTE` to each item's history (its
    /// `estado`'s last lines). Call after
    /// the corte is durable. (Not a `syncfs`: that would also wait for whatever else is being
    /// written on the file system — the next corte's files — and the loop calls this.)
    public func empaquetar(_ claves: [ClaveActa], corte: String) throws(FalloSpool) {
        do { try mover(claves, de: .verified, a: .packaged, LineaHistoria(ahora(), "empaquetada", "corte \(corte)")) } catch {
            throw FalloSpool("I/O error while packaging, stopping: \(error)")
        }
    }

    /// Moves packaged actas back to `verified/` (`prep adopt`: they are not in the corte adopted
    /// as the base, so the next corte publishes them again), each with a `desempaquetada` history
    /// line saying why.
    public func desempaquetar(_ claves: [ClaveActa], detalle: String) throws(FalloSpool) {
        do { try mover(claves, de: .packaged, a: .verified, LineaHistoria(ahora(), "desempaquetada", detalle)) } catch {
            throw FalloSpool("I/O error while moving packaged actas back to verified/: \(error)")
        }
    }

    /// `origen/KEY` → `destino/KEY` for every key with `linea` appended to its history, then the
    /// two folders' fsyncs, together (one journal commit rather than two).
    private func mover(_ claves: [ClaveActa], de origen: Fase, a destino: Fase, _ linea: LineaHistoria) throws(ErrorSistema) {
        let de = carpeta(origen), a = carpeta(destino)
        let texto = Array(linea.texto.utf8)
        for c in claves {
            // The history line is appended in place, after the state lines it never touches: it
            // is the daemon's own file, and a lost or cut line after a crash is the only possible
            // damage (the state is read up to the `historia` line; the move itself is atomic).
            let r = NombreArchivo("\(c.texto)/estado")
            let fd = try de.fd.abrir("\(c.texto)/estado", [.soloEscritura, .anexar])
            do { try fd.escribirTodo(texto) } catch { throw ErrorSistema("write", de.rutaDe(r), error) }
            try? fd.cerrar()
            try de.renombrar(NombreArchivo(c.texto), a: a, NombreArchivo(c.texto))
            fases[c.texto] = destino
        }
        guard !claves.isEmpty else { return }
        try SincronizacionConjunta.sincronizar([.init(de), .init(a)])
    }
}
