import PrepDominio
import PrepSistema

/// A corte being written under `cortes/.NAME.partial/`: what its signed list will name, the
/// folders made in it (each fsynced before the rename that publishes it), and the files the next
/// corte may link to (`ArchivosPrevios`: every file but the CSVs and the signed list).
///
/// Owned by the one `publicarEntero` call that builds the corte, on the corte worker.
struct CorteEnObra {
    /// `cortes/.NAME.partial`.
    let parcial: String
    /// The last corte's files as written, to link the unchanged ones.
    let previo: ArchivosPrevios?
    /// Every file written so far by its path inside the corte, with its SHA-256.
    private(set) var hashes: [String: HuellaSHA256] = [:]
    /// Every folder made, the corte's own included.
    private(set) var carpetas: Set<String>
    /// The files the next corte may link to.
    private(set) var hechos: [String: ArchivosPrevios.Archivo] = [:]
    /// How many of them are links to the previous corte's.
    private(set) var enlazados = 0
    /// How many pieces of files made of pieces were copied from the previous corte's files.
    private(set) var piezasCopiadas = 0

    /// Starts the corte afresh: a partial folder left by a crash is removed first.
    init(parcial: String, previo: ArchivosPrevios?) throws(ErrorSistema) {
        self.parcial = parcial
        self.previo = previo
        try Directorio.actual.borrarArbol(NombreArchivo(parcial))
        try Directorio.actual.crearCarpeta(NombreArchivo(parcial))
        try Directorio.actual.crearCarpeta(NombreArchivo(parcial + "/datos"))
        carpetas = [parcial, parcial + "/datos"]
    }

    /// Records a file put into the corte (written or linked).
    mutating func anotar(_ h: ArchivosPrevios.Hecho) {
        hashes[h.ruta] = h.archivo.sha256
        hechos[h.ruta] = h.archivo
        if h.enlazado { enlazados += 1 }
        piezasCopiadas += h.copiadas
    }

    /// Records a file the next corte must not link to (an election's CSV: its rows are reused
    /// instead, `FilasPrevias`).
    mutating func anotarSinEnlace(_ ruta: String, _ sha256: HuellaSHA256) {
        hashes[ruta] = sha256
    }

    /// Writes `bytes` at `ruta`, fsynced, or links the previous corte's file when it has these
    /// very bytes at the same path.
    mutating func escribir(_ ruta: String, _ bytes: [UInt8]) throws(ErrorSistema) {
        anotar(try ArchivosPrevios.poner(ruta, bytes, sha256: SHA256.resumen(bytes), en: parcial, previo: previo, sincronizar: true))
    }

    /// Makes the folder `ruta` (inside the corte) unless it was made already.
    mutating func crearCarpeta(_ ruta: String) throws(ErrorSistema) {
        let carpeta = parcial + "/" + ruta
        guard !carpetas.contains(carpeta) else { return }
        try Directorio.actual.crearCarpeta(NombreArchivo(carpeta))
        carpetas.insert(carpeta)
    }

    /// Makes every folder on the way to the file `ruta`.
    mutating func crearCarpetas(para ruta: String) throws(ErrorSistema) {
        var camino = ""
        for parte in ruta.split(separator: "/").dropLast() {
            camino += (camino.isEmpty ? "" : "/") + parte
            try crearCarpeta(camino)
        }
    }
}
