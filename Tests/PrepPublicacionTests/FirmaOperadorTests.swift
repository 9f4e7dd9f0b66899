import Foundation
import Testing
import PrepDominio
import PrepPruebas
import PrepSistema
@testable import PrepPublicacion

/// Operators' signatures on their drops: the detached signify format, made and checked by stock
/// tools (Debian's signify-openbsd, Python's PyNaCl) and by us, and the registry that says whose
/// key is whose.
@Suite struct FirmaOperadorTests {
    static func escribir(_ ruta: String, _ b: [UInt8]) throws { try Data(b).write(to: URL(fileURLWithPath: ruta)) }
    static func leer(_ ruta: String) throws -> [UInt8] { try Directorio.actual.leerTodo(NombreArchivo(ruta)) }

    /// The base64 line of a `.pub` file: what a registry row carries.
    static func linea(_ c: ClavePublicaSignify) -> String {
        String(decoding: c.archivo(comentario: "x").split(separator: 10)[1], as: UTF8.self)
    }

    static func registro(_ filas: [(String, String, ClavePublicaSignify)]) throws -> RegistroOperadores {
        let texto = "OPERADOR,CATD,CLAVE_PUBLICA\n" + filas.map { "\($0.0),\($0.1),\(linea($0.2))\n" }.joined()
        return try RegistroOperadores(analizando: Array(texto.utf8), archivo: "operadores.csv")
    }

    @Test func laFirmaEsLaDeSignify() throws {
        let signify = try Fixture.signify()
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (s, salida) = try Fixture.ejecutar(signify, ["-G", "-n", "-p", raiz + "/cap01.pub", "-s", raiz + "/cap01.sec", "-c", "cap01"])
        #expect(s == 0, "\(salida)")
        let sec = try ClaveSecretaSignify(archivo: try Self.leer(raiz + "/cap01.sec"))
        let captura = Array(#"{"version":1,"acta":"090001B0100-JG","operador":"cap01"}"#.utf8)
        try Self.escribir(raiz + "/c.json", captura)
        // signify's detached signature, byte for byte ours (Ed25519 is deterministic).
        let (s2, salida2) = try Fixture.ejecutar(signify, ["-S", "-s", raiz + "/cap01.sec", "-m", raiz + "/c.json"])
        #expect(s2 == 0, "\(salida2)")
        let deSignify = try Self.leer(raiz + "/c.json.sig")
        #expect(try sec.firmarSeparado(captura, comentario: "verify with cap01.pub") == deSignify)
        try sec.publica.verificarSeparado(deSignify, mensaje: captura)
        // Ours (through `firmarArchivo`, what `prep sign` does) verifies with signify -V.
        try FileManager.default.removeItem(atPath: raiz + "/c.json.sig")
        #expect(try ArchivoClaves.firmarArchivo(raiz + "/c.json", clave: sec, rutaClave: raiz + "/cap01.sec") == raiz + "/c.json.sig")
        #expect(try Self.leer(raiz + "/c.json.sig") == deSignify, "prep sign writes signify's bytes")
        let (s3, salida3) = try Fixture.ejecutar(signify, ["-V", "-p", raiz + "/cap01.pub", "-m", raiz + "/c.json"])
        #expect(s3 == 0, "signify -V on our signature: \(salida3)")
        // One byte changed: refused by both.
        try Self.escribir(raiz + "/c.json", captura.dropLast() + [0x20])
        #expect(throws: ErrorSignify.firmaInvalida) { try sec.publica.verificarSeparado(try Self.leer(raiz + "/c.json.sig"), mensaje: try Self.leer(raiz + "/c.json")) }
        let (s4, _) = try Fixture.ejecutar(signify, ["-V", "-p", raiz + "/cap01.pub", "-m", raiz + "/c.json"])
        #expect(s4 != 0)
        // An embedded signature is not a detached one.
        #expect(throws: ErrorSignify.self) { try sec.publica.verificarSeparado(try sec.firmarEmbebido(captura, comentario: "x"), mensaje: captura) }
    }

    /// The recipe docs/spool.md gives a station without `prep` or signify: PyNaCl from Debian.
    @Test func unaEstacionFirmaConPython() throws {
        guard ZipTests.herramienta("/usr/bin/python3", "python3") else { return }
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let sec = try ClaveSecretaSignify.generar()
        try Self.escribir(raiz + "/cap02.sec", try sec.archivo(comentario: "cap02 secret key"))
        let captura = Array(#"{"version":1,"acta":"090001B0100-JG","operador":"cap02"}"#.utf8)
        try Self.escribir(raiz + "/c.json", captura)
        let receta = try String(contentsOfFile: Repositorio.docs + "/firma_estacion.py", encoding: .utf8)
        let r = try Ejecucion.ejecutar("/usr/bin/python3", ["-c", receta, raiz + "/cap02.sec", raiz + "/c.json"])
        #expect(r.estado == 0, "\(r.todo)")
        let firma = try Self.leer(raiz + "/c.json.sig")
        try sec.publica.verificarSeparado(firma, mensaje: captura)
        #expect(firma == (try sec.firmarSeparado(captura, comentario: "verify with cap02.pub")))
    }

    @Test func registroDeOperadores() throws {
        let a = try ClaveSecretaSignify.generar(), b = try ClaveSecretaSignify.generar(), x = try ClaveSecretaSignify.generar()
        let r = try Self.registro([("cap01", "07", a.publica), ("cap02", "07", b.publica)])
        #expect(r.operadores.map(\.nombre) == ["cap01", "cap02"])
        #expect(try RegistroOperadores(analizando: r.bytes, archivo: "x") == r, "published bytes read back")
        let captura = Array("{}".utf8)
        #expect(try r.comprobar(captura, firma: try a.firmarSeparado(captura, comentario: "c"), operadorDeclarado: "cap01").nombre == "cap01")
        func motivo(_ firma: [UInt8], _ op: String) -> String {
            do { _ = try r.comprobar(captura, firma: firma, operadorDeclarado: op); return "accepted" } catch { return error.description }
        }
        #expect(motivo(try a.firmarSeparado(captura, comentario: "c"), "cap03") == "operator cap03 is not registered (or was revoked)")
        #expect(motivo(try a.firmarSeparado(captura, comentario: "c"), "cap02") == "signed with operator cap01's key, but the drop claims operator cap02")
        #expect(motivo(try x.firmarSeparado(captura, comentario: "c"), "cap01").hasPrefix("signed with a key no operator has (keynum \(x.publica.huella))"))
        #expect(motivo(try a.firmarSeparado(Array("{ }".utf8), comentario: "c"), "cap01").hasPrefix("signature by cap01's key does not verify"))
        #expect(motivo(Array("no es una firma\n".utf8), "cap01").hasPrefix("signature: not a signify file"))

        func error(_ texto: String) -> String {
            do { _ = try RegistroOperadores(analizando: Array(texto.utf8), archivo: "operadores.csv"); return "accepted" } catch { return error.description }
        }
        let la = Self.linea(a.publica)
        #expect(error("") == "operadores.csv: empty; it needs the header OPERADOR,CATD,CLAVE_PUBLICA")
        #expect(error("OPERADOR,CLAVE\n") == "operadores.csv:1: the header must be OPERADOR,CATD,CLAVE_PUBLICA")
        #expect(error("OPERADOR,CATD,CLAVE_PUBLICA\nCap01,07,\(la)\n") == "operadores.csv:2: OPERADOR 'Cap01' is not a drop name's operator ([a-z0-9_-]{1,32})")
        #expect(error("OPERADOR,CATD,CLAVE_PUBLICA\ncap01,07,abc\n").hasPrefix("operadores.csv:2: CLAVE_PUBLICA is not the base64 line of a signify public key"))
        #expect(error("OPERADOR,CATD,CLAVE_PUBLICA\ncap01,,\(la)\n") == "operadores.csv:2: CATD is empty")
        #expect(error("OPERADOR,CATD,CLAVE_PUBLICA\n\ncap01,07,\(la)\ncap01,08,\(Self.linea(b.publica))\n") == "operadores.csv: operator cap01 is registered twice")
        #expect(error("OPERADOR,CATD,CLAVE_PUBLICA\ncap01,07,\(la)\ncap02,08,\(la)\n").hasSuffix("have the same key (keynum \(a.publica.huella)): one key, one person"))
    }
}
