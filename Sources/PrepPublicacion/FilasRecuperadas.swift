import PrepDominio
import PrepSistema

/// Where each acta row of the last corte's CSV lies, found while the start-up reads that corte
/// back, so that the first corte after a restart copies the rows that did not change, like any
/// other corte (`FilasPrevias`), instead of rendering every row again.
///
/// A row is reused only when it is, byte for byte, what this process would render, and the file
/// is the one that was signed:
/// - the last corte's `SHA256` verifies with this daemon's own public key, and names the CSV's
///   SHA-256 (the next corte re-hashes the whole file as it copies from it and falls back to a
///   full rendering when it differs, as it does for its own files);
/// - its manifest names the same `generator` (program and version), the same UTC offset and the
///   same profile (the rows' format and times);
/// - the rows sit one after the other in catálogo order, every expected acta with a row exactly
///   when the table says so, the fuera de catálogo rows last;
/// - the first reused registered row and the first reused pending row, rendered again from the
///   recovered table, equal their bytes in the file (a check of the format, not of every row).
/// Anything else: nil, and that election's CSV is rendered whole at the next corte.
struct MarcasFilas {
    /// Offset of the first acta row in the file (after the preamble and the header).
    let inicioFilas: Int
    private var largos: [Int32]
    private var conFila: [Bool]
    /// Rows that could not be read back: their actas are read again from their items, so their
    /// rows are rendered again from the table.
    private var releer: [Int] = []
    private var cursor: Int
    private var ultima = -1
    private var enFuera = false
    private var sano = true

    init(inicioFilas: Int, cuenta: Int) {
        self.inicioFilas = inicioFilas
        cursor = inicioFilas
        largos = [Int32](repeating: 0, count: cuenta)
        conFila = [Bool](repeating: false, count: cuenta)
    }

    /// The next row of the file: the expected acta `i` of the table (nil: fuera de catálogo) at
    /// `rango`; `legible` false when its figures could not be read back.
    mutating func fila(_ i: Int?, _ rango: Range<Int>, legible: Bool) {
        guard sano else { return }
        guard rango.lowerBound == cursor, rango.count < Int(Int32.max) else { sano = false; return }
        cursor = rango.upperBound
        guard let i else { enFuera = true; return }
        guard !enFuera, i > ultima, i < largos.count else { sano = false; return }
        largos[i] = Int32(rango.count)
        conFila[i] = true
        ultima = i
        if !legible { releer.append(i) }
    }

    /// The rows' places for the next corte's CSV `ruta` (the file's `bytes` and its signed
    /// `sha256`), or nil when this file cannot serve as the previous one (see the type).
    func filas(_ tabla: TablaEleccion, ruta: String, bytes: [UInt8], sha256: HuellaSHA256,
               escritor: EscritorCSV) -> FilasPrevias? {
        guard sano else { return nil }
        let pendientes = escritor.perfil.filasPendientes
        var largos = self.largos
        var posicion = inicioFilas
        var muestras: [(i: Int, desde: Int)] = []
        var registradaVista = false, pendienteVista = false
        let porReleer = Set(releer)
        for i in 0..<largos.count {
            let registrada = tabla.metas[i].registrada
            if porReleer.contains(i) {
                largos[i] = -1 - largos[i]
                posicion += FilasPrevias.largo(largos[i])
                continue
            }
            guard conFila[i] == (registrada || pendientes) else { return nil }
            if conFila[i], registrada ? !registradaVista : !pendienteVista {
                muestras.append((i, posicion))
                if registrada { registradaVista = true } else { pendienteVista = true }
            }
            posicion += Int(largos[i])
        }
        let e = escritor.catalogo.elecciones[tabla.indice]
        let campos = escritor.perfil.encabezado(e).map(\.campo)
        let aplican = e.columnasPorAmbito.mapValues(Set.init)
        let filas = tabla.filas
        for m in muestras {
            var out = Bytes(capacidad: 4096, perfil: escritor.perfil)
            escritor.filaEsperada(&out, filas, m.i, campos: campos, aplican: aplican)
            let hasta = m.desde + Int(largos[m.i])
            guard hasta <= bytes.count, out.b.elementsEqual(bytes[m.desde..<hasta]) else { return nil }
        }
        return FilasPrevias(ruta: ruta, sha256: sha256, bytes: bytes.count, inicioFilas: inicioFilas, largos: largos)
    }

    /// The `SHA256` list of corte `carpeta` (its bytes `lista`), when `SHA256.sig` signs it with
    /// `clave` (signify's embedded form); nil otherwise.
    static func listaFirmada(carpeta: String, lista: [UInt8], clave: ClavePublicaSignify) -> ListaSHA256? {
        guard let firma = try? Directorio.actual.leerTodo(NombreArchivo(carpeta + "/SHA256.sig")),
              let firmado = try? clave.verificarEmbebido(firma), firmado == lista else { return nil }
        return try? ListaSHA256(analizando: lista)
    }
}

extension FilasPrevias {
    /// No previous file: the writer renders every row.
    static let ninguna = FilasPrevias(ruta: "", sha256: nil, bytes: 0, inicioFilas: 0, largos: [])
}
