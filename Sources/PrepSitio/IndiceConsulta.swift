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
    static func plan(_ datos: DatosCorte, cambios: CambiosCorte?) -> [ArchivoPlaneado] {
        let cat = datos.catalogo
        let texto = datos.textoFilas
        var tablaDe = [Int?](repeating: nil, count: cat.elecciones.count)
        for (t, tabla) in datos.tablas.enumerated() { tablaDe[tabla.indice] = t }
        // Per table, the header positions shown.
        let posiciones: [[Int]] = datos.tablas.indices.map { t in
            texto.encabezado(t).enumerated().compactMap { PapelCampo($0.element.campo).map(mostrados.contains) == true ? $0.offset : nil }
        }
        var archivos = [ArchivoPlaneado(ruta: archivoElecciones, cambia: cambios == nil) { elecciones(datos, texto, posiciones) }]

        // Each casilla's actas (positions in `catalogo.actas`, election order) as linked lists in
        // two flat arrays, and the casillas by file (entidad × 10,000 + first sección).
        var primeraDe = [Int](repeating: -1, count: cat.casillas.count), ultimaDe = primeraDe
        var siguiente = [Int](repeating: -1, count: cat.actas.count)
        for (p, a) in cat.actas.enumerated() {
            if ultimaDe[a.casilla] < 0 { primeraDe[a.casilla] = p } else { siguiente[ultimaDe[a.casilla]] = p }
            ultimaDe[a.casilla] = p
        }
        var porArchivo: [Int: [Int]] = [:]
        for (c, casilla) in cat.casillas.enumerated() where primeraDe[c] >= 0 {
            let k = casilla.clave
            porArchivo[k.entidad * 10_000 + k.seccion / seccionesPorArchivo * seccionesPorArchivo, default: []].append(c)
        }
        let (primeras, siguientes) = (primeraDe, siguiente)
        for archivoId in porArchivo.keys.sorted() {
            let casillas = (porArchivo[archivoId] ?? []).map { (c: $0, clave: cat.casillas[$0].clave.texto) }.sorted { $0.clave < $1.clave }
            guard let primera = casillas.first else { continue }
            let k = cat.casillas[primera.c].clave
            // The file's actas in order: its casillas in key order, each casilla's in election order.
            var suyas: [Int32] = []
            for c in casillas {
                var p = primeras[c.c]
                while p >= 0 {
                    if tablaDe[cat.actas[p].eleccion] != nil { suyas.append(Int32(p)) }
                    p = siguientes[p]
                }
            }
            let actas = suyas
            let desde = k.seccion / seccionesPorArchivo * seccionesPorArchivo
            let cambia = cambios.map { $0.alguno(actas.lazy.map(Int.init)) } ?? true
            archivos.append(ArchivoPlaneado(ruta: archivo(entidad: k.entidad, seccion: k.seccion), cambia: cambia) { [tablaDe] in
                var texto = texto
                var b: [UInt8] = []
                b.reserveCapacity(actas.count * 160 + 64)
                b += "\(funcion)({\"entidad\":\(k.entidad),\"desde\":\(desde),\"hasta\":\(desde + seccionesPorArchivo - 1),\"actas\":[".utf8
                for (n, p32) in actas.enumerated() {
                    let p = Int(p32)
                    guard let t = tablaDe[cat.actas[p].eleccion] else { continue }
                    if n > 0 { b.append(44) }
                    acta(&b, datos, &texto, t: t, p: p, posiciones: posiciones[t])
                }
                b += "]});\n".utf8
                return b
            })
        }
        return archivos
    }

    /// One acta: `[key, extension|null, values|null]` and, when `capturas/actas.csv` names its
    /// operators, `[RESULTADO, [OPERADOR, …]]`.
    private static func acta(_ b: inout [UInt8], _ datos: DatosCorte, _ texto: inout TextoFilasCSV, t: Int, p: Int, posiciones: [Int]) {
        let clave = datos.catalogo.actas[p].clave.texto
        let i = p - datos.tablas[t].primera
        b.append(91)
        EscritorJSON.cadena(clave, &b)
        b.append(44)
        if let ext = datos.tablas[t].fila(i)?.extensionImagen { EscritorJSON.cadena(ext, &b) } else { b += "null".utf8 }
        b.append(44)
        let registrada = texto.leer(t, fila: i) { l in
            b.append(91)
            for (n, k) in posiciones.enumerated() {
                if n > 0 { b.append(44) }
                valor(l.bytesDe(k), &b)
            }
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

    /// A CSV field's text: a plain whole number (no sign, no leading zero) as a JSON number, whose
    /// digits are the same text; anything else as a JSON string.
    static func valor(_ u: ArraySlice<UInt8>, _ b: inout [UInt8]) {
        if !u.isEmpty, u.count <= 15, u.allSatisfy({ (48...57).contains($0) }), u.count == 1 || u.first != 48 {
            b += u
        } else {
            EscritorJSON.cadena(u, &b)
        }
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
