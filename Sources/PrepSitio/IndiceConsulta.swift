import PrepDominio
import PrepPublicacion

/// The lookup files behind "Consulta tu casilla" (`consulta.html`): one small script per entidad
/// and run of `seccionesPorArchivo` secciones, `consulta/EE-SSSS.js` (SSSS the run's first
/// sección), holding every acta of the casillas of those secciones with the fields of its CSV row
/// as the CSV prints them (`TextoFilasCSV`: the CSV writer's own text, never formatted again).
///
/// Each file is `prepConsulta(JSON);`: a script, not data fetched by script, because browsers
/// refuse `fetch` of local files while they run a `<script src>` from `file://` as from any web
/// server. The JSON:
/// - `entidad`, `desde`, `hasta`: the entidad and the secciones the file covers;
/// - `elecciones`: per election, `codigo`, `nombre`, `archivo` (its CSV) and `campos`, the shown
///   columns as `[CSV name, label, role]` (`PapelCampo`);
/// - `casillas`: `[CLAVE_CASILLA, actas]` in key order, each acta `[election index, acta key,
///   image file name or null, the `campos` values or null while pending]`, and when
///   `capturas/actas.csv` names the operators who signed its captures a fifth element
///   `[RESULTADO, [OPERADOR, …]]` as that file has them (nothing when it names none).
/// `prep verify` reads every file back (`ComprobadorPaginas`) and checks each value against the
/// CSV row it came from.
public enum IndiceConsulta {
    /// Secciones per file: at national scale (≈92,000 secciones) about 4,600 files of tens of KB.
    public static let seccionesPorArchivo = 20
    /// The function each file calls.
    static let funcion = "prepConsulta"
    /// The folder of the lookup files inside the corte.
    public static let carpeta = "consulta/"

    /// `consulta/EE-SSSS.js` for a casilla's entidad and sección.
    static func archivo(entidad: Int, seccion: Int) -> String {
        let desde = seccion / seccionesPorArchivo * seccionesPorArchivo
        return carpeta + cifras(entidad, 2) + "-" + cifras(desde, 4) + ".js"
    }

    static func cifras(_ n: Int, _ ancho: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, ancho - s.count)) + s
    }

    /// Every lookup file of the corte, handed to `emitir` one at a time.
    static func generar(_ datos: DatosCorte, emitir: (String, [UInt8]) throws -> Void) rethrows {
        let cat = datos.catalogo
        let texto = datos.textoFilas
        // Election index → table index, and per table the header positions shown.
        var tablaDe: [Int: Int] = [:]
        for (t, tabla) in datos.tablas.enumerated() { tablaDe[tabla.indice] = t }
        let perfil = cat.proceso.perfil
        let mostrados: [[Int]] = datos.tablas.map { tabla in
            perfil.encabezado(cat.elecciones[tabla.indice]).enumerated().compactMap { PapelCampo($0.element.campo) == nil ? nil : $0.offset }
        }
        // Casillas by file, each with its actas (positions in `catalogo.actas`), in key order.
        var actasDe: [Int: [Int]] = [:]
        for (p, a) in cat.actas.enumerated() { actasDe[a.casilla, default: []].append(p) }
        var porArchivo: [String: [Int]] = [:]
        for c in actasDe.keys {
            let k = cat.casillas[c].clave
            porArchivo[archivo(entidad: k.entidad, seccion: k.seccion), default: []].append(c)
        }
        for ruta in porArchivo.keys.sorted() {
            guard let casillas = porArchivo[ruta]?.sorted(by: { cat.casillas[$0].clave.texto < cat.casillas[$1].clave.texto }),
                  let primera = casillas.first else { continue }
            let k = cat.casillas[primera].clave
            let desde = k.seccion / seccionesPorArchivo * seccionesPorArchivo
            var elecciones: [Int] = []  // table indices, in order of first appearance
            var posicion: [Int: Int] = [:]
            var filas: [ValorJSON] = []
            for c in casillas {
                var actas: [ValorJSON] = []
                for p in actasDe[c] ?? [] {
                    let a = cat.actas[p]
                    guard let t = tablaDe[a.eleccion] else { continue }
                    let e: Int
                    if let ya = posicion[t] { e = ya } else {
                        e = elecciones.count
                        posicion[t] = e
                        elecciones.append(t)
                    }
                    let i = p - datos.tablas[t].primera
                    let imagen = datos.tablas[t].fila(i)?.imagen?.nombrePublicado
                    let valores = texto.campos(t, fila: i).map { campos in ValorJSON.arreglo(mostrados[t].map { .texto(campos[$0]) }) }
                    var acta: [ValorJSON] = [.entero(e), .texto(a.clave.texto), imagen.map(ValorJSON.texto) ?? .nulo, valores ?? .nulo]
                    if let r = datos.respaldos[a.clave.texto], !r.operadores.isEmpty {
                        acta.append(.arreglo([.texto(r.resultado.rawValue), .arreglo(r.operadores.map(ValorJSON.texto))]))
                    }
                    actas.append(.arreglo(acta))
                }
                filas.append(.arreglo([.texto(cat.casillas[c].clave.texto), .arreglo(actas)]))
            }
            let cabeceras = elecciones.map { t -> ValorJSON in
                let el = cat.elecciones[datos.tablas[t].indice]
                let encabezado = perfil.encabezado(el)
                return .objeto([
                    ("codigo", .texto(el.codigo)), ("nombre", .texto(MaquetadorSitio.nombreVisible(el.nombre))),
                    ("archivo", .texto("datos/" + cat.proceso.archivoActas(el))),
                    ("campos", .arreglo(mostrados[t].map { j in
                        let (campo, nombre) = encabezado[j]
                        return .arreglo([.texto(nombre), .texto(etiqueta(campo, nombre, el)), .texto(PapelCampo(campo)?.rawValue ?? "")])
                    })),
                ])
            }
            let json = ValorJSON.objeto([
                ("entidad", .entero(k.entidad)), ("desde", .entero(desde)), ("hasta", .entero(desde + seccionesPorArchivo - 1)),
                ("elecciones", .arreglo(cabeceras)), ("casillas", .arreglo(filas)),
            ])
            try emitir(ruta, Array((funcion + "(").utf8) + EscritorJSON.bytes(json, estilo: .compacto) + Array(");\n".utf8))
        }
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
