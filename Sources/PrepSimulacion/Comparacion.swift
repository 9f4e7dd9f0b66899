import Foundation
import PrepDominio
import PrepSistema

/// A ground truth read back from `prep simulate --truth FILE` (the JSON of `VerdadNoche`).
public struct VerdadLeida: Sendable {
    public let semilla: UInt64
    public let elecciones: [VerdadNoche.PorEleccion]
    public let entregas: VerdadNoche.Entregas

    public init(json bytes: [UInt8]) throws(ErrorSimulacion) {
        let malo = ErrorSimulacion("ground truth: not a version-1 truth file")
        guard case .success(let obj) = LectorJSON.leer(bytes), obj["version"] == .entero(1),
              let elecciones = obj["elecciones"]?.elementos, let en = obj["entregas"]?.miembros
        else { throw malo }
        switch obj["semilla"] {
        case .entero(let n): semilla = UInt64(n)
        case .numero(let t): guard let n = UInt64(t) else { throw malo }; semilla = n
        default: semilla = 0
        }
        let n = Dictionary(en.compactMap { m in m.valor.comoEntero.map { (m.clave, $0) } }, uniquingKeysWith: { a, _ in a })
        var e = VerdadNoche.Entregas()
        e.total = n["total"] ?? 0
        e.imagenes = n["imagenes"] ?? 0
        e.capturas = n["capturas"] ?? 0
        e.sinActa = n["sin_acta"] ?? 0
        e.malas = n["malas"] ?? 0
        e.temporales = n["temporales"] ?? 0
        entregas = e
        self.elecciones = try elecciones.map { (x) throws(ErrorSimulacion) in
            let mala = ErrorSimulacion("ground truth: bad election entry")
            guard let codigo = x["eleccion"]?.comoTexto, let resumen = x["resumen"]?.miembros,
                  let votos = x["votos"]?.miembros else { throw mala }
            var r: [String: String] = [:]
            for m in resumen {
                guard let t = m.valor.comoTexto else { throw mala }
                r[m.clave] = t
            }
            var v: [(columna: String, votos: Int)] = []
            for m in votos {
                guard let k = m.valor.comoEntero else { throw mala }
                v.append((m.clave, k))
            }
            return VerdadNoche.PorEleccion(eleccion: codigo, resumen: r, votos: v)
        }
    }
}

/// What one election's CSV of a corte says: its summary row and, recomputed from its rows, the
/// votes per column over the counted actas (CONTABILIZADA 1).
public struct EleccionEnCorte: Sendable {
    public let eleccion: String
    public let resumen: [String: String]
    public let votos: [String: Int]
    public let filas: Int
}

/// Reads the acta CSVs of a corte folder (`datos/ENT_ETIQUETA_AAAA.csv`, reference
/// prep-domain §2) with the domain's strict `LectorCSV` (BOM, CR/LF/CRLF, blank lines skipped);
/// finds the summary by its header and the acta table by `CLAVE_CASILLA`. The election code comes
/// from the file name through the corte's profile (manifest.json's `profile`, absent: `ine-2024`,
/// whose file tag is the code; `iecm-2024` tags JG as `GUB` and DIP as `DIP_LOC`).
public enum LectorCorte {
    public static func leer(carpeta: String) throws -> [EleccionEnCorte] {
        let datos = carpeta + "/datos"
        let perfil = try perfilDe(carpeta: carpeta)
        let codigoDe = Dictionary(perfil.elecciones.map { ($0.value.etiqueta, $0.key) }, uniquingKeysWith: { a, _ in a })
        let nombres = try Directorio.actual.listar(NombreArchivo(datos)).map(\.nombre.description)
            .filter { $0.hasSuffix(".csv") && !$0.contains("_CANDIDATURAS_") }.sorted()
        return try nombres.map { nombre in
            let partes = nombre.dropLast(4).split(separator: "_")
            guard partes.count >= 3 else { throw ErrorSimulacion("\(datos)/\(nombre): not ENT_ETIQUETA_AAAA.csv") }
            let etiqueta = partes[1..<(partes.count - 1)].joined(separator: "_")
            let eleccion = codigoDe[etiqueta] ?? etiqueta
            let bytes = try Directorio.actual.leerTodo(NombreArchivo(datos + "/" + nombre))
            return try leerCSV(bytes, eleccion: eleccion, ruta: datos + "/" + nombre)
        }
    }

    /// The profile a corte names in its manifest.json (`profile`; absent, or no manifest: `ine-2024`).
    static func perfilDe(carpeta: String) throws(ErrorSimulacion) -> PerfilPublicacion {
        let ruta = carpeta + "/manifest.json"
        guard let bytes = try? Directorio.actual.leerTodo(NombreArchivo(ruta)) else { return .predeterminado }
        guard case .success(let o) = LectorJSON.leer(bytes) else { throw ErrorSimulacion("\(ruta): not a readable JSON manifest") }
        guard let nombre = o["profile"] else { return .predeterminado }
        guard let n = nombre.comoTexto, let p = PerfilPublicacion.conocidos[n] else {
            throw ErrorSimulacion("\(ruta): unknown profile \(nombre.resumen)")
        }
        return p
    }

    static func leerCSV(_ bytes: [UInt8], eleccion: String, ruta: String) throws(ErrorSimulacion) -> EleccionEnCorte {
        var l = LectorCSV(bytes, lineasVacias: .omitir)
        func siguiente() throws(ErrorSimulacion) -> Bool {
            do { return try l.siguiente() } catch { throw ErrorSimulacion("\(ruta): \(error)") }
        }
        var resumen: [String: String]?
        var cab: [String]?
        while cab == nil, try siguiente() {
            if l.es(0, "ACTAS_ESPERADAS"), resumen == nil {
                let cabResumen = l.textos
                guard try siguiente() else { break }
                resumen = Dictionary(zip(cabResumen, l.textos), uniquingKeysWith: { a, _ in a })
            } else if l.es(0, "CLAVE_CASILLA") {
                cab = l.textos
            }
        }
        guard let resumen else { throw ErrorSimulacion("\(ruta): no summary header") }
        guard let cab else { throw ErrorSimulacion("\(ruta): no acta table header (CLAVE_CASILLA)") }
        guard let desde = cab.firstIndex(of: "TOTAL_VOTOS_SACADOS"), let hasta = cab.firstIndex(of: "TOTAL_VOTOS_ASENTADO"),
              let iCont = cab.firstIndex(of: "CONTABILIZADA"), desde < hasta
        else { throw ErrorSimulacion("\(ruta): acta table lacks TOTAL_VOTOS_SACADOS/TOTAL_VOTOS_ASENTADO/CONTABILIZADA") }
        let columnas = Array(cab[(desde + 1)..<hasta])
        var votos = Dictionary(uniqueKeysWithValues: columnas.map { ($0, 0) })
        var filas = 0
        while try siguiente() {
            guard l.cuenta == cab.count else { throw ErrorSimulacion("\(ruta): a row has \(l.cuenta) fields, the header \(cab.count)") }
            filas += 1
            guard l.es(iCont, "1") else { continue }
            for (k, c) in columnas.enumerated() { votos[c, default: 0] += l.entero(desde + 1 + k) ?? 0 }
        }
        return EleccionEnCorte(eleccion: eleccion, resumen: resumen, votos: votos, filas: filas)
    }
}

/// Compares a corte with the ground truth: every summary figure and every column's votes of
/// every election. Returns one line per difference (empty: they agree).
public func diferencias(corte: [EleccionEnCorte], verdad: [VerdadNoche.PorEleccion]) -> [String] {
    var d: [String] = []
    let porCodigo = Dictionary(corte.map { ($0.eleccion, $0) }, uniquingKeysWith: { a, _ in a })
    for v in verdad {
        guard let c = porCodigo[v.eleccion] else {
            d.append("\(v.eleccion): no CSV in the corte")
            continue
        }
        for campo in Resumen.encabezado where c.resumen[campo] != v.resumen[campo] {
            d.append("\(v.eleccion) \(campo): corte \(c.resumen[campo] ?? "missing"), truth \(v.resumen[campo] ?? "missing")")
        }
        for (columna, n) in v.votos where (c.votos[columna] ?? 0) != n {
            d.append("\(v.eleccion) \(columna): corte \(c.votos[columna].map(String.init) ?? "missing"), truth \(n)")
        }
    }
    return d
}
