import Testing
@testable import PrepSpool

/// The log's two forms (journal and plain), its priorities, and SIGHUP's reading of the config.
@Suite struct RegistroTests {
    @Test func alDiarioPrioridadSinHora() {
        let r = Registro(detallado: false, desfaseMinutos: -360, diario: true)
        #expect(String(decoding: r.linea("warning", "a\nb", .advertencia), as: UTF8.self) == "<4>warning a\\x0ab\n")
        #expect(String(decoding: r.linea("ready", "x", Registro.prioridad(de: "ready")), as: UTF8.self) == "<5>ready x\n")
    }

    @Test func fueraDelDiarioHoraISO() {
        let r = Registro(detallado: false, desfaseMinutos: -360, diario: false)
        let t = String(decoding: r.linea("corte", "x", .nota), as: UTF8.self)
        // 2024-06-02T21:14:10-06:00 corte x
        #expect(t.hasSuffix("-06:00 corte x\n"), "\(t)")
        #expect(t.dropFirst(4).hasPrefix("-") && t.dropFirst(10).hasPrefix("T"), "\(t)")
    }

    @Test(arguments: [("error", 3), ("warning", 4), ("rejected", 4), ("ready", 5), ("corte", 5), ("reload", 5), ("recovery", 5)])
    func prioridades(_ evento: String, _ n: Int) {
        #expect(Registro.prioridad(de: evento).rawValue == n)
    }
}

@Suite struct RecargaTests {
    @Test func vivasYConReinicio() throws {
        let vieja = try Configuracion.analizar("settle = 2s\npublish_command = a\n", archivo: "/e/prep.conf")
        let nueva = try Configuracion.analizar("settle = 1s\npublish_command = b\nmax_image_size = 1M\ncorte_interval = 20s\n", archivo: "/e/prep.conf")
        let r = vieja.recargar(con: nueva)
        #expect(r.aplicadas == ["publish_command", "max_image_size"])
        #expect(r.conReinicio == ["corte_interval", "settle"])
        #expect(r.configuracion.comandoPublicacion == "b" && r.configuracion.maxImagen == 1 << 20)
        // What needs a restart keeps its running value.
        #expect(r.configuracion.asentamientoNs == 2_000_000_000 && r.configuracion.intervaloCorteNs == vieja.intervaloCorteNs)
        #expect(r.descripcion.contains("applied now: publish_command, max_image_size"))
        #expect(r.descripcion.contains("need a restart (running values kept): corte_interval, settle"))
        #expect(vieja.recargar(con: vieja).descripcion == "configuration re-read: nothing changed")
    }

    @Test func comentarioEnLineaRechazadoDiciendoloYAlmohadillaSinEspacioAceptada() throws {
        #expect(throws: Configuracion.Fallo(archivo: "f", linea: 2,
                                            razon: "settle: inline comment in '2s # the default': '#' starts a comment only at the start of a line; write 'settle = 2s' and put the comment on a line of its own")) {
            try Configuracion.analizar("# ok\nsettle = 2s # the default\n", archivo: "f")
        }
        let c = try Configuracion.analizar("publish_command = tools/x.sh#1\n", archivo: "f")
        #expect(c.comandoPublicacion == "tools/x.sh#1")
        let m = try Configuracion.analizar("metrics_file = m/prep.prom\n", archivo: "/e/prep.conf")
        #expect(m.archivoMetricas == "/e/m/prep.prom")
    }
}

/// `published_source` (docs/ha.md): a folder (relative to the config's), an rsync source or the
/// HTTPS URL of a corte's manifest.json; anything else stops the start with file:line.
@Suite struct FuentePublicadaTests {
    @Test func formasAceptadas() throws {
        func fuente(_ v: String) throws -> FuentePublicada? {
            try Configuracion.analizar("published_source = \(v)\n", archivo: "/e/prep.conf").fuentePublicada
        }
        #expect(try fuente("web/current") == .carpeta("/e/web/current"))
        #expect(try fuente("/srv/www/prep/current") == .carpeta("/srv/www/prep/current"))
        #expect(try fuente("./a:b") == .carpeta("/e/./a:b"))
        #expect(try fuente("web1:/srv/www/prep/current") == .rsync("web1:/srv/www/prep/current"))
        #expect(try fuente("rsync://web1/prep/current") == .rsync("rsync://web1/prep/current"))
        #expect(try fuente("https://resultados.example/prep/current/manifest.json") == .https("https://resultados.example/prep/current/manifest.json"))
        #expect(try Configuracion.analizar("published_source =\n", archivo: "f").fuentePublicada == nil)
        #expect(Configuracion().fuentePublicada == nil)
    }

    @Test(arguments: [
        ("http://web1/prep/current/manifest.json", "plain HTTP can be altered on the way; use https://"),
        ("https://web1/prep/current/", "an HTTPS source is the URL of the corte's manifest.json"),
        ("ftp://web1/prep", "not a folder, an rsync source or an https:// URL"),
        ("web1:", "no path after the host"),
    ])
    func formasRechazadasConArchivoYLinea(_ valor: String, _ razon: String) {
        do {
            _ = try Configuracion.analizar("# two sites\npublished_source = \(valor)\n", archivo: "/e/prep.conf")
            Issue.record("'\(valor)' accepted")
        } catch {
            #expect(error.description.hasPrefix("/e/prep.conf:2: published_source: "), "\(error)")
            #expect(error.description.contains(razon), "\(error)")
        }
    }

    @Test func cambiarlaPideReiniciar() throws {
        let vieja = try Configuracion.analizar("", archivo: "/e/prep.conf")
        let nueva = try Configuracion.analizar("published_source = web/current\n", archivo: "/e/prep.conf")
        #expect(vieja.recargar(con: nueva).conReinicio == ["published_source"])
    }
}
