import PrepDominio
import PrepSistema

/// Bad configuration: `file:line: reason`.
public struct FalloConfiguracion: Error, CustomStringConvertible, Equatable {
    public let archivo: String
    public let linea: Int
    public let razon: String
    /// `archivo` empty: a reason about no file in particular.
    public init(archivo: String, linea: Int, razon: String) {
        self.archivo = archivo
        self.linea = linea
        self.razon = razon
    }
    public var description: String {
        archivo.isEmpty ? razon : linea > 0 ? "\(archivo):\(linea): \(razon)" : "\(archivo): \(razon)"
    }
}

/// How `prep.conf` is read (SPEC §9): `key = value` lines and `#` comments, each key at most once,
/// relative paths resolved against the file's folder. What the keys are is a table of
/// `ClaveConfiguracion` (the spool's, `ConfiguracionSpool.claves`, inside the service's); this
/// reads any such table.
public enum ArchivoConfiguracion {
    /// The UTF-8 text of the file at `ruta`. `comprobar` (the daemon's) may refuse the file by its
    /// stat, taken from the descriptor it is read through.
    public static func leer(_ ruta: String, comprobar: ((String, Estado) throws(FalloConfiguracion) -> Void)? = nil)
        throws(FalloConfiguracion) -> String {
        let bytes: [UInt8]
        do {
            let fd = try FileDescriptor.cwd.abrir(ruta, .soloLectura)
            defer { try? fd.cerrar() }
            if let comprobar {
                let e: Estado
                do { e = try fd.estado() } catch { throw ErrorSistema("stat", ruta, error) }
                try comprobar(ruta, e)
            }
            bytes = try Directorio.leer(fd, maximo: 1 << 20, ruta: ruta)
        } catch let f as FalloConfiguracion {
            throw f
        } catch let e as ErrorSistema {
            throw FalloConfiguracion(archivo: ruta, linea: 0, razon: "cannot read: \(e.errno)")
        } catch {
            throw FalloConfiguracion(archivo: ruta, linea: 0, razon: "cannot read: \(error)")
        }
        guard let texto = String(validating: bytes, as: UTF8.self) else {
            throw FalloConfiguracion(archivo: ruta, linea: 0, razon: "not UTF-8 text")
        }
        return texto
    }

    /// Reads config text into `c` with the keys of `claves`; `archivo` names it in errors and gives
    /// the folder for relative paths.
    public static func analizar<C>(_ texto: String, archivo: String, claves: [ClaveConfiguracion<C>],
                                   en c: inout C) throws(FalloConfiguracion) {
        let carpeta = carpetaDe(archivo)
        var vistas: Set<String> = []
        var numero = 0
        for lineaSub in texto.split(separator: "\n", omittingEmptySubsequences: false) {
            numero += 1
            func fallo(_ r: String) -> FalloConfiguracion { FalloConfiguracion(archivo: archivo, linea: numero, razon: r) }
            var linea = Substring(lineaSub)
            if linea.hasSuffix("\r") { linea = linea.dropLast() }
            let limpia = recortar(linea)
            if limpia.isEmpty || limpia.hasPrefix("#") { continue }
            guard let igual = limpia.firstIndex(of: "=") else { throw fallo("expected 'key = value'") }
            let clave = recortar(limpia[..<igual])
            let valor = recortar(limpia[limpia.index(after: igual)...])
            if let almohadilla = comentarioEnLinea(valor) {
                throw fallo("\(clave): inline comment in '\(valor)': '#' starts a comment only at the start of a line; write '\(clave) = \(recortar(valor[..<almohadilla]))' and put the comment on a line of its own")
            }
            guard !vistas.contains(clave) else { throw fallo("key '\(clave)' given twice") }
            vistas.insert(clave)
            guard let k = claves.first(where: { $0.nombre == clave }) else {
                if let parecida = parecida(clave, entre: claves.map(\.nombre)) { throw fallo("unknown key '\(clave)'; did you mean '\(parecida)'?") }
                throw fallo("unknown key '\(clave)'")
            }
            if let razon = k.leer(&c, valor, carpeta) { throw fallo(razon) }
        }
    }

    /// The known key closest to a mistyped one (at most two edits, or one in three letters away
    /// for short keys); nil when none is that close.
    static func parecida(_ clave: String, entre nombres: [String]) -> String? {
        let a = Array(clave.lowercased().utf8)
        let mejor = nombres.map { ($0, distancia(a, Array($0.utf8))) }.min { $0.1 < $1.1 }
        guard let (k, d) = mejor, k != clave, d <= max(1, min(2, a.count / 3)) else { return nil }
        return k
    }

    /// Levenshtein distance.
    static func distancia(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previa = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var fila = [i + 1]
            for (j, y) in b.enumerated() { fila.append(min(previa[j + 1] + 1, fila[j] + 1, previa[j] + (x == y ? 0 : 1))) }
            previa = fila
        }
        return previa[b.count]
    }

    /// `1048576`, `512K`, `50M`, `1G` → bytes.
    public static func tamano(_ s: String) -> Int? {
        let digitos = s.prefix { $0.isASCII && $0.isNumber }
        guard !digitos.isEmpty, digitos.count <= 12, let n = Int(digitos) else { return nil }
        switch s.dropFirst(digitos.count) {
        case "": return n
        case "K": return n << 10
        case "M": return n << 20
        case "G": return n << 30
        default: return nil
        }
    }

    /// `-06:00`, `+05:30`, `Z` → minutes.
    public static func desfase(_ s: String) -> Int? {
        if s == "Z" || s == "+00:00" || s == "-00:00" { return 0 }
        let u = Array(s.utf8)
        guard u.count == 6, u[0] == 43 || u[0] == 45, u[3] == 58,
              let h = Int(String(decoding: u[1..<3], as: UTF8.self)), let m = Int(String(decoding: u[4..<6], as: UTF8.self)),
              u[1...2].allSatisfy({ (48...57).contains($0) }), u[4...5].allSatisfy({ (48...57).contains($0) }),
              h <= 14, m < 60 else { return nil }
        return (h * 60 + m) * (u[0] == 45 ? -1 : 1)
    }

    /// Where `valor` has an inline comment (`2s # default`): a `#` after a space or tab.
    static func comentarioEnLinea(_ valor: String) -> String.Index? {
        var anterior: Character = "x"
        for i in valor.indices {
            if valor[i] == "#", anterior == " " || anterior == "\t" { return i }
            anterior = valor[i]
        }
        return nil
    }

    /// The folder of the file `archivo` (`.` for a bare name).
    public static func carpetaDe(_ archivo: String) -> String {
        guard let barra = archivo.lastIndex(of: "/") else { return "." }
        let c = String(archivo[..<barra])
        return c.isEmpty ? "/" : c
    }

    /// `ruta` as written in a config file in `carpeta`.
    public static func resolver(_ ruta: String, en carpeta: String) -> String {
        if ruta.hasPrefix("/") { return ruta }
        return carpeta == "." ? ruta : carpeta + "/" + ruta
    }

    static func recortar(_ s: Substring) -> String {
        String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
