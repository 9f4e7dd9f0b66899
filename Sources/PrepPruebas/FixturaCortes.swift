import Foundation
import Glibc  // getpid(2) and access(2) for test folders and tools, no spool work
import PrepDominio
import PrepPublicacion
import PrepSistema

/// The corte tests' fixture (publication and site test targets): the small catálogo of
/// `FixturaCatalogo`, a signing key, captured and sin acta actas with their images, and a
/// publish folder with one corte. A test target declares `enum Fixture: FixturaCortes {}`.
public protocol FixturaCortes: FixturaCatalogo {}

/// The test signing key, made once per test process.
public enum ClavesPrueba {
    public static let secreta: ClaveSecretaSignify = {
        do { return try ClaveSecretaSignify.generar() } catch { preconditionFailure("test key: \(error)") }
    }()
}

/// A tool a test needs is missing: the test fails (never skips) and says how to install it.
public struct FaltaHerramientaCortes: Error, CustomStringConvertible {
    public let nombre: String
    public var description: String { "missing tool: \(nombre)" }
}

extension FixturaCortes {
    public static var t0: MarcaTiempo { MarcaTiempo(segundosUnix: 1_717_380_000, desfaseMinutos: -360) }

    /// A captured acta with an image whose bytes are written into `carpeta`; returns the acta and
    /// the image's path.
    public static func capturada(_ k: String, _ v: [String: Cifra], carpeta: String, origen: OrigenImagen = .catd,
                          totales: Cifra = .votos(5)) throws -> (ActaVerificada, String) {
        let bytes = Array("imagen de \(k)".utf8)
        let hash = SHA256.resumen(bytes)
        let ruta = carpeta + "/" + k + ".jpg"
        try Data(bytes).write(to: URL(fileURLWithPath: ruta))
        let c = Captura(acta: clave(k), operador: "cap01", capturada: t0, acopio: t0,
                        totales: Dictionary(uniqueKeysWithValues: Total.allCases.map { ($0, totales) }), votos: v)
        let acta = ActaVerificada(clave: clave(k), contenido: .captura(c),
                                  imagen: ImagenActa(sha256: hash, extension_: "jpg", origen: origen),
                                  acopio: MarcaTiempo(segundosUnix: t0.segundosUnix - 300, desfaseMinutos: 0),
                                  captura: t0, verificacion: MarcaTiempo(segundosUnix: t0.segundosUnix + 65, desfaseMinutos: 0))
        return (acta, ruta)
    }

    public static func sinActa(_ k: String, _ causa: CausaSinActa) -> ActaVerificada {
        ActaVerificada(clave: clave(k), contenido: .sinActa(causa), imagen: nil, acopio: nil, captura: nil, verificacion: t0)
    }

    /// A fresh temporary folder.
    public static func temporal(_ nombre: String = #function) -> String {
        let limpio = nombre.filter { $0.isLetter || $0.isNumber }
        let ruta = "/tmp/prep-pub-\(limpio)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: ruta, withIntermediateDirectories: true)
        return ruta
    }

    public static var clavePrueba: ClaveSecretaSignify { ClavesPrueba.secreta }

    public static func configuracion(_ carpeta: String, clave: ClaveSecretaSignify = clavePrueba) -> ConfiguracionCortes {
        ConfiguracionCortes(carpeta: carpeta, modo: .simulacro, desfaseMinutos: -360, intervaloSegundos: 900,
                                catalogoSHA256: HuellaSHA256(palabras: (0xabab_abab_abab_abab, 0xabab_abab_abab_abab, 0xabab_abab_abab_abab, 0xabab_abab_abab_abab)), clave: clave)
    }

    /// A publish folder with one corte holding a mix of rows; returns the publisher and the corte.
    public static func publicadorConDatos(_ raiz: String) throws -> (ConstructorCortes, CortePublicado) {
        let spool = raiz + "/spool"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let p = try ConstructorCortes(configuracion: configuracion(raiz + "/publish"), catalogo: catalogo)
        let (a1, r1) = try capturada("090001B0100-JG", votos(.votos(100), .votos(200), .votos(3), .votos(0), .ilegible), carpeta: spool)
        let (a2, r2) = try capturada("090002B0100-JG", votos(.votos(400), .votos(200), nil, .votos(0), .votos(1)), carpeta: spool, origen: .casilla)
        let (a3, r3) = try capturada("090003B0100-JG", votos(.votos(1), .votos(2), .votos(3), .votos(0), .votos(0)), carpeta: spool)
        try p.registrar(a1, rutaImagen: r1)
        try p.registrar(a2, rutaImagen: r2)
        try p.registrar(a3, rutaImagen: r3)
        try p.registrar(sinActa("090001S0100-ALC", .casillaNoInstalada), rutaImagen: nil)
        let corte = try p.publicarCorte(ahora: MarcaTiempo(segundosUnix: t0.segundosUnix + 600, desfaseMinutos: 0))
        return (p, corte)
    }

    /// Runs a program to completion: (status, stdout + stderr).
    @discardableResult
    public static func ejecutar(_ programa: String, _ args: [String], en directorio: String? = nil) throws -> (Int32, String) {
        let s = try Ejecucion.ejecutar(programa, args, directorio: directorio)
        return (s.estado, s.todo)
    }

    /// Debian's signify; the tests that need it fail (never skip) when it is missing.
    public static func signify() throws -> String {
        for r in ["/usr/bin/signify-openbsd", "/usr/local/bin/signify-openbsd", "/usr/bin/signify"] where access(r, X_OK) == 0 {
            return r
        }
        throw FaltaHerramientaCortes(nombre: "signify-openbsd (apt-get install signify-openbsd; .ci/run installs it)")
    }
}
