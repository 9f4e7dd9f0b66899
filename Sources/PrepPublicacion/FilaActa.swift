import PrepDominio

/// The fixed-size part of a registered acta row: no heap allocation, so 515,000 of them cost
/// 515,000 × 72 bytes (a corte must stay under 300 MB nationally).
struct MetaFila: Sendable, Hashable {
    /// 0 pending, 1 `.si`, 2 `.no`, 3 `.fueraDeCatalogo`.
    var contabilizada: UInt8 = 0
    /// Bit i set: `Observacion.allCases[i]` applies.
    var mascara: UInt8 = 0
    /// 0 no image, else 1 + index into `MetaFila.extensiones`.
    var extensionImagen: UInt8 = 0
    /// 0 CATD, 1 CASILLA.
    var origen: UInt8 = 0
    /// 0 the Acta PREP, else 1 + index into `TipoDocumento.allCases` (the capture's `tipo_documento`).
    var documento: UInt8 = 0
    /// TOTAL_VOTOS_CALCULADO; -1 when there are no figures.
    var totalCalculado: Int64 = -1
    /// SHA-256 of the image when `extensionImagen` says there is one (all zeros otherwise): not
    /// an optional, whose extra byte would cost 8 more per row.
    var hash = HuellaSHA256(palabras: (0, 0, 0, 0))
    var acopio = Celda.sinMarca, captura = Celda.sinMarca, verificacion = Celda.sinMarca

    static let extensiones = ["jpg", "jpeg", "png", "tif", "tiff", "pdf"]
    static let contabilizadas: [Contabilizada] = [.pendiente, .si, .no, .fueraDeCatalogo]

    static func == (a: MetaFila, b: MetaFila) -> Bool {
        a.contabilizada == b.contabilizada && a.mascara == b.mascara && a.extensionImagen == b.extensionImagen
            && a.origen == b.origen && a.documento == b.documento && a.totalCalculado == b.totalCalculado && a.hash == b.hash
            && a.acopio == b.acopio && a.captura == b.captura && a.verificacion == b.verificacion
    }

    func hash(into h: inout Hasher) {
        h.combine(contabilizada)
        h.combine(hash)
        h.combine(verificacion)
    }

    var registrada: Bool { contabilizada != 0 }

    /// The copy the figures were typed from, when it was not the Acta PREP.
    var tipoDocumento: TipoDocumento? { documento == 0 ? nil : TipoDocumento.allCases[Int(documento) - 1] }

    /// `documento` of a capture's `tipo_documento` (the Acta PREP, named or not, is 0).
    static func codigoDocumento(_ d: TipoDocumento?) -> UInt8 {
        guard let d, d != .actaPrep, let i = TipoDocumento.allCases.firstIndex(of: d) else { return 0 }
        return UInt8(i + 1)
    }

    var contabilizadaPublicada: Contabilizada { Self.contabilizadas[Int(contabilizada)] }

    /// The image's SHA-256 (CODIGO_INTEGRIDAD), when the acta has an image.
    var imagenSHA256: HuellaSHA256? { extensionImagen > 0 ? hash : nil }

    var imagen: ImagenActa? {
        guard let h = imagenSHA256 else { return nil }
        return ImagenActa(sha256: h, extension_: Self.extensiones[Int(extensionImagen) - 1], origen: origen == 1 ? .casilla : .catd)
    }
}

/// One registered acta as a corte publishes it: a read-only view into its election's table
/// (what `DatosCorte` hands the site generator).
public struct FilaActa: Sendable {
    let meta: MetaFila
    /// The five control totals (`Total.allCases` order), then one cell per vote column of the
    /// election (its full list): a figure ≥ 0 or a `Celda` code.
    let celdas: ArraySlice<Int16>
    /// Cells too large for Int16, by position in the row (never in a real acta).
    let anchas: [Int: Int]

    public var contabilizada: Contabilizada { meta.contabilizadaPublicada }

    /// CONTABILIZADA, OBSERVACIONES and TOTAL_VOTOS_CALCULADO, as `Computo` gave them at registration.
    public var resultado: ResultadoComputo {
        ResultadoComputo(contabilizada: contabilizada,
                         observaciones: Observacion.allCases.enumerated().filter { meta.mascara & (1 << $0.offset) != 0 }.map(\.element),
                         totalCalculado: meta.totalCalculado < 0 ? nil : Int(meta.totalCalculado))
    }

    func celda(_ i: Int) -> Int { anchas[i] ?? Int(celdas[celdas.startIndex + i]) }

    /// The figure of vote column `i` of the election; nil when the column is not on this acta or
    /// there is no figure (sin acta).
    public func cifra(columna i: Int) -> Cifra? { Celda.cifra(celda(5 + i)) }

    /// A control total; nil when there is no figure.
    public func cifra(total: Total) -> Cifra? {
        guard let i = Total.allCases.firstIndex(of: total) else { return nil }
        return Celda.cifra(celda(i))
    }

    /// The published image (`../../imagenes/` + `nombrePublicado` from the corte folder).
    public var imagen: ImagenActa? { meta.imagen }
    /// Its file extension alone (`jpg`), without spelling out its SHA-256; nil without an image.
    public var extensionImagen: String? { meta.extensionImagen > 0 ? MetaFila.extensiones[Int(meta.extensionImagen) - 1] : nil }
    public var momentoAcopio: MarcaTiempo? { Celda.marca(meta.acopio) }
    public var momentoCaptura: MarcaTiempo? { Celda.marca(meta.captura) }
    public var momentoVerificacion: MarcaTiempo? { Celda.marca(meta.verificacion) }
}

/// Codes of a row cell that is not a figure.
enum Celda {
    static let ilegible = -1
    static let sinDato = -2
    /// The column is not on this acta (its ámbito has no such party or coalition): `N/A`.
    static let noAplica = -3
    /// No figure (pending, sin acta): `-`.
    static let sinCifra = -4
    /// Larger than Int16: look in the table's wide cells.
    static let ancha = -5
    static let sinMarca = Int64.min

    static func codigo(_ c: Cifra) -> Int {
        switch c {
        case .votos(let n): n
        case .ilegible: ilegible
        case .sinDato: sinDato
        }
    }

    static func cifra(_ codigo: Int) -> Cifra? {
        switch codigo {
        case 0...: .votos(codigo)
        case ilegible: .ilegible
        case sinDato: .sinDato
        default: nil
        }
    }

    static func marca(_ s: Int64) -> MarcaTiempo? {
        s == sinMarca ? nil : MarcaTiempo(segundosUnix: s, desfaseMinutos: 0)
    }

    /// The cells of an acta's row: totals then the election's columns. `aplican` nil: all apply.
    static func fila(_ acta: ActaVerificada, columnas: [ColumnaVoto], aplican: Set<Int>?, fuera: Bool) -> [Int] {
        var celdas: [Int] = []
        celdas.reserveCapacity(5 + columnas.count)
        switch acta.contenido {
        case .sinActa:
            for _ in 0..<5 { celdas.append(sinCifra) }
            for i in columnas.indices { celdas.append(aplican?.contains(i) == false ? noAplica : sinCifra) }
        case .captura(let c):
            for t in Total.allCases { celdas.append(c.totales[t].map(codigo) ?? sinCifra) }
            for (i, col) in columnas.enumerated() {
                if let cifra = c.votos[col.id] {
                    celdas.append(codigo(cifra))
                } else {
                    celdas.append(fuera || aplican?.contains(i) == false ? noAplica : sinCifra)
                }
            }
        }
        return celdas
    }

    /// The fixed part of an acta's row.
    static func meta(_ acta: ActaVerificada, _ r: ResultadoComputo) -> MetaFila? {
        var m = MetaFila()
        m.contabilizada = UInt8(MetaFila.contabilizadas.firstIndex(of: r.contabilizada) ?? 0)
        for (i, o) in Observacion.allCases.enumerated() where r.observaciones.contains(o) { m.mascara |= 1 << i }
        m.totalCalculado = r.totalCalculado.map(Int64.init) ?? -1
        if case .captura(let c) = acta.contenido { m.documento = MetaFila.codigoDocumento(c.documento) }
        if let img = acta.imagen {
            guard let e = MetaFila.extensiones.firstIndex(of: img.extension_) else { return nil }
            m.extensionImagen = UInt8(e + 1)
            m.origen = img.origen == .casilla ? 1 : 0
            m.hash = img.sha256
        }
        m.acopio = acta.acopio?.segundosUnix ?? sinMarca
        m.captura = acta.captura?.segundosUnix ?? sinMarca
        m.verificacion = acta.verificacion.segundosUnix
        return m
    }
}
