import Foundation
import PrepPruebas
import Glibc
import PrepDominio
import Testing

/// Signed captures (SPEC §4.1): with an operator registry, a capture or sin acta declaration
/// counts only when its `.sig` verifies with the key registered for the operator it claims, and
/// two captures agree only when two distinct keys signed them.
@Suite(.enHiloPropio) struct FirmasOperadoresTests {
    static let conf = "operators = operadores.csv\ncorte_interval = 20m\n"

    /// A spool whose config names `operadores.csv` with `registrados` (each with its own key).
    static func spool(_ nombre: String, _ ops: OperadoresPrueba, _ registrados: [String]) throws -> SpoolPrueba {
        let s = try SpoolPrueba(nombre, configExtra: conf)
        try ops.escribirRegistro(s.dir + "/operadores.csv", registrados)
        return s
    }

    /// One station signs with operator a's key a capture that claims to be b's: b's is refused
    /// (the key is a's), so the acta is never verified by "two operators".
    @Test func unaClaveNoVerificaComoDos() throws {
        let ops = try OperadoresPrueba(["a", "b"])
        let s = try Self.spool("unaclave", ops, ["a", "b"])
        let acta = SpoolPrueba.actas(1)[0]
        try s.soltar("\(acta.clave).jpg", SpoolPrueba.imagen(1))
        try s.soltarFirmado("\(acta.clave).captura.a.json", SpoolPrueba.captura(acta, "a"), por: "a", ops)
        try s.soltarFirmado("\(acta.clave).captura.b.json", SpoolPrueba.captura(acta, "b"), por: "a", ops)
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.listar("captured") == [acta.clave.texto], "\(r.stderr)")
        #expect(s.listar("verified").isEmpty && s.listar("packaged").isEmpty)
        #expect(s.razonesRechazo.contains("signed with operator a's key, but the drop claims operator b"), "\(s.razonesRechazo)")
        // The capture and its signature are refused together, each beside its reason.
        let rechazados = s.listar("rejected")
        #expect(rechazados.contains { $0.hasSuffix(".captura.b.json") } && rechazados.contains { $0.hasSuffix(".captura.b.json.sig") }, "\(rechazados)")
        // The accepted capture's signature is in the item, with the keynum that signed it.
        let estado = s.leer("captured/\(acta.clave)/estado")
        #expect(estado.contains("archivo firma \(acta.clave).captura.a.json.sig "), "\(estado)")
        #expect(s.existe("captured/\(acta.clave)/\(acta.clave).captura.a.json.sig"))
    }

    /// The daemon running, `acta` captured by a (signed), then the registry rewritten with
    /// `registro` and re-read on SIGHUP.
    static func capturaYRecarga(_ s: SpoolPrueba, _ ops: OperadoresPrueba, _ acta: ActaEsperada,
                                registro: [(String, String)]) throws {
        try s.iniciar()
        #expect(s.esperar(20) { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        try s.soltar("\(acta.clave).jpg", SpoolPrueba.imagen(1))
        try s.soltarFirmado("\(acta.clave).captura.a.json", SpoolPrueba.captura(acta, "a"), por: "a", ops)
        #expect(s.esperar(20) { s.existe("captured/\(acta.clave)") }, "\(s.textoLog)")
        try ops.escribirRegistro(s.dir + "/operadores.csv", registro)
        guard let pid = s.pid else { throw POSIXError(.ESRCH) }
        kill(pid, SIGHUP)
        #expect(s.esperar(20) { s.textoLog.contains("operators re-read: \(registro.count) registered") }, "\(s.textoLog)")
    }

    /// After a SIGHUP, b's capture never makes the pair with a's: when the reload gave a's key to
    /// b (one key, two names), and when it removed b (revoked for every later drop).
    @Test(arguments: [
        ("reasignada", ["a"], [("b", "a")], "two captures count only from two distinct keys"),
        ("revocado", ["a", "b"], [("a", "a")], "operator b is not registered (or was revoked)"),
    ])
    func trasRecargarNoHacePar(_ nombre: String, _ antes: [String], _ despues: [(String, String)], _ razon: String) throws {
        let ops = try OperadoresPrueba(["a", "b"])
        let s = try Self.spool(nombre, ops, antes)
        let acta = SpoolPrueba.actas(1)[0]
        try Self.capturaYRecarga(s, ops, acta, registro: despues)
        // b's capture, signed with the key the registry now gives b (a's when reassigned).
        let firmante = despues.first { $0.0 == "b" }?.1 ?? "b"
        try s.soltarFirmado("\(acta.clave).captura.b.json", SpoolPrueba.captura(acta, "b"), por: firmante, ops)
        #expect(s.esperar(20) { s.razonesRechazo.contains(razon) }, "\(s.textoLog)")
        #expect(s.listar("verified").isEmpty && s.listar("packaged").isEmpty)
        #expect(s.detener() == 0)
    }

    /// A capture without its signature waits in incoming/ (`--once` names it), and is taken
    /// once its `.sig` comes; a signed acta's corte then passes `prep verify` with its captures.
    @Test func capturaEsperaSuFirmaYElCorteSeVerifica() throws {
        let ops = try OperadoresPrueba(["a", "b"])
        let s = try Self.spool("espera", ops, ["a", "b"])
        let (acta, otra) = (SpoolPrueba.actas(2)[0], SpoolPrueba.actas(2)[1])
        let b = SpoolPrueba.captura(acta, "b")
        // A signed sin acta declaration, for another acta, in a station's folder.
        let sinActa = Array(#"{"version":1,"acta":"\#(otra.clave)","operador":"a","causa":"casilla no instalada"}"#.utf8)
        try s.soltarFirmado("\(otra.clave).sinacta.json", sinActa, por: "a", ops, carpeta: "catd-01")
        try s.soltar("\(acta.clave).jpg", SpoolPrueba.imagen(1))
        try s.soltarFirmado("\(acta.clave).captura.a.json", SpoolPrueba.captura(acta, "a"), por: "a", ops)
        try s.soltar("\(acta.clave).captura.b.json", b)
        var r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.listar("captured") == [acta.clave.texto], "\(r.stderr)")
        #expect(s.listar("incoming") == ["\(acta.clave).captura.b.json", "catd-01"])
        #expect(s.listar("incoming/catd-01").isEmpty)
        #expect(r.stderr.contains("1 left waiting for their signature (.sig): incoming/\(acta.clave).captura.b.json"), "\(r.stderr)")

        try s.soltar("\(acta.clave).captura.b.json.sig", try ops.firma(b, por: "b"))
        // `prep publish` without a daemon: takes what is there, then a corte now.
        r = try Binario.ejecutar(["publish", "--config", s.config])
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.listar("incoming") == ["catd-01"], "\(s.listar("incoming"))")
        #expect(s.listar("packaged") == [otra.clave.texto, acta.clave.texto].sorted(), "\(r.stderr)")
        let estado = s.leer("packaged/\(otra.clave)/estado")
        let keynum = ops.claves["a"]?.publica.huella ?? "?"
        #expect(estado.contains("archivo firma \(otra.clave).sinacta.json.sig ") && estado.contains(" \(keynum) incoming/catd-01/\(otra.clave).sinacta.json.sig"), "\(estado)")
        let item = s.listar("packaged/\(acta.clave)")
        #expect(item.contains("\(acta.clave).captura.b.json.sig"), "\(item)")
        let manifiesto = s.leer("publish/latest/manifest.json")
        #expect(manifiesto.contains("\"operators_authenticated\": true") || manifiesto.contains("\"operators_authenticated\":true"), "\(manifiesto)")
        let v = try Binario.ejecutar(["verify", s.spool + "/publish/latest", "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0, "\(v.stderr)")
        // Two captures and a declaration, each one file with its signature.
        #expect(s.listar("publish/capturas").count == 3 && s.listar("publish/capturas").allSatisfy { $0.hasSuffix(".json.sig") },
                "\(s.listar("publish/capturas"))")
        #expect(s.leer("publish/latest/capturas/actas.csv").contains("\(otra.clave),sinacta,"), "\(s.leer("publish/latest/capturas/actas.csv"))")
    }

    /// A signature that does not verify, and one by an operator who is not registered: each
    /// refused with its JSON, with a one-line reason.
    @Test func firmaMalaYOperadorNoRegistrado() throws {
        let ops = try OperadoresPrueba(["a", "c"])
        let s = try Self.spool("mala", ops, ["a"])
        let actas = SpoolPrueba.actas(2)
        try s.soltar("\(actas[0].clave).captura.a.json.sig", try ops.firma(Array("other bytes".utf8), por: "a"))
        try s.soltar("\(actas[0].clave).captura.a.json", SpoolPrueba.captura(actas[0], "a"))
        try s.soltarFirmado("\(actas[1].clave).captura.c.json", SpoolPrueba.captura(actas[1], "c"), por: "c", ops)
        try s.soltar("\(actas[1].clave).sig", [1, 2, 3])
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        let razones = s.razonesRechazo
        #expect(razones.contains("incoming/\(actas[0].clave).captura.a.json: signature refused: signature by a's key does not verify"), "\(razones)")
        #expect(razones.contains("incoming/\(actas[1].clave).captura.c.json: signature refused: operator c is not registered (or was revoked)"), "\(razones)")
        #expect(razones.contains("incoming/\(actas[1].clave).sig: unknown name"), "\(razones)")
        #expect(s.listar("rejected").filter { $0.hasSuffix(".reason") }.count == 5, "\(s.listar("rejected"))")
        #expect(razones.split(separator: "\n").count == 5, "\(razones)")
        #expect(s.listar("incoming").isEmpty)
    }

    /// Mode oficial refuses to start without a registry; simulacro starts and says operators are
    /// not authenticated.
    @Test func sinRegistro() throws {
        let oficial = try SpoolPrueba("oficial", configExtra: "mode = oficial\n")
        let r = try oficial.unaVez()
        #expect(r.estado == 1)
        #expect(r.stderr.contains("refusing to start: mode oficial needs the capture operators' registry (operators = operadores.csv"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: oficial.spool + "/publish"))

        let simulacro = try SpoolPrueba("simulacro")
        let q = try simulacro.unaVez()
        #expect(q.estado == 0, "\(q.stderr)")
        #expect(q.stderr.contains("operators are not authenticated"), "\(q.stderr)")

        // A registry with its header and no operator: every capture would be refused. Mode
        // oficial says so and does not start; simulacro starts and warns.
        let ops = try OperadoresPrueba([])
        for (nombre, modo) in [("vacio-oficial", "mode = oficial\n"), ("vacio-simulacro", "")] {
            let v = try SpoolPrueba(nombre, configExtra: modo + "operators = operadores.csv\n")
            try ops.escribirRegistro(v.dir + "/operadores.csv", [String]())
            let e = try v.unaVez()
            if modo.isEmpty {
                #expect(e.estado == 0, "\(e.stderr)")
                #expect(e.stderr.contains("/operadores.csv registers no operator: every capture and sin acta drop will be refused until operators are added"), "\(e.stderr)")
            } else {
                #expect(e.estado == 1)
                #expect(e.stderr.contains("operadores.csv registers no operator: every capture and sin acta drop would be refused; add the capture operators' rows"), "\(e.stderr)")
                #expect(!FileManager.default.fileExists(atPath: v.spool + "/publish"))
            }
        }
    }

    /// A spool that took captures before it had a registry keeps them: restarting with one does
    /// not refuse them, the acta completes with a signed capture, and its corte says operators
    /// are not authenticated (that acta has no signed pair).
    @Test func capturasViejasSinFirma() throws {
        let ops = try OperadoresPrueba(["b"])
        let s = try SpoolPrueba("viejas", configExtra: "corte_interval = 20m\n")
        let acta = SpoolPrueba.actas(1)[0]
        try s.soltar("\(acta.clave).jpg", SpoolPrueba.imagen(1))
        try s.soltar("\(acta.clave).captura.a.json", SpoolPrueba.captura(acta, "a"))
        var r = try s.unaVez()
        #expect(s.listar("captured") == [acta.clave.texto], "\(r.stderr)")

        try ops.escribirRegistro(s.dir + "/operadores.csv", ["b"])
        try (try String(contentsOfFile: s.config, encoding: .utf8) + "operators = operadores.csv\n")
            .write(toFile: s.config, atomically: true, encoding: .utf8)
        try s.soltarFirmado("\(acta.clave).captura.b.json", SpoolPrueba.captura(acta, "b"), por: "b", ops)
        // A new corte is due: the first one is now "old" only after corte_interval, so ask.
        r = try Binario.ejecutar(["publish", "--config", s.config])
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.listar("packaged") == [acta.clave.texto], "\(r.stderr)")
        let manifiesto = s.leer("publish/latest/manifest.json")
        #expect(manifiesto.contains("\"operators_authenticated\": false") || manifiesto.contains("\"operators_authenticated\":false"), "\(manifiesto)")
        let v = try Binario.ejecutar(["verify", s.spool + "/publish/latest", "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0, "\(v.stderr)")
    }
}
