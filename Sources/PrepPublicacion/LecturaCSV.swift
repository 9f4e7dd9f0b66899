import PrepDominio

/// Reads a published election CSV back into values: the preamble, and per row its Anexo 13
/// result and (for recovery) the `ActaVerificada` it was written from. Used by `prep verify` to
/// recompute the summary from the rows, and by `ConstructorCortes` to restart from the latest corte.
struct LecturaCSV {
    var lector: LectorCSV
    let archivo: String
    let perfil: PerfilPublicacion
    /// The file's election code (for keys built from CLAVE_CASILLA).
    let eleccion: String?
    let nombreEleccion: String
    let lineaCorte: String
    let resumen: [String]
    let encabezado: [String]
    let col: Columnas

    /// Indices of the columns a reader needs, found by name in the acta header.
    struct Columnas {
        let claveCasilla, claveActa, tipoCasilla, listaNominal, observaciones, contabilizada: Int
        let calculado, codigo, acopio, captura, verificacion, origen, tipoActa, tipoDocumento: Int
        /// The five totals in `Total.allCases` order.
        let totales: [Int]
        /// Vote columns: (id, index).
        let votos: [(id: String, indice: Int)]
    }

    /// Reads the preamble and the acta header of `bytes` as `perfil` lays them out. `eleccion` is
    /// the file's election code, for a profile whose CLAVE_ACTA is not the SPEC's acta key.
    init(_ bytes: [UInt8], archivo: String, perfil: PerfilPublicacion = .predeterminado, eleccion: String? = nil) throws(ErrorVerificacion) {
        self.archivo = archivo
        self.perfil = perfil
        self.eleccion = eleccion
        var l = LectorCSV(bytes)
        func registro() throws(ErrorVerificacion) -> [String] {
            guard try Self.siguiente(&l, archivo) else { throw .csv("\(archivo): ends inside the preamble") }
            return l.textos
        }
        var nombre = "", corte = "", resumen: [String] = []
        for (n, linea) in perfil.preambulo.enumerated() {
            let r = try registro()
            switch linea {
            case .nombre: nombre = r.first ?? ""
            case .corte: corte = r.first ?? ""
            case .separador:
                guard r == perfil.separador else { throw .csv("\(archivo): line \(n + 1) is not the separator row") }
            case .resumenEncabezado:
                guard r == Resumen.encabezado else { throw .csv("\(archivo): line \(n + 1) is not the summary header") }
            case .resumenValores:
                guard r.count == Resumen.encabezado.count else {
                    throw .csv("\(archivo): line \(n + 1) has \(r.count) summary values, expected \(Resumen.encabezado.count)")
                }
                resumen = r
            }
        }
        let encabezado = try registro()
        lector = l
        nombreEleccion = nombre
        lineaCorte = corte
        self.resumen = resumen
        self.encabezado = encabezado
        var indice: [String: Int] = [:]
        for (k, n) in encabezado.enumerated() { indice[n] = k }
        var nombres: [CampoActa: String] = [:]
        for c in perfil.columnas { nombres[c.campo] = c.nombre }
        func i(_ c: CampoActa) throws(ErrorVerificacion) -> Int {
            let n = nombres[c] ?? ""
            guard let k = indice[n] else { throw .csv("\(archivo): acta header lacks \(n)") }
            return k
        }
        let sacados = try i(.total(.votosSacados)), asentado = try i(.total(.totalAsentado))
        guard sacados < asentado else { throw .csv("\(archivo): vote columns out of place") }
        col = Columnas(
            claveCasilla: try i(.claveCasilla), claveActa: try i(.claveActa), tipoCasilla: try i(.tipoCasilla),
            listaNominal: try i(.listaNominal), observaciones: try i(.observaciones),
            contabilizada: try i(.contabilizada), calculado: try i(.totalCalculado),
            codigo: try i(.codigoIntegridad), acopio: try i(.fechaAcopio), captura: try i(.fechaCaptura),
            verificacion: try i(.fechaVerificacion), origen: try i(.origen), tipoActa: try i(.tipoActa),
            tipoDocumento: try i(.tipoDocumento),
            totales: [try i(.total(.boletasSobrantes)), try i(.total(.personasVotaron)),
                      try i(.total(.representantesVotaron)), sacados, asentado],
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

    /// The acta key of the row: CLAVE_ACTA, or CLAVE_CASILLA, the file's election and the acta
    /// variant its TIPO_ACTA stands for (`A03ERP` → `-RP`) when the profile's CLAVE_ACTA carries
    /// TIPO_ACTA instead.
    func claveActa() -> ClaveActa? {
        guard perfil.claveActaConTipo else { return ClaveActa(clave(col.claveActa)) }
        guard let casilla = ClaveCasilla(clave(col.claveCasilla)), let eleccion else { return nil }
        let variante = perfil.elecciones[eleccion]?.variante(deTipoActa: lector.texto(col.tipoActa))
        return ClaveActa(casilla: casilla, eleccion: eleccion, variante: variante)
    }

    /// Whether cell `k` is one of the profile's words for "no value here".
    func vacia(_ k: Int) -> Bool {
        let v = perfil.vocabulario
        return lector.es(k, v.pendiente) || lector.es(k, v.columnaAusente) || lector.es(k, v.sinActa) || lector.es(k, v.noAplica)
            || lector.es(k, v.sinValor)
    }

    /// Whether cell `k` is the profile's ilegible word. A word with trailing spaces (the IECM's
    /// `ILEGIBLE `) is also read without them: cortes made before the space was written are still
    /// read back and verified in the chain.
    func esIlegible(_ k: Int) -> Bool {
        let palabra = perfil.vocabulario.ilegible
        if lector.es(k, palabra) { return true }
        var recortada = Substring(palabra)
        while recortada.last == " " { recortada = recortada.dropLast() }
        return recortada.count < palabra.count && lector.es(k, String(recortada))
    }

    /// A figure cell: number, the profile's ilegible or sin dato; nil for its "no value" words; throws otherwise.
    func cifra(_ k: Int) throws(ErrorVerificacion) -> Cifra? {
        if let n = lector.entero(k) { return .votos(n) }
        if esIlegible(k) { return .ilegible }
        if lector.es(k, perfil.vocabulario.sinDato) { return .sinDato }
        if vacia(k) { return nil }
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
        if !lector.es(col.observaciones, perfil.vocabulario.pendiente) {
            let texto = lector.texto(col.observaciones)
            guard let o = perfil.observaciones(deTexto: texto) else {
                throw .csv("\(archivo) line \(linea): unknown OBSERVACIONES value '\(texto)'")
            }
            obs = o
        }
        var total: Int?
        if !vacia(col.calculado) {
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

    /// `dd/mm/YYYY HH:MM:SS` at `desfase` (with ` (UTC-6)` after it when the profile says so);
    /// nil for the profile's "no value" words.
    func marca(_ k: Int, desfase: Int) throws(ErrorVerificacion) -> MarcaTiempo? {
        if vacia(k) { return nil }
        var u = Array(lector.bytesDe(k))
        if perfil.utcEnFilas {
            let sufijo = Array((" " + etiquetaUTC(desfase)).utf8)
            if u.count == 19 + sufijo.count, u.suffix(sufijo.count).elementsEqual(sufijo) { u.removeLast(sufijo.count) } else { u = [] }
        }
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
    /// `horaCorte` stands in for the verification time of a sin acta row in a profile that writes
    /// it `N/A`: that profile never publishes it, and the acta was verified by then.
    func actaVerificada(desfase: Int, imagenes: [HuellaSHA256: String], horaCorte: MarcaTiempo) throws(ErrorVerificacion) -> ActaVerificada? {
        let r = try resultado()
        if r.contabilizada == .pendiente { return nil }
        guard let clave = claveActa() else {
            throw .csv("\(archivo) line \(linea): CLAVE_ACTA '\(lector.texto(col.claveActa))' is not an acta key")
        }
        let causas: [(Observacion, CausaSinActa)] = CausaSinActa.allCases.map { (Observacion($0), $0) }
        let sinActa = r.totalCalculado == nil ? causas.first(where: { r.observaciones.contains($0.0) })?.1 : nil
        let verificacion: MarcaTiempo
        if let m = try marca(col.verificacion, desfase: desfase) {
            verificacion = m
        } else if sinActa != nil, !perfil.vocabulario.horaVerificacionSinActa {
            verificacion = horaCorte
        } else {
            throw .csv("\(archivo) line \(linea): a registered row without FECHA_HORA_VERIFICACION")
        }
        let acopio = try marca(col.acopio, desfase: desfase), captura = try marca(col.captura, desfase: desfase)
        var imagen: ImagenActa?
        if !vacia(col.codigo) {
            let hash: HuellaSHA256
            do { hash = try HuellaSHA256(hex: lector.bytesDe(col.codigo)) } catch {
                throw .csv("\(archivo) line \(linea): CODIGO_INTEGRIDAD: \(error)")
            }
            guard let nombre = imagenes[hash], let punto = nombre.lastIndex(of: ".") else {
                throw .imagen("\(archivo) line \(linea): image \(hash) is not in imagenes/")
            }
            let origen: OrigenImagen = lector.es(col.origen, perfil.vocabulario.origen[.casilla] ?? "CASILLA") ? .casilla : .catd
            imagen = ImagenActa(sha256: hash, extension_: String(nombre[nombre.index(after: punto)...]), origen: origen)
        }
        if let causa = sinActa {
            return ActaVerificada(clave: clave, contenido: .sinActa(causa), imagen: imagen, acopio: acopio,
                                  captura: captura, verificacion: verificacion)
        }
        var totales: [Total: Cifra] = [:]
        for (t, k) in zip(Total.allCases, col.totales) { if let x = try cifra(k) { totales[t] = x } }
        var votos: [String: Cifra] = [:]
        for v in col.votos { if let c = try cifra(v.indice) { votos[v.id] = c } }
        let documento = TipoDocumento(rawValue: lector.texto(col.tipoDocumento)).flatMap { $0 == .actaPrep ? nil : $0 }
        let c = Captura(acta: clave, operador: "", capturada: captura, acopio: acopio, totales: totales, votos: votos,
                        documento: documento)
        return ActaVerificada(clave: clave, contenido: .captura(c), imagen: imagen, acopio: acopio, captura: captura,
                              verificacion: verificacion)
    }
}
