import PrepDominio

/// Lays out the public results site of one corte (SPEC §7) from a `ModeloSitio`: static HTML and
/// one stylesheet, Spanish, no external resource, every figure readable without script.
///
/// Files, relative to the corte folder:
/// - `index.html`: overview (avance, participación, votes per election), downloads.
/// - `verificar.html`: how to check the signature and every hash.
/// - `consulta.html`: "Consulta tu casilla", a sección's actas from the lookup files
///   `consulta/EE-SSSS.js` (`IndiceConsulta`, written beside the pages from the corte's rows).
/// - `estilo.css`: the shared stylesheet.
/// - `resultados/E.html`: one election: its figures, its ámbitos, its fuera de catálogo actas.
/// - `resultados/E-NN.html` (and `E-NN-2.html`, … past `filasPorPagina` actas): one distrito or
///   demarcación: its figures and the table of its actas.
/// Images are linked where SPEC §7 puts them, `publish/imagenes/`, relative to the corte's own
/// place `publish/cortes/NAME/`: `../../../imagenes/` from `resultados/`. (Through the
/// `publish/latest` link, one level shallower, a browser resolves them one level too high on
/// `file://`; on a web server whose root is `publish/` the extra `..` stops at the root.)
public struct MaquetadorSitio: Sendable {
    /// Acta rows per page: keeps every page small enough for a phone on election night.
    public var filasPorPagina: Int

    public init(filasPorPagina: Int = 500) {
        self.filasPorPagina = max(1, filasPorPagina)
    }

    /// Every file of the site, in memory (tests and small catálogos).
    public func archivos(_ m: ModeloSitio) -> [(rutaRelativa: String, bytes: [UInt8])] {
        var r: [(rutaRelativa: String, bytes: [UInt8])] = []
        generar(m) { r.append((rutaRelativa: $0, bytes: $1)) }
        return r
    }

    /// Generates the site one file at a time, handing each to `emitir` (path relative to the
    /// corte folder, bytes), so a national corte never holds every page in memory at once.
    public func generar(_ m: ModeloSitio, emitir: (String, [UInt8]) throws -> Void) rethrows {
        try generar(m, actas: { e, a in m.elecciones[e].ambitos[a].actas }, emitir: emitir)
    }

    /// The same, with each ámbito's acta rows asked for only when its pages are written
    /// (`actas(e, a)`: election `e`, ámbito `a`, indices into the model), so the rows of a
    /// national catálogo never all sit in memory: the model then carries ámbitos without rows.
    public func generar(_ m: ModeloSitio, actas: (Int, Int) -> [FilaActaSitio],
                        emitir: (String, [UInt8]) throws -> Void) rethrows {
        try emitir("estilo.css", estilo())
        try emitir("index.html", indice(m))
        try emitir("verificar.html", verificar(m))
        try emitir("consulta.html", consulta(m))
        try emitir(String(describing: Self.archivoCorte), corte(m))
        for (ie, el) in m.elecciones.enumerated() {
            try emitir("resultados/\(Self.nombreArchivo(el.codigo)).html", paginaEleccion(m, el))
            for (ia, a) in el.ambitos.enumerated() {
                let filas = actas(ie, ia)
                let paginas = max(1, (filas.count + filasPorPagina - 1) / filasPorPagina)
                for p in 1...paginas {
                    try emitir("resultados/\(Self.nombrePagina(el.codigo, a.id, p))", paginaAmbito(m, el, a, filas, pagina: p, de: paginas))
                }
            }
        }
    }

    // MARK: pages

    /// `estilo.css`.
    func estilo() -> [UInt8] {
        var css = Html(capacidad: 8_192)
        css.t(EstiloSitio.css)
        return css.bytes
    }

    func indice(_ m: ModeloSitio) -> [UInt8] {
        var h = Html(capacidad: 65_536)
        h.inicio(m, titulo: "Resultados", prefijo: "")
        // First screen: per election, the count and the first three by votes.
        for el in m.elecciones {
            let pagina = "resultados/" + Self.nombreArchivo(el.codigo) + ".html"
            h.t("<section aria-labelledby=\"e-")
            h.e(Self.nombreArchivo(el.codigo))
            h.t("\">\n<h2 id=\"e-")
            h.e(Self.nombreArchivo(el.codigo))
            h.t("\"><a href=\"")
            h.e(pagina)
            h.t("\">")
            h.e(Self.nombreVisible(el.nombre))
            h.t("</a></h2>\n")
            h.primeraPantalla(el.resultados, maximo: 3)
            h.t("</section>\n")
        }
        // Then every figure of each election, folded, and the way to its detail.
        h.t("<h2 id=\"todas\">Todas las cifras</h2>\n")
        for el in m.elecciones {
            h.t("<section aria-labelledby=\"e-")
            h.e(Self.nombreArchivo(el.codigo))
            h.t("-todas\">\n<details class=\"todo\"><summary><h3 id=\"e-")
            h.e(Self.nombreArchivo(el.codigo))
            h.t("-todas\">")
            h.e(Self.nombreVisible(el.nombre))
            h.t("</h3></summary>\n")
            h.avance(el.resultados.resumen)
            h.tablaCandidaturas(el.resultados.candidaturas, total: el.resultados.columnas.reduce(0) { $0 + $1.votos })
            h.tablaVotos(el.resultados.columnas, titulo: "Votos por partido político, coalición y candidatura independiente")
            h.t("</details>\n<p><a href=\"resultados/")
            h.e(Self.nombreArchivo(el.codigo))
            h.t(".html\">Detalle de ")
            h.e(Self.nombreVisible(el.nombre))
            h.t(": resumen completo, resultados por ")
            h.e(el.tipoAmbito.lowercased())
            h.t(" (")
            h.d(el.ambitos.count)
            h.t(") y sus actas</a></p>\n</section>\n")
        }
        h.t("<p class=\"nota\">Cifras preliminares del corte del ")
        h.e(m.horaCorte)
        h.t(", calculadas con las actas contabilizadas hasta ese momento. Los porcentajes están truncados a cuatro decimales, como en la base de datos.</p>\n")
        descargas(&h, m)
        h.fin(m)
        return h.bytes
    }

    private func descargas(_ h: inout Html, _ m: ModeloSitio) {
        h.t("<section aria-labelledby=\"descargas\">\n<h2 id=\"descargas\">Descargas</h2>\n<p>La base de datos completa de este corte, en CSV (UTF-8), y los archivos para comprobar que nadie la alteró.</p>\n<ul>\n")
        /// One list item: a link named after the file, then what it holds.
        func archivo(_ ruta: String, _ que: String) {
            h.t("<li><a href=\"")
            h.e(ruta)
            h.t("\">")
            h.e(Self.base(ruta))
            h.t("</a>: ")
            h.e(que)
            h.t("</li>\n")
        }
        for el in m.elecciones {
            archivo(el.archivoDatos, "actas de " + Self.nombreVisible(el.nombre))
            archivo(el.archivoCandidaturas, "candidaturas de " + Self.nombreVisible(el.nombre))
        }
        for d in m.descargas {
            archivo(d.ruta, d.descripcion)
        }
        if let clave = m.clavePublica {
            h.t("<li><a href=\"")
            h.e(clave)
            h.t("\">")
            h.e(Self.base(clave))
            h.t("</a>: clave pública de firma</li>\n")
        }
        h.t("</ul>\n<p>Huella de la clave pública: <span class=\"hash\">")
        h.e(m.huellaClave)
        h.t("</span></p>\n<p><a href=\"verificar.html\">Cómo verificar esta publicación</a></p>\n</section>\n")
    }

    func verificar(_ m: ModeloSitio) -> [UInt8] {
        var h = Html()
        let clave = m.clavePublica.map(Self.base) ?? "prep.pub"
        h.inicio(m, titulo: "Cómo verificar esta publicación", prefijo: "")
        h.t("<h2>Cómo verificar esta publicación</h2>\n<p>Cada corte es una carpeta que no cambia después de publicarse. El archivo <code>SHA256</code> lista la huella SHA-256 de cada archivo de la carpeta, y <code>SHA256.sig</code> es la firma Ed25519 de esa lista, en el formato de <code>signify</code> de OpenBSD.</p>\n")
        h.comprobacionEnNavegador(huella: m.huellaClave, clave: clave)
        h.t("<h3>1. Obtenga la clave pública y compare su huella</h3>\n<p>Huella publicada: <span class=\"hash\">")
        h.e(m.huellaClave)
        h.t("</span>. Compárela con la que el instituto difunde por otros medios; si no coincide, no confíe en la firma.</p>\n")
        h.t("<h3>2. Verifique la firma y todos los archivos</h3>\n<p>Descargue la carpeta completa del corte y, dentro de ella, ejecute <code>signify</code> (en Debian y Ubuntu el paquete y el programa se llaman <code>signify-openbsd</code>):</p>\n<pre><code>signify -C -p ")
        h.e(clave)
        h.t(" -x SHA256.sig</code></pre>\n<pre><code>signify-openbsd -C -p ")
        h.e(clave)
        h.t(" -x SHA256.sig</code></pre>\n<p>Debe responder <code>Signature Verified</code> y <code>OK</code> para cada archivo.</p>\n")
        h.t("<h3>3. Sin signify: compruebe las huellas</h3>\n<p>Dentro de la carpeta del corte:</p>\n<pre><code>sha256sum -c SHA256</code></pre>\n<p>Esto comprueba que los archivos no cambiaron respecto de la lista, pero no que la lista esté firmada: para eso use el paso 2.</p>\n")
        h.t("<h3>4. Compruebe la imagen de un acta</h3>\n<p>El nombre de cada imagen es su código de integridad (columna <code>CODIGO_INTEGRIDAD</code>). Desde la carpeta del corte:</p>\n<pre><code>sha256sum ../../imagenes/CODIGO.jpg</code></pre>\n<p>(la extensión puede ser <code>.jpg</code>, <code>.png</code>, <code>.tif</code> o <code>.pdf</code>). La huella que imprime debe ser igual al código de integridad del acta.</p>\n")
        // The documentation is the first download: datos/LEEME.txt, or the IECM's zip with a leeme.txt per election.
        let documentacion = m.descargas.first?.ruta ?? "datos/LEEME.txt"
        h.t("<h3>5. Vuelva a contar</h3>\n<p>Las cifras del resumen de cada CSV se pueden recalcular a partir de sus filas: las descripciones de columnas y valores están en ")
        if documentacion.hasSuffix(".zip") { h.t("el <code>leeme.txt</code> de cada elección, dentro de ") }
        h.t("<code>")
        h.e(documentacion)
        h.t("</code>.</p>\n")
        h.fin(m)
        return h.bytes
    }

    func paginaEleccion(_ m: ModeloSitio, _ el: EleccionSitio) -> [UInt8] {
        var h = Html(capacidad: 65_536)
        let nombre = Self.nombreVisible(el.nombre)
        h.inicio(m, titulo: nombre, prefijo: "../")
        h.t("<p class=\"migas\"><a href=\"../index.html\">Inicio</a> › ")
        h.e(nombre)
        h.t("</p>\n<h2>")
        h.e(nombre)
        h.t("</h2>\n")
        h.primeraPantalla(el.resultados)
        h.avance(el.resultados.resumen)
        h.tablaCandidaturas(el.resultados.candidaturas, total: el.resultados.columnas.reduce(0) { $0 + $1.votos })
        h.tablaVotos(el.resultados.columnas, titulo: "Votos por partido político, coalición y candidatura independiente")
        h.resumenCompleto(el.resultados.resumen, titulo: "Resumen completo (encabezado del CSV)")
        h.t("<h3>Por ")
        h.e(el.tipoAmbito.lowercased())
        h.t("</h3>\n<ul class=\"ambitos\">\n")
        for a in el.ambitos {
            h.t("<li><a href=\"")
            h.e(Self.nombrePagina(el.codigo, a.id, 1))
            h.t("\">")
            h.e(el.tipoAmbito)
            h.t(" ")
            h.d(a.id)
            h.t(": ")
            h.e(a.nombre)
            h.t("</a></li>\n")
        }
        h.t("</ul>\n")
        if !el.fueraDeCatalogo.isEmpty {
            h.tablaActas(el.fueraDeCatalogo[...], titulo: "Actas fuera de catálogo", imagenes: Self.imagenesDesdeResultados)
        }
        h.t("<p>Datos: <a href=\"../")
        h.e(el.archivoDatos)
        h.t("\">")
        h.e(Self.base(el.archivoDatos))
        h.t("</a> · <a href=\"../")
        h.e(el.archivoCandidaturas)
        h.t("\">")
        h.e(Self.base(el.archivoCandidaturas))
        h.t("</a></p>\n")
        h.fin(m)
        return h.bytes
    }

    func paginaAmbito(_ m: ModeloSitio, _ el: EleccionSitio, _ a: AmbitoSitio, _ actas: [FilaActaSitio],
                      pagina: Int, de paginas: Int) -> [UInt8] {
        let desde = min(actas.count, (pagina - 1) * filasPorPagina)
        let hasta = min(actas.count, desde + filasPorPagina)
        return paginaAmbito(m, el, a, filas: actas[desde..<hasta], de: actas.count, pagina: pagina, paginas: paginas)
    }

    /// Page `pagina` of an ámbito from that page's rows only (`filas`, the ámbito's rows from
    /// `(pagina - 1) × filasPorPagina` on; `total` of them in the ámbito), so that one page can be
    /// made without the others. Its bytes depend on its rows (and on the first page, on the
    /// ámbito's figures) and on nothing of the corte: the header is `inicio(…, estable: true)`.
    func paginaAmbito(_ m: ModeloSitio, _ el: EleccionSitio, _ a: AmbitoSitio, filas: ArraySlice<FilaActaSitio>,
                      de total: Int, pagina: Int, paginas: Int) -> [UInt8] {
        var (inicio, fin) = extremosPaginaAmbito(m, el, a, filas: filas.count, de: total, pagina: pagina, paginas: paginas)
        Html.anexar(a: &inicio) { h in
            for f in filas { h.filaActa(f, imagenes: Self.imagenesDesdeResultados) }
        }
        return inicio + fin
    }

    /// What an ámbito's page has before its first acta row (the head, and on the first page the
    /// ámbito's figures) and after its last (the tail), for `n` rows: the page is these around
    /// its rows (`Html.filaActa` with `imagenesDesdeResultados`), each row depending on its acta alone.
    func extremosPaginaAmbito(_ m: ModeloSitio, _ el: EleccionSitio, _ a: AmbitoSitio, filas n: Int,
                              de total: Int, pagina: Int, paginas: Int) -> (inicio: [UInt8], fin: [UInt8]) {
        let desde = (pagina - 1) * filasPorPagina
        let hasta = desde + n
        var h = Html(capacidad: 32_768 + n * 260)
        let nombre = Self.nombreVisible(el.nombre)
        let titulo = "\(el.tipoAmbito) \(a.id): \(a.nombre)"
        h.inicio(m, titulo: "\(titulo) · \(nombre)", prefijo: "../", estable: true)
        h.t("<p class=\"migas\"><a href=\"../index.html\">Inicio</a> › <a href=\"")
        h.e(Self.nombreArchivo(el.codigo))
        h.t(".html\">")
        h.e(nombre)
        h.t("</a> › ")
        h.e(titulo)
        h.t("</p>\n<h2>")
        h.e(nombre)
        h.t(" · ")
        h.e(titulo)
        h.t("</h2>\n")
        if pagina == 1 {
            h.primeraPantalla(a.resultados)
            h.avance(a.resultados.resumen)
            h.tablaCandidaturas(a.resultados.candidaturas, total: a.resultados.columnas.reduce(0) { $0 + $1.votos })
            h.tablaVotos(a.resultados.columnas, titulo: "Votos por partido político, coalición y candidatura independiente")
            h.resumenCompleto(a.resultados.resumen, titulo: "Resumen completo, recalculado con las actas de este ámbito")
        }
        h.t("<h3 id=\"actas\">Actas</h3>\n<p>Actas ")
        h.n(total == 0 ? 0 : desde + 1)
        h.t(" a ")
        h.n(hasta)
        h.t(" de ")
        h.n(total)
        h.t(". Cada imagen está en la carpeta <code>imagenes</code> de la publicación con su código de integridad como nombre.</p>\n")
        if paginas > 1 { paginacion(&h, el.codigo, a.id, pagina, paginas) }
        h.inicioTablaActas(titulo: "Actas de \(titulo)")
        var f = Html(capacidad: 4_096)
        f.finTablaActas()
        if paginas > 1 { paginacion(&f, el.codigo, a.id, pagina, paginas) }
        f.fin(m, estable: true)
        return (h.bytes, f.bytes)
    }

    /// The way from a page in a corte's `resultados/` to `publish/imagenes/`.
    static let imagenesDesdeResultados: StaticString = "../../../imagenes/"

    /// `corte.js`, the one file of the site an ámbito's pages take from the corte:
    /// `prepCorte({"hora":…,"vigencia":…,"expira":MS,"publicacion":NAME,"final":BOOL});`, the
    /// corte time and `expires` as the other pages print them, `expires` in milliseconds.
    func corte(_ m: ModeloSitio) -> [UInt8] {
        Array("prepCorte(".utf8) + EscritorJSON.bytes(.objeto([
            ("hora", .texto(m.horaCorte)), ("vigencia", .texto(m.expiraTexto)), ("expira", .entero(Int(m.expiraUnix) * 1000)),
            ("publicacion", .texto(m.corte)), ("final", .booleano(m.final)),
        ]), estilo: .compacto) + Array(");\n".utf8)
    }

    /// The file an ámbito's pages load the corte's time from (`corte`).
    static let archivoCorte: StaticString = "corte.js"

    private func paginacion(_ h: inout Html, _ codigo: String, _ ambito: Int, _ pagina: Int, _ paginas: Int) {
        h.t("<nav class=\"paginas\" aria-label=\"Páginas de actas\">Páginas: ")
        for p in 1...paginas {
            if p == pagina {
                h.t("<strong aria-current=\"page\">")
                h.d(p)
                h.t("</strong>")
            } else {
                h.t("<a href=\"")
                h.e(Self.nombrePagina(codigo, ambito, p))
                h.t(p == 1 ? "#actas\">" : "\">")
                h.d(p)
                h.t("</a>")
            }
            h.t(" ")
        }
        h.t("</nav>\n")
    }

    // MARK: names

    /// An election code as a file name: the catálogo's grammar (`[A-Z][A-Z0-9]{1,7}`) is already
    /// safe; anything else is replaced so no name can climb out of `resultados/`.
    static func nombreArchivo(_ codigo: String) -> String {
        String(decoding: codigo.utf8.map { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) ? $0 : 95 }, as: UTF8.self)
    }

    /// `E-NN.html`, `E-NN-2.html`, … (inside `resultados/`).
    static func nombrePagina(_ codigo: String, _ ambito: Int, _ pagina: Int) -> String {
        let id = ambito < 10 ? "0\(ambito)" : String(ambito)
        return pagina == 1 ? "\(nombreArchivo(codigo))-\(id).html" : "\(nombreArchivo(codigo))-\(id)-\(pagina).html"
    }

    /// `JEFATURA DE GOBIERNO` → `Jefatura de Gobierno`: CSV titles are upper case, pages read better.
    static func nombreVisible(_ nombre: String) -> String {
        let menores: Set<String> = ["de", "del", "la", "las", "los", "y", "e", "en", "a", "por", "el"]
        guard nombre == nombre.uppercased() else { return nombre }
        return nombre.lowercased().split(separator: " ", omittingEmptySubsequences: false).enumerated().map { i, w in
            let s = String(w)
            return i > 0 && menores.contains(s) ? s : s.prefix(1).uppercased() + s.dropFirst()
        }.joined(separator: " ")
    }

    /// Last path component, for link text.
    static func base(_ ruta: String) -> String {
        ruta.split(separator: "/").last.map(String.init) ?? ruta
    }
}
