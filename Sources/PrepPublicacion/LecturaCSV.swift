import PrepDominio

/// Reads a published election CSV back into values: the preamble, and per row its Anexo 13
/// result and (for recovery) the `ActaVerificada` it was written from. Used by `prep verify` to
/// recompute the summary from the rows, and by `ConstructorCortes` to restart from the latest corte.
struct LecturaCSV {
    var lector: LectorCSV
    let archivo: String
    let nombreEleccion: String
    let lineaCorte: String
    let resumen: [String]
    let encabezado: [String]
    let col: Columnas

    /// Indices of the columns a reader needs, found by name in the acta header.
    struct Columnas {
        let claveCasilla, claveActa, tipoCasilla, listaNominal, observaciones, contabilizada: Int
        let calculado, codigo, acopio, captura, verificacion, origen: Int
        /// The five totals in `Total.allCases` order.
        let totales: [Int]
        /// Vote columns: (id, index).
        let votos: [(id: String, indice: Int)]
    }

    init(_ bytes: [UInt8], archivo: String) throws(ErrorVerificacion) {
        self.archivo = archivo
        var l = LectorCSV(bytes)
        func registro() throws(ErrorVerificacion) -> [String] {
            guard try Self.siguiente(&l, archivo) else { throw .csv("\(archivo): ends inside the preamble") }
            return l.textos
        }
        let nombre = try registro().first ?? ""
        let corte = try registro().first ?? ""
        guard try registro() == Resumen.encabezado else {
            throw .csv("\(archivo): line 3 is not the summary header")
        }
        let resumen = try registro()
        guard resumen.count == Resumen.encabezado.count else {
            throw .csv("\(archivo): line 4 has \(resumen.count) summary values, expected \(Resumen.encabezado.count)")
        }
        let encabezado = try registro()
        lector = l
        nombreEleccion = nombre
        lineaCorte = corte
        self.resumen = resumen
        self.encabezado = encabezado
        var indice: [String: Int] = [:]
        for (k, n) in encabezado.enumerated() { indice[n] = k }
        func i(_ n: String) throws(ErrorVerificacion) -> Int {
            guard let k = indice[n] else { throw .csv("\(archivo): acta header lacks \(n)") }
            return k
        }
        let sacados = try i("TOTAL_VOTOS_SACADOS"), asentado = try i("TOTAL_VOTOS_ASENTADO")
        guard sacados < asentado else { throw .csv("\(archivo): vote columns out of place") }
        col = Columnas(
            claveCasilla: try i("CLAVE_CASILLA"), claveActa: try i("CLAVE_ACTA"), tipoCasilla: try i("TIPO_CASILLA"),
            listaNominal: try i("LISTA_NOMINAL"), observaciones: try i("OBSERVACIONES"),
            contabilizada: try i("CONTABILIZADA"), calculado: try i("TOTAL_VOTOS_CALCULADO"),
            codigo: try i("CODIGO_INTEGRIDAD"), acopio: try i("FECHA_HORA_ACOPIO"), captura: try i("FECHA_HORA_CAPTURA"),
            verificacion: try i("FECHA_HORA_VERIFICACION"), origen: try i("ORIGEN"),
            totales: [try i("TOTAL_BOLETAS_SOBRANTES"), try i("TOTAL_PERSONAS_VOTARON"),
                      try i("TOTAL_REP_PARTIDO_CI_VOTARON"), sacados, asentado],
            votos: ((sacados + 1)..<asentado).map { (encabezado[$0], $0) })
    }

    /// Next acta row; false at the end. Checks the field count.
    mutating func siguiente() throws(ErrorVerificacion) -> Bool {
        guard try Self.siguiente(&lector, archivo) else { return false }
        guard lector.cuenta == encabezado.count else {
            throw .csv("\(archivo) line \(lector.linea): \(lector.cuenta) fields, the header has \(encabezado.count)")
        }
        return true
    }

    /// The reader's next record, its error naming the file.
    private static func siguiente(_ l: inout LectorCSV, _ archivo: String) throws(ErrorVerificacion) -> Bool {
        do {
            return try l.siguiente()
        } catch {
            throw .csv("\(archivo) line \(error.linea): \(error.motivo)")
        }
    }

    var linea: Int { lector.linea }

    /// `'xxx'` → `xxx`.
    func clave(_ k: Int) -> String {
        let b = lector.bytesDe(k)
        guard b.count >= 2, b.first == 39, b.last == 39 else { return String(decoding: b, as: UTF8.self) }
        return String(decoding: b.dropFirst().dropLast(), as: UTF8.self)
    }

    /// A figure cell: number, `Ilegible`, `Sin dato`; nil for `-` and `N/A`; throws otherwise.
    func cifra(_ k: Int) throws(ErrorVerificacion) -> Cifra? {
        if let n = lector.entero(k) { return .votos(n) }
        if lector.es(k, "Ilegible") { return .ilegible }
        if lector.es(k, "Sin dato") { return .sinDato }
        if lector.es(k, "-") || lector.es(k, "N/A") { return nil }
        throw .csv("\(archivo) line \(linea): \(encabezado[k]) '\(lector.texto(k))' is not a figure")
    }

    /// CONTABILIZADA, OBSERVACIONES and TOTAL_VOTOS_CALCULADO of the row, checked: every
    /// observation a canonical spelling, and TOTAL_VOTOS_CALCULADO the sum of the vote cells.
    func resultado() throws(ErrorVerificacion) -> ResultadoComputo {
        let bc = lector.bytesDe(col.contabilizada)
        let c: Contabilizada
        switch bc.count == 1 ? bc[bc.startIndex] : 0 {
        case 49: c = .si
        case 48: c = .no
        case 50: c = .fueraDeCatalogo
        case 45: c = .pendiente
        default:
            throw .csv("\(archivo) line \(linea): CONTABILIZADA '\(lector.texto(col.contabilizada))' is not 0, 1, 2 or -")
        }
        var obs: [Observacion] = []
        if !lector.bytesDe(col.observaciones).isEmpty, !lector.es(col.observaciones, "-") {
            let texto = lector.texto(col.observaciones)
            for parte in texto.split(separator: ", ", omittingEmptySubsequences: false) {
                guard let o = Observacion(rawValue: String(parte)) else {
                    throw .csv("\(archivo) line \(linea): unknown OBSERVACIONES value '\(parte)'")
                }
                obs.append(o)
            }
        }
        var total: Int?
        if !lector.es(col.calculado, "-") {
            guard let n = lector.entero(col.calculado) else {
                throw .csv("\(archivo) line \(linea): TOTAL_VOTOS_CALCULADO '\(lector.texto(col.calculado))' is not a number")
            }
            var suma = 0
            for v in col.votos { suma += try cifra(v.indice)?.valor ?? 0 }
            guard suma == n else {
                throw .csv("\(archivo) line \(linea): TOTAL_VOTOS_CALCULADO is \(n) but the vote columns sum \(suma)")
            }
            total = n
        }
        return ResultadoComputo(contabilizada: c, observaciones: obs, totalCalculado: total)
    }

    /// `dd/mm/YYYY HH:MM:SS` at `desfase`; nil for `-`.
    func marca(_ k: Int, desfase: Int) throws(ErrorVerificacion) -> MarcaTiempo? {
        if lector.es(k, "-") { return nil }
        let u = Array(lector.bytesDe(k))
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard u.count == 19, u[2] == 47, u[5] == 47, u[10] == 32, u[13] == 58, u[16] == 58,
              let d = n(0..<2), let mo = n(3..<5), let y = n(6..<10), let h = n(11..<13), let mi = n(14..<16),
              let s = n(17..<19), let m = MarcaTiempo(anio: y, mes: mo, dia: d, hora: h, minuto: mi, segundo: s, desfaseMinutos: desfase)
        else { throw .csv("\(archivo) line \(linea): \(encabezado[k]) '\(lector.texto(k))' is not dd/mm/YYYY HH:MM:SS") }
        return m
    }

    /// The verified acta a registered row was written from (nil for a pending row). `imagenes`
    /// maps a SHA-256 to its file name in `imagenes/` (the CSV does not carry the extension).
    func actaVerificada(desfase: Int, imagenes: [String: String]) throws(ErrorVerificacion) -> ActaVerificada? {
        let r = try resultado()
        if r.contabilizada == .pendiente { return nil }
        guard let clave = ClaveActa(self.clave(col.claveActa)) else {
            throw .csv("\(archivo) line \(linea): CLAVE_ACTA '\(lector.texto(col.claveActa))' is not an acta key")
        }
        guard let verificacion = try marca(col.verificacion, desfase: desfase) else {
            throw .csv("\(archivo) line \(linea): a registered row without FECHA_HORA_VERIFICACION")
        }
        let acopio = try marca(col.acopio, desfase: desfase), captura = try marca(col.captura, desfase: desfase)
        var imagen: ImagenActa?
        if !lector.es(col.codigo, "-") {
            let hash = lector.texto(col.codigo)
            guard let nombre = imagenes[hash], let punto = nombre.lastIndex(of: ".") else {
                throw .imagen("\(archivo) line \(linea): image \(hash) is not in imagenes/")
            }
            let origen: OrigenImagen = lector.es(col.origen, "CASILLA") ? .casilla : .catd
            imagen = ImagenActa(sha256: hash, extension_: String(nombre[nombre.index(after: punto)...]), origen: origen)
        }
        let causas: [(Observacion, CausaSinActa)] = CausaSinActa.allCases.map { (Observacion($0), $0) }
        if let causa = causas.first(where: { r.observaciones.contains($0.0) })?.1, r.totalCalculado == nil {
            return ActaVerificada(clave: clave, contenido: .sinActa(causa), imagen: imagen, acopio: acopio,
                                  captura: captura, verificacion: verificacion)
        }
        var totales: [Total: Cifra] = [:]
        for (t, k) in zip(Total.allCases, col.totales) { totales[t] = try cifra(k) }
        var votos: [String: Cifra] = [:]
        for v in col.votos { if let c = try cifra(v.indice) { votos[v.id] = c } }
        let c = Captura(acta: clave, operador: "", capturada: captura, acopio: acopio, totales: totales, votos: votos)
        return ActaVerificada(clave: clave, contenido: .captura(c), imagen: imagen, acopio: acopio, captura: captura,
                              verificacion: verificacion)
    }
}
