import PrepDominio
import PrepSistema

extension ClaseDrop {
    /// `FILE.sig`: a signature when FILE is a capture or sin acta name, else an unknown name.
    static func firma(de nombre: NombreArchivo, clave: ClaveActa) -> ClaseDrop {
        let firmado = NombreArchivo(bytes: Array(nombre.bytes.dropLast(4)))
        switch de(firmado) {
        case .captura, .sinActa: return .firma(clave, firmado: firmado)
        case .invalido(let r): return .invalido("unknown name: a .sig signs a capture or sin acta drop, and \(firmado) is not one (\(r))")
        default: return .invalido("unknown name: a .sig signs KEY.captura.OPERATOR.json or KEY.sinacta.json, not \(firmado)")
        }
    }
}

/// A drop's detached signature (`FILE.sig`), read beside its JSON and taken into the item with it.
struct FirmaDrop: Sendable {
    let ubicacion: Ubicacion
    let estado: Estado
    let sha256: HuellaSHA256
    /// Hex keynum of the registered key it verified with; nil when operators are not registered
    /// (the file is kept, unchecked).
    let keynum: String?

    /// The largest `.sig` accepted: signify writes about 180 bytes.
    static let maximo = 4096

    /// The signature as a drop of its own, to take into the item beside its JSON.
    func drop(clave: ClaveActa, firmado: NombreArchivo) -> DropValido {
        DropValido(ubicacion: ubicacion, estado: estado, clase: .firma(clave, firmado: firmado), clave: clave,
                   sha256: sha256, llegadaNs: estado.ctimeNs, captura: nil, sinActa: nil)
    }
}

extension Ubicacion {
    /// `FILE.sig` beside this drop.
    var firma: Ubicacion { Ubicacion(carpeta: carpeta, nombre: NombreArchivo(bytes: nombre.bytes + Array(".sig".utf8))) }
}

/// What is beside a JSON drop under its `.sig` name.
enum LecturaFirma {
    case ausente
    /// Being replaced or written: look at the pair again later.
    case cambiada
    /// Not acceptable as a signature file: refused with its JSON.
    case mala(Estado, String)
    case leida(Estado, [UInt8], sha256: HuellaSHA256)
}

/// Reads `u` (a `.sig`) the way drops are read: a regular file of its own, not too big, whose
/// descriptor's stat is the one checked and did not change while it was read.
func leerFirma(_ u: Ubicacion, en dir: Directorio) throws(FalloLectura) -> LecturaFirma {
    let estado: Estado
    do { estado = try dir.estado(u.nombre) } catch {
        if error.errno == .noSuchFile { return .ausente }
        throw FalloLectura(error: error)
    }
    guard estado.tipo == .regular else { return .mala(estado, "\(u): a \(estado.tipo) is not accepted as a signature; drops must be regular files") }
    if estado.enlaces > 1 { return .mala(estado, "\(u): a hard link (\(estado.enlaces) names for one file) is not accepted; drop a file of its own") }
    if estado.tamano == 0 { return .mala(estado, "\(u): empty signature file") }
    if estado.tamano > FirmaDrop.maximo { return .mala(estado, "\(u): oversized: \(estado.tamano) bytes, a signature is at most \(FirmaDrop.maximo)") }
    let f: FileDescriptor
    do { f = try dir.abrirLectura(u.nombre) } catch {
        switch error.errno {
        case .noSuchFile: return .ausente
        case .permissionDenied, .notPermitted: return .mala(estado, "\(u): cannot read: \(error.errno)")
        case .loop: return .mala(estado, "\(u): a symbolic link is not accepted")
        default: throw FalloLectura(error: error)
        }
    }
    defer { try? f.cerrar() }
    let bytes: [UInt8], masAlla: Bool
    do {
        guard try f.estado() == estado else { return .cambiada }
        (bytes, masAlla) = try f.leerHasta(maximo: estado.tamano, ruta: u.description)
        guard !masAlla, bytes.count == estado.tamano, try f.estado() == estado else { return .cambiada }
    } catch let e as ErrorSistema {
        throw FalloLectura(error: e)
    } catch let e as Errno {
        throw FalloLectura(error: ErrorSistema("fstat", u.description, e))
    } catch {
        throw FalloLectura(error: ErrorSistema("read", u.description, .io))
    }
    let sha = SHA256.resumen(bytes)
    return .leida(estado, bytes, sha256: sha)
}

/// The check of a capture or sin acta JSON (`r`, from `json`'s bytes) completed with its
/// signature: with registered operators a valid JSON without its `.sig` waits for it, and one
/// whose signature is not its operator's registered key's is refused with it; a refused JSON takes
/// its `.sig` (if any) to `rejected/` with it. Without a registry a `.sig` is kept unchecked.
func conFirma(_ r: Revision, json: [UInt8], en dir: Directorio, reglas: any ReglasActa) throws(FalloLectura) -> Revision {
    switch r {
    case .valido(var d):
        let uf = d.ubicacion.firma
        switch try leerFirma(uf, en: dir) {
        case .ausente:
            return reglas.exigeFirmas ? .esperaFirma(d.ubicacion, d.estado) : .valido(d)
        case .cambiada:
            return .cambiado(d.ubicacion)
        case .mala(let e, let razon):
            return .rechazoConFirma(Rechazo(ubicacion: d.ubicacion, estado: d.estado, razon: "\(d.ubicacion): refused with its signature: \(razon)"),
                                    firma: Rechazo(ubicacion: uf, estado: e, razon: razon))
        case .leida(let e, let firma, let sha):
            var keynum: String?
            if reglas.exigeFirmas, let operador = d.operador {
                switch reglas.comprobarFirma(json, firma: firma, operador: operador) {
                case .success(let k): keynum = k
                case .failure(let razon):
                    let texto = "\(d.ubicacion): \(razon)"
                    return .rechazoConFirma(Rechazo(ubicacion: d.ubicacion, estado: d.estado, razon: texto),
                                            firma: Rechazo(ubicacion: uf, estado: e, razon: texto))
                }
            }
            d.firma = FirmaDrop(ubicacion: uf, estado: e, sha256: sha, keynum: keynum)
            return .valido(d)
        }
    case .rechazo(let u, let e, let razon):
        let uf = u.firma
        guard let ef = try? dir.estado(uf.nombre) else { return r }
        return .rechazoConFirma(Rechazo(ubicacion: u, estado: e, razon: razon), firma: Rechazo(ubicacion: uf, estado: ef, razon: razon))
    default:
        return r
    }
}

/// A `.sig` looked at on its own: never taken alone, it waits beside (or for) its JSON, which
/// reads it when it is checked.
func firmaSuelta(_ u: Ubicacion, _ estado: Estado, firmado: NombreArchivo) -> Revision {
    if estado.tamano > FirmaDrop.maximo {
        return .rechazo(u, estado, "\(u): oversized: \(estado.tamano) bytes, a signature is at most \(FirmaDrop.maximo)")
    }
    return .firmaSuelta(u, estado, json: Ubicacion(carpeta: u.carpeta, nombre: firmado))
}

extension EstadoItem {
    /// The keynums (hex) of the keys that signed the item's captures, by capture name (a capture
    /// taken before operators were registered has none).
    var llavesCapturas: [String: String] {
        var r: [String: String] = [:]
        let firmas = Dictionary(archivos.filter { $0.clase == .firma }.map { ($0.nombre, $0.detalle) }) { a, _ in a }
        for c in capturas { if let k = firmas[c.nombre + ".sig"], k != "-" { r[c.nombre] = k } }
        return r
    }

    /// Takes drop `d`'s signature (if any) into the item beside it (`nombre` is `d`'s name in the
    /// item): `archivo firma NAME.sig SHA256 BYTES TIME KEYNUM ORIGIN` (KEYNUM `-` when it was not
    /// checked: no registry), and the file among the batch's moves.
    mutating func tomarFirma(de d: DropValido, nombre: String, llegada: MarcaTiempo,
                             en entrantes: inout [(drop: DropValido, nombre: String)]) {
        guard let f = d.firma else { return }
        let n = nombre + ".sig"
        archivos.append(.init(clase: .firma, nombre: n, sha256: f.sha256, bytes: f.estado.tamano, llegada: llegada,
                              detalle: f.keynum ?? "-", origen: f.ubicacion.ruta))
        entrantes.append((f.drop(clave: d.clave, firmado: d.ubicacion.nombre), n))
    }
}

/// The keys that signed an acta's captures (in its item, waiting, and accepted in this batch):
/// two captures agree only when two distinct keys signed them, and a third decides only from a
/// third key. Operator names are already distinct; a key is compared too, since a registry
/// reload may have given one key to another name.
struct LlavesActa {
    /// keynum (hex) → the operator whose capture it signed.
    private var porKeynum: [String: String] = [:]

    init(item: EstadoItem?, espera: [DropValido]) {
        if let item {
            let operadores = Dictionary(item.capturas.map { ($0.nombre, $0.detalle) }) { a, _ in a }
            for (nombre, k) in item.llavesCapturas { porKeynum[k] = operadores[nombre] ?? "?" }
        }
        for d in espera { if let k = d.firma?.keynum, let c = d.captura { porKeynum[k] = c.operador } }
    }

    /// Why capture `d` cannot count (its key already signed another capture of this acta), or
    /// nil, and its key is noted.
    mutating func agregar(_ d: DropValido) -> String? {
        guard let k = d.firma?.keynum, let c = d.captura else { return nil }
        if let otro = porKeynum[k], otro != c.operador {
            return "signed with the same key (keynum \(k)) as the capture by \(otro): two captures count only from two distinct keys"
        }
        porKeynum[k] = c.operador
        return nil
    }
}

extension Rechazo {
    /// A checked drop refused by a rule, with its signature (if one came with it) beside it.
    static func conFirma(_ d: DropValido, _ razon: String) -> [Rechazo] {
        [Rechazo(ubicacion: d.ubicacion, estado: d.estado, razon: razon)]
            + (d.firma.map { [Rechazo(ubicacion: $0.ubicacion, estado: $0.estado, razon: razon)] } ?? [])
    }
}

extension Recepcion {
    /// A JSON and its `.sig` that are not yet a pair wait in place; a `.sig` that came wakes its
    /// JSON (waiting for it, or for its image); a pair refused together is two refusals (returned).
    func emparejarFirma(_ rv: Revision) -> [Rechazo] {
        switch rv {
        case .esperaFirma(let u, let e):
            // No longer a complete drop (its .sig went away): out of its acta's waiting list too.
            if let k = ClaseDrop.de(u.nombre).clave { observador.quitarDeEspera(u, de: k.texto) }
            observador.fijar(u, .sinPareja(e))
        case .firmaSuelta(let u, let e, let json):
            observador.fijar(u, .sinPareja(e))
            switch observador.seguidos[json] {
            case .sinPareja?, .esperando?: observador.fijar(json, .listo)
            default: break
            }
        case .rechazoConFirma(let a, let b):
            if let k = ClaseDrop.de(a.ubicacion.nombre).clave { observador.quitarDeEspera(a.ubicacion, de: k.texto) }
            return [a, b]
        default:
            break
        }
        return []
    }
}

extension Observador {
    /// For the last line of `--once` and `prep publish`: the captures and declarations left
    /// waiting for their signature, and the signatures whose JSON never came.
    var descripcionSinPareja: String {
        var sinFirma: [Ubicacion] = [], sinJSON: [Ubicacion] = []
        for (u, s) in seguidos {
            guard case .sinPareja = s else { continue }
            if case .firma(_, let firmado) = ClaseDrop.de(u.nombre) {
                if seguidos[Ubicacion(carpeta: u.carpeta, nombre: firmado)] == nil { sinJSON.append(u) }
            } else {
                sinFirma.append(u)
            }
        }
        func lista(_ us: [Ubicacion]) -> String {
            let o = us.sorted { $0.ruta < $1.ruta }
            return o.prefix(5).map(\.description).joined(separator: ", ") + (o.count > 5 ? ", …" : "")
        }
        var r = ""
        if !sinFirma.isEmpty { r += "; \(sinFirma.count) left waiting for their signature (.sig): " + lista(sinFirma) }
        if !sinJSON.isEmpty { r += "; \(sinJSON.count) signatures left waiting for the file they sign: " + lista(sinJSON) }
        return r
    }
}
