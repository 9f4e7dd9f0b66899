import PrepDominio
import PrepSistema

/// Where a drop sits in `incoming/`: at its top (`carpeta` nil) or in a first-level subfolder.
public struct Ubicacion: Hashable, Sendable, CustomStringConvertible {
    public let carpeta: NombreArchivo?
    public let nombre: NombreArchivo
    /// The name's hash, made once: the observer keys every file by its place in half a dozen
    /// tables, and hashing the names' bytes anew for each lookup was a tenth of a backlog's loop.
    /// Made by the standard `Hasher` (seeded per process), so a writer cannot choose names that
    /// collide.
    private let huella: Int

    public init(carpeta: NombreArchivo?, nombre: NombreArchivo) {
        self.carpeta = carpeta
        self.nombre = nombre
        var h = Hasher()
        h.combine(carpeta)
        h.combine(nombre)
        huella = h.finalize()
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(huella) }

    public static func == (a: Ubicacion, b: Ubicacion) -> Bool {
        a.huella == b.huella && a.nombre == b.nombre && a.carpeta == b.carpeta
    }

    /// Its path under the spool root: `incoming/[SUB/]NAME` (bytes).
    public var ruta: NombreArchivo {
        var b = Array("\(Disposicion.incoming)/".utf8)
        if let carpeta { b += carpeta.bytes + [47] }
        return NombreArchivo(bytes: b + nombre.bytes)
    }

    public var description: String { ruta.description }

    /// Images under a first-level folder whose name begins with `casilla` came from the app.
    public var procedencia: OrigenImagen {
        if let carpeta, carpeta.bytes.starts(with: Array("casilla".utf8)) { return .casilla }
        return .catd
    }
}

/// A drop that passed every check on its own: its kind, content hash and parsed content.
struct DropValido: Sendable {
    let ubicacion: Ubicacion
    let estado: Estado
    let clase: ClaseDrop
    let clave: ClaveActa
    let sha256: HuellaSHA256
    /// When it arrived: its ctime (a rename-in sets it), so it survives restarts.
    let llegadaNs: Int64
    let captura: Captura?
    let sinActa: DeclaracionSinActa?
    /// Its operator's signature, read beside it (captures and sin acta).
    var firma: FirmaDrop? = nil
    /// The operator's name for captures and sin acta.
    var operador: String? {
        if let captura { return captura.operador }
        return sinActa?.operador
    }
}

/// The outcome of checking one complete drop.
enum Revision: Sendable {
    case valido(DropValido)
    /// Refused: goes to `rejected/` with this one-line reason.
    case rechazo(Ubicacion, Estado?, String)
    /// Gone before it could be read (a writer moved it away): forget it.
    case desaparecido(Ubicacion)
    /// Changed while it was being read (replaced, or still being written): look at it again
    /// once it has settled.
    case cambiado(Ubicacion)
    /// A temporary name: ignored.
    case temporal(Ubicacion)
    /// An image its own format says is not whole yet (`ImagenCompleta`): it waits like a file
    /// still being written. The reason names what is missing.
    case incompleta(Ubicacion, String)
    /// A valid JSON whose `.sig` has not come: it waits in place, as stat'ed.
    case esperaFirma(Ubicacion, Estado)
    /// A `.sig`, which waits beside (or for) the JSON it signs: that is looked at again.
    case firmaSuelta(Ubicacion, Estado, json: Ubicacion)
    /// A JSON refused with its signature, both to `rejected/` with the same reason.
    case rechazoConFirma(Rechazo, firma: Rechazo)
}

/// An I/O error on a drop that is not the drop's fault (EIO and the like): the daemon stops.
struct FalloLectura: Error { let error: ErrorSistema }

/// Checks one complete drop: name grammar, file type, links, size, readability, magic bytes,
/// hash, and (through `reglas`) the JSON. Reads only the drop itself, never a link's target.
func revisar(_ u: Ubicacion, en dir: Directorio, reglas: any ReglasActa, maxImagen: Int, maxJSON: Int) throws(FalloLectura) -> Revision {
    let clase = ClaseDrop.de(u.nombre)
    let estado: Estado
    do { estado = try dir.estado(u.nombre) } catch {
        if error.errno == .noSuchFile { return .desaparecido(u) }
        throw FalloLectura(error: error)
    }
    if let r = revisarSinAbrir(u, clase, estado, reglas: reglas, maxImagen: maxImagen, maxJSON: maxJSON) { return r }
    guard let clave = clase.clave else { return .temporal(u) }
    let f: FileDescriptor
    do { f = try dir.abrirLectura(u.nombre) } catch {
        switch error.errno {
        case .noSuchFile: return .desaparecido(u)
        case .permissionDenied, .notPermitted: return .rechazo(u, estado, "\(u): cannot read: \(error.errno)")
        case .loop: return .rechazo(u, estado, "\(u): a symbolic link is not accepted")
        default: throw FalloLectura(error: error)
        }
    }
    defer { try? f.cerrar() }
    let drop = DropAbierto(ubicacion: u, f: f, estado: estado, clase: clase, clave: clave)
    guard try drop.sinCambio() else {
        return .cambiado(u)  // replaced or written between stat and open: look again later
    }
    if case .imagen(_, let ext) = clase { return try drop.revisarImagen(ext) }
    return try drop.revisarJSON(en: dir, reglas: reglas)
}

/// What a drop's name and stat decide on their own: a temporary name, not a regular file, a
/// name out of the grammar, a hard link, an empty file, an election not in the catálogo, a
/// `.sig` (it waits beside its JSON), a file over its size limit. Nil: the drop must be read.
func revisarSinAbrir(_ u: Ubicacion, _ clase: ClaseDrop, _ estado: Estado, reglas: any ReglasActa,
                     maxImagen: Int, maxJSON: Int) -> Revision? {
    if case .temporal = clase, estado.tipo == .regular { return .temporal(u) }
    guard estado.tipo == .regular else {
        let que = estado.tipo == .directorio ? "a folder nested more than one level below incoming/" : "a \(estado.tipo)"
        return .rechazo(u, estado, "\(u): \(que) is not accepted; drops must be regular files")
    }
    if case .invalido(let r) = clase { return .rechazo(u, estado, "\(u): \(r)") }
    guard let clave = clase.clave else { return .temporal(u) }
    if estado.enlaces > 1 {
        return .rechazo(u, estado, "\(u): a hard link (\(estado.enlaces) names for one file) is not accepted; drop a file of its own")
    }
    if estado.tamano == 0 { return .rechazo(u, estado, "\(u): empty file") }
    if !reglas.conoceEleccion(clave.eleccion) {
        // No capture or declaration for it can ever be valid: waiting would be forever.
        return .rechazo(u, estado, "\(u): election \(clave.eleccion) is not in the catálogo; no capture can ever pair with this drop")
    }
    if case .firma(_, let firmado) = clase { return firmaSuelta(u, estado, firmado: firmado) }
    let maximo: Int
    if case .imagen = clase { maximo = maxImagen } else { maximo = maxJSON }
    if estado.tamano > maximo {
        return .rechazo(u, estado, "\(u): oversized: \(estado.tamano) bytes, the limit is \(maximo)")
    }
    return nil
}

/// A drop opened for its check, with the stat it had before it was opened. Whatever is checked
/// is what this descriptor read; `sinCambio` then proves nothing was written meanwhile, so the
/// recorded stat identifies exactly these bytes.
struct DropAbierto {
    let ubicacion: Ubicacion
    let f: FileDescriptor
    let estado: Estado
    let clase: ClaseDrop
    let clave: ClaveActa

    var ruta: String { ubicacion.description }

    /// Whether the open file still has the recorded stat (same inode, size, times).
    func sinCambio() throws(FalloLectura) -> Bool {
        do { return try f.estado() == estado } catch { throw FalloLectura(error: ErrorSistema("fstat", ruta, error)) }
    }

    /// An image: its magic bytes match its extension, its format says it is whole, its SHA-256.
    func revisarImagen(_ ext: String) throws(FalloLectura) -> Revision {
        let u = ubicacion
        var cabecera = [UInt8](repeating: 0, count: 8)
        let lectura: Result<Int, Errno> = cabecera.withUnsafeMutableBytes { b in
            Result { () throws(Errno) in try f.leer(en: b, desde: 0) }
        }
        let n: Int
        switch lectura {
        case .success(let k): n = k
        case .failure(let e): throw FalloLectura(error: ErrorSistema("read", ruta, e))
        }
        guard ClaseDrop.firmaCorrecta(cabecera.prefix(n), extension_: ext) else {
            return .rechazo(u, estado, "\(u): content is not a \(ext.uppercased()) file (its first bytes do not match the extension)")
        }
        if let falta = ImagenCompleta.falta(extension_: ext, tamano: estado.tamano, leer: { leerTrozo(f, $0, $1) }) {
            return .incompleta(u, "\(u): \(falta)")
        }
        // Never past the size checked (one byte more tells growth): a writer that grows the file
        // to a sparse terabyte after the fstat above costs one byte, not hours of hashing zeros.
        let digest: HuellaSHA256
        let leido: LecturaAcotada
        do { (digest, leido) = try SHA256.deArchivo(f, maximo: estado.tamano, ruta: ruta) } catch { throw FalloLectura(error: error) }
        guard !leido.masAllaDelLimite, leido.bytes == estado.tamano, try sinCambio() else { return .cambiado(u) }
        return .valido(DropValido(ubicacion: u, estado: estado, clase: clase, clave: clave, sha256: digest,
                                  llegadaNs: estado.ctimeNs, captura: nil, sinActa: nil))
    }

    /// A capture or a sin acta declaration: read whole, checked by `reglas`, then with its
    /// signature (`conFirma`).
    func revisarJSON(en dir: Directorio, reglas: any ReglasActa) throws(FalloLectura) -> Revision {
        let u = ubicacion
        let bytes: [UInt8], masAlla: Bool
        do { (bytes, masAlla) = try f.leerHasta(maximo: estado.tamano, ruta: ruta) } catch { throw FalloLectura(error: error) }
        guard !masAlla, bytes.count == estado.tamano, try sinCambio() else { return .cambiado(u) }
        let sha = SHA256.resumen(bytes)
        func valido(_ captura: Captura?, _ sinActa: DeclaracionSinActa?) -> Revision {
            .valido(DropValido(ubicacion: u, estado: estado, clase: clase, clave: clave, sha256: sha,
                               llegadaNs: estado.ctimeNs, captura: captura, sinActa: sinActa))
        }
        let r: Revision
        switch clase {
        case .captura(_, let op):
            switch reglas.validarCaptura(bytes, clave: clave, operador: op) {
            case .success(let c): r = valido(c, nil)
            case .failure(let razon): r = .rechazo(u, estado, "\(u): \(razon)")
            }
        case .sinActa:
            switch reglas.validarSinActa(bytes, clave: clave) {
            case .success(let d): r = valido(nil, d)
            case .failure(let razon): r = .rechazo(u, estado, "\(u): \(razon)")
            }
        default:
            return .temporal(u)
        }
        return try conFirma(r, json: bytes, en: dir, reglas: reglas)
    }
}

/// Up to `cuantos` bytes of `f` from offset `desde` (fewer at its end); nil on a read error.
func leerTrozo(_ f: FileDescriptor, _ desde: Int, _ cuantos: Int) -> [UInt8]? {
    var b = [UInt8](repeating: 0, count: cuantos)
    var hecho = 0
    while hecho < cuantos {
        let k: Int? = b.withUnsafeMutableBytes { p in
            try? f.leer(en: UnsafeMutableRawBufferPointer(rebasing: p[hecho...]), desde: desde + hecho)
        }
        guard let k else { return nil }
        if k == 0 { break }
        hecho += k
    }
    return Array(b.prefix(hecho))
}
