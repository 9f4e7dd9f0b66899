import PrepDominio
import PrepPublicacion

/// The lookup files behind "Consulta tu casilla" (`consulta.html`), written from the corte's rows
/// as the CSV writer prints them (`TextoFilasCSV`: the CSV's own text, never formatted again):
///
/// - `consulta/elecciones.js`, `prepConsultaElecciones({"elecciones":[…]})`: per election its
///   `codigo`, `nombre`, `archivo` (its CSV) and `campos`, the columns a lookup shows, as
///   `[CSV name, Spanish label, role]` (`PapelCampo`).
/// - `consulta/EE-SSSS.js`, one per entidad and run of `seccionesPorArchivo` secciones (SSSS the
///   run's first), `prepConsulta({"entidad":E,"desde":S,"hasta":S2,"actas":[…]})`: every acta of
///   the casillas of those secciones, casillas in key order, each acta as `[acta key, image
///   extension or null, the `campos` values or null while pending]`, plus
///   `[RESULTADO, [OPERADOR, …]]` when `capturas/actas.csv` names the operators who signed its
///   captures (nothing when it names none). A value is the CSV's text: a JSON number when that
///   text is a plain whole number (its digits are the same), else a string. The image is
///   `CODIGO_INTEGRIDAD.extension` in `imagenes/`.
///
/// They are scripts, not data fetched by script, because browsers refuse `fetch` of local files
/// while they run a `<script src>` from `file://` as from any web server. `prep verify` reads every
/// file back (`ComprobadorConsulta`) and checks each value against the CSV row it came from.
public enum IndiceConsulta {
    /// Secciones per file: at national scale (≈92,000 secciones) about 4,600 files of tens of KB.
    public static let seccionesPorArchivo = 20
    /// The folder of the lookup files inside the corte.
    public static let carpeta = "consulta/"
    /// The functions the files call.
    static let funcion = "prepConsulta"
    static let funcionElecciones = "prepConsultaElecciones"
    static let archivoElecciones = carpeta + "elecciones.js"
    /// The roles a lookup shows (the acopio time is the CSV's, not asked for at the casilla).
    static let mostrados: Set<PapelCampo> = [.total, .voto, .calculado, .observaciones, .contabilizada, .codigo, .captura, .verificacion]

    /// `consulta/EE-SSSS.js` for a casilla's entidad and sección, `n` secciones a file.
    static func archivo(entidad: Int, seccion: Int, n: Int = seccionesPorArchivo) -> String {
        let desde = seccion / n * n
        return carpeta + cifras(entidad, 2) + "-" + cifras(desde, 4) + ".js"
    }

    static func cifras(_ n: Int, _ ancho: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, ancho - s.count)) + s
    }

    /// Every lookup file of the corte, handed to `emitir` one at a time.
    static func generar(_ datos: DatosCorte, emitir: (String, [UInt8]) throws -> Void) throws {
        for a in plan(datos, cambios: nil) { try emitir(a.ruta, try a.bytes()) }
    }

    /// Every lookup file of the corte, each made on its own when asked. A file changes only when
    /// an acta of its casillas does (its row, and its signed captures, are set when it is
    /// registered); `consulta/elecciones.js` only with the catálogo, which a process never changes.
    /// Each file's maker holds the one shared `FuenteConsulta` and its stretch of it, nothing else.
    static func plan(_ datos: DatosCorte, cambios: CambiosCorte?) -> [ArchivoPlaneado] {
        let cat = datos.catalogo
        var tablaDe = [Int?](repeating: nil, count: cat.elecciones.count)
        for (t, tabla) in datos.tablas.enumerated() { tablaDe[tabla.indice] = t }
        // Per table, the header positions shown: the only fields of a row rendered.
        let posiciones: [[Int]] = datos.tablas.map { tabla in
            cat.proceso.perfil.encabezado(cat.elecciones[tabla.indice]).enumerated()
                .compactMap { PapelCampo($0.element.campo).map(mostrados.contains) == true ? $0.offset : nil }
        }
        let texto = datos.textoFilas(mostrados: posiciones)
        var archivos = [ArchivoPlaneado(ruta: archivoElecciones, cambia: cambios == nil) { elecciones(datos, texto, posiciones) }]

        // Each casilla's actas (positions in `catalogo.actas`, election order) as linked lists in
        // two flat arrays; 32-bit, as these and the lists below are a national plan's peak.
        var primeraDe = [Int32](repeating: -1, count: cat.casillas.count)
        var siguiente = [Int32](repeating: -1, count: cat.actas.count)
        do {
            var ultimaDe = primeraDe
            for (p, a) in cat.actas.enumerated() {
                let u = ultimaDe[a.casilla]
                if u < 0 { primeraDe[a.casilla] = Int32(p) } else { siguiente[Int(u)] = Int32(p) }
                ultimaDe[a.casilla] = Int32(p)
            }
        }
        // The casillas with actas by file (entidad × 10,000 + first sección), files in id order,
        // end to end: counted first, then placed, with no list per file.
        func idArchivo(_ k: ClaveCasilla) -> Int { k.entidad * 10_000 + k.seccion / seccionesPorArchivo * seccionesPorArchivo }
        var cuantas: [Int: Int] = [:]
        for (c, casilla) in cat.casillas.enumerated() where primeraDe[c] >= 0 { cuantas[idArchivo(casilla.clave), default: 0] += 1 }
        let ids = cuantas.keys.sorted()
        var siguienteLugar: [Int: Int] = [:]
        var lugar = 0
        for id in ids {
            siguienteLugar[id] = lugar
            lugar += cuantas[id] ?? 0
        }
        var casillasEnOrden = [Int32](repeating: 0, count: lugar)
        for (c, casilla) in cat.casillas.enumerated() where primeraDe[c] >= 0 {
            let id = idArchivo(casilla.clave)
            guard let l = siguienteLugar[id] else { continue }
            casillasEnOrden[l] = Int32(c)
            siguienteLugar[id] = l + 1
        }
        // Every file's actas in order, end to end (its casillas in key order, each casilla's in
        // election order), and each file's stretch of them.
        var enOrden: [Int32] = []
        enOrden.reserveCapacity(cat.actas.count)
        var tramos: [(entidad: Int, seccion: Int, actas: Range<Int>)] = []
        var desdeCasilla = 0
        for id in ids {
            let hasta = desdeCasilla + (cuantas[id] ?? 0)
            let casillas = casillasEnOrden[desdeCasilla..<hasta].map { (c: Int($0), clave: cat.casillas[Int($0)].clave.texto) }
                .sorted { $0.clave < $1.clave }
            desdeCasilla = hasta
            guard let primera = casillas.first else { continue }
            let k = cat.casillas[primera.c].clave
            let inicio = enOrden.count
            for c in casillas {
                var p = Int(primeraDe[c.c])
                while p >= 0 {
                    if tablaDe[cat.actas[p].eleccion] != nil { enOrden.append(Int32(p)) }
                    p = Int(siguiente[p])
                }
            }
            tramos.append((k.entidad, k.seccion, inicio..<enOrden.count))
        }
        let fuente = FuenteConsulta(datos: datos, texto: texto, tablaDe: tablaDe, posiciones: posiciones, actas: enOrden, cambios: cambios)
        for (entidad, seccion, tramo) in tramos {
            let cambia = cambios.map { $0.alguno(enOrden[tramo]) } ?? true
            // One piece per acta: a file that changed makes only its actas that did.
            let piezas = fuente.piezas(entidad: entidad, desde: seccion / seccionesPorArchivo * seccionesPorArchivo, tramo: tramo)
            archivos.append(ArchivoPlaneado(ruta: archivo(entidad: entidad, seccion: seccion), cambia: cambia, piezas: piezas) {
                piezas.hacer().bytes
            })
        }
        return archivos
    }

    /// What every lookup file of one corte is made from, held once by reference: each file's
    /// maker in the plan holds this box and its own numbers. A maker that held these values itself
    /// would hold a copy of `DatosCorte` and of the catálogo's arrays' headers (≈ 2.3 KB): thousands of
    /// those, alive from the plan to the last file, were ≈ 11 MB of a national corte's peak.
    final class FuenteConsulta: Sendable {
        let datos: DatosCorte
        /// Per table, its rows (a copy of a whole table per acta retained its profile).
        let filas: [FilasTabla]
        let texto: TextoFilasCSV
        /// Election index → its table in `datos.tablas` (nil: not published).
        let tablaDe: [Int?]
        /// Per table, the header positions shown.
        let posiciones: [[Int]]
        /// Every file's actas, end to end (positions in `catalogo.actas`).
        let actas: [Int32]
        /// The actas registered since the previous corte (nil: every acta counts as changed).
        let cambios: CambiosCorte?

        init(datos: DatosCorte, texto: TextoFilasCSV, tablaDe: [Int?], posiciones: [[Int]], actas: [Int32], cambios: CambiosCorte?) {
            self.datos = datos
            filas = datos.tablas.map(\.filas)
            self.texto = texto
            self.tablaDe = tablaDe
            self.posiciones = posiciones
            self.actas = actas
            self.cambios = cambios
        }

        /// The file of secciones `desde …` of `entidad`, whose actas are `actas[tramo]`, as a head,
        /// one piece per acta (the second and later led by their comma), and a tail. An acta's
        /// piece depends on its row and signed captures only, both set when it is registered.
        func piezas(entidad: Int, desde: Int, tramo: Range<Int>) -> PiezasArchivo {
            PiezasArchivo(
                inicio: Array("\(funcion)({\"entidad\":\(entidad),\"desde\":\(desde),\"hasta\":\(desde + seccionesPorArchivo - 1),\"actas\":[".utf8),
                cuantas: tramo.count, fin: Array("]});\n".utf8),
                cambia: { [self] k in cambios?.cambio(Int(actas[tramo.lowerBound + k])) ?? true },
                hacedor: { [self] in
                    var texto = self.texto
                    // Each table's rows of this file, read from the corte's CSV in one go.
                    var rangos: [Int: ClosedRange<Int>] = [:]
                    for q in tramo {
                        let p = Int(actas[q])
                        guard let t = tablaDe[datos.catalogo.actas[p].eleccion] else { continue }
                        let i = p - filas[t].primera
                        rangos[t] = rangos[t].map { min($0.lowerBound, i)...max($0.upperBound, i) } ?? i...i
                    }
                    for (t, r) in rangos { texto.cargar(t, desde: r.lowerBound, hasta: r.upperBound) }
                    return { [self] k, b in
                        let p = Int(actas[tramo.lowerBound + k])
                        guard let t = tablaDe[datos.catalogo.actas[p].eleccion] else { return }
                        if k > 0 { b.append(44) }
                        IndiceConsulta.acta(&b, datos, filas[t], &texto, t: t, p: p, posiciones: posiciones[t])
                    }
                })
        }
    }

    /// One acta: `[key, extension|null, values|null]` and, when `capturas/actas.csv` names its
    /// operators, `[RESULTADO, [OPERADOR, …]]`.
    private static func acta(_ b: inout [UInt8], _ datos: DatosCorte, _ filas: FilasTabla, _ texto: inout TextoFilasCSV,
                             t: Int, p: Int, posiciones: [Int]) {
        let clave = datos.catalogo.actas[p].clave.texto
        let i = p - filas.primera
        b.append(91)
        EscritorJSON.cadena(clave, &b)
        b.append(44)
        if let ext = filas.fila(i)?.extensionImagen { EscritorJSON.cadena(ext, &b) } else { b += "null".utf8 }
        b.append(44)
        let registrada = texto.leer(t, fila: i) { l in
            b.append(91)
            valores(l, posiciones, &b)
            b.append(93)
        }
        if !registrada { b += "null".utf8 }
        if !datos.respaldos.isEmpty, let r = datos.respaldos[clave], !r.operadores.isEmpty {
            b += ",[".utf8
            EscritorJSON.cadena(r.resultado.rawValue, &b)
            b += ",[".utf8
            for (n, o) in r.operadores.enumerated() {
                if n > 0 { b.append(44) }
                EscritorJSON.cadena(o, &b)
            }
            b += "]]".utf8
        }
        b.append(93)
    }

    /// Fields `posiciones` of a CSV line as a JSON array's items, comma-separated (`valor` each).
    /// Neighbouring plain numbers are copied as one piece: `12,0,7` is their JSON text as it is.
    static func valores(_ l: CamposFila, _ posiciones: [Int], _ b: inout [UInt8]) {
        l.recorrerTramos(posiciones, juntos: esNumero) { n, cuantos, u in
            if n > 0 { b.append(44) }
            if cuantos > 1 { b.append(contentsOf: u) } else { valor(u, &b) }
        }
    }

    /// A CSV field's text: a plain whole number (no sign, no leading zero) as a JSON number, whose
    /// digits are the same text; anything else as a JSON string.
    static func valor(_ u: UnsafeBufferPointer<UInt8>, _ b: inout [UInt8]) {
        if esNumero(u) {
            b.append(contentsOf: u)
        } else {
            EscritorJSON.cadena(u, &b)
        }
    }

    /// Whether a CSV field's text is a plain whole number (`valor` writes it as it is).
    static func esNumero(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        !u.isEmpty && u.count <= 15 && u.allSatisfy({ (48...57).contains($0) }) && (u.count == 1 || u.first != 48)
    }

    /// `consulta/elecciones.js`: each election's shown columns.
    private static func elecciones(_ datos: DatosCorte, _ texto: TextoFilasCSV, _ posiciones: [[Int]]) -> [UInt8] {
        let cat = datos.catalogo
        let lista = datos.tablas.indices.map { t -> ValorJSON in
            let el = cat.elecciones[datos.tablas[t].indice]
            let encabezado = texto.encabezado(t)
            return .objeto([
                ("codigo", .texto(el.codigo)), ("nombre", .texto(MaquetadorSitio.nombreVisible(el.nombre))),
                ("archivo", .texto("datos/" + cat.proceso.archivoActas(el))),
                ("campos", .arreglo(posiciones[t].map { j in
                    let (campo, nombre) = encabezado[j]
                    return .arreglo([.texto(nombre), .texto(etiqueta(campo, nombre, el)), .texto(PapelCampo(campo)?.rawValue ?? "")])
                })),
            ])
        }
        return Array((funcionElecciones + "(").utf8) + EscritorJSON.bytes(.objeto([("elecciones", .arreglo(lista))]), estilo: .compacto)
            + Array(");\n".utf8)
    }

    /// The Spanish label of a shown column: a vote column's catálogo name, else what it holds.
    static func etiqueta(_ c: CampoActa, _ nombre: String, _ e: Eleccion) -> String {
        switch c {
        case .votos: e.columnas.first { $0.id == nombre }?.nombre ?? nombre
        case .total(.boletasSobrantes): "Boletas sobrantes"
        case .total(.personasVotaron): "Personas que votaron"
        case .total(.representantesVotaron): "Representantes de partido que votaron"
        case .total(.votosSacados): "Votos sacados de las urnas"
        case .total(.totalAsentado): "Total de votos asentado en el acta"
        case .totalCalculado: "Total de votos calculado"
        case .observaciones: "Observaciones"
        case .contabilizada: "Contabilizada"
        case .codigoIntegridad: "Código de integridad (SHA-256)"
        case .fechaAcopio: "Acopio"
        case .fechaCaptura: "Captura"
        case .fechaVerificacion: "Verificación"
        default: nombre
        }
    }
}
