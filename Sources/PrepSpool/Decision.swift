import PrepDominio
import PrepSistema

/// What to do with one acta's drops in this batch (SPEC §6), decided before anything moves.
struct Plan: Sendable {
    /// The item as it will be: new state, the history lines to add, the drops to move into it
    /// (with their names inside the item), and the phase it leaves (nil: a new item).
    struct CambioItem: Sendable {
        var faseAnterior: Fase?
        var faseNueva: Fase
        var estado: EstadoItem
        var capturas: [Captura]
        var historia: [LineaHistoria]
        var entrantes: [(drop: DropValido, nombre: String)]
    }

    var clave: ClaveActa
    var cambio: CambioItem?
    /// Drops refused by a rule, with their reason.
    var rechazos: [(drop: DropValido, razon: String)] = []
    /// Valid drops that keep waiting in `incoming/` (a lone image or capture).
    var espera: [DropValido] = []
}

/// Applies SPEC §6 to one acta: its item (if any), the valid drops already waiting for it in
/// `incoming/`, and the newly checked ones. Pure: no file system.
///
/// Linear in the drops: duplicate images are found by hash in a set, item names in a set, and
/// one acta may accumulate at most `maxImagenes` images (waiting and in its item) — more are
/// refused, so a flood of images for one acta never holds up the others. (Captures are capped
/// before they are read, by `max_acta_captures`; at most three are ever accepted.)
func decidir(clave: ClaveActa, item: ItemCargado?, espera: [DropValido], nuevos: [DropValido],
             ahora: MarcaTiempo, maxImagenes: Int = 16) -> Plan {
    var admision = Admision(clave: clave, item: item, espera: espera, maxImagenes: maxImagenes)
    for d in nuevos.sorted(by: Admision.porLlegada) { admision.admitir(d) }
    admision.cerrar()
    var plan = Plan(clave: clave)
    plan.rechazos = admision.rechazos
    let e = item?.estado ?? EstadoItem(clave: clave)
    if let s = admision.sinActa, let decl = s.sinActa {
        plan.cambio = declararSinActa(s, decl, estado: e, ahora: ahora)
        return plan
    }
    let pendientes = admision.pendientes
    let hayImagen = !e.imagenes.isEmpty || pendientes.contains { if case .imagen = $0.clase { true } else { false } }
    let hayCaptura = !e.capturas.isEmpty || pendientes.contains { $0.captura != nil }
    if item?.fase == nil, !(hayImagen && hayCaptura) {
        plan.espera = pendientes
        return plan
    }
    guard !pendientes.isEmpty else { return plan }
    plan.cambio = incorporar(admision, item: item, estado: e, ahora: ahora)
    return plan
}

/// The time stamp of `ns` (Unix nanoseconds) in `ahora`'s offset.
private func marca(_ ns: Int64, como ahora: MarcaTiempo) -> MarcaTiempo {
    MarcaTiempo(segundosUnix: ns / 1_000_000_000, desfaseMinutos: ahora.desfaseMinutos)
}

/// A sin acta declaration accepted alone: the acta is verified as sin acta.
private func declararSinActa(_ s: DropValido, _ decl: DeclaracionSinActa, estado: EstadoItem, ahora: MarcaTiempo) -> Plan.CambioItem {
    var e = estado
    var entrantes: [(drop: DropValido, nombre: String)] = []
    let clave = e.clave
    let llegada = marca(s.llegadaNs, como: ahora)
    let nombre = s.ubicacion.nombre.texto ?? "\(clave.texto).sinacta.json"
    e.archivos.append(.init(clase: .sinacta, nombre: nombre, sha256: s.sha256, bytes: s.estado.tamano,
                            llegada: llegada, detalle: decl.operador, origen: s.ubicacion.ruta))
    e.resultado = .sinacta
    e.final = nombre
    e.verificacion = ahora
    let historia = [
        LineaHistoria(llegada, "sinacta", "\(nombre) operador=\(decl.operador) causa=\"\(decl.causa.rawValue)\" desde=\(EstadoItem.porcentaje(s.ubicacion.ruta.bytes))"),
        LineaHistoria(ahora, "verificada", "sin acta (\(decl.causa.rawValue))"),
    ]
    entrantes.append((s, nombre))
    e.tomarFirma(de: s, nombre: nombre, llegada: llegada, en: &entrantes)
    return .init(faseAnterior: nil, faseNueva: .verified, estado: e, capturas: [], historia: historia, entrantes: entrantes)
}

/// The item with the accepted images and captures added: images first (the captures were typed
/// from them), each in arrival order, then the captures in the order `admision` accepted them,
/// each with what the acta amounts to once it is added.
private func incorporar(_ admision: Admision, item: ItemCargado?, estado: EstadoItem, ahora: MarcaTiempo) -> Plan.CambioItem? {
    var e = estado
    var capturas = item?.capturas ?? []
    var historia: [LineaHistoria] = []
    var entrantes: [(drop: DropValido, nombre: String)] = []
    let clave = e.clave
    var nombres = Set(e.archivos.map(\.nombre))
    let imagenes = admision.pendientes.filter { if case .imagen = $0.clase { true } else { false } }.sorted(by: Admision.porLlegada)
    for d in imagenes {
        guard case .imagen(_, let ext) = d.clase else { continue }
        var nombre = "\(clave.texto).\(ext)"
        var n = 1
        while nombres.contains(nombre) {
            n += 1
            nombre = "\(clave.texto).\(n).\(ext)"
        }
        nombres.insert(nombre)
        let llegada = marca(d.llegadaNs, como: ahora)
        let proc = d.ubicacion.procedencia
        e.archivos.append(.init(clase: .imagen, nombre: nombre, sha256: d.sha256, bytes: d.estado.tamano,
                                llegada: llegada, detalle: proc.rawValue, origen: d.ubicacion.ruta))
        let primera = e.publicada == nil && e.resultado != .sinacta
        if primera {
            e.publicada = nombre
            if e.acopio == nil { e.acopio = llegada }
        }
        historia.append(LineaHistoria(llegada, primera ? "acopio" : "imagen-adicional",
                                      "\(nombre) origen=\(proc.rawValue) sha256=\(d.sha256) desde=\(EstadoItem.porcentaje(d.ubicacion.ruta.bytes))"))
        entrantes.append((d, nombre))
    }
    for (d, estadoActa) in admision.capturasAceptadas {
        guard let c = d.captura else { continue }
        let llegada = marca(d.llegadaNs, como: ahora)
        let nombre = d.ubicacion.nombre.texto ?? "\(clave.texto).captura.\(c.operador).json"
        e.archivos.append(.init(clase: .captura, nombre: nombre, sha256: d.sha256, bytes: d.estado.tamano,
                                llegada: llegada, detalle: c.operador, origen: d.ubicacion.ruta))
        capturas.append(c)
        if e.captura == nil { e.captura = c.capturada ?? llegada }
        historia.append(LineaHistoria(llegada, "captura", "\(nombre) operador=\(c.operador) desde=\(EstadoItem.porcentaje(d.ubicacion.ruta.bytes))"))
        entrantes.append((d, nombre))
        e.tomarFirma(de: d, nombre: nombre, llegada: llegada, en: &entrantes)
        if let linea = resultar(&e, estadoActa, capturas: capturas, ahora: ahora) { historia.append(linea) }
    }
    guard !entrantes.isEmpty else { return nil }
    let fase0 = item?.fase
    let faseNueva: Fase = fase0 == .packaged ? .packaged : (fase0 == .verified ? .verified : e.fase)
    return .init(faseAnterior: fase0, faseNueva: faseNueva, estado: e, capturas: capturas, historia: historia, entrantes: entrantes)
}

/// The item's result once its captures (`capturas`, in order) amount to `estadoActa`; the history
/// line it adds, if any.
private func resultar(_ e: inout EstadoItem, _ estadoActa: Verificacion.Estado, capturas: [Captura], ahora: MarcaTiempo) -> LineaHistoria? {
    let antes = e.resultado
    switch estadoActa {
    case .sinCaptura, .pendiente:
        e.resultado = .pendiente
    case .discrepancia(let campos):
        e.resultado = .discrepancia
        if antes != .discrepancia {
            return LineaHistoria(ahora, "discrepancia", "captures by \(capturas.map(\.operador).joined(separator: ", ")) disagree on \(campos.joined(separator: ", ")); waiting for a third operator")
        }
    case .verificadaPorCoincidencia, .verificadaPorTercera:
        let tercera = estadoActa != .verificadaPorCoincidencia
        let final = tercera ? 2 : 0
        let caps = e.capturas
        guard final < caps.count, final < capturas.count else { return nil }
        e.resultado = tercera ? .tercera : .verificada
        e.final = caps[final].nombre
        e.verificacion = ahora
        e.captura = capturas[final].capturada ?? caps[final].llegada
        if let a = capturas[final].acopio { e.acopio = a }
        let detalle = tercera
            ? "third capture by \(capturas[final].operador) decides (\(capturas.map(\.operador).joined(separator: ", ")))"
            : "2 captures agree: \(capturas[0].operador), \(capturas[1].operador)"
        return LineaHistoria(ahora, "verificada", detalle)
    }
    return nil
}

/// The first look at one acta's drops: which are refused and why, which wait or go into the
/// item. The acta's one `Verificacion` decides what each capture amounts to and which are
/// refused (same operator again, a capture once verified); each accepted capture keeps the
/// state it leaves the acta in, so the item is built without checking the captures again.
struct Admision {
    let clave: ClaveActa
    private let fase0: Fase?
    private let estado: EstadoItem
    private let maxImagenes: Int
    private var verificacion = Verificacion()
    private var llaves: LlavesActa
    /// Valid drops that wait or go into the item: those waiting before, then those accepted.
    private(set) var pendientes: [DropValido]
    private(set) var rechazos: [(drop: DropValido, razon: String)] = []
    /// A sin acta declaration accepted (alone).
    private(set) var sinActa: DropValido?
    /// Captures accepted (waiting before, then new), in the order they are added, each with the
    /// acta's state once it is.
    private(set) var capturasAceptadas: [(drop: DropValido, estado: Verificacion.Estado)] = []
    /// Waiting captures the acta's verification refuses (they leave `pendientes` at `cerrar`).
    private var esperaRechazada: Set<Ubicacion> = []
    private var enItem: [HuellaSHA256: String] = [:]  // SHA-256 → name in the item
    private var esperando: [HuellaSHA256: Ubicacion] = [:]  // SHA-256 → a waiting image
    private var imagenes: Int

    /// Arrival order: ctime, then name.
    static func porLlegada(_ a: DropValido, _ b: DropValido) -> Bool {
        (a.llegadaNs, a.ubicacion.nombre) < (b.llegadaNs, b.ubicacion.nombre)
    }

    init(clave: ClaveActa, item: ItemCargado?, espera: [DropValido], maxImagenes: Int) {
        self.clave = clave
        fase0 = item?.fase
        estado = item?.estado ?? EstadoItem(clave: clave)
        self.maxImagenes = maxImagenes
        pendientes = espera
        llaves = LlavesActa(item: item?.estado, espera: espera)
        for c in item?.capturas ?? [] { try? verificacion.agregar(c) }
        for a in estado.imagenes where enItem[a.sha256] == nil { enItem[a.sha256] = a.nombre }
        for d in espera where d.captura == nil && d.sinActa == nil && esperando[d.sha256] == nil { esperando[d.sha256] = d.ubicacion }
        imagenes = estado.imagenes.count + esperando.count
        for d in espera.filter({ $0.captura != nil }).sorted(by: Self.porLlegada) {
            guard let c = d.captura else { continue }
            do {
                try verificacion.agregar(c)
                capturasAceptadas.append((d, verificacion.estado))
            } catch {
                rechazar(d, error.description)
                esperaRechazada.insert(d.ubicacion)
            }
        }
    }

    /// `folder/` of the item's phase, or empty when there is no item.
    private var nombreFase: String { fase0.map { "\($0.carpeta)/" } ?? "" }

    private mutating func rechazar(_ d: DropValido, _ r: String) { rechazos.append((d, "\(d.ubicacion): \(r)")) }

    /// Takes or refuses a new drop (in arrival order).
    mutating func admitir(_ d: DropValido) {
        switch d.clase {
        case .sinActa: admitirSinActa(d)
        case .captura: admitirCaptura(d)
        case .imagen: admitirImagen(d)
        default: break
        }
    }

    /// Removes the waiting captures that were refused.
    mutating func cerrar() {
        guard !esperaRechazada.isEmpty else { return }
        pendientes.removeAll { $0.captura != nil && esperaRechazada.contains($0.ubicacion) }
    }

    private mutating func admitirSinActa(_ d: DropValido) {
        if fase0 != nil {
            rechazar(d, "acta \(clave) is already in \(nombreFase)\(clave); a sin acta declaration cannot follow an image or capture")
        } else if !pendientes.isEmpty || sinActa != nil {
            rechazar(d, "acta \(clave) has an image or capture (or another declaration) in incoming/; a sin acta declaration contradicts it")
        } else {
            sinActa = d
        }
    }

    private mutating func admitirCaptura(_ d: DropValido) {
        if estado.esVerificada || fase0 == .packaged || sinActa != nil {
            rechazar(d, "acta \(clave) is already verified (\(nombreFase.isEmpty ? "sin acta" : nombreFase + clave.texto)); corrections are not accepted here")
        } else if let r = llaves.agregar(d) {
            rechazar(d, r)
        } else if let c = d.captura {
            do {
                try verificacion.agregar(c)
                capturasAceptadas.append((d, verificacion.estado))
                pendientes.append(d)
            } catch {
                if fase0 == nil, verificacion.estado.esVerificada {
                    // Two agreeing captures without an item: the acta is not verified (its
                    // image may never come), but a further capture would change nothing.
                    let ops = verificacion.capturas.prefix(2).map(\.operador).joined(separator: " and ")
                    rechazar(d, "acta \(clave): its captures by \(ops) already agree (it is not verified before its image is taken); a further capture is not accepted")
                } else {
                    rechazar(d, error.description)
                }
            }
        }
    }

    private mutating func admitirImagen(_ d: DropValido) {
        if let igual = enItem[d.sha256] {
            rechazar(d, "duplicate: same SHA-256 as \(nombreFase)\(clave)/\(igual)")
        } else if let igual = esperando[d.sha256] {
            rechazar(d, "duplicate: same SHA-256 as \(igual)")
        } else if sinActa != nil {
            rechazar(d, "acta \(clave) arrived with a sin acta declaration in the same batch; the image contradicts it")
        } else if imagenes >= maxImagenes {
            rechazar(d, "acta \(clave) already has \(imagenes) images (max_acta_images = \(maxImagenes)); no more are accepted for it")
        } else {
            pendientes.append(d)
            esperando[d.sha256] = d.ubicacion
            imagenes += 1
        }
    }
}
