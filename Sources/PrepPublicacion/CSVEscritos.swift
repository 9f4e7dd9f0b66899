import Synchronization
import PrepSistema

/// The CSVs a corte has written, for readers planned before they existed. The site's lookup
/// files show each acta's fields as its CSV row has them; when the corte's builder has written the
/// CSVs (it fills this after the CSVs and before the site's files), they read those rows from the
/// files the corte signs instead of rendering each row a second time. Empty until then, and for a
/// corte made any other way: readers then render the rows (`TextoFilasCSV`), to the same bytes.
public final class CSVEscritos: Sendable {
    private let tablas = Mutex<[CSVEscrito?]>([])

    public init() {}

    /// Table `t`'s CSV as written, by `DatosCorte.tablas` index.
    func fijar(_ escritos: [CSVEscrito?]) {
        tablas.withLock { $0 = escritos }
    }

    func csv(_ t: Int) -> CSVEscrito? {
        tablas.withLock { t < $0.count ? $0[t] : nil }
    }
}

/// One election's CSV as written: its path and where each expected acta's row lies in it. It
/// holds the writer's own row lengths (the array the next corte keeps anyway, not a copy) and the
/// offset of every 64th row: an offset per row would be megabytes at national scale.
struct CSVEscrito: Sendable {
    let ruta: String
    let largos: [Int32]
    /// Offset of rows 0, 64, 128… (and of the end, when the count is a multiple of 64).
    let marcas: [Int]
    static let paso = 64

    /// From what the writer returned (`FilasPrevias` of the file just written), the file at `ruta`.
    init(ruta: String, filas: FilasPrevias) {
        self.ruta = ruta
        largos = filas.largos
        var marcas: [Int] = []
        marcas.reserveCapacity(filas.largos.count / Self.paso + 1)
        var o = filas.inicioFilas
        for (i, l) in filas.largos.enumerated() {
            if i % Self.paso == 0 { marcas.append(o) }
            o += FilasPrevias.largo(l)
        }
        if filas.largos.count % Self.paso == 0 { marcas.append(o) }
        self.marcas = marcas
    }

    /// Where row i starts (i == count: where the last row ends).
    func inicio(_ i: Int) -> Int {
        var o = marcas[i / Self.paso]
        for j in (i / Self.paso * Self.paso)..<i { o += FilasPrevias.largo(largos[j]) }
        return o
    }

    /// Rows `desde...hasta` read in one `pread`, or nil when they span more than `maximo` bytes or
    /// cannot be read (the caller renders them).
    func leer(desde: Int, hasta: Int, maximo: Int = 4 << 20) -> FilasLeidas? {
        guard desde >= 0, desde <= hasta, hasta < largos.count else { return nil }
        let a = inicio(desde)
        var relativos = [0]
        relativos.reserveCapacity(hasta - desde + 2)
        for i in desde...hasta { relativos.append(relativos[relativos.count - 1] + FilasPrevias.largo(largos[i])) }
        let n = relativos[relativos.count - 1]
        guard n <= maximo, let f = try? FileDescriptor.cwd.abrir(ruta, [.soloLectura]) else { return nil }
        defer { try? f.cerrar() }
        guard let bytes = try? f.leer(n, desde: a), bytes.count == n else { return nil }
        return FilasLeidas(desde: desde, inicio: relativos, bytes: bytes)
    }
}

/// A stretch of one CSV's rows, read from the file: row `desde + k` is `bytes[inicio[k]..<inicio[k + 1]]`.
struct FilasLeidas: Sendable {
    let desde: Int
    let inicio: [Int]
    let bytes: [UInt8]

    /// Whether row i is held, and not empty.
    func tiene(_ i: Int) -> Bool {
        let k = i - desde
        return k >= 0 && k + 1 < inicio.count && inicio[k + 1] > inicio[k]
    }
}
