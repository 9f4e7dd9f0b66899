import PrepDominio
import PrepSistema

/// How one file of an item differs from what the item's `estado` records: the reason an acta is
/// put in quarantine (`Cuarentena`), one line each in the log, `prep status` and `prep show`.
public struct DiferenciaItem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Como: Sendable, Hashable {
        /// The file is not there.
        case falta
        /// Something else than a regular file has its name.
        case noRegular(TipoArchivo)
        /// Its size is not the recorded one (or it grew while it was read).
        case tamano(registrado: Int, actual: Int)
        /// Same size, other bytes.
        case sha256
        /// It cannot be opened or read (the reason).
        case ilegible(String)
        /// The item holds a file its `estado` does not list.
        case ajeno
        /// `estado` itself cannot be read back (the reason).
        case estado(String)
        /// Its bytes are the recorded ones but no longer pass the rules (the catálogo changed).
        case invalida(String)
    }

    /// The file's name in the item folder.
    public let archivo: String
    public let como: Como

    public init(_ archivo: String, _ como: Como) {
        self.archivo = archivo
        self.como = como
    }

    public var description: String {
        switch como {
        case .falta: "\(archivo): missing"
        case .noRegular(let t): "\(archivo): not a regular file (\(t))"
        case .tamano(let r, let a): "\(archivo): size \(a) bytes, estado records \(r)"
        case .sha256: "\(archivo): SHA-256 differs from the one estado records"
        case .ilegible(let r): "\(archivo): unreadable (\(r))"
        case .ajeno: "\(archivo): not listed in estado"
        case .estado(let r): "estado: \(r)"
        case .invalida(let r): "\(archivo): no longer validates: \(r)"
        }
    }
}

/// An item's files checked against its `estado`: every listed file is there, a regular file, of
/// the recorded size and SHA-256 (the history, inside `estado`, has no record); nothing else but
/// the daemon's own files is in the folder. Reads are bounded by the recorded size (plus one byte,
/// so that growth is seen): a file grown to a terabyte costs one byte more than its record.
enum ComprobacionItem {
    /// The daemon's own files in an item folder (not listed in `estado`).
    static let propios: Set<String> = ["estado", Cuarentena.archivo, Cuarentena.archivo + ".tmp"]

    /// The item in `d`, its `estado` read and every file checked, with the bytes of its captures
    /// and sin acta declaration by name (for the caller to parse). With `hashImagenes` false an
    /// image's type, size and readability are checked, not its bytes (the corte hashes the
    /// published image as it copies it).
    static func comprobar(_ d: Directorio, hashImagenes: Bool = true)
        -> (estado: EstadoItem?, diferencias: [DiferenciaItem], bytes: [String: [UInt8]]) {
        let e: EstadoItem
        do {
            e = try EstadoItem.decodificar(try d.leer("estado", maximo: EstadoItem.maximoBytes))
        } catch let x as ErrorSistema {
            return (nil, [DiferenciaItem("estado", .estado(leible(x)))], [:])
        } catch {
            return (nil, [DiferenciaItem("estado", .estado("\(error)"))], [:])
        }
        var difs: [DiferenciaItem] = []
        var bytes: [String: [UInt8]] = [:]
        for a in e.archivos {
            let imagen = a.clase == .imagen
            switch leer(d, a, hash: hashImagenes || !imagen, guardar: !imagen) {
            case .success(let b): if !imagen { bytes[a.nombre] = b }
            case .failure(let x): difs.append(x)
            }
        }
        difs += ajenos(d, e)
        return (e, difs, bytes)
    }

    /// Files in the folder that `estado` does not list (other than the daemon's own).
    static func ajenos(_ d: Directorio, _ e: EstadoItem) -> [DiferenciaItem] {
        guard let entradas = try? d.listar() else { return [DiferenciaItem(".", .ilegible("cannot list the folder"))] }
        let listados = Set(e.archivos.map(\.nombre)).union(propios)
        return entradas.compactMap { x in
            let n = x.nombre.description
            return listados.contains(n) ? nil : DiferenciaItem(n, .ajeno)
        }
    }

    /// One listed file: its type, size, readability and (with `hash`) SHA-256, read at most
    /// `bytes + 1` bytes. With `guardar`, its bytes are returned (captures, to be parsed).
    static func leer(_ d: Directorio, _ a: EstadoItem.Archivo, hash: Bool, guardar: Bool) -> Result<[UInt8], DiferenciaItem> {
        let nombre = NombreArchivo(a.nombre)
        func dif(_ c: DiferenciaItem.Como) -> Result<[UInt8], DiferenciaItem> { .failure(DiferenciaItem(a.nombre, c)) }
        let st: Estado
        do { st = try d.estado(nombre) } catch {
            return dif(error.errno == .noSuchFile ? .falta : .ilegible(leible(error)))
        }
        guard st.tipo == .regular else { return dif(.noRegular(st.tipo)) }
        // An image may have grown since it was taken (a scanner that stalled past `settle` and
        // finished through the descriptor it held): the verified bytes are its first `bytes`,
        // which is what a corte copies and publishes. Anything else must be exactly as recorded.
        let prefijo = a.clase == .imagen
        guard st.tamano == a.bytes || (prefijo && st.tamano > a.bytes) else {
            return dif(.tamano(registrado: a.bytes, actual: st.tamano))
        }
        let f: FileDescriptor
        do { f = try d.abrirLectura(nombre) } catch { return dif(.ilegible(leible(error))) }
        defer { try? f.cerrar() }
        guard hash else { return .success([]) }
        switch hashAcotado(f, limite: a.bytes, guardar: guardar, ruta: d.rutaDe(nombre), soloPrefijo: prefijo) {
        case .failure(let r):
            return dif(.ilegible(r.texto))
        case .success(let (digest, leidos, bytes)):
            guard leidos == a.bytes else { return dif(.tamano(registrado: a.bytes, actual: max(leidos, st.tamano))) }
            guard digest == a.sha256 else { return dif(.sha256) }
            return .success(bytes)
        }
    }

    /// SHA-256 of the first `limite` bytes of `f`, read through PrepSistema's bounded read (no
    /// further than `limite` and one byte to see whether the file goes on), with the bytes kept
    /// when `guardar`. `leidos` counts that extra byte, so growth past the record shows; with
    /// `soloPrefijo` it does not (an image may have grown after its take).
    static func hashAcotado(_ f: FileDescriptor, limite: Int, guardar: Bool, ruta: String, soloPrefijo: Bool = false)
        -> Result<(digest: HuellaSHA256, leidos: Int, bytes: [UInt8]), RazonRechazo> {
        var h = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, min(limite, 256 * 1024)), alignment: 16)
        defer { buffer.deallocate() }
        var guardados: [UInt8] = []
        if guardar { guardados.reserveCapacity(limite) }
        let l: LecturaAcotada
        do {
            l = try f.leerAcotado(maximo: limite, en: buffer, ruta: ruta) { t throws(ErrorSistema) in
                h.actualizar(t)
                if guardar { guardados += t }
            }
        } catch { return .failure(RazonRechazo("read: \(error)")) }
        let digest = h.finalizar()
        return .success((digest, l.bytes + (l.masAllaDelLimite && !soloPrefijo ? 1 : 0), guardados))
    }

    /// An error's reason without the path (the file is named beside it).
    static func leible(_ e: ErrorSistema) -> String { "\(e.operacion): \(e.errno)" }
}
