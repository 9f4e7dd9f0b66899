import PrepDominio

/// A corte's acta rows as text, field by field, exactly as its CSVs print them: each row is
/// rendered by the CSV writer itself and read back with the CSV reader, so anything that shows a
/// row's figures beside the CSV (the site's "Consulta tu casilla" lookup) shows the CSV's own
/// strings, never a second formatting of the same numbers.
public struct TextoFilasCSV: Sendable {
    let escritor: EscritorCSV
    let tablas: [TablaEleccion]
    /// Per table: the header's fields and the election's `columnasPorAmbito` as sets.
    let campos: [[CampoActa]]
    let aplican: [[Int: Set<Int>]]
    /// The line being read back, reused row after row.
    private var linea: Bytes

    init(_ datos: DatosCorte) {
        escritor = EscritorCSV(catalogo: datos.catalogo, desfase: datos.corte.desfaseMinutos)
        tablas = datos.tablas
        let perfil = datos.catalogo.proceso.perfil
        campos = datos.tablas.map { perfil.encabezado(datos.catalogo.elecciones[$0.indice]).map(\.campo) }
        aplican = datos.tablas.map { datos.catalogo.elecciones[$0.indice].columnasPorAmbito.mapValues(Set.init) }
        linea = Bytes(capacidad: 4_096, perfil: perfil)
    }

    /// The acta header of table `t` (`DatosCorte.tablas` index): the CSV's fields and column names.
    public func encabezado(_ t: Int) -> [(campo: CampoActa, nombre: String)] {
        escritor.perfil.encabezado(escritor.catalogo.elecciones[tablas[t].indice])
    }

    /// Row `i` of table `t` (the expected acta `catalogo.actas[primera + i]`) as its CSV line
    /// has it: `leer` gets the CSV reader on that record, fields in header order and unquoted
    /// (`bytesDe(k)`). False, without calling `leer`, while the acta is pending.
    public mutating func leer(_ t: Int, fila i: Int, _ leer: (LectorCSV) -> Void) -> Bool {
        guard tablas[t].metas[i].registrada else { return false }
        linea.b.removeAll(keepingCapacity: true)
        escritor.filaEsperada(&linea, tablas[t], i, campos: campos[t], aplican: aplican[t])
        var l = LectorCSV(linea.b)
        guard (try? l.siguiente()) == true else { return false }
        leer(l)
        return true
    }
}

extension DatosCorte {
    /// The text of this corte's CSV rows, field by field (see `TextoFilasCSV`).
    public var textoFilas: TextoFilasCSV { TextoFilasCSV(self) }
}
