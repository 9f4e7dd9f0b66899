import PrepDominio
import PrepSistema

/// An item read from its folder and checked against its `estado` (`ComprobacionItem`): the state
/// (nil when it cannot be read), what differs, and its captures parsed when nothing does.
struct ItemComprobado: Sendable {
    let clave: String
    let estado: EstadoItem?
    let diferencias: [DiferenciaItem]
    let capturas: [Captura]
}

/// What the daemon may build a decision on for an acta that has an item.
enum ItemParaDecidir {
    case item(ItemCargado)
    /// In quarantine: why, in one line.
    case cuarentena(String)
}

extension Spool {
    /// Checks the item `clave` in the phase folder `dirFase`: every file against its `estado`,
    /// then the captures against the rules. Any thread; reads only.
    static func comprobar(_ dirFase: Directorio, _ clave: String, reglas: any ReglasActa) -> ItemComprobado {
        let d: Directorio
        do { d = try dirFase.abrir(sub: NombreArchivo(clave)) } catch {
            let como: DiferenciaItem.Como = error.errno == .noSuchFile ? .falta : .ilegible(ComprobacionItem.leible(error))
            return ItemComprobado(clave: clave, estado: nil, diferencias: [DiferenciaItem(".", como)], capturas: [])
        }
        defer { d.cerrar() }
        let (e, diferencias, bytes) = ComprobacionItem.comprobar(d)
        var difs = diferencias
        var capturas: [Captura] = []
        if let e, e.clave.texto != clave {
            difs.append(DiferenciaItem("estado", .estado("it is the state of acta \(e.clave), not \(clave)")))
        }
        if let e, difs.isEmpty {
            for a in e.capturas {
                switch reglas.validarCaptura(bytes[a.nombre] ?? [], clave: e.clave, operador: a.detalle) {
                case .success(let c): capturas.append(c)
                case .failure(let r): difs.append(DiferenciaItem(a.nombre, .invalida(r.texto)))
                }
            }
        }
        return ItemComprobado(clave: clave, estado: e, diferencias: difs, capturas: difs.isEmpty ? capturas : [])
    }

    /// Checks the items `claves` of phase `fase` on every core.
    func comprobar(_ fase: Fase, _ claves: [String]) -> [ItemComprobado] {
        let dir = carpeta(fase), reglas = self.reglas
        return enParalelo(claves.count, minimo: 8) { i in Spool.comprobar(dir, claves[i], reglas: reglas) }
    }

    /// Puts `clave` (in `fase`) in quarantine: the `cuarentena` file in its folder, one log line
    /// (when the reason is new to this process), and the daemon's memory. Never fails: a folder
    /// that cannot take the file leaves the quarantine in the log and in memory.
    func ponerEnCuarentena(_ fase: Fase, _ clave: String, _ difs: [DiferenciaItem]) {
        let linea = Cuarentena.linea("\(fase.carpeta)/\(clave)", difs)
        let nueva = cuarentena[clave] != linea
        cuarentena[clave] = linea
        var marcada = false
        if let d = try? carpeta(fase).abrir(sub: NombreArchivo(clave)) {
            marcada = Cuarentena.marcar(d, difs, momento: ahora())
            d.cerrar()
        }
        guard nueva else { return }
        registro.aviso("cuarentena", "acta \(clave) in quarantine: \(linea); it is not published and drops for it are refused until prep retirar \(clave) takes it out" + (marcada ? "" : " (its folder cannot hold the cuarentena file)"))
    }

    /// A check that passed again: the `cuarentena` file (if any) is removed and that is logged.
    func levantarCuarentena(_ fase: Fase, _ clave: String) {
        cuarentena[clave] = nil
        guard let d = try? carpeta(fase).abrir(sub: NombreArchivo(clave)) else { return }
        defer { d.cerrar() }
        if Cuarentena.hay(d), Cuarentena.levantar(d) {
            registro.aviso("cuarentena", "acta \(clave): \(fase.carpeta)/\(clave) matches its estado again; out of quarantine")
        }
    }

    /// The item of `clave` (in `fase`) as a decision needs it: a captured item as loaded; any other
    /// read now (its `estado`, whose history a batch extends). An
    /// acta in quarantine, or whose item cannot be read, is not decided on: its drops are refused.
    func itemParaDecidir(_ fase: Fase, _ clave: String) -> ItemParaDecidir {
        // A captured item was checked when it was loaded; the others are read now, so a marker
        // the corte worker wrote (or removed) is seen.
        if fase == .captured, let m = cuarentena[clave] { return .cuarentena(m) }
        if fase == .captured, let c = capturadas[clave] { return .item(c) }
        let d: Directorio
        do { d = try carpeta(fase).abrir(sub: NombreArchivo(clave)) } catch {
            let dif = DiferenciaItem(".", .ilegible(ComprobacionItem.leible(error)))
            ponerEnCuarentena(fase, clave, [dif])
            return .cuarentena(Cuarentena.linea("\(fase.carpeta)/\(clave)", [dif]))
        }
        defer { d.cerrar() }
        if let lineas = Cuarentena.leer(d) {
            return .cuarentena("\(fase.carpeta)/\(clave): " + lineas.joined(separator: "; "))
        }
        var difs: [DiferenciaItem] = []
        var estado: EstadoItem?
        do { estado = try EstadoItem.decodificar(try d.leer("estado", maximo: EstadoItem.maximoBytes)) } catch let x as ErrorSistema {
            difs.append(DiferenciaItem("estado", .estado(ComprobacionItem.leible(x))))
        } catch {
            difs.append(DiferenciaItem("estado", .estado("\(error)")))
        }
        if let estado { difs += ComprobacionItem.ajenos(d, estado) }
        guard let estado, difs.isEmpty else {
            ponerEnCuarentena(fase, clave, difs)
            return .cuarentena(Cuarentena.linea("\(fase.carpeta)/\(clave)", difs))
        }
        return .item(ItemCargado(fase: fase, estado: estado, capturas: []))
    }
}
