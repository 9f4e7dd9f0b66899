import PrepDominio
import PrepSistema

/// The take's confirmations under way: full stretches of taken drops handed to
/// `Spool.comprobadores` (the other cores) while the loop goes on renaming, and the last, short
/// one checked by the loop itself once it has nothing else to do; collected once the last drop is
/// taken. A live batch (a few drops) is never handed off: the loop would only wait for another
/// thread to wake up, and for whatever else that core is running. Owned by the loop for one
/// batch's take.
struct ComprobacionesToma {
    /// Taken drops per stretch: enough to be worth a hand-off, few enough that the other cores
    /// start while the loop is still renaming.
    static let tanda = 256
    let hilos: HilosTrabajo
    let tmp: Directorio
    private var tandas: [Tanda] = []
    /// How many taken drops were handed on or checked so far (in the order they were taken).
    private(set) var enviados = 0

    private enum Tanda {
        case enCurso(Encargo<Result<Bool, ErrorSistema>>)
        case hecha([Result<Bool, ErrorSistema>])
    }

    init(hilos: HilosTrabajo, tmp: Directorio) {
        self.hilos = hilos
        self.tmp = tmp
    }

    /// Hands the drops taken since the last call on (each with its scratch name).
    mutating func enviar(_ tomados: [(DropValido, NombreArchivo)]) {
        guard !tomados.isEmpty else { return }
        let tmp = self.tmp
        tandas.append(.enCurso(hilos.encargar(tomados.count) { k in Spool.comprobarTomado(tomados[k].0, tomados[k].1, en: tmp) }))
        enviados += tomados.count
    }

    /// Checks the drops taken since the last call here, on the loop.
    mutating func comprobarAqui(_ tomados: [(DropValido, NombreArchivo)]) {
        guard !tomados.isEmpty else { return }
        tandas.append(.hecha(tomados.map { Spool.comprobarTomado($0.0, $0.1, en: tmp) }))
        enviados += tomados.count
    }

    /// Waits for every confirmation (running those not begun yet) and gives the indices, in the
    /// order taken, of the drops that are not the file that was checked. The first I/O error
    /// other than a file's own disappearance is thrown.
    func distintos() throws(ErrorSistema) -> [Int] {
        var r: [Int] = []
        var i = 0
        for t in tandas {
            let resultados: [Result<Bool, ErrorSistema>]
            switch t {
            case .enCurso(let e): resultados = e.esperar()
            case .hecha(let x): resultados = x
            }
            for x in resultados {
                if !(try x.get()) { r.append(i) }
                i += 1
            }
        }
        return r
    }
}

extension Spool {
    /// Whether the drop taken as `nombre` in `tmp` is still the file `d` was checked as: read
    /// from a descriptor whose stat is the checked one, no more than the checked size (and one
    /// byte to see growth), its SHA-256 the checked one. A file gone is a no, not an error.
    nonisolated static func comprobarTomado(_ d: DropValido, _ nombre: NombreArchivo, en tmp: Directorio) -> Result<Bool, ErrorSistema> {
        func uno() throws(ErrorSistema) -> Bool {
            let f = try tmp.abrirLectura(nombre)
            defer { try? f.cerrar() }
            let e: Estado
            do { e = try f.estado() } catch { throw ErrorSistema("fstat", tmp.rutaDe(nombre), error) }
            // One name only: a link made between the check and the take would be a path to
            // the item's file that the writer keeps.
            guard Spool.mismoArchivo(e, d.estado), e.tipo == .regular, e.enlaces == 1 else { return false }
            Spool.cerrarTomado(f, e)
            // At most the checked size plus one byte: a file grown since (its writer still
            // holds it) is a changed drop, never hashed to its new end.
            let digest: HuellaSHA256, lectura: LecturaAcotada
            (digest, lectura) = try SHA256.deArchivo(f, maximo: d.estado.tamano, ruta: tmp.rutaDe(nombre))
            return !lectura.masAllaDelLimite && lectura.bytes == d.estado.tamano && digest == d.sha256
        }
        do throws(ErrorSistema) { return .success(try uno()) } catch {
            switch error.errno {
            case .noSuchFile, .loop, .permissionDenied, .notPermitted: return .success(false)
            default: return .failure(error)
            }
        }
    }
}
