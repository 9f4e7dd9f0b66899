import Foundation
import Testing
import PrepSpool
@testable import PrepServicio

@Suite struct ConfiguracionTests {
    /// The keys suggested for a typo are exactly the shipped file's, and each is known.
    @Test func clavesComoLasDelArchivoDistribuido() throws {
        let raiz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let texto = try String(contentsOf: raiz.appendingPathComponent("etc/prep.conf"), encoding: .utf8)
        let claves = texto.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("=") }
            .map { String($0.split(separator: "=")[0]).trimmingCharacters(in: .whitespaces) }
        #expect(Set(claves) == Set(Configuracion.nombresClaves), "etc/prep.conf and Configuracion.nombresClaves")
        #expect(claves.count == Configuracion.nombresClaves.count)
    }

    @Test func valoresYRutasRelativas() throws {
        let c = try Configuracion.analizar("# c\nspool = ../s\nsettle = 500ms\nwatch = poll\nutc_offset = +05:30\ncorte_interval = 20m\n", archivo: "/x/etc/prep.conf")
        #expect(c.spool == "/x/etc/../s")
        #expect(c.catalogo == "/x/etc/catalogo")
        #expect(c.asentamientoNs == 500_000_000)
        #expect(c.vigilancia == .poll)
        #expect(c.desfaseUTCMinutos == 330)
        #expect(c.intervaloCorteNs == Configuracion.maxIntervaloCorteNs)
        #expect(c.conservarCortes == 8)
        #expect(try Configuracion.analizar("keep_cortes = 0\n", archivo: "f").conservarCortes == nil)
        #expect(try Configuracion.analizar("keep_cortes = 96\n", archivo: "f").conservarCortes == 96)
    }

    @Test(arguments: [
        ("colour = blue", "f:1: unknown key 'colour'"),
        ("corte_intervall = 15m", "f:1: unknown key 'corte_intervall'; did you mean 'corte_interval'?"),
        ("Settle = 2s", "f:1: unknown key 'Settle'; did you mean 'settle'?"),
        ("signing-key = k.sec", "f:1: unknown key 'signing-key'; did you mean 'signing_key'?"),
        ("mod = oficial", "f:1: unknown key 'mod'; did you mean 'mode'?"),
        ("corte_interval = 21m", "f:1: corte_interval: 21m is more than 20m (SPEC §7)"),
        ("settle = 2 s", "f:1: settle: '2 s' is not a duration like 2s or 500ms"),
        ("mode = real", "f:1: mode: 'real' is not simulacro or oficial"),
        ("watch = fanotify", "f:1: watch: 'fanotify' is not inotify or poll"),
        ("utc_offset = -6", "f:1: utc_offset: '-6' is not an offset like -06:00"),
        ("signing_key = k.key", "f:1: signing_key: 'k.key' must end in .sec (the public key is the same path with .pub)"),
        ("just words", "f:1: expected 'key = value'"),
        ("keep_cortes = 1", "f:1: keep_cortes: '1' is not a whole number from 2 to 1000000, or 0 to keep every corte whole"),
        ("keep_corte = 8", "f:1: unknown key 'keep_corte'; did you mean 'keep_cortes'?"),
    ])
    func errores(_ linea: String, _ mensaje: String) {
        #expect(throws: Configuracion.Fallo.self) { try Configuracion.analizar(linea, archivo: "f") }
        do { _ = try Configuracion.analizar(linea, archivo: "f") } catch { #expect(error.description == mensaje) }
    }

    @Test func elArchivoEmbarcadoEsValidoYCompleto() throws {
        let ruta = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
        let c = try Configuracion.leer("/" + ruta + "/etc/prep.conf")
        var d = Configuracion()
        d.carpetaConfig = c.carpetaConfig
        d.spool = c.spool; d.catalogo = c.catalogo; d.claveFirma = c.claveFirma
        #expect(c == d, "the shipped file states the defaults")
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
