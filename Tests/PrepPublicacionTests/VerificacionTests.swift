import Foundation
import Glibc
import Testing
@testable import PrepDominio
@testable import PrepPublicacion
import PrepSistema

/// `VerificadorCorte` against good cortes, tampered ones, and Debian's real signify.
@Suite struct VerificacionTests {
    static let despues = MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 700, desfaseMinutos: 0)

    static func fallo(_ carpeta: String, clave: ClavePublicaSignify = Fixture.clavePrueba.publica,
                      anterior: String? = nil) -> ErrorVerificacion? {
        do {
            _ = try VerificadorCorte.verificar(carpeta: carpeta, clave: clave, anterior: anterior, ahora: despues)
            return nil
        } catch { return error }
    }

    static func escribir(_ ruta: String, _ b: [UInt8]) throws { try Data(b).write(to: URL(fileURLWithPath: ruta)) }

    /// Re-lists and re-signs a corte after an edit, as an insider with the key could.
    static func refirmar(_ carpeta: String) throws {
        var e: [String: HuellaSHA256] = [:]
        for a in try VerificadorCorte.archivosBajo(carpeta) where a != "SHA256" && a != "SHA256.sig" {
            e[a] = SHA256.resumen(try Directorio.actual.leerTodo(NombreArchivo(carpeta + "/" + a)))
        }
        let lista = ListaSHA256(entradas: e).bytes
        try escribir(carpeta + "/SHA256", lista)
        try escribir(carpeta + "/SHA256.sig", try Fixture.clavePrueba.firmarEmbebido(lista, comentario: "re-signed"))
    }

    @Test func corteIntactoVerifica() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (p, c1) = try Fixture.publicadorConDatos(raiz)
        let informe = try VerificadorCorte.verificar(carpeta: c1.ruta, clave: Fixture.clavePrueba.publica, ahora: Self.despues)
        // Published without an operator registry: the only warning says so.
        #expect(informe.imagenes == 3 && informe.filas == 7)
        #expect(informe.avisos == ["operators are not authenticated in this corte (no operator registry): its figures are not traced to signed captures"])
        let c2 = try p.publicarCorte(ahora: Self.despues)
        _ = try VerificadorCorte.verificar(carpeta: c2.ruta, clave: Fixture.clavePrueba.publica, anterior: c1.ruta, ahora: Self.despues)
        // Past `expires`: a warning, not a failure.
        let tarde = MarcaTiempo(segundosUnix: Self.despues.segundosUnix + 4 * 3600, desfaseMinutos: 0)
        let viejo = try VerificadorCorte.verificar(carpeta: c2.ruta, clave: Fixture.clavePrueba.publica, ahora: tarde)
        #expect(viejo.avisos.contains { $0.contains("expired") })
    }

    @Test func signifyYSha256sumReales() throws {
        let signify = try Fixture.signify()
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, corte) = try Fixture.publicadorConDatos(raiz)
        let pub = raiz + "/prep.pub"
        try Self.escribir(pub, Fixture.clavePrueba.publica.archivo(comentario: "prep test public key"))
        let (s, salida) = try Fixture.ejecutar(signify, ["-C", "-p", pub, "-x", "SHA256.sig"], en: corte.ruta)
        #expect(s == 0, "signify -C: \(salida)")
        #expect(salida.contains("Signature Verified") && salida.contains("datos/CDMX_JG_2024.csv: OK"))
        let (s2, salida2) = try Fixture.ejecutar("/usr/bin/sha256sum", ["-c", "SHA256"], en: corte.ruta)
        #expect(s2 == 0, "sha256sum -c: \(salida2)")
        // And signify notices a changed byte.
        var csv = try Directorio.actual.leerTodo(NombreArchivo(corte.ruta + "/datos/CDMX_JG_2024.csv"))
        csv[csv.count - 5] ^= 1
        try Self.escribir(corte.ruta + "/datos/CDMX_JG_2024.csv", csv)
        let (s3, _) = try Fixture.ejecutar(signify, ["-C", "-p", pub, "-x", "SHA256.sig"], en: corte.ruta)
        #expect(s3 != 0)
    }

    @Test func clavesDeSignifyRealesSeLeenYFirman() throws {
        let signify = try Fixture.signify()
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (s, salida) = try Fixture.ejecutar(signify, ["-G", "-n", "-p", raiz + "/k.pub", "-s", raiz + "/k.sec", "-c", "real"])
        #expect(s == 0, "\(salida)")
        let sec = try ClaveSecretaSignify(archivo: try Directorio.actual.leerTodo(NombreArchivo(raiz + "/k.sec")))
        let pub = try ClavePublicaSignify(archivo: try Directorio.actual.leerTodo(NombreArchivo(raiz + "/k.pub")))
        #expect(sec.publica == pub)
        let mensaje = Array("SHA256 (a) = 00\n".utf8)
        try Self.escribir(raiz + "/m.sig", try sec.firmarEmbebido(mensaje, comentario: "x"))
        let (s2, salida2) = try Fixture.ejecutar(signify, ["-V", "-e", "-p", raiz + "/k.pub", "-x", raiz + "/m.sig", "-m", raiz + "/m.out"])
        #expect(s2 == 0, "\(salida2)")
        #expect(try Directorio.actual.leerTodo(NombreArchivo(raiz + "/m.out")) == mensaje)
        // signify's own embedded signature verifies with our code.
        try Self.escribir(raiz + "/n", mensaje)
        _ = try Fixture.ejecutar(signify, ["-S", "-e", "-s", raiz + "/k.sec", "-m", raiz + "/n", "-x", raiz + "/n.sig"])
        #expect(try pub.verificarEmbebido(try Directorio.actual.leerTodo(NombreArchivo(raiz + "/n.sig"))) == mensaje)
        // An encrypted key (kdfrounds ≠ 0) is refused by name.
        var bytes = try Directorio.actual.leerTodo(NombreArchivo(raiz + "/k.sec"))
        let lineas = bytes.split(separator: 10)
        var d = [UInt8](Data(base64Encoded: Data(lineas[1]))!)
        d[7] = 42
        bytes = Array(lineas[0]) + [10] + Array(Data(d).base64EncodedString().utf8) + [10]
        #expect(throws: ErrorSignify.cifrada) { try ClaveSecretaSignify(archivo: bytes) }
    }

    @Test func unByteDelCSVCambiado() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c) = try Fixture.publicadorConDatos(raiz)
        let ruta = c.ruta + "/datos/CDMX_JG_2024.csv"
        var b = try Directorio.actual.leerTodo(NombreArchivo(ruta))
        b[b.count - 10] ^= 1
        try Self.escribir(ruta, b)
        #expect(Self.fallo(c.ruta) == .archivos("datos/CDMX_JG_2024.csv: SHA-256 does not match SHA256"))
    }

    @Test func imagenCambiadaOFaltante() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c) = try Fixture.publicadorConDatos(raiz)
        let imagenes = raiz + "/publish/imagenes"
        let nombre = try Directorio.actual.listar(NombreArchivo(imagenes)).map(\.nombre.description).sorted()[0]
        // Replace (not rewrite in place: it is hard-linked to the spool's copy).
        unlink(imagenes + "/" + nombre)
        try Self.escribir(imagenes + "/" + nombre, Array("otra".utf8))
        #expect(Self.fallo(c.ruta) == .imagen("image \(nombre): its SHA-256 does not match its name"))
        unlink(imagenes + "/" + nombre)
        let hash = String(nombre.prefix(64))
        #expect(Self.fallo(c.ruta) == .imagen("image \(hash) named in CODIGO_INTEGRIDAD is missing from \(c.ruta)/../../imagenes"))
    }

    /// Images are hashed on every core; with several bad ones the failure named is still the
    /// first in name order, run after run.
    @Test func primeraImagenMalaEnOrden() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c) = try Fixture.publicadorConDatos(raiz)
        let imagenes = raiz + "/publish/imagenes"
        let nombres = try Directorio.actual.listar(NombreArchivo(imagenes)).map(\.nombre.description).sorted()
        #expect(nombres.count == 3)
        let original = try Directorio.actual.leerTodo(NombreArchivo(imagenes + "/" + nombres[1]))
        for n in nombres.dropFirst() {
            unlink(imagenes + "/" + n)
            try Self.escribir(imagenes + "/" + n, Array("otra".utf8))
        }
        for _ in 0..<5 { #expect(Self.fallo(c.ruta) == .imagen("image \(nombres[1]): its SHA-256 does not match its name")) }
        // An unreadable one (a folder under its name) ranks by name too.
        unlink(imagenes + "/" + nombres[1])
        try Self.escribir(imagenes + "/" + nombres[1], original)
        unlink(imagenes + "/" + nombres[2])
        try Directorio.actual.crearCarpeta(NombreArchivo(imagenes + "/" + nombres[2]))
        let ilegible = Self.fallo(c.ruta)
        #expect(ilegible?.description.hasPrefix("cannot read \(nombres[2]): ") == true, "\(String(describing: ilegible))")
        unlink(imagenes + "/" + nombres[0])
        try Self.escribir(imagenes + "/" + nombres[0], Array("otra".utf8))
        #expect(Self.fallo(c.ruta) == .imagen("image \(nombres[0]): its SHA-256 does not match its name"))
    }

    @Test func archivoAgregadoOQuitado() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c) = try Fixture.publicadorConDatos(raiz)
        try Self.escribir(c.ruta + "/datos/extra.csv", [1])
        #expect(Self.fallo(c.ruta) == .archivos("datos/extra.csv: file not listed in SHA256"))
        unlink(c.ruta + "/datos/extra.csv")
        unlink(c.ruta + "/datos/LEEME.txt")
        #expect(Self.fallo(c.ruta) == .archivos("datos/LEEME.txt: listed in SHA256 but missing"))
    }

    @Test func corteViejoRepetidoComoNuevo() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (p, c1) = try Fixture.publicadorConDatos(raiz)
        let c2 = try p.publicarCorte(ahora: Self.despues)
        let c3 = try p.publicarCorte(ahora: Self.despues)
        #expect(Self.fallo(c3.ruta, anterior: c2.ruta) == nil)
        // Serving corte 1 again after corte 2 (a replay / rollback), or skipping one.
        #expect(Self.fallo(c1.ruta, anterior: c2.ruta) == .cadena("seq 1 does not follow the previous corte's seq 2 (replayed or out of order)"))
        #expect(Self.fallo(c3.ruta, anterior: c1.ruta) == .cadena("seq 3 does not follow the previous corte's seq 1 (replayed or out of order)"))
        // A forged predecessor with the right seq but other content breaks the chain hash.
        let falso = raiz + "/falso/" + c2.nombre.description
        try FileManager.default.createDirectory(atPath: raiz + "/falso", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: c2.ruta, toPath: falso)
        try Self.escribir(falso + "/datos/LEEME.txt", [65])
        try Self.refirmar(falso)
        #expect(Self.fallo(c3.ruta, anterior: falso) == .cadena("previous_sha256 does not match the previous corte's SHA256 file"))
    }

    @Test func otraClave() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c) = try Fixture.publicadorConDatos(raiz)
        let otra = try ClaveSecretaSignify.generar()
        guard case .firma(let m) = Self.fallo(c.ruta, clave: otra.publica) else {
            Issue.record("another key must fail the signature")
            return
        }
        #expect(m.contains("signed with another key"))
        // Same keynum, other key material: the signature itself fails.
        let impostora = ClavePublicaSignify(keynum: Fixture.clavePrueba.keynum, clave: otra.publica.clave)
        #expect(Self.fallo(c.ruta, clave: impostora) == .firma("SHA256.sig: signature verification failed"))
    }

    @Test func resumenQueNoCuadraConSusFilas() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c) = try Fixture.publicadorConDatos(raiz)
        let ruta = c.ruta + "/datos/CDMX_JG_2024.csv"
        let s = String(decoding: try Directorio.actual.leerTodo(NombreArchivo(ruta)), as: UTF8.self)
        try Self.escribir(ruta, Array(s.replacingOccurrences(of: "3,3,1,2,66.6666,1,33.3333,66.6666,1,600,303,303,50.5000",
                                                              with: "3,3,1,2,66.6666,1,33.3333,66.6666,1,600,304,303,50.5000").utf8))
        try Self.refirmar(c.ruta)
        #expect(Self.fallo(c.ruta) == .resumen("datos/CDMX_JG_2024.csv: TOTAL_VOTOS_C_CS is 304 in the summary but the rows give 303"))
        // A row whose total does not add up is named too.
        try Self.escribir(ruta, Array(s.replacingOccurrences(of: ",Ilegible,5,303,600,", with: ",Ilegible,5,304,600,").utf8))
        try Self.refirmar(c.ruta)
        #expect(Self.fallo(c.ruta) == .csv("datos/CDMX_JG_2024.csv line 6: TOTAL_VOTOS_CALCULADO is 304 but the vote columns sum 303"))
    }

    /// The verifier reads with the domain's strict RFC 4180 reader: a re-signed CSV with a stray
    /// quote or a byte that is not UTF-8 is refused by line.
    @Test func csvQueNoEsRFC4180Rechazado() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c) = try Fixture.publicadorConDatos(raiz)
        let ruta = c.ruta + "/datos/CDMX_JG_2024.csv"
        let original = try Directorio.actual.leerTodo(NombreArchivo(ruta))
        let s = String(decoding: original, as: UTF8.self)
        try Self.escribir(ruta, Array(s.replacingOccurrences(of: ",Ilegible,5,303,600,", with: ",Ileg\"ible,5,303,600,").utf8))
        try Self.refirmar(c.ruta)
        #expect(Self.fallo(c.ruta) == .csv("datos/CDMX_JG_2024.csv line 6: quote inside an unquoted field"))
        let marca = Array(",Ilegible,5,303,600,".utf8)
        let k = try #require(original.indices.first { original[$0...].starts(with: marca) })
        var malo = original
        malo[k + 4] = 0xFF
        try Self.escribir(ruta, malo)
        try Self.refirmar(c.ruta)
        #expect(Self.fallo(c.ruta) == .csv("datos/CDMX_JG_2024.csv line 6: not valid UTF-8"))
    }

    @Test func listaConRutaPeligrosaRechazada() throws {
        #expect(throws: ErrorVerificacion.self) {
            try ListaSHA256(analizando: Array("SHA256 (../x) = \(String(repeating: "a", count: 64))\n".utf8))
        }
        #expect(throws: ErrorVerificacion.self) {
            try ListaSHA256(analizando: Array("SHA256 (b) = \(String(repeating: "a", count: 64))\nSHA256 (a) = \(String(repeating: "a", count: 64))\n".utf8))
        }
        #expect(!ListaSHA256.rutaValida("a)b") && ListaSHA256.rutaValida("datos/x y.csv"))
    }
}
