import Foundation
import Glibc
import Synchronization
import Testing
import PrepDominio
@testable import PrepSistema
@testable import PrepSpool

/// A backlog's next batch is checked while the current one is executed (`RevisionAdelantada`):
/// that early check must never decide what the rules or the files no longer say.
@Suite struct RevisionAdelantadaTests {
    /// `ReglasFalsas`, with operators that can be revoked (what SIGHUP does to the registry).
    final class ReglasRevocables: ReglasActa {
        let revocados = Mutex<Set<String>>([])
        func validarCaptura(_ bytes: [UInt8], clave: ClaveActa, operador: String) -> Result<Captura, RazonRechazo> {
            if revocados.withLock({ $0.contains(operador) }) { return .failure(RazonRechazo("operator \(operador) was revoked")) }
            return ReglasFalsas().validarCaptura(bytes, clave: clave, operador: operador)
        }
        func validarSinActa(_ bytes: [UInt8], clave: ClaveActa) -> Result<DeclaracionSinActa, RazonRechazo> {
            ReglasFalsas().validarSinActa(bytes, clave: clave)
        }
    }

    static let claves = ["090001B0100-JG", "090001B0101-JG"]

    /// A spool with two whole actas waiting (an image and two agreeing captures each) and a
    /// daemon that takes one acta per batch, its folders watched and scanned.
    func preparar(_ reglas: ReglasRevocables, claves: [String] = Self.claves) throws -> (String, Recepcion) {
        let raiz = "/tmp/prep-adelanto-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let registro = Registro(detallado: false, desfaseMinutos: -360)
        let spool = try Spool.abrir(raiz: raiz, crear: true, reglas: reglas, desfaseMinutos: -360, registro: registro)
        for k in claves {
            try Data([0xFF, 0xD8, 0xFF, 1, 2, 0xFF, 0xD9]).write(to: URL(fileURLWithPath: "\(raiz)/incoming/\(k).jpg"))
            for op in ["ana", "beto"] {
                try Data(#"{"n":7}"#.utf8).write(to: URL(fileURLWithPath: "\(raiz)/incoming/\(k).captura.\(op).json"))
            }
        }
        var config = ConfiguracionSpool()
        config.asentamientoNs = 0
        let d = try Recepcion(spool: spool, config: config, unaVez: true)
        d.maximoPorLote = 3
        d.minimoAdelanto = 1
        try d.observador.vigilarRaiz()
        try d.observador.escanearTodo()
        d.observador.madurar(ahoraNs: Reloj.monotonoNs())
        return (raiz, d)
    }

    /// The acta the first batch did not take: the one checked early.
    func adelantada(_ d: Recepcion) throws -> String {
        let a = try #require(d.adelanto)
        #expect(a.listos.count == 3)
        let k = try #require(a.listos.first.map { String($0.nombre.description.prefix(14)) })
        #expect(Self.claves.contains(k))
        return k
    }

    /// A writer renames a new version, `{"n":9}`, over the drop `nombre` of incoming/.
    func reemplazar(_ raiz: String, _ nombre: String) throws {
        try Data(#"{"n":9}"#.utf8).write(to: URL(fileURLWithPath: "\(raiz)/incoming/.nueva"))
        #expect(rename("\(raiz)/incoming/.nueva", "\(raiz)/incoming/\(nombre)") == 0)
    }

    /// The bytes of `nombre` in acta `k`'s item in captured/.
    func tomada(_ raiz: String, _ k: String, _ nombre: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(raiz)/captured/\(k)/\(nombre)")), as: UTF8.self)
    }

    func hastaVaciar(_ d: Recepcion) throws {
        for _ in 0..<10 where d.observador.hayListos {
            _ = try d.observador.aplicarEventos()
            d.observador.madurar(ahoraNs: Reloj.monotonoNs())
            _ = try d.paso()
        }
        d.descartarAdelanto()
    }

    /// SIGHUP revokes an operator after the next batch was checked: that check is dropped, and
    /// the revoked operator's capture is refused, not taken on the old rules.
    @Test func unaRevocacionAlcanzaLoRevisadoPorAdelantado() throws {
        let reglas = ReglasRevocables()
        let (raiz, d) = try preparar(reglas)
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        _ = try d.paso()
        let k = try adelantada(d)
        let otra = Self.claves.first { $0 != k } ?? ""
        // The early check is done (it accepted beto's capture) before the revocation.
        let temprana = try #require(try d.adelanto?.esperar())
        #expect(temprana.values.allSatisfy { if case .valido = $0 { true } else { false } })
        reglas.revocados.withLock { _ = $0.insert("beto") }
        // What the service's loop does on SIGHUP before the new rules apply.
        d.descartarAdelanto()
        d.cambiar(d.config)
        #expect(d.adelanto == nil)
        try hastaVaciar(d)
        #expect(FileManager.default.fileExists(atPath: "\(raiz)/verified/\(otra)"))
        #expect(FileManager.default.fileExists(atPath: "\(raiz)/captured/\(k)/\(k).captura.ana.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(raiz)/captured/\(k)/\(k).captura.beto.json"))
        let nombres = try FileManager.default.contentsOfDirectory(atPath: "\(raiz)/rejected")
        let r = try #require(nombres.first { $0.hasSuffix("-\(k).captura.beto.json.reason") })
        let razon = try String(contentsOfFile: "\(raiz)/rejected/\(r)", encoding: .utf8)
        #expect(razon.contains("operator beto was revoked"))
    }

    /// A writer replaces a drop after its early check: what reaches the item is the new file,
    /// as its batch checks it, never the version checked early.
    @Test func unDropCambiadoTrasSuRevisionAdelantadaEntraEnSuVersionNueva() throws {
        let (raiz, d) = try preparar(ReglasRevocables())
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        _ = try d.paso()
        let k = try adelantada(d)
        let nombre = "\(k).captura.ana.json"
        try reemplazar(raiz, nombre)
        try hastaVaciar(d)
        // Used or dropped, an early check leaves nothing recorded behind it.
        #expect(d.observador.cambiadosDesdeMarca == nil)
        // {"n":9} against beto's {"n":7}: a discrepancy, in captured/ with the new bytes.
        #expect(try tomada(raiz, k, nombre) == #"{"n":9}"#)
        let estado = try String(contentsOfFile: "\(raiz)/captured/\(k)/estado", encoding: .utf8)
        #expect(estado.contains(SHA256.resumen(Array(#"{"n":9}"#.utf8)).description))
    }

    /// With a backlog two batches are checked ahead, one after the other. A drop of the second
    /// replaced while the first is consumed is taken in its new version, never the one checked.
    @Test func laSegundaRevisionAdelantadaTambienVeLosCambios() throws {
        let claves = Self.claves + ["090001B0102-JG"]
        let (raiz, d) = try preparar(ReglasRevocables(), claves: claves)
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        _ = try d.paso()
        #expect(d.adelantos.count == 2)
        let segunda = try #require(d.adelantos.last?.listos.first.map { String($0.nombre.description.prefix(14)) })
        let nombre = "\(segunda).captura.ana.json"
        // The second early check has run on the old bytes before the writer replaces them.
        _ = try d.adelantos.last?.esperar()
        try reemplazar(raiz, nombre)
        try hastaVaciar(d)
        #expect(d.observador.cambiadosDesdeMarca == nil)
        #expect(try tomada(raiz, segunda, nombre) == #"{"n":9}"#)
        for k in claves where k != segunda {
            #expect(FileManager.default.fileExists(atPath: "\(raiz)/verified/\(k)"))
        }
    }

    /// A drop of an early-checked batch rewritten in place before its take (same size, mtime put
    /// back, the observer told nothing): the take's confirmation (its changed ctime) catches it
    /// among hundreds, and its acta is checked again and taken with the bytes it holds; every
    /// other acta of the batch is taken.
    @Test func unDropReescritoEnSuSitioSeDetectaEntreCientos() throws {
        let claves = (1...240).map { "09\(String(1000 + $0).suffix(4))B0100-JG" }
        let (raiz, d) = try preparar(ReglasRevocables(), claves: claves)
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        d.maximoPorLote = 360
        _ = try d.paso()
        let segunda = try #require(d.adelantos.first)
        #expect(segunda.listos.count == 360)
        _ = try segunda.esperar()
        let k = String(try #require(segunda.listos.first).nombre.description.prefix(14))
        let ruta = "\(raiz)/incoming/\(k).captura.ana.json"
        var antes = stat()
        #expect(stat(ruta, &antes) == 0)
        let f = open(ruta, O_WRONLY)
        #expect(pwrite(f, Array(#"{"n":8}"#.utf8), 7, 0) == 7)
        close(f)
        var tiempos = [antes.st_atim, antes.st_mtim]
        #expect(utimensat(AT_FDCWD, ruta, &tiempos, 0) == 0)
        _ = try d.paso()
        // Sent back to incoming/ with its image and partner, to be looked at again.
        #expect(FileManager.default.fileExists(atPath: ruta))
        #expect(!d.observador.hayListos)
        d.observador.madurar(ahoraNs: Reloj.monotonoNs())
        try hastaVaciar(d)
        #expect(try tomada(raiz, k, "\(k).captura.ana.json") == #"{"n":8}"#)
        for c in claves where c != k {
            #expect(FileManager.default.fileExists(atPath: "\(raiz)/verified/\(c)"))
        }
    }
}
