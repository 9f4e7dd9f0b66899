import PrepDominio

/// A corte's acta rows as text, field by field, exactly as its CSVs print them: each row is
/// rendered by the CSV writer itself and read back with the CSV reader, so anything that shows a
/// row's figures beside the CSV (the site's "Consulta tu casilla" index) shows the CSV's own
/// strings, never a second formatting of the same numbers.
public struct TextoFilasCSV {
    let escritor: EscritorCSV
    let tablas: [TablaEleccion]
    /// Per table: the header's fields and the election's `columnasPorAmbito` as sets.
    let campos: [[CampoActa]]
    let aplican: [[Int: Set<Int>]]

    init(_ datos: DatosCorte) {
        escritor = EscritorCSV(catalogo: datos.catalogo, desfase: datos.corte.desfaseMinutos)
        tablas = datos.tablas
        let perfil = datos.catalogo.proceso.perfil
        campos = datos.tablas.map { perfil.encabezado(datos.catalogo.elecciones[$0.indice]).map(\.campo) }
        aplican = datos.tablas.map { datos.catalogo.elecciones[$0.indice].columnasPorAmbito.mapValues(Set.init) }
    }

    /// The acta header of table `t` (`DatosCorte.tablas` index): the CSV's column names.
    public func encabezado(_ t: Int) -> [String] {
        EscritorCSV.encabezado(escritor.catalogo.elecciones[tablas[t].indice], perfil: escritor.perfil)
    }

    /// The fields of row `i` of table `t` (the expected acta `catalogo.actas[primera + i]`), in
    /// header order and unquoted, as its CSV line has them; nil while the acta is pending.
    public func campos(_ t: Int, fila i: Int) -> [String]? {
        guard tablas[t].metas[i].registrada else { return nil }
        var out = Bytes(capacidad: 1_024, perfil: escritor.perfil)
        escritor.filaEsperada(&out, tablas[t], i, campos: campos[t], aplican: aplican[t])
        return Self.leer(out.b)
    }

    /// One CSV line's fields; nil if the writer's line does not read back as one record (never).
    static func leer(_ linea: [UInt8]) -> [String]? {
        var l = LectorCSV(linea)
        guard (try? l.siguiente()) == true else { return nil }
        return l.textos
    }
}

extension DatosCorte {
    /// The text of this corte's CSV rows, field by field (see `TextoFilasCSV`).
    public var textoFilas: TextoFilasCSV { TextoFilasCSV(self) }
}
