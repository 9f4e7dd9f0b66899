/// The pieces every page of the site is made of. `prefijo` is the way back to the corte folder
/// from the page (`""` or `"../"`), so every link stays relative and works from `file://`.
extension Html {
    /// `<!DOCTYPE>` to the opening of `<main>`: head, SIMULACRO banner, corte time, freshness
    /// warning, section navigation.
    ///
    /// `estable`: a page whose bytes must not depend on the corte, only on its own actas (an
    /// ámbito's pages), so that a corte where they did not change reuses the previous corte's
    /// file. Its corte time, validity and freshness check come from the corte's one small
    /// `corte.js` (`MaquetadorSitio.corte`); without script it points to the overview for them.
    mutating func inicio(_ m: ModeloSitio, titulo: String, prefijo: StaticString, estable: Bool = false) {
        t("<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n")
        t("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        e(titulo)
        t(" · ")
        e(m.titulo)
        if m.simulacro { t(" · SIMULACRO") }
        t("</title>\n<link rel=\"stylesheet\" href=\"")
        t(prefijo)
        t("estilo.css\">\n</head>\n<body>\n<a class=\"saltar\" href=\"#contenido\">Saltar al contenido</a>\n")
        if m.simulacro {
            t("<div class=\"simulacro\" role=\"note\"><strong>SIMULACRO</strong> Datos de prueba<span class=\"largo\">: no son resultados de ninguna elección</span>.</div>\n")
        }
        // Only what a reader needs before the figures: whose results, and as of when. The
        // publication's name and the process's description are in the footer.
        t("<header class=\"cabecera\">\n<p class=\"marca largo\">Resultados Electorales Preliminares</p>\n<h1>")
        e(m.titulo)
        t("</h1>\n")
        if estable {
            t("<p>Corte: <strong id=\"corte-hora\">el de la <a href=\"")
            t(prefijo)
            t("index.html\">portada</a></strong><span id=\"corte-vigencia\" class=\"vigencia largo\"></span></p>\n")
        } else {
            t("<p>Corte: <strong data-campo=\"CORTE\">")
            e(m.horaCorte)
            t("</strong>")
            if m.final {
                t(" · <strong>Corte final</strong>: no habrá cortes posteriores.</p>\n")
            } else {
                t(" <span class=\"vigencia largo\">· vigente hasta el ")
                e(m.expiraTexto)
                t("</span></p>\n")
            }
        }
        if !m.operadoresAutenticados {
            t("<p class=\"sinfirma\"><strong>Capturas sin autenticar</strong><span class=\"largo\">: las cifras de este corte no provienen todas de capturas firmadas por capturistas registrados</span>.</p>\n")
        }
        t("</header>\n")
        // A finished night never greets its readers with an expiry banner.
        if estable {
            caducidadCompartida(prefijo: prefijo)
        } else if !m.final {
            caducidad(m, prefijo: prefijo)
        }
        t("<nav class=\"secciones\" aria-label=\"Secciones\"><ul>\n<li><a href=\"")
        t(prefijo)
        t("index.html\">Inicio</a></li>\n")
        for el in m.elecciones {
            t("<li><a href=\"")
            t(prefijo)
            t("resultados/")
            e(MaquetadorSitio.nombreArchivo(el.codigo))
            t(".html\">")
            e(MaquetadorSitio.nombreVisible(el.nombre))
            t("</a></li>\n")
        }
        t("<li><a href=\"")
        t(prefijo)
        t("consulta.html\">Consulta tu casilla</a></li>\n<li><a href=\"")
        t(prefijo)
        t("index.html#descargas\">Descargas</a></li>\n<li><a href=\"")
        t(prefijo)
        t("verificar.html\">Cómo verificar</a></li>\n</ul></nav>\n<main id=\"contenido\">\n")
    }

    /// The freshness check: a hidden warning that a few lines of script reveal once the manifest's
    /// `expires` has passed, and for readers without script a note saying until when it is valid.
    mutating func caducidad(_ m: ModeloSitio, prefijo: StaticString) {
        t("<div id=\"caducado\" class=\"caducado\" role=\"alert\" hidden><strong>Publicación desactualizada:</strong> vigente hasta el ")
        e(m.expiraTexto)
        t(".<span class=\"largo\"> Busque un corte más reciente en el sitio oficial (enlace <code>latest</code>).</span></div>\n")
        t("<script>if(Date.now()>")
        d(Int(m.expiraUnix))
        t("000){document.getElementById(\"caducado\").hidden=false;}</script>\n")
        t("<noscript><p class=\"aviso\">Sin JavaScript esta página no puede comprobar si sigue vigente: sus datos son válidos hasta el ")
        e(m.expiraTexto)
        t(". Después de esa hora, busque un corte más reciente.</p></noscript>\n")
    }

    /// The freshness check of a page that does not depend on the corte: the same hidden warning,
    /// revealed by `prepCorte`, which `corte.js` calls with the corte's time, validity and
    /// `expires` (and whether it is final); the function also writes the time into the header.
    mutating func caducidadCompartida(prefijo: StaticString) {
        t("<div id=\"caducado\" class=\"caducado\" role=\"alert\" hidden><strong>Publicación desactualizada:</strong> vigente hasta el <span id=\"caducado-hasta\"></span>.<span class=\"largo\"> Busque un corte más reciente en el sitio oficial (enlace <code>latest</code>).</span></div>\n")
        t("<script>function prepCorte(c){var d=document,h=d.getElementById(\"corte-hora\");h.textContent=c.hora;h.setAttribute(\"data-campo\",\"CORTE\");")
        t("d.getElementById(\"corte-vigencia\").textContent=c.final?\" · Corte final: no habrá cortes posteriores.\":\" · vigente hasta el \"+c.vigencia;")
        t("if(!c.final&&Date.now()>c.expira){d.getElementById(\"caducado-hasta\").textContent=c.vigencia;d.getElementById(\"caducado\").hidden=false;}}</script>\n")
        t("<script src=\"")
        t(prefijo)
        t(MaquetadorSitio.archivoCorte)
        t("\"></script>\n<noscript><p class=\"aviso\">Sin JavaScript esta página no muestra la hora de su corte ni comprueba si sigue vigente: ambas están en la <a href=\"")
        t(prefijo)
        t("index.html\">portada</a>, del mismo corte.</p></noscript>\n")
    }

    /// Closes `<main>` and the page. `estable`: without the corte's name (see `inicio`).
    mutating func fin(_ m: ModeloSitio, estable: Bool = false) {
        t("</main>\n<footer><p>Resultados preliminares: informativos, sin efectos jurídicos. Los resultados oficiales son los de los cómputos.</p>")
        if !m.descripcion.isEmpty {
            t("<p>")
            e(m.descripcion)
            t("</p>")
        }
        if estable {
            t("<p>Firmada con la clave de huella <span class=\"hash\">")
        } else {
            t("<p>Publicación ")
            e(m.corte)
            t(" · firmada con la clave de huella <span class=\"hash\">")
        }
        e(m.huellaClave)
        t("</span>.</p></footer>\n</body>\n</html>\n")
    }

    /// Avance and participación: the figures people look for first.
    mutating func avance(_ r: [CifraResumen]) {
        t("<dl class=\"avance\">\n")
        cifraAvance(r, "Actas esperadas", "ACTAS_ESPERADAS", nil)
        cifraAvance(r, "Actas capturadas", "ACTAS_CAPTURADAS", "PORCENTAJE_ACTAS_CAPTURADAS")
        cifraAvance(r, "Actas contabilizadas", "ACTAS_CONTABILIZADAS", "PORCENTAJE_ACTAS_CONTABILIZADAS")
        cifraAvance(r, "Participación ciudadana", nil, "PORCENTAJE_PARTICIPACION_CIUDADANA")
        t("</dl>\n")
    }

    private mutating func cifraAvance(_ r: [CifraResumen], _ etiqueta: StaticString, _ cuenta: String?, _ porcentaje: String?) {
        t("<div><dt>")
        t(etiqueta)
        t("</dt><dd>")
        if let cuenta, let c = r.first(where: { $0.campo == cuenta }) {
            cifra(c)
        }
        if let porcentaje, let c = r.first(where: { $0.campo == porcentaje }) {
            if cuenta != nil { t("<span class=\"pct\">") }
            cifra(c)
            if cuenta != nil { t("</span>") }
        }
        t("</dd></div>\n")
    }

    /// One summary figure: `<span data-campo="…">` holding the CSV's text (whole numbers with
    /// thousands separators), `%` after percentages.
    mutating func cifra(_ c: CifraResumen) {
        t("<span data-campo=\"")
        e(c.campo)
        t("\">")
        if let v = Html.entero(c.texto) { n(v) } else { e(c.texto) }
        t("</span>")
        if c.campo.hasPrefix("PORCENTAJE") { t("%") }
    }

    /// Every summary figure of the CSV preamble, labelled in Spanish with the CSV's column name.
    mutating func resumenCompleto(_ r: [CifraResumen], titulo: StaticString) {
        t("<h3>")
        t(titulo)
        t("</h3>\n<dl class=\"resumen\">\n")
        for c in r {
            t("<dt>")
            e(Html.etiqueta(c.campo))
            t(" <code>")
            e(c.campo)
            t("</code></dt><dd>")
            cifra(c)
            t("</dd>\n")
        }
        t("</dl>\n")
    }

    /// Votes per vote column as a table with horizontal bars (share of all counted votes).
    mutating func tablaVotos(_ columnas: [VotosColumna], titulo: StaticString) {
        let total = columnas.reduce(0) { $0 + $1.votos }
        t("<div class=\"tabla\" role=\"region\" aria-label=\"")
        t(titulo)
        t("\" tabindex=\"0\">\n<table class=\"votos\"><caption>")
        t(titulo)
        t("</caption>\n<thead><tr><th scope=\"col\">Opción</th><th scope=\"col\" class=\"num\">Votos</th><th scope=\"col\" class=\"num\">Porcentaje</th></tr></thead>\n<tbody>\n")
        for c in columnas {
            t("<tr><th scope=\"row\"><span class=\"muestra\" style=\"background:")
            color(c.color)
            t("\" aria-hidden=\"true\"></span>")
            e(c.nombre)
            t("<span class=\"tipo\">")
            e(c.tipo)
            t(" · ")
            e(c.id)
            t("</span>")
            barra(c.votos, de: total, color: c.color)
            t("</th><td class=\"num\" data-votos=\"")
            e(c.id)
            t("\">")
            n(c.votos)
            t("</td><td class=\"num\"><span data-porcentaje=\"")
            e(c.id)
            t("\">")
            e(c.porcentaje)
            t("</span>%</td></tr>\n")
        }
        t("</tbody></table>\n</div>\n")
    }

    /// Votes per candidacy, naming the columns each one adds up.
    mutating func tablaCandidaturas(_ cs: [VotosCandidatura], total: Int) {
        guard !cs.isEmpty else { return }
        t("<div class=\"tabla\" role=\"region\" aria-label=\"Votos por candidatura\" tabindex=\"0\">\n<table class=\"votos\"><caption>Votos por candidatura</caption>\n<thead><tr><th scope=\"col\">Candidatura</th><th scope=\"col\" class=\"num\">Votos</th><th scope=\"col\" class=\"num\">Porcentaje</th></tr></thead>\n<tbody>\n")
        for c in cs {
            let ids = c.columnas.joined(separator: " ")
            t("<tr><th scope=\"row\"><span class=\"muestra\" style=\"background:")
            color(c.color)
            t("\" aria-hidden=\"true\"></span>")
            e(c.propietaria)
            t("<span class=\"tipo\">")
            if !c.suplente.isEmpty {
                t("Suplente: ")
                e(c.suplente)
                t(" · ")
            }
            t("Suma de: ")
            e(c.columnas.joined(separator: ", "))
            t("</span>")
            barra(c.votos, de: total, color: c.color)
            t("</th><td class=\"num\" data-votos-candidatura=\"")
            e(ids)
            t("\">")
            n(c.votos)
            t("</td><td class=\"num\"><span data-porcentaje-candidatura=\"")
            e(ids)
            t("\">")
            e(c.porcentaje)
            t("</span>%</td></tr>\n")
        }
        t("</tbody></table>\n</div>\n")
    }

    mutating func barra(_ votos: Int, de total: Int, color c: String) {
        t("<span class=\"barra\" aria-hidden=\"true\"><span style=\"width:")
        ancho(votos, de: total)
        t(";background:")
        color(c)
        t("\"></span></span>")
    }

    /// A `#rrggbb` colour from the catálogo, or grey: nothing else may reach a style attribute.
    mutating func color(_ c: String) {
        let u = c.utf8
        if u.count == 7, u.first == 35, u.dropFirst().allSatisfy({ (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }) {
            e(c)
        } else {
            t("#808080")
        }
    }

    /// The table of actas; `imagenes` is the relative way to `publish/imagenes/`.
    mutating func tablaActas(_ filas: ArraySlice<FilaActaSitio>, titulo: String, imagenes: StaticString) {
        inicioTablaActas(titulo: titulo)
        for f in filas { filaActa(f, imagenes: imagenes) }
        finTablaActas()
    }

    /// The acta table up to its first row.
    mutating func inicioTablaActas(titulo: String) {
        t("<div class=\"tabla\" role=\"region\" aria-label=\"")
        e(titulo)
        t("\" tabindex=\"0\">\n<table class=\"actas\"><caption>")
        e(titulo)
        t("</caption>\n<thead><tr><th scope=\"col\">Clave del acta</th><th scope=\"col\">Estado</th><th scope=\"col\">Observaciones</th><th scope=\"col\">Contabilizada</th><th scope=\"col\">Imagen</th><th scope=\"col\">Código de integridad (SHA-256)</th></tr></thead>\n<tbody>\n")
    }

    /// One row of the acta table: its bytes depend on the acta's row alone (a page made of
    /// pieces copies it from the previous corte while the acta is unchanged).
    mutating func filaActa(_ f: FilaActaSitio, imagenes: StaticString) {
        t("<tr><th scope=\"row\">")
        e(f.clave)
        t("</th><td>")
        e(f.estado)
        t("</td><td>")
        e(f.observaciones)
        t("</td><td>")
        e(f.contabilizada)
        t("</td><td>")
        if let img = f.imagen {
            t("<a href=\"")
            t(imagenes)
            e(img)
            t("\">Ver acta</a>")
        } else {
            t("-")
        }
        t("</td><td class=\"hash\">")
        e(f.codigo)
        t("</td></tr>\n")
    }

    /// The acta table after its last row.
    mutating func finTablaActas() {
        t("</tbody></table>\n</div>\n")
    }

    /// Digits only → the number; anything else (a percentage, `-`) → nil.
    static func entero(_ s: String) -> Int? {
        guard !s.isEmpty, s.utf8.count < 19, s.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int(s)
    }

    /// Spanish label of a CSV summary column.
    static func etiqueta(_ campo: String) -> String {
        switch campo {
        case "ACTAS_ESPERADAS": "Actas esperadas"
        case "ACTAS_REGISTRADAS": "Actas registradas"
        case "ACTAS_FUERA_CATALOGO": "Actas fuera de catálogo"
        case "ACTAS_CAPTURADAS": "Actas capturadas"
        case "PORCENTAJE_ACTAS_CAPTURADAS": "Porcentaje de actas capturadas"
        case "ACTAS_CONTABILIZADAS": "Actas contabilizadas"
        case "PORCENTAJE_ACTAS_CONTABILIZADAS": "Porcentaje de actas contabilizadas"
        case "PORCENTAJE_ACTAS_INCONSISTENCIAS": "Porcentaje de actas con inconsistencias"
        case "ACTAS_NO_CONTABILIZADAS": "Actas no contabilizadas"
        case "LISTA_NOMINAL_ACTAS_CONTABILIZADAS": "Lista nominal de las actas contabilizadas"
        case "TOTAL_VOTOS_C_CS": "Total de votos, con casillas especiales"
        case "TOTAL_VOTOS_S_CS": "Total de votos, sin casillas especiales"
        case "PORCENTAJE_PARTICIPACION_CIUDADANA": "Participación ciudadana"
        default: campo
        }
    }
}
