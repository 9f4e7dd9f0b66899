import PrepDominio
import PrepSistema

/// Where the pieces of the last corte's files lie (`ArchivosPrevios.Archivo.limites`), kept beside
/// the cortes in `publish/piezas`, so that the first corte after a restart copies the unchanged
/// pieces of the pages and lookup files like any next corte instead of making every piece again.
/// Those places are known only to the process that made the files; nothing in the published
/// bytes says where one acta's row ends.
///
/// The file is the daemon's own: never published, never signed, not fsynced. Anything wrong with
/// it costs speed, never a byte of a corte:
/// - it is read only when it names the corte read back at start and that corte's `SHA256` list
///   digest, so a file left from an earlier corte (a crash between the corte's rename and this
///   file's) is ignored;
/// - its last line is the SHA-256 of every byte before it, so a torn or damaged file is ignored;
/// - a file's places are taken only when they name the SHA-256 that the signed list gives for it
///   and that its bytes were hashed to again at start (`ArchivosPrevios.recuperar`);
/// - `ArchivosPrevios.piezas` still checks, before each copy, that the places fit the file.
/// So a copied piece is always bytes of the signed corte, cut where the process that made it cut.
///
/// Lines of text, so that `head -3` says what it is, each file's places after its line as
/// little-endian 32-bit offsets (`limites` as the builder holds them: writing and reading them
/// is a copy, where decimal text cost 40 ms a national corte):
///
///     prep-piezas 1
///     corte 000042_20240602_2215
///     lista <SHA-256 of the corte's SHA256 file>
///     <path> <SHA-256 of the file> <count of places>   then that many offsets, 4 bytes each
///     …
///     fin <SHA-256 of every byte before this line>
enum PiezasGuardadas {
    /// The file, in `publish/`.
    static let archivo = "piezas"
    /// Written whole under this name, then renamed over `archivo`; a leftover is removed at start.
    static let temporal = ".piezas.tmp"
    static let version = "prep-piezas 1"

    /// What `bytes` writes for each file: its digest and its pieces' places.
    typealias Lugares = [String: (sha256: HuellaSHA256, limites: [Int32])]

    /// The file's bytes for corte `corte`, whose `SHA256` list has digest `lista`: an entry for
    /// each of `archivos` made of pieces, in path order.
    static func bytes(corte: NombreCorte, lista: HuellaSHA256, archivos: [String: ArchivosPrevios.Archivo]) -> [UInt8] {
        let conPiezas = archivos.compactMap { ruta, a in
            a.limites.flatMap { valida(ruta) ? (ruta: ruta, sha256: a.sha256, limites: $0) : nil }
        }.sorted { $0.ruta < $1.ruta }
        var b = Bytes(capacidad: conPiezas.reduce(256) { $0 + $1.ruta.utf8.count + 80 + 4 * $1.limites.count })
        b.crlf = false
        b.texto(version); b.finLinea()
        b.texto("corte "); b.texto(corte.description); b.finLinea()
        b.texto("lista "); lista.anexarHex(&b.b); b.finLinea()
        for (ruta, sha256, limites) in conPiezas {
            b.texto(ruta); b.byte(32)
            sha256.anexarHex(&b.b)
            b.byte(32); b.entero(limites.count); b.finLinea()
            anexar(limites, a: &b.b)
        }
        let suma = SHA256.resumen(b.b)
        b.texto("fin "); suma.anexarHex(&b.b); b.finLinea()
        return b.b
    }

    /// `limites` as little-endian 32-bit words.
    private static func anexar(_ limites: [Int32], a b: inout [UInt8]) {
        #if _endian(little)
        limites.withUnsafeBytes { b.append(contentsOf: $0) }
        #else
        for l in limites { withUnsafeBytes(of: l.littleEndian) { b.append(contentsOf: $0) } }
        #endif
    }

    /// Writes the file for the corte just made (`carpeta`: `publish/`), replacing the last one.
    static func guardar(en carpeta: String, corte: NombreCorte, lista: HuellaSHA256,
                        archivos: [String: ArchivosPrevios.Archivo]) throws(ErrorSistema) {
        let d = Directorio.actual
        let temporal = NombreArchivo(carpeta + "/" + Self.temporal)
        try? d.borrar(temporal)
        try d.escribirArchivo(temporal, bytes(corte: corte, lista: lista, archivos: archivos), permisos: 0o640)
        try d.renombrar(temporal, a: d, NombreArchivo(carpeta + "/" + archivo), modo: .reemplazando)
    }

    /// The places in `b` when it is a whole file of this version for corte `corte` with list
    /// digest `lista`; nil otherwise.
    static func leer(_ b: [UInt8], corte: NombreCorte, lista: HuellaSHA256) -> Lugares? {
        // The last line: "fin " and 64 hex digits, over every byte before it.
        let largoFin = 4 + 64 + 1
        guard b.count > largoFin, b[b.count - largoFin..<b.count - largoFin + 4].elementsEqual("fin ".utf8), b.last == 10,
              let suma = try? HuellaSHA256(hex: b[b.count - largoFin + 4..<b.count - 1]),
              suma == SHA256.resumen(Array(b[..<(b.count - largoFin)])) else { return nil }
        var lector = Lector(b: b, fin: b.count - largoFin)
        guard lector.linea()?.elementsEqual(version.utf8) == true,
              lector.linea()?.elementsEqual(("corte " + corte.description).utf8) == true,
              let l = lector.linea(), l.starts(with: "lista ".utf8), (try? HuellaSHA256(hex: l.dropFirst(6))) == lista
        else { return nil }
        var lugares: Lugares = [:]
        while lector.i < lector.fin {
            guard let linea = lector.linea() else { return nil }
            let campos = linea.split(separator: 32, omittingEmptySubsequences: false)
            guard campos.count == 3, let sha256 = try? HuellaSHA256(hex: campos[1]),
                  let n = LectorCSV.natural(campos[2], digitos: 9), let limites = lector.enteros(n) else { return nil }
            lugares[String(decoding: campos[0], as: UTF8.self)] = (sha256, limites)
        }
        return lugares
    }

    /// Reads `b` up to `fin`: lines, and offsets after them.
    private struct Lector {
        let b: [UInt8]
        let fin: Int
        var i = 0

        init(b: [UInt8], fin: Int) {
            self.b = b
            self.fin = fin
        }

        /// The next line without its line feed; nil when none ends before `fin`.
        mutating func linea() -> ArraySlice<UInt8>? {
            guard let lf = b[i..<fin].firstIndex(of: 10) else { return nil }
            defer { i = lf + 1 }
            return b[i..<lf]
        }

        /// The next `n` little-endian 32-bit words; nil when fewer are left before `fin`.
        mutating func enteros(_ n: Int) -> [Int32]? {
            guard n <= (fin - i) / 4 else { return nil }
            let desde = i
            i += 4 * n
            return [Int32](unsafeUninitializedCapacity: n) { destino, cuantos in
                b.withUnsafeBytes { origen in
                    for k in 0..<n { destino[k] = Int32(littleEndian: origen.loadUnaligned(fromByteOffset: desde + 4 * k, as: Int32.self)) }
                }
                cuantos = n
            }
        }
    }

    /// Gives `previo`'s files (read back at start from corte `corte`, list digest `lista`) the
    /// places `publish/piezas` holds for them, where it is this corte's and names the same bytes.
    /// Nothing when the file is missing, another corte's, or damaged: every piece is then made.
    static func recuperar(carpeta: String, corte: NombreCorte, lista: HuellaSHA256, en previo: inout ArchivosPrevios) {
        guard let b = try? Directorio.actual.leerTodo(NombreArchivo(carpeta + "/" + archivo)),
              let lugares = leer(b, corte: corte, lista: lista) else { return }
        for (ruta, l) in lugares where previo.archivos[ruta]?.sha256 == l.sha256 {
            previo.archivos[ruta]?.limites = l.limites
        }
    }

    /// A path a line can carry: no space, no line feed.
    private static func valida(_ ruta: String) -> Bool { !ruta.utf8.contains(32) && !ruta.utf8.contains(10) && !ruta.isEmpty }
}
