import PrepDominio

/// A corte's `SHA256` file: BSD-tag lines `SHA256 (path) = lowercase hex`, sorted by path (byte
/// order), one per file of the corte other than `SHA256` and `SHA256.sig`, no comments. The form
/// `signify -C` and `sha256sum -c` both read.
public struct ListaSHA256: Hashable, Sendable {
    /// Path → digest.
    public let entradas: [String: HuellaSHA256]

    public init(entradas: [String: HuellaSHA256]) { self.entradas = entradas }

    /// Paths in the file's order.
    /// (Each path's bytes are taken once, not at each comparison: a national corte lists 6,200.)
    public var rutas: [String] {
        entradas.keys.map { (bytes: Array($0.utf8), ruta: $0) }
            .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }.map(\.ruta)
    }

    /// The file's bytes (LF line ends, as `sha256sum --tag` writes them).
    public var bytes: [UInt8] {
        var s: [UInt8] = []
        s.reserveCapacity(entradas.count * 120)
        for r in rutas {
            guard let h = entradas[r] else { continue }
            s += "SHA256 (".utf8
            s += r.utf8
            s += ") = ".utf8
            h.anexarHex(&s)
            s.append(10)
        }
        return s
    }

    /// Whether a path may appear in the list: relative, no `..`/`.` components, no `)` (signify's
    /// parser stops there), no control characters, no empty components.
    public static func rutaValida(_ r: String) -> Bool {
        guard !r.isEmpty, !r.hasPrefix("/"), !r.utf8.contains(where: { $0 < 32 || $0 == 41 || $0 == 127 }) else { return false }
        return r.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != "" && $0 != "." && $0 != ".." }
    }

    /// Parses and checks a list: grammar, valid paths, lowercase 64-hex digests, strictly sorted.
    public init(analizando bytes: [UInt8]) throws(ErrorVerificacion) {
        var e: [String: HuellaSHA256] = [:]
        var anterior: [UInt8]?
        let lineas = bytes.split(separator: 10, omittingEmptySubsequences: false)
        guard bytes.last == 10 else { throw .lista("SHA256 does not end with a newline") }
        for (n, l) in lineas.dropLast().enumerated() {
            let linea = String(decoding: l, as: UTF8.self)
            guard linea.hasPrefix("SHA256 ("), let cierre = linea.range(of: ") = ", options: .backwards) else {
                throw .lista("SHA256 line \(n + 1): not 'SHA256 (path) = hex'")
            }
            let ruta = String(linea[linea.index(linea.startIndex, offsetBy: 8)..<cierre.lowerBound])
            guard Self.rutaValida(ruta) else { throw .lista("SHA256 line \(n + 1): unsafe path '\(ruta)'") }
            let huella: HuellaSHA256
            do { huella = try HuellaSHA256(hex: linea[cierre.upperBound...]) } catch { throw .lista("SHA256 line \(n + 1): \(error)") }
            let r = Array(ruta.utf8)
            if let anterior, !anterior.lexicographicallyPrecedes(r) {
                throw .lista("SHA256 line \(n + 1): paths not sorted or repeated ('\(ruta)')")
            }
            anterior = r
            e[ruta] = huella
        }
        entradas = e
    }
}
