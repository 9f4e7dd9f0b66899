import Foundation
import Testing
import PrepDominio
import PrepSistema
@testable import PrepSpool

/// A fake rule set: a capture is valid when its bytes are `{"n":N}`; its NULOS is N.
struct ReglasFalsas: ReglasActa {
    func validarCaptura(_ bytes: [UInt8], clave: ClaveActa, operador: String) -> Result<Captura, RazonRechazo> {
        let t = String(decoding: bytes, as: UTF8.self)
        guard t.hasPrefix("{\"n\":"), t.hasSuffix("}"), let n = Int(t.dropFirst(5).dropLast()) else {
            return .failure(RazonRechazo("invalid capture"))
        }
        return .success(Captura(acta: clave, operador: operador, capturada: nil, acopio: nil, totales: [:], votos: ["NULOS": .votos(n)]))
    }
    func validarSinActa(_ bytes: [UInt8], clave: ClaveActa) -> Result<DeclaracionSinActa, RazonRechazo> {
        .success(DeclaracionSinActa(acta: clave, operador: "x", causa: .casillaNoInstalada))
    }
}

@Suite struct ClaseDropTests {
    @Test(arguments: [
        ("090001B0100-JG.jpg", "imagen"), ("090001B0100-JG.JPEG", "imagen"), ("090001B0100-JG.Pdf", "imagen"),
        ("090001B0100-JG.captura.cap017.json", "captura"), ("090001B0100-JG.sinacta.json", "sinacta"),
        (".090001B0100-JG.jpg", "temporal"), ("090001B0100-JG.jpg.part", "temporal"), ("x.tmp", "temporal"),
        ("090001B0100-JG.gif", "invalido"), ("090001B0100-JG..jpg", "invalido"), ("090001B0100-JG copy.jpg", "invalido"),
        ("090001B0100-JG.captura.CAP.json", "invalido"), ("090001B0100-jg.jpg", "invalido"), ("hello", "invalido"),
        ("090001B0100-JG.captura.a.b.json", "invalido"),
        ("090001B0100-JG.captura.cap017.json.sig", "firma"), ("090001B0100-JG.sinacta.json.sig", "firma"),
        ("090001B0100-JG.jpg.sig", "invalido"), ("090001B0100-JG.sig", "invalido"), ("090001B0100-JG.captura.X.json.sig", "invalido"),
    ])
    func clasifica(_ nombre: String, _ clase: String) {
        let c = ClaseDrop.de(NombreArchivo(nombre))
        let obtenida: String
        switch c {
        case .imagen: obtenida = "imagen"
        case .captura: obtenida = "captura"
        case .sinActa: obtenida = "sinacta"
        case .temporal: obtenida = "temporal"
        case .invalido: obtenida = "invalido"
        case .firma: obtenida = "firma"
        }
        #expect(obtenida == clase, "\(nombre)")
    }

    @Test func firmas() {
        #expect(ClaseDrop.firmaCorrecta([0xFF, 0xD8, 0xFF, 0xE0], extension_: "jpg"))
        #expect(!ClaseDrop.firmaCorrecta([0xFF, 0xD8], extension_: "jpg"))
        #expect(ClaseDrop.firmaCorrecta([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], extension_: "png"))
        #expect(ClaseDrop.firmaCorrecta(Array("MM\0*".utf8), extension_: "tiff"))
        #expect(ClaseDrop.firmaCorrecta(Array("%PDF-1.7".utf8), extension_: "pdf"))
        #expect(!ClaseDrop.firmaCorrecta(Array("%PDF-1.7".utf8), extension_: "jpg"))
        #expect(ClaseDrop.de(NombreArchivo(bytes: [0x30, 0xFF])) == .invalido("name is not valid UTF-8"))
    }
}

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

@Suite struct EstadoItemTests {
    @Test func idaYVuelta() throws {
        var e = EstadoItem(clave: try #require(ClaveActa("090001B0100-JG")))
        e.resultado = .tercera
        e.final = "090001B0100-JG.captura.c.json"
        e.publicada = "090001B0100-JG.jpg"
        e.acopio = MarcaTiempo(segundosUnix: 1_717_384_450, desfaseMinutos: -360)
        e.archivos = [.init(clase: .imagen, nombre: "090001B0100-JG.jpg", sha256: "ab", bytes: 3,
                            llegada: MarcaTiempo(segundosUnix: 1, desfaseMinutos: -360), detalle: "CASILLA",
                            origen: NombreArchivo(bytes: Array("incoming/casilla 1/x".utf8) + [0xFF]))]
        let b = e.codificar()
        #expect(String(decoding: b, as: UTF8.self).contains("incoming/casilla%201/x%FF"))
        #expect(try EstadoItem.decodificar(b) == e)
        #expect(throws: EstadoItem.Ilegible.self) { try EstadoItem.decodificar(Array("nope".utf8)) }
    }
}
