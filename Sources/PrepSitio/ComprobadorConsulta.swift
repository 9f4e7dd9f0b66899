import PrepDominio
import PrepPublicacion
import PrepSistema

/// `prep verify`'s check of the "Consulta tu casilla" lookup files (`consulta/*.js`, see
/// `IndiceConsulta`), run when the corte has `consulta.html`: every value a file shows is the
/// field of the same name of its acta's row in the signed CSV, each column's role is the one the
/// CSV reader found for it, each image is the row's CODIGO_INTEGRIDAD, each acta sits in the file
/// the page looks in for its sección, the operators named for it are those `capturas/actas.csv`
/// lists, and together the files hold every acta the ámbito pages list, each once.
struct ComprobadorConsulta: Sendable {
    /// The election CSVs by election code.
    let porCodigo: [String: CifrasCSV]
    /// Per election code, the columns `consulta/elecciones.js` says a lookup shows (checked), with
    /// their positions in the CSV header.
    let campos: [String: [(nombre: String, indice: Int)]]
    /// Secciones per file, as `consulta.html` asks for them.
    let seccionesPorArchivo: Int
    /// `capturas/actas.csv` by acta key: the operators a lookup file may name.
    let respaldos: [String: RespaldoActa]
    /// Acta key → the file that holds it.
    private(set) var vistas: [String: String] = [:]

    static let extensiones: Set<String> = ["jpg", "jpeg", "png", "tif", "tiff", "pdf"]

    /// Nil when the corte has no lookup page (made before it existed): nothing to check.
    init?(archivos: [String: [UInt8]], elecciones: [CifrasCSV]) throws(ErrorVerificacion) {
        guard let pagina = archivos["consulta.html"] else { return nil }
        let marca = Array("data-secciones=\"".utf8)
        guard let k = LecturaPagina.buscar(marca, en: pagina[...], desde: 0),
              let n = Int(LecturaPagina.texto(pagina[(k + marca.count)...].prefix { $0 != 34 })), n > 0 else {
            throw .pagina("consulta.html: does not say how many secciones each lookup file holds (data-secciones)")
        }
        seccionesPorArchivo = n
        respaldos = Dictionary(try RespaldoActa.leer(archivos[RespaldoActa.archivo] ?? []).map { ($0.clave, $0) },
                               uniquingKeysWith: { a, _ in a })
        let porCodigo = Dictionary(elecciones.map { ($0.codigo, $0) }, uniquingKeysWith: { a, _ in a })
        self.porCodigo = porCodigo
        let ruta = IndiceConsulta.archivoElecciones
        let d = try Self.leer(ruta, archivos[ruta], funcion: IndiceConsulta.funcionElecciones)
        var campos: [String: [(nombre: String, indice: Int)]] = [:]
        for e in d["elecciones"]?.elementos ?? [] {
            guard let codigo = e["codigo"]?.comoTexto, let csv = porCodigo[codigo] else {
                throw .pagina("\(ruta): an election \(e["codigo"]?.comoTexto ?? "without code") that has no CSV")
            }
            campos[codigo] = try Self.columnas(e["campos"]?.elementos ?? [], csv, ruta)
        }
        self.campos = campos
    }

    /// The JSON a lookup script hands to `funcion`.
    static func leer(_ ruta: String, _ bytes: [UInt8]?, funcion: String) throws(ErrorVerificacion) -> ValorJSON {
        guard let bytes else { throw .pagina("consulta.html: its \(ruta) is missing") }
        let abre = Array((funcion + "(").utf8), cierra = Array(");\n".utf8)
        guard bytes.starts(with: abre), bytes.count > abre.count + cierra.count, bytes.suffix(cierra.count).elementsEqual(cierra) else {
            throw .pagina("\(ruta): not a lookup file (\(funcion)(…);)")
        }
        switch LectorJSON.leer(Array(bytes[abre.count..<(bytes.count - cierra.count)])) {
        case .success(let v): return v
        case .failure(let e): throw .pagina("\(ruta): \(e)")
        }
    }

    /// An election's columns `[name, label, role]`: each a column of its CSV, with the role the
    /// CSV reader found for it.
    static func columnas(_ lista: [ValorJSON], _ csv: CifrasCSV, _ ruta: String) throws(ErrorVerificacion) -> [(nombre: String, indice: Int)] {
        var campos: [(nombre: String, indice: Int)] = []
        for c in lista {
            guard let t = c.elementos, t.count == 3, let nombre = t[0].comoTexto, let papel = t[2].comoTexto else {
                throw .pagina("\(ruta): a column of \(csv.codigo) is not [name, label, role]")
            }
            guard let propio = csv.papeles[nombre] else { throw .pagina("\(ruta): shows column \(nombre), which \(csv.archivo) does not have") }
            guard papel == propio.rawValue else {
                throw .pagina("\(ruta): shows column \(nombre) of \(csv.codigo) as \(papel); in \(csv.archivo) it is \(propio.rawValue)")
            }
            guard let indice = csv.encabezado.firstIndex(of: nombre) else { throw .pagina("\(ruta): shows column \(nombre), which \(csv.archivo) does not have") }
            campos.append((nombre, indice))
        }
        // A lookup that leaves out a column would show an acta without one of its figures.
        let debidos = csv.encabezado.filter { csv.papeles[$0].map(IndiceConsulta.mostrados.contains) == true }
        if let falta = debidos.first(where: { d in !campos.contains { $0.nombre == d } }) {
            throw .pagina("\(ruta): does not show column \(falta) of \(csv.codigo), which \(csv.archivo) has")
        }
        return campos
    }

    /// Every lookup file of `archivos`, two or more at a time (they are independent); the failure
    /// named is the first in path order, then an acta listed in two files.
    mutating func comprobar(_ archivos: [String: [UInt8]]) throws(ErrorVerificacion) {
        let rutas = archivos.keys.filter { $0.hasPrefix(IndiceConsulta.carpeta) && $0 != IndiceConsulta.archivoElecciones }.sorted()
        let yo = self
        let resultados = enParalelo(rutas.count, minimo: 2) { k in
            Result { () throws(ErrorVerificacion) in try yo.claves(rutas[k], archivos[rutas[k]] ?? []) }
        }
        for (ruta, r) in zip(rutas, resultados) {
            for clave in try r.get() {
                if let otro = vistas.updateValue(ruta, forKey: clave) { throw .pagina("\(ruta): acta \(clave) is also in \(otro)") }
            }
        }
    }

    /// One lookup file: every acta checked; their keys.
    func claves(_ ruta: String, _ bytes: [UInt8]) throws(ErrorVerificacion) -> [String] {
        let d = try Self.leer(ruta, bytes, funcion: IndiceConsulta.funcion)
        guard let entidad = d["entidad"]?.comoEntero, let desde = d["desde"]?.comoEntero,
              ruta == archivo(entidad: entidad, seccion: desde), desde % seccionesPorArchivo == 0 else {
            throw .pagina("\(ruta): its entidad and first sección do not name this file")
        }
        var claves: [String] = []
        for a in d["actas"]?.elementos ?? [] { claves.append(try acta(a, ruta)) }
        return claves
    }

    /// After every file: each acta the ámbito pages list (`listadas`, by election code) is in one.
    func comprobarCompletas(_ listadas: [String: Set<String>]) throws(ErrorVerificacion) {
        for codigo in listadas.keys.sorted() {
            if let falta = (listadas[codigo] ?? []).filter({ vistas[$0] == nil }).min() {
                throw .pagina("acta \(falta) of \(codigo) is in no lookup file under \(IndiceConsulta.carpeta)")
            }
        }
        let todas = listadas.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        if let sobra = vistas.keys.filter({ !todas.contains($0) }).min() {
            throw .pagina("\(vistas[sobra] ?? ""): acta \(sobra) is on no ámbito page: not an expected acta of this corte")
        }
    }

    func archivo(entidad: Int, seccion: Int) -> String {
        IndiceConsulta.archivo(entidad: entidad, seccion: seccion, n: seccionesPorArchivo)
    }

    /// The operators an acta names, exactly those `capturas/actas.csv` lists for it (and its RESULTADO).
    private func operadores(_ v: ValorJSON?, _ clave: String, _ ruta: String) throws(ErrorVerificacion) {
        let r = respaldos[clave].flatMap { $0.operadores.isEmpty ? nil : $0 }
        let esperado: ValorJSON? = r.map { .arreglo([.texto($0.resultado.rawValue), .arreglo($0.operadores.map(ValorJSON.texto))]) }
        guard v == esperado else {
            let dice = { (x: ValorJSON?) in x?.elementos.map { e in e.map { $0.comoTexto ?? $0.elementos?.compactMap(\.comoTexto).joined(separator: " ") ?? "?" }.joined(separator: ": ") } ?? "none" }
            throw .pagina("\(ruta): acta \(clave) shows captures \(dice(v)), \(RespaldoActa.archivo) gives \(dice(esperado))")
        }
    }

    /// One acta entry `[key, image extension, values, captures?]` against its CSV row; its key.
    private func acta(_ a: ValorJSON, _ ruta: String) throws(ErrorVerificacion) -> String {
        guard let t = a.elementos, t.count == 3 || t.count == 4, let clave = t[0].comoTexto, let k = ClaveActa(clave) else {
            throw .pagina("\(ruta): an acta entry is not [key, image, values, captures]")
        }
        guard archivo(entidad: k.casilla.entidad, seccion: k.casilla.seccion) == ruta else {
            throw .pagina("\(ruta): acta \(clave) is not of the secciones this file holds: the page looks for it in \(archivo(entidad: k.casilla.entidad, seccion: k.casilla.seccion))")
        }
        guard let csv = porCodigo[k.eleccion], let campos = campos[k.eleccion] else {
            throw .pagina("\(ruta): acta \(clave) is of election \(k.eleccion), which has no CSV or no columns in \(IndiceConsulta.archivoElecciones)")
        }
        try operadores(t.count == 4 ? t[3] : nil, clave, ruta)
        guard case .arreglo(let valores) = t[2] else {
            guard t[2] == .nulo else { throw .pagina("\(ruta): acta \(clave): values are not a list") }
            if csv.filas[clave] != nil { throw .pagina("\(ruta): acta \(clave) shows as pending, \(csv.archivo) has it registered") }
            guard t[1] == .nulo else { throw .pagina("\(ruta): acta \(clave) shows as pending with an image") }
            return clave
        }
        guard let fila = csv.filas[clave], let texto = csv.campos(clave: clave) else {
            throw .pagina("\(ruta): acta \(clave) shows figures, \(csv.archivo) has no row registered for it")
        }
        guard valores.count == campos.count else {
            throw .pagina("\(ruta): acta \(clave) has \(valores.count) values for \(campos.count) columns")
        }
        for ((nombre, indice), v) in zip(campos, valores) {
            // A number stands for its digits (the lookup writes a plain whole number so).
            let mostrado = v.comoTexto ?? v.comoEntero.map(String.init)
            let dado = texto[indice]
            guard mostrado == dado else {
                throw .pagina("\(ruta): acta \(clave) shows \(nombre) \(mostrado ?? v.resumen), \(csv.archivo) gives \(dado)")
            }
        }
        switch (fila.codigo, t[1]) {
        case (nil, .nulo): break
        case (.some, .texto(let ext)) where Self.extensiones.contains(ext): break
        default:
            throw .pagina("\(ruta): acta \(clave) links image \(fila.codigo.map { "\($0)" } ?? "-").\(t[1].comoTexto ?? "null"), \(csv.archivo) gives CODIGO_INTEGRIDAD \(fila.codigo.map { "\($0)" } ?? "none")")
        }
        return clave
    }
}
