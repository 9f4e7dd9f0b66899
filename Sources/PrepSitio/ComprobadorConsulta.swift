import PrepDominio
import PrepPublicacion

/// `prep verify`'s check of the "Consulta tu casilla" lookup files (`consulta/*.js`, see
/// `IndiceConsulta`), run when the corte has `consulta.html`: every value a file shows is the
/// field of the same name of its acta's row in the signed CSV, each column's role is the one the
/// CSV reader found for it, each image is the row's CODIGO_INTEGRIDAD, each acta sits in the file
/// the page looks in for its sección, the operators named for it are those `capturas/actas.csv`
/// lists, and together the files hold every acta the ámbito pages list, each once.
struct ComprobadorConsulta {
    /// The election CSVs by election code.
    let porCodigo: [String: CifrasCSV]
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
        porCodigo = Dictionary(elecciones.map { ($0.codigo, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// One lookup file.
    mutating func comprobar(_ ruta: String, _ bytes: [UInt8]) throws(ErrorVerificacion) {
        let abre = Array((IndiceConsulta.funcion + "(").utf8), cierra = Array(");\n".utf8)
        guard bytes.starts(with: abre), bytes.count > abre.count + cierra.count, bytes.suffix(cierra.count).elementsEqual(cierra) else {
            throw .pagina("\(ruta): not a lookup file (\(IndiceConsulta.funcion)(…);)")
        }
        let d: ValorJSON
        switch LectorJSON.leer(Array(bytes[abre.count..<(bytes.count - cierra.count)])) {
        case .success(let v): d = v
        case .failure(let e): throw .pagina("\(ruta): \(e)")
        }
        guard let entidad = d["entidad"]?.comoEntero, let desde = d["desde"]?.comoEntero,
              ruta == archivo(entidad: entidad, seccion: desde), desde % seccionesPorArchivo == 0 else {
            throw .pagina("\(ruta): its entidad and first sección do not name this file")
        }
        let elecciones = try (d["elecciones"]?.elementos ?? []).map { (e: ValorJSON) throws(ErrorVerificacion) in try eleccion(e, ruta) }
        for c in d["casillas"]?.elementos ?? [] {
            guard let partes = c.elementos, partes.count == 2, let casilla = partes[0].comoTexto, let clave = ClaveCasilla(casilla),
                  let actas = partes[1].elementos else { throw .pagina("\(ruta): a casilla entry is not [CLAVE_CASILLA, actas]") }
            guard archivo(entidad: clave.entidad, seccion: clave.seccion) == ruta else {
                throw .pagina("\(ruta): casilla \(casilla) is not of the secciones this file holds: the page looks for it in \(archivo(entidad: clave.entidad, seccion: clave.seccion))")
            }
            for a in actas { try acta(a, casilla: clave, elecciones, ruta) }
        }
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
        let desde = seccion / seccionesPorArchivo * seccionesPorArchivo
        return IndiceConsulta.carpeta + IndiceConsulta.cifras(entidad, 2) + "-" + IndiceConsulta.cifras(desde, 4) + ".js"
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

    /// An election entry: its CSV, and its columns `[name, label, role]` with each role the CSV's.
    private func eleccion(_ e: ValorJSON, _ ruta: String) throws(ErrorVerificacion) -> (csv: CifrasCSV, campos: [String]) {
        guard let codigo = e["codigo"]?.comoTexto, let csv = porCodigo[codigo] else {
            throw .pagina("\(ruta): an election \(e["codigo"]?.comoTexto ?? "without code") that has no CSV")
        }
        var campos: [String] = []
        for c in e["campos"]?.elementos ?? [] {
            guard let t = c.elementos, t.count == 3, let nombre = t[0].comoTexto, let papel = t[2].comoTexto else {
                throw .pagina("\(ruta): a column of \(codigo) is not [name, label, role]")
            }
            guard let propio = csv.papeles[nombre] else { throw .pagina("\(ruta): shows column \(nombre), which \(csv.archivo) does not have") }
            guard papel == propio.rawValue else {
                throw .pagina("\(ruta): shows column \(nombre) of \(codigo) as \(papel); in \(csv.archivo) it is \(propio.rawValue)")
            }
            campos.append(nombre)
        }
        return (csv, campos)
    }

    /// One acta entry `[election, key, image, values]` against its CSV row.
    private mutating func acta(_ a: ValorJSON, casilla: ClaveCasilla, _ elecciones: [(csv: CifrasCSV, campos: [String])],
                               _ ruta: String) throws(ErrorVerificacion) {
        guard let t = a.elementos, t.count == 4 || t.count == 5, let ie = t[0].comoEntero, ie < elecciones.count, let clave = t[1].comoTexto else {
            throw .pagina("\(ruta): an acta of casilla \(casilla.texto) is not [election, key, image, values, captures]")
        }
        try operadores(t.count == 5 ? t[4] : nil, clave, ruta)
        let (csv, campos) = elecciones[ie]
        guard let k = ClaveActa(clave), k.casilla == casilla, k.eleccion == csv.codigo else {
            throw .pagina("\(ruta): acta \(clave) is listed under casilla \(casilla.texto) of \(csv.codigo)")
        }
        if let otro = vistas.updateValue(ruta, forKey: clave) { throw .pagina("\(ruta): acta \(clave) is also in \(otro)") }
        guard case .arreglo(let valores) = t[3] else {
            guard t[3] == .nulo else { throw .pagina("\(ruta): acta \(clave): values are not a list") }
            if csv.filas[clave] != nil { throw .pagina("\(ruta): acta \(clave) shows as pending, \(csv.archivo) has it registered") }
            guard t[2] == .nulo else { throw .pagina("\(ruta): acta \(clave) shows as pending with an image") }
            return
        }
        guard let fila = csv.filas[clave], let texto = csv.campos(clave: clave) else {
            throw .pagina("\(ruta): acta \(clave) shows figures, \(csv.archivo) has no row registered for it")
        }
        guard valores.count == campos.count else {
            throw .pagina("\(ruta): acta \(clave) has \(valores.count) values for \(campos.count) columns")
        }
        for (nombre, v) in zip(campos, valores) {
            let dado = texto[nombre] ?? ""
            guard v.comoTexto == dado else {
                throw .pagina("\(ruta): acta \(clave) shows \(nombre) \(v.comoTexto ?? v.resumen), \(csv.archivo) gives \(dado)")
            }
        }
        let imagen = t[2].comoTexto
        switch (fila.codigo, imagen) {
        case (nil, nil) where t[2] == .nulo: break
        case (let codigo?, let nombre?) where nombre.hasPrefix(codigo + ".") && Self.extensiones.contains(String(nombre.dropFirst(codigo.count + 1))): break
        default:
            throw .pagina("\(ruta): acta \(clave) links image \(imagen ?? "none"), \(csv.archivo) gives CODIGO_INTEGRIDAD \(fila.codigo ?? "none")")
        }
    }
}
