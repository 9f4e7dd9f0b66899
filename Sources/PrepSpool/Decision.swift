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
    var plan = Plan(clave: clave)
    var e = item?.estado ?? EstadoItem(clave: clave)
    var capturas = item?.capturas ?? []
    var pendientes = espera
    let fase0 = item?.fase
    // The one verification rule (PrepDominio.Verificacion) decides what a capture amounts to and
    // which captures are refused (same operator again, a capture once verified). `prueba` holds
    // the item's captures and the waiting and accepted ones, in the order they will be added.
    var prueba = Verificacion()
    for c in capturas + espera.compactMap(\.captura) { try? prueba.agregar(c) }
    var llaves = LlavesActa(item: item?.estado, espera: espera)
    let nombreFase = fase0.map { "\($0.carpeta)/" } ?? ""
    func marca(_ ns: Int64) -> MarcaTiempo {
        MarcaTiempo(segundosUnix: ns / 1_000_000_000, desfaseMinutos: ahora.desfaseMinutos)
    }
    func rechazar(_ d: DropValido, _ r: String) { plan.rechazos.append((d, "\(d.ubicacion): \(r)")) }

    let ordenados = nuevos.sorted { ($0.llegadaNs, $0.ubicacion.nombre) < ($1.llegadaNs, $1.ubicacion.nombre) }
    var sinActa: DropValido?
    var enItem: [String: String] = [:]  // SHA-256 → name in the item
    for a in e.imagenes where enItem[a.sha256] == nil { enItem[a.sha256] = a.nombre }
    var esperando: [String: Ubicacion] = [:]  // SHA-256 → a waiting image
    for d in pendientes where d.captura == nil && d.sinActa == nil && esperando[d.sha256] == nil { esperando[d.sha256] = d.ubicacion }
    var imagenes = e.imagenes.count + esperando.count
    for d in ordenados {
        switch d.clase {
        case .sinActa:
            if fase0 != nil {
                rechazar(d, "acta \(clave) is already in \(nombreFase)\(clave); a sin acta declaration cannot follow an image or capture")
            } else if !pendientes.isEmpty || sinActa != nil {
                rechazar(d, "acta \(clave) has an image or capture (or another declaration) in incoming/; a sin acta declaration contradicts it")
            } else {
                sinActa = d
            }
        case .captura:
            if e.esVerificada || fase0 == .packaged || sinActa != nil {
                rechazar(d, "acta \(clave) is already verified (\(nombreFase.isEmpty ? "sin acta" : nombreFase + clave.texto)); corrections are not accepted here")
            } else if let r = llaves.agregar(d) {
                rechazar(d, r)
            } else if let c = d.captura {
                do {
                    try prueba.agregar(c)
                    pendientes.append(d)
                } catch {
                    if fase0 == nil, prueba.estado.esVerificada {
                        // Two agreeing captures without an item: the acta is not verified (its
                        // image may never come), but a further capture would change nothing.
                        let ops = prueba.capturas.prefix(2).map(\.operador).joined(separator: " and ")
                        rechazar(d, "acta \(clave): its captures by \(ops) already agree (it is not verified before its image is taken); a further capture is not accepted")
                    } else {
                        rechazar(d, error.description)
                    }
                }
            }
        case .imagen:
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
        default:
            break
        }
    }

    var historia: [LineaHistoria] = []
    var entrantes: [(drop: DropValido, nombre: String)] = []

    if let s = sinActa, let decl = s.sinActa {
        let nombre = s.ubicacion.nombre.texto ?? "\(clave.texto).sinacta.json"
        e.archivos.append(.init(clase: .sinacta, nombre: nombre, sha256: s.sha256, bytes: s.estado.tamano,
                                llegada: marca(s.llegadaNs), detalle: decl.operador, origen: s.ubicacion.ruta))
        e.resultado = .sinacta
        e.final = nombre
        e.verificacion = ahora
        historia.append(LineaHistoria(marca(s.llegadaNs), "sinacta", "\(nombre) operador=\(decl.operador) causa=\"\(decl.causa.rawValue)\" desde=\(EstadoItem.porcentaje(s.ubicacion.ruta.bytes))"))
        historia.append(LineaHistoria(ahora, "verificada", "sin acta (\(decl.causa.rawValue))"))
        entrantes.append((s, nombre))
        e.tomarFirma(de: s, nombre: nombre, llegada: marca(s.llegadaNs), en: &entrantes)
        plan.cambio = .init(faseAnterior: nil, faseNueva: .verified, estado: e, capturas: [], historia: historia,
                            entrantes: entrantes)
        return plan
    }

    let hayImagen = !e.imagenes.isEmpty || pendientes.contains { if case .imagen = $0.clase { true } else { false } }
    let hayCaptura = !e.capturas.isEmpty || pendientes.contains { $0.captura != nil }
    if fase0 == nil, !(hayImagen && hayCaptura) {
        plan.espera = pendientes
        return plan
    }
    guard !pendientes.isEmpty else { return plan }

    // Images first (the captures were typed from them), then captures, each in arrival order.
    func esImagen(_ d: DropValido) -> Int { if case .imagen = d.clase { 0 } else { 1 } }
    let ordenPendientes = pendientes.sorted {
        (esImagen($0), $0.llegadaNs, $0.ubicacion.nombre) < (esImagen($1), $1.llegadaNs, $1.ubicacion.nombre)
    }
    var nombres = Set(e.archivos.map(\.nombre))
    for d in ordenPendientes {
        let desde = "desde=\(EstadoItem.porcentaje(d.ubicacion.ruta.bytes))"
        if case .imagen(_, let ext) = d.clase {
            var nombre = "\(clave.texto).\(ext)"
            var n = 1
            while nombres.contains(nombre) {
                n += 1
                nombre = "\(clave.texto).\(n).\(ext)"
            }
            nombres.insert(nombre)
            let proc = d.ubicacion.procedencia
            e.archivos.append(.init(clase: .imagen, nombre: nombre, sha256: d.sha256, bytes: d.estado.tamano,
                                    llegada: marca(d.llegadaNs), detalle: proc.rawValue, origen: d.ubicacion.ruta))
            let primera = e.publicada == nil && e.resultado != .sinacta
            if primera {
                e.publicada = nombre
                if e.acopio == nil { e.acopio = marca(d.llegadaNs) }
            }
            historia.append(LineaHistoria(marca(d.llegadaNs), primera ? "acopio" : "imagen-adicional",
                                          "\(nombre) origen=\(proc.rawValue) sha256=\(d.sha256) \(desde)"))
            entrantes.append((d, nombre))
        } else if let c = d.captura {
            var v = Verificacion()
            var rechazo: Verificacion.Rechazo?
            for x in capturas + [c] {
                do { try v.agregar(x) } catch { rechazo = error }
            }
            if let rechazo {
                // Not reached: the first pass refused such a capture already.
                rechazar(d, rechazo.description)
                continue
            }
            let nombre = d.ubicacion.nombre.texto ?? "\(clave.texto).captura.\(c.operador).json"
            e.archivos.append(.init(clase: .captura, nombre: nombre, sha256: d.sha256, bytes: d.estado.tamano,
                                    llegada: marca(d.llegadaNs), detalle: c.operador, origen: d.ubicacion.ruta))
            capturas.append(c)
            if e.captura == nil { e.captura = c.capturada ?? marca(d.llegadaNs) }
            historia.append(LineaHistoria(marca(d.llegadaNs), "captura", "\(nombre) operador=\(c.operador) \(desde)"))
            entrantes.append((d, nombre))
            e.tomarFirma(de: d, nombre: nombre, llegada: marca(d.llegadaNs), en: &entrantes)
            let antes = e.resultado
            switch v.estado {
            case .sinCaptura, .pendiente:
                e.resultado = .pendiente
            case .discrepancia(let campos):
                e.resultado = .discrepancia
                if antes != .discrepancia {
                    historia.append(LineaHistoria(ahora, "discrepancia", "captures by \(capturas.map(\.operador).joined(separator: ", ")) disagree on \(campos.joined(separator: ", ")); waiting for a third operator"))
                }
            case .verificadaPorCoincidencia, .verificadaPorTercera:
                let tercera = v.estado != .verificadaPorCoincidencia
                let final = tercera ? 2 : 0
                let caps = e.capturas
                guard final < caps.count, final < capturas.count else { break }
                e.resultado = tercera ? .tercera : .verificada
                e.final = caps[final].nombre
                e.verificacion = ahora
                e.captura = capturas[final].capturada ?? caps[final].llegada
                if let a = capturas[final].acopio { e.acopio = a }
                let detalle = tercera
                    ? "third capture by \(capturas[final].operador) decides (\(capturas.map(\.operador).joined(separator: ", ")))"
                    : "2 captures agree: \(capturas[0].operador), \(capturas[1].operador)"
                historia.append(LineaHistoria(ahora, "verificada", detalle))
            }
        }
    }
    guard !entrantes.isEmpty else { return plan }
    let faseNueva: Fase = fase0 == .packaged ? .packaged : (fase0 == .verified ? .verified : e.fase)
    plan.cambio = .init(faseAnterior: fase0, faseNueva: faseNueva, estado: e, capturas: capturas, historia: historia,
                        entrantes: entrantes)
    return plan
}
