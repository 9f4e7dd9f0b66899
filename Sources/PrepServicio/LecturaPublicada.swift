import PrepSistema
import PrepSpool

/// Reads from `published_source` (a folder, rsync or HTTPS): the latest published corte's three
/// signed files for the start-up check, and with rsync whole cortes, images and the chain's
/// `SHA256` files for `prep adopt`. Every fetch lands in `destino`, a folder of the spool's `tmp/`;
/// a folder source is read in place (resolved once, so the three files are of one corte even if
/// `current` is swapped meanwhile).
struct LecturaPublicada {
    let fuente: FuentePublicada
    /// How long one rsync or curl may take.
    var plazoNs: Int64 = 60_000_000_000

    /// Why the source could not be read: the one line the log or the refusal quotes.
    struct Fallo: Error, CustomStringConvertible {
        let description: String
    }

    /// The folder holding the latest corte's `manifest.json`, `SHA256` and `SHA256.sig`: the
    /// source itself (resolved) for a folder, else a copy in `destino`.
    func ultimo(destino: String) throws(Fallo) -> String {
        let archivos = ["manifest.json", "SHA256", "SHA256.sig"]
        switch fuente {
        case .carpeta(let c):
            do { return try Directorio.rutaReal(c) } catch { throw Fallo(description: "cannot read \(c): \(error.errno)") }
        case .rsync(let s):
            try limpiar(destino)
            try ejecutar(["/usr/bin/rsync", "-L", "--timeout=30"] + archivos.map { s + "/" + $0 } + [destino + "/"])
        case .https(let url):
            try limpiar(destino)
            let base = String(url.dropLast("manifest.json".count))
            for a in archivos {
                try ejecutar(["/usr/bin/curl", "-fsS", "--proto", "=https", "--max-time", "30", "-o", destino + "/" + a, base + a])
            }
        }
        return destino
    }

    /// The rsync form of the source (a folder is given to rsync as it is): `prep adopt` copies
    /// whole cortes with it; HTTPS has no listing of cortes and images, so it cannot.
    func rutaRsync() throws(Fallo) -> String {
        switch fuente {
        case .carpeta(let c): return c
        case .rsync(let s): return s
        case .https(let url):
            throw Fallo(description: "\(url): prep adopt copies whole cortes and images with rsync; give it --from with a folder or an rsync source of the same corte (the web host's current)")
        }
    }

    /// `rsync -a -L ARGS…` (hidden names — cortes and copies still being written — left out).
    func rsync(_ args: [String]) throws(Fallo) {
        try ejecutar(["/usr/bin/rsync", "-a", "-L", "--timeout=30", "--exclude=.*"] + args)
    }

    func limpiar(_ carpeta: String) throws(Fallo) {
        do {
            try Directorio.actual.borrarArbol(NombreArchivo(carpeta))
            try Directorio.actual.crearCarpetas(NombreArchivo(carpeta))
        } catch { throw Fallo(description: "cannot prepare \(carpeta): \(error)") }
    }

    /// Runs a fetch to its end within `plazoNs`; its last error line names the failure.
    func ejecutar(_ argumentos: [String]) throws(Fallo) {
        let programa = argumentos[0]
        guard Directorio.actual.existe(NombreArchivo(programa)) else {
            throw Fallo(description: "\(programa) is not installed (it reads published_source \(fuente))")
        }
        var tubo: TuboCaptura
        do { tubo = try TuboCaptura() } catch { throw Fallo(description: "cannot run \(programa): \(error)") }
        defer { tubo.cerrar() }
        let p: ProcesoHijo
        do { p = try ProcesoHijo.lanzar(argumentos, errorEstandar: tubo.escritura) } catch {
            throw Fallo(description: "cannot run \(programa): \(error)")
        }
        tubo.cerrarEscritura()
        var fin = p.esperar(plazoNs: plazoNs) { tubo.drenar() }
        if fin == nil { fin = p.terminar(graciaNs: 1_000_000_000) { tubo.drenar() } }
        tubo.drenar()
        guard let fin, fin.exito else {
            let linea = tubo.ultimaLinea.map { ": \($0)" } ?? ""
            throw Fallo(description: "\(programa.split(separator: "/").last ?? "") \(fin?.description ?? "timed out") reading \(fuente)\(linea)")
        }
    }
}
