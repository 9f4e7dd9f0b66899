import PrepDominio

/// A corte's acta rows as text, field by field, exactly as its CSVs print them: each field is
/// rendered by the CSV writer itself (`EscritorCSV.filaEsperada`, the very code that writes the
/// CSV), which says where each field ends, so anything that shows a row's figures beside the CSV
/// (the site's "Consulta tu casilla" lookup) shows the CSV's own strings, never a second
/// formatting of the same numbers. Only the fields asked for are rendered: a lookup shows about
/// half of a row, and rendering and reading back the rest was a third of a national corte's
/// lookup files.
public struct TextoFilasCSV: Sendable {
    let escritor: EscritorCSV
    /// Per table, its rows (never the whole table: a copy of one per row retained its profile).
    let tablas: [FilasTabla]
    /// Per table: the header's fields and the election's `columnasPorAmbito` as sets.
    let campos: [[CampoActa]]
    let aplican: [[Int: Set<Int>]]
    /// Per table, by header position: whether the field is rendered.
    let solo: [[Bool]]
    /// The line being rendered and the selection that says where its fields end, both reused
    /// row after row (their storage is never reallocated).
    private var linea: Bytes
    private var seleccion: SeleccionCampos?
    /// The CSVs the corte wrote, when its builder has filled this (see `CSVEscritos`), and the
    /// stretches of them read so far (`cargar`), by table.
    private let escritos: CSVEscritos?
    private var leidas: [Int: FilasLeidas] = [:]
    private var limitesLeidos: [Int] = []

    /// `mostrados`: per table, the header positions read (nil: every field).
    init(_ datos: DatosCorte, mostrados: [[Int]]?) {
        escritor = EscritorCSV(catalogo: datos.catalogo, desfase: datos.corte.desfaseMinutos)
        tablas = datos.tablas.map(\.filas)
        let perfil = datos.catalogo.proceso.perfil
        let campos = datos.tablas.map { perfil.encabezado(datos.catalogo.elecciones[$0.indice]).map(\.campo) }
        self.campos = campos
        aplican = datos.tablas.map { datos.catalogo.elecciones[$0.indice].columnasPorAmbito.mapValues(Set.init) }
        solo = campos.indices.map { t in
            guard let m = mostrados?[t] else { return Array(repeating: true, count: campos[t].count) }
            var s = Array(repeating: false, count: campos[t].count)
            for k in m where s.indices.contains(k) { s[k] = true }
            return s
        }
        linea = Bytes(capacidad: 4_096, perfil: perfil)
        escritos = datos.csvEscritos
    }

    /// Reads rows `desde...hasta` of table `t` from the CSV the corte wrote, in one read, for the
    /// `leer` calls that follow (the stretch replaces the table's previous one); nothing when the
    /// CSV is not written yet or the stretch is too long, and `leer` then renders those rows.
    public mutating func cargar(_ t: Int, desde: Int, hasta: Int) {
        leidas[t] = escritos?.csv(t)?.leer(desde: desde, hasta: hasta)
    }

    /// The acta header of table `t` (`DatosCorte.tablas` index): the CSV's fields and column names.
    public func encabezado(_ t: Int) -> [(campo: CampoActa, nombre: String)] {
        escritor.perfil.encabezado(escritor.catalogo.elecciones[tablas[t].indice])
    }

    /// Row `i` of table `t` (the expected acta `catalogo.actas[primera + i]`) as its CSV line
    /// has it: `leer` gets the line's fields (`CamposFila`; those not asked for are empty).
    /// False, without calling `leer`, while the acta is pending.
    public mutating func leer(_ t: Int, fila i: Int, _ leer: (CamposFila) -> Void) -> Bool {
        guard tablas[t].registrada(i) else { return false }
        linea.b.removeAll(keepingCapacity: true)
        if let l = leidas[t], l.tiene(i) {
            leerEscrita(l, i, leer)
            return true
        }
        // Taken out while in use, so that its offsets are this call's alone and grow in place.
        var enCurso: SeleccionCampos? = seleccion ?? SeleccionCampos(solo: solo[t])
        seleccion = nil
        enCurso?.solo = solo[t]
        enCurso?.limites.removeAll(keepingCapacity: true)
        escritor.filaEsperada(&linea, tablas[t], i, campos: campos[t], aplican: aplican[t], seleccion: &enCurso)
        leer(CamposFila(linea: linea.b, limites: enCurso?.limites ?? []))
        seleccion = enCurso
        return true
    }

    /// Row i as the CSV file holds it: the line without its end, and where each field ends (a
    /// comma inside a quoted field is the field's own).
    private mutating func leerEscrita(_ l: FilasLeidas, _ i: Int, _ leer: (CamposFila) -> Void) {
        let k = i - l.desde
        let fin = l.inicio[k + 1] - (linea.crlf ? 2 : 1)
        linea.b.append(contentsOf: l.bytes[l.inicio[k]..<max(l.inicio[k], fin)])
        CamposFila.limites(de: linea.b, en: &limitesLeidos)
        leer(CamposFila(linea: linea.b, limites: limitesLeidos))
    }
}

/// One rendered CSV line and where each of its fields ends: a field's bytes as the CSV reader
/// gives them (RFC 4180: a quoted field without its quotes, `""` as `"`).
public struct CamposFila {
    let linea: [UInt8]
    let limites: [Int]

    /// Where each field of `linea` (a CSV line without its end) ends, into `limites` (emptied
    /// first): at each comma outside quotes, and at the line's end. A quoted field's `""` toggles
    /// twice, so it never ends one.
    static func limites(de linea: [UInt8], en limites: inout [Int]) {
        // Written in place into room for a field per byte, then cut to the fields found: an
        // append per comma pays the array's uniqueness and capacity checks each time, and a
        // national corte's lookup files split half a million rows.
        let n = linea.count + 1
        if limites.count < n {
            limites.append(contentsOf: repeatElement(0, count: n - limites.count))
        }
        let k = linea.withUnsafeBufferPointer { u in
            limites.withUnsafeMutableBufferPointer { fin in
                var k = 0, entreComillas = false
                for j in 0..<u.count {
                    let c = u[j]
                    if c == 34 { entreComillas.toggle() } else if c == 44, !entreComillas { fin[k] = j; k += 1 }
                }
                fin[k] = u.count
                return k + 1
            }
        }
        limites.removeLast(limites.count - k)
    }

    /// How many fields the line has.
    public var cuantos: Int { limites.count }

    /// Fields `campos` in turn, unquoted, each as bytes valid during its call only: what
    /// `bytesDe` gives, without a slice of the line per field (`recorrerTramos` joining none).
    public func recorrer(_ campos: [Int], _ cuerpo: (_ n: Int, _ campo: UnsafeBufferPointer<UInt8>) -> Void) {
        recorrerTramos(campos, juntos: { _ in false }) { n, _, u in cuerpo(n, u) }
    }

    /// Fields `campos` in turn, unquoted, each as bytes valid during its call only, except that a
    /// run of fields that are neighbours in the line (`k`, `k + 1`, …), unquoted, and each
    /// accepted by `juntos`, comes as one piece, the commas between them included:
    /// `cuerpo(n, cuantos, bytes)`, `n` the position in `campos` of the piece's first field. A
    /// lookup shows a row's numbers as a JSON array, and the CSV's `12,0,7` is that array's text
    /// as it is.
    public func recorrerTramos(_ campos: [Int], juntos: (UnsafeBufferPointer<UInt8>) -> Bool,
                               _ cuerpo: (_ n: Int, _ cuantos: Int, _ campo: UnsafeBufferPointer<UInt8>) -> Void) {
        linea.withUnsafeBufferPointer { u in
            func tramo(_ k: Int) -> (desde: Int, hasta: Int, entreComillas: Bool) {
                let desde = k == 0 ? 0 : limites[k - 1] + 1, hasta = limites[k]
                return (desde, hasta, hasta - desde >= 2 && u[desde] == 34)
            }
            var i = 0
            while i < campos.count {
                let (desde, hasta, entreComillas) = tramo(campos[i])
                if entreComillas {
                    bytesDe(campos[i]).withUnsafeBufferPointer { cuerpo(i, 1, $0) }
                    i += 1
                    continue
                }
                var fin = hasta, j = i + 1
                if juntos(UnsafeBufferPointer(rebasing: u[desde..<hasta])) {
                    while j < campos.count, campos[j] == campos[j - 1] + 1 {
                        let siguiente = tramo(campos[j])
                        guard !siguiente.entreComillas,
                              juntos(UnsafeBufferPointer(rebasing: u[siguiente.desde..<siguiente.hasta])) else { break }
                        fin = siguiente.hasta
                        j += 1
                    }
                }
                cuerpo(i, j - i, UnsafeBufferPointer(rebasing: u[desde..<fin]))
                i = j
            }
        }
    }

    /// Field `k`, unquoted.
    public func bytesDe(_ k: Int) -> ArraySlice<UInt8> {
        let c = linea[(k == 0 ? 0 : limites[k - 1] + 1)..<limites[k]]
        guard c.count >= 2, c.first == 34 else { return c }
        var u: [UInt8] = []
        u.reserveCapacity(c.count - 2)
        var i = c.startIndex + 1
        while i < c.endIndex - 1 {
            u.append(c[i])
            i += c[i] == 34 ? 2 : 1
        }
        return u[...]
    }
}

extension DatosCorte {
    /// The text of this corte's CSV rows, field by field (see `TextoFilasCSV`); `mostrados`: per
    /// table, the header positions read (nil: every field).
    public func textoFilas(mostrados: [[Int]]? = nil) -> TextoFilasCSV { TextoFilasCSV(self, mostrados: mostrados) }
}
