import PrepSistema

/// Reads back what a page of the site shows: its hooked figures (docs/sitio.md) and the rows of
/// its acta tables, from the bytes `MaquetadorSitio` wrote. The page checker's only reader of
/// markup, so a change of layout changes one place.
enum LecturaPagina {
    /// One hooked figure: `data-GANCHO="CLAVE"` and the text of its element.
    struct Cifra: Equatable {
        /// `campo`, `votos`, `porcentaje`, `votos-candidatura`, `porcentaje-candidatura`.
        let gancho: String
        let clave: String
        let texto: String
    }

    /// One row of an acta table: key, estado, CONTABILIZADA and CODIGO_INTEGRIDAD as shown.
    struct Acta: Equatable {
        let clave: String
        let estado: String
        let contabilizada: String
        let codigo: String
    }

    static let ganchos: Set<String> = ["campo", "votos", "porcentaje", "votos-candidatura", "porcentaje-candidatura"]

    /// Every hooked figure of `html`, in page order.
    static func cifras(_ html: ArraySlice<UInt8>) -> [Cifra] {
        var r: [Cifra] = []
        var i = html.startIndex
        let prefijo = Array("data-".utf8)
        while let k = buscar(prefijo, en: html, desde: i) {
            i = k + prefijo.count
            guard let igual = html[i...].firstIndex(of: 61) else { break }  // '='
            let nombre = texto(html[i..<igual])
            guard ganchos.contains(nombre), igual + 1 < html.endIndex, html[igual + 1] == 34 else { continue }  // '"'
            guard let finValor = html[(igual + 2)...].firstIndex(of: 34),
                  let abre = html[finValor...].firstIndex(of: 62),  // '>'
                  let cierra = html[abre...].firstIndex(of: 60)  // '<'
            else { break }
            r.append(Cifra(gancho: nombre, clave: texto(html[(igual + 2)..<finValor]), texto: texto(html[(abre + 1)..<cierra])))
            i = cierra
        }
        return r
    }

    /// One entry of a list by votes (`<ol class="lideres">`): the hook of its votes, their text,
    /// and whether it is marked first in words.
    struct Puesto: Equatable {
        let clave: String
        let votos: String
        let primero: Bool
    }

    /// Every list by votes of `html`, in page order.
    static func listas(_ html: ArraySlice<UInt8>) -> [[Puesto]] {
        var r: [[Puesto]] = []
        let inicio = Array("<ol class=\"lideres".utf8), fin = Array("</ol>".utf8), item = Array("<li".utf8)
        let marca = Array("class=\"primero\"".utf8)
        var i = html.startIndex
        while let o = buscar(inicio, en: html, desde: i) {
            let hasta = buscar(fin, en: html, desde: o) ?? html.endIndex
            var puestos: [Puesto] = []
            var j = o + inicio.count
            while let li = buscar(item, en: html[..<hasta], desde: j) {
                let siguiente = buscar(item, en: html[..<hasta], desde: li + item.count) ?? hasta
                let parte = html[li..<siguiente]
                if let v = cifras(parte).first(where: { $0.gancho == "votos" || $0.gancho == "votos-candidatura" }) {
                    puestos.append(Puesto(clave: v.clave, votos: v.texto, primero: buscar(marca, en: parte, desde: parte.startIndex) != nil))
                }
                j = siguiente
            }
            r.append(puestos)
            i = hasta
        }
        return r
    }

    /// The columns the votes tables (`<table class="votos">`) of `html` list; nil when it has none.
    /// A part that has one must list every column with votes: the short lists by votes need not.
    static func columnasDeTablas(_ html: ArraySlice<UInt8>) -> Set<String>? {
        let tabla = Array("<table class=\"votos\">".utf8), fin = Array("</table>".utf8)
        var r: Set<String>?
        var i = html.startIndex
        while let t = buscar(tabla, en: html, desde: i) {
            let hasta = buscar(fin, en: html, desde: t) ?? html.endIndex
            let columnas = cifras(html[t..<hasta]).filter { $0.gancho == "votos" }.map(\.clave)
            if !columnas.isEmpty { r = (r ?? []).union(columnas) }
            i = hasta
        }
        return r
    }

    /// The rows of every acta table (`<table class="actas">`) of `html`.
    static func actas(_ html: ArraySlice<UInt8>) -> [Acta] {
        var r: [Acta] = []
        let tabla = Array("<table class=\"actas\">".utf8), fin = Array("</table>".utf8)
        let fila = Array("<tr><th scope=\"row\">".utf8)
        var i = html.startIndex
        while let t = buscar(tabla, en: html, desde: i) {
            let hasta = buscar(fin, en: html, desde: t) ?? html.endIndex
            var j = t
            while let f = buscar(fila, en: html[..<hasta], desde: j) {
                let finFila = buscar(Array("</tr>".utf8), en: html[..<hasta], desde: f) ?? hasta
                let celdas = celdasDe(html[(f + fila.count)..<finFila])
                if celdas.count == 6 {
                    r.append(Acta(clave: celdas[0], estado: celdas[1], contabilizada: celdas[3], codigo: celdas[5]))
                }
                j = finFila
            }
            i = hasta
        }
        return r
    }

    /// The text of each cell of a row (from just after its `<th …>`), tags inside a cell dropped.
    private static func celdasDe(_ b: ArraySlice<UInt8>) -> [String] {
        var celdas: [String] = []
        var actual: [UInt8] = []
        var i = b.startIndex
        while i < b.endIndex {
            if b[i] == 60, let cierre = b[i...].firstIndex(of: 62) {  // a tag
                let etiqueta = b[i...cierre]
                if etiqueta.starts(with: Array("</th".utf8)) || etiqueta.starts(with: Array("</td".utf8)) {
                    celdas.append(texto(actual[...]))
                    actual = []
                }
                i = cierre + 1
            } else {
                actual.append(b[i])
                i += 1
            }
        }
        return celdas
    }

    /// The parts of `html` inside `<section aria-labelledby="e-CODIGO…">…</section>`, by CODIGO.
    static func secciones(_ html: ArraySlice<UInt8>) -> [(codigo: String, parte: ArraySlice<UInt8>)] {
        var r: [(String, ArraySlice<UInt8>)] = []
        let inicio = Array("<section aria-labelledby=\"e-".utf8), fin = Array("</section>".utf8)
        var i = html.startIndex
        while let s = buscar(inicio, en: html, desde: i) {
            let v = s + inicio.count
            guard let comilla = html[v...].firstIndex(of: 34) else { break }
            let hasta = buscar(fin, en: html, desde: comilla) ?? html.endIndex
            // `e-JG` and `e-JG-todas`: an election code has no `-`.
            let codigo = html[v..<comilla].split(separator: 45, maxSplits: 1, omittingEmptySubsequences: false).first ?? []
            r.append((texto(codigo), html[comilla..<hasta]))
            i = hasta
        }
        return r
    }

    /// `html` without its sections (what the overview shows outside any election).
    static func fueraDeSecciones(_ html: ArraySlice<UInt8>) -> [UInt8] {
        var r: [UInt8] = []
        var i = html.startIndex
        let inicio = Array("<section aria-labelledby=\"e-".utf8), fin = Array("</section>".utf8)
        while let s = buscar(inicio, en: html, desde: i) {
            r += html[i..<s]
            guard let f = buscar(fin, en: html, desde: s) else { return r }
            i = f + fin.count
        }
        return r + html[i...]
    }

    /// First position of `aguja` in `b` at or after `desde` (`prep verify` looks through every
    /// page with it, so it is libc's `memchr` and `memcmp`).
    static func buscar(_ aguja: [UInt8], en b: ArraySlice<UInt8>, desde: Int) -> Int? {
        BusquedaBytes.primera(aguja, en: b, desde: desde)
    }

    /// Bytes as text with the entities `Html.e` writes turned back into characters.
    static func texto(_ b: ArraySlice<UInt8>) -> String {
        guard b.contains(38) else { return String(decoding: b, as: UTF8.self) }  // '&'
        let entidades: [([UInt8], UInt8)] = [("&lt;", 60), ("&gt;", 62), ("&quot;", 34), ("&#39;", 39), ("&nbsp;", 32), ("&amp;", 38)]
            .map { (Array($0.0.utf8), $0.1) }
        var r: [UInt8] = []
        var i = b.startIndex
        outer: while i < b.endIndex {
            if b[i] == 38 {
                for (e, c) in entidades where b[i...].starts(with: e) {
                    r.append(c)
                    i += e.count
                    continue outer
                }
            }
            r.append(b[i])
            i += 1
        }
        return String(decoding: r, as: UTF8.self)
    }
}
