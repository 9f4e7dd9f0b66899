import Foundation
import Glibc
@testable import PrepDominio
@testable import PrepPublicacion
import PrepSistema

/// A small hand-written catálogo: JG by distrito local (distrito 2 lacks PT_MORENA) and ALC by
/// demarcación; a básica (LN 600), an especial (1,000 ballots) and a casilla of distrito 2.
enum Fixture {
    static let columnas: [ColumnaVoto] = [
        ColumnaVoto(id: "PAN", tipo: .partido, nombre: "Partido Acción Nacional", color: "#0055a5"),
        ColumnaVoto(id: "MORENA", tipo: .partido, nombre: "Morena", color: "#a50021"),
        ColumnaVoto(id: "PT_MORENA", tipo: .coalicion, nombre: "PT y Morena", color: "#aa2222"),
        ColumnaVoto(id: "NO_REGISTRADAS", tipo: .noRegistradas, nombre: "Candidaturas no registradas", color: "#888888"),
        ColumnaVoto(id: "NULOS", tipo: .nulos, nombre: "Votos nulos", color: "#444444"),
    ]

    static func casilla(_ clave: String, distrito: Int = 1, ln: Int = 600, reps: Int = 10, boletas: Int = 0) -> Casilla {
        Casilla(clave: ClaveCasilla(clave)!, idDistritoLocal: distrito, idDemarcacion: 7, ubicacion: 1,
                listaNominal: ln, representantes: reps, boletasEspecial: boletas, elecciones: ["JG", "ALC"])
    }

    static let catalogo = Catalogo(
        proceso: Proceso(idEntidad: 9, entidad: "CIUDAD DE MÉXICO", siglas: "CDMX", anio: 2024, descripcion: "prueba"),
        elecciones: [
            Eleccion(codigo: "JG", nombre: "JEFATURA DE GOBIERNO", geografia: .distritoLocal,
                     columnas: columnas, columnasPorAmbito: [2: [0, 1, 3, 4]]),
            Eleccion(codigo: "ALC", nombre: "ALCALDÍAS", geografia: .demarcacion, columnas: columnas, columnasPorAmbito: [:]),
        ],
        distritos: [Ambito(id: 1, nombre: "DISTRITO 01"), Ambito(id: 2, nombre: "DISTRITO 02, SUR")],
        demarcaciones: [Ambito(id: 7, nombre: "Tláhuac")],
        casillas: [
            casilla("090001B0100"),
            casilla("090001S0100", ln: 0, reps: 10, boletas: 1000),
            casilla("090002B0100", distrito: 2, ln: 500, reps: 4),
        ],
        candidaturas: [Candidatura(eleccion: "JG", idAmbito: 0, columna: "PAN", propietaria: "Ana \"N\" Pérez", suplente: "")])

    static func clave(_ s: String) -> ClaveActa { ClaveActa(s)! }

    static let t0 = MarcaTiempo(segundosUnix: 1_717_380_000, desfaseMinutos: -360)

    static func votos(_ pan: Cifra, _ morena: Cifra, _ ptm: Cifra?, _ nr: Cifra, _ nulos: Cifra) -> [String: Cifra] {
        var v: [String: Cifra] = ["PAN": pan, "MORENA": morena, "NO_REGISTRADAS": nr, "NULOS": nulos]
        if let ptm { v["PT_MORENA"] = ptm }
        return v
    }

    /// A captured acta with an image whose bytes are written into `carpeta`; returns the acta and
    /// the image's path.
    static func capturada(_ k: String, _ v: [String: Cifra], carpeta: String, origen: OrigenImagen = .catd,
                          totales: Cifra = .votos(5)) throws -> (ActaVerificada, String) {
        let bytes = Array("imagen de \(k)".utf8)
        let hash = SHA256.hex(try SHA256.resumen(bytes))
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

    static func sinActa(_ k: String, _ causa: CausaSinActa) -> ActaVerificada {
        ActaVerificada(clave: clave(k), contenido: .sinActa(causa), imagen: nil, acopio: nil, captura: nil, verificacion: t0)
    }

    /// A fresh temporary folder.
    static func temporal(_ nombre: String = #function) -> String {
        let limpio = nombre.filter { $0.isLetter || $0.isNumber }
        let ruta = "/tmp/prep-pub-\(limpio)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: ruta, withIntermediateDirectories: true)
        return ruta
    }

    static let clavePrueba: ClaveSecretaSignify = { try! ClaveSecretaSignify.generar() }()

    static func configuracion(_ carpeta: String, clave: ClaveSecretaSignify = clavePrueba) -> ConfiguracionPublicador {
        ConfiguracionPublicador(carpeta: carpeta, modo: .simulacro, desfaseMinutos: -360, intervaloSegundos: 900,
                                catalogoSHA256: String(repeating: "ab", count: 32), clave: clave)
    }

    /// A publish folder with one corte holding a mix of rows; returns the publisher and the corte.
    static func publicadorConDatos(_ raiz: String) throws -> (Publicador, CortePublicado) {
        let spool = raiz + "/spool"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let p = try Publicador(configuracion: configuracion(raiz + "/publish"), catalogo: catalogo)
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
    static func ejecutar(_ programa: String, _ args: [String], en directorio: String? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: programa)
        p.arguments = args
        if let directorio { p.currentDirectoryURL = URL(fileURLWithPath: directorio) }
        let tubo = Pipe()
        p.standardOutput = tubo
        p.standardError = tubo
        try p.run()
        let datos = tubo.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: datos, as: UTF8.self))
    }

    /// Debian's signify; the tests that need it fail (never skip) when it is missing.
    static func signify() throws -> String {
        for r in ["/usr/bin/signify-openbsd", "/usr/local/bin/signify-openbsd", "/usr/bin/signify"] where access(r, X_OK) == 0 {
            return r
        }
        throw FaltaHerramienta(nombre: "signify-openbsd (apt-get install signify-openbsd; .ci/run installs it)")
    }

    struct FaltaHerramienta: Error, CustomStringConvertible {
        let nombre: String
        var description: String { "missing tool: \(nombre)" }
    }
}
