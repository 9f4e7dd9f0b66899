import Foundation
import Glibc
import Testing
import PrepDominio
@testable import PrepSistema
@testable import PrepSpool

/// Recovery at start: whatever a crash left half done is rolled back or forward.
@Suite struct RecuperacionTests {
    func spool() throws -> (String, Spool) {
        let raiz = "/tmp/prep-recup-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let s = try Spool.abrir(raiz: raiz, crear: true, reglas: ReglasFalsas(), desfaseMinutos: -360,
                                registro: Registro(detallado: false, desfaseMinutos: -360))
        return (raiz, s)
    }

    /// A spool whose log goes to `raiz.log`, for tests that read the recovery lines.
    func spoolConRegistro() throws -> (String, Spool, FileDescriptor) {
        let raiz = "/tmp/prep-recup-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let log = try FileDescriptor.cwd.abrir(raiz + ".log", [.soloEscritura, .crear, .truncar])
        let s = try Spool.abrir(raiz: raiz, crear: true, reglas: ReglasFalsas(), desfaseMinutos: -360,
                                registro: Registro(detallado: false, desfaseMinutos: -360, diario: false, salida: log))
        return (raiz, s, log)
    }

    func escribir(_ ruta: String, _ texto: String) throws { try Data(texto.utf8).write(to: URL(fileURLWithPath: ruta)) }

    /// A state file as an older version wrote it (`prep-item 1`, its history in `historia`).
    func viejo(_ e: EstadoItem) -> Data { Data(e.codificarEstado(cabecera: EstadoItem.cabeceraAntigua)) }

    /// The history an item file holds (after its line `historia`), nil when it has none.
    func historia(_ ruta: String) -> String? {
        let partes = ((try? String(contentsOfFile: ruta, encoding: .utf8)) ?? "").components(separatedBy: "\nhistoria\n")
        return partes.count == 2 ? partes[1] : nil
    }

    @Test func dropEnTmpVuelveASuOrigen() throws {
        let (raiz, s) = try spool()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let k = "090001B0100-JG"
        try FileManager.default.createDirectory(atPath: "\(raiz)/tmp/\(k).3", withIntermediateDirectories: true)
        var e = EstadoItem(clave: ClaveActa(k)!)
        e.archivos = [.init(clase: .imagen, nombre: "\(k).jpg", sha256: SHA256.resumen(Array("x".utf8)), bytes: 4, llegada: MarcaTiempo(segundosUnix: 0, desfaseMinutos: 0),
                            detalle: "CATD", origen: NombreArchivo("incoming/catd-9/\(k).JPG"))]
        try Data(e.codificar()).write(to: URL(fileURLWithPath: "\(raiz)/tmp/\(k).3/estado"))
        try escribir("\(raiz)/tmp/\(k).3/historia", "h\n")
        try escribir("\(raiz)/tmp/\(k).3/\(k).jpg", "\u{FF}img")
        try s.recuperar()
        #expect(FileManager.default.fileExists(atPath: "\(raiz)/incoming/catd-9/\(k).JPG"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(raiz)/tmp").isEmpty)
    }

    /// After a crash, each recovery line names the acta, says whether its step was undone or
    /// finished, and what became of each file. (j and v are an older version's items and step:
    /// the migration then folds their histories in, and says so in one more line.)
    @Test func lasLineasDeRecuperacionDicenQueSeDeshizoYQueSeTermino() throws {
        let (raiz, s, log) = try spoolConRegistro()
        defer {
            try? log.cerrar()
            try? FileManager.default.removeItem(atPath: raiz)
            try? FileManager.default.removeItem(atPath: raiz + ".log")
        }
        let k = "090001B0100-JG", j = "090001B0100-DIP", v = "090001C0100-JG"
        let t0 = MarcaTiempo(segundosUnix: 0, desfaseMinutos: 0)
        // k: a new item never committed; its image was taken from incoming/catd-9/ into tmp/k.3/.
        try FileManager.default.createDirectory(atPath: "\(raiz)/tmp/\(k).3", withIntermediateDirectories: true)
        var e = EstadoItem(clave: ClaveActa(k)!)
        e.archivos = [.init(clase: .imagen, nombre: "\(k).jpg", sha256: SHA256.resumen(Array("x".utf8)), bytes: 4, llegada: t0, detalle: "CATD",
                            origen: NombreArchivo("incoming/catd-9/\(k).JPG"))]
        try Data(e.codificar()).write(to: URL(fileURLWithPath: "\(raiz)/tmp/\(k).3/estado"))
        try escribir("\(raiz)/tmp/\(k).3/\(k).jpg", "\u{FF}img")
        // j: an update committed, its history not yet moved in.
        try FileManager.default.createDirectory(atPath: "\(raiz)/captured/\(j)", withIntermediateDirectories: true)
        var ej = EstadoItem(clave: ClaveActa(j)!)
        ej.archivos = []
        try viejo(ej).write(to: URL(fileURLWithPath: "\(raiz)/captured/\(j)/estado"))
        try escribir("\(raiz)/captured/\(j)/historia", "viejo\n")
        try FileManager.default.createDirectory(atPath: "\(raiz)/tmp/\(j).5", withIntermediateDirectories: true)
        try escribir("\(raiz)/tmp/\(j).5/historia", "viejo\nnuevo\n")
        // v: committed as verified, the folder not yet moved.
        try FileManager.default.createDirectory(atPath: "\(raiz)/captured/\(v)", withIntermediateDirectories: true)
        var ev = EstadoItem(clave: ClaveActa(v)!)
        ev.resultado = .verificada
        try viejo(ev).write(to: URL(fileURLWithPath: "\(raiz)/captured/\(v)/estado"))
        try escribir("\(raiz)/captured/\(v)/historia", "h\n")

        try s.recuperar()
        let lineas = try String(contentsOfFile: raiz + ".log", encoding: .utf8).split(separator: "\n").map(String.init)
        let recuperacion = lineas.filter { $0.contains(" recovery ") }
        #expect(recuperacion.count == 4, "\(lineas)")
        #expect(recuperacion.contains { $0.hasSuffix(" recovery 2 items of the older layout folded into one file each (estado, its history after the line 'historia')") }, "\(lineas)")
        #expect(recuperacion.contains { $0.hasSuffix(" recovery acta \(k): undone: the step in tmp/\(k).3 was never committed; no item was made; incoming/catd-9/\(k).JPG returned to incoming/, to be processed again") }, "\(lineas)")
        #expect(recuperacion.contains { $0.hasSuffix(" recovery acta \(j): finished: the step in tmp/\(j).5 was committed; its history moved into captured/\(j)") }, "\(lineas)")
        #expect(recuperacion.contains { $0.hasSuffix(" recovery acta \(v): finished: it was committed verified in captured/; moved to verified/") }, "\(lineas)")
        #expect(FileManager.default.fileExists(atPath: "\(raiz)/incoming/catd-9/\(k).JPG"))
    }

    @Test func itemEnDosFasesGanaLaPosterior() throws {
        let (raiz, s) = try spool()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let k = "090001B0100-JG"
        try FileManager.default.createDirectory(atPath: "\(raiz)/verified/\(k)", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(raiz)/captured/\(k)", withIntermediateDirectories: true)
        try escribir("\(raiz)/verified/\(k)/\(k).jpg", "img")
        try escribir("\(raiz)/verified/\(k)/estado", "nuevo")
        #expect(link("\(raiz)/verified/\(k)/\(k).jpg", "\(raiz)/captured/\(k)/\(k).jpg") == 0)
        try escribir("\(raiz)/captured/\(k)/estado", "viejo")
        try s.recuperar()
        #expect(!FileManager.default.fileExists(atPath: "\(raiz)/captured/\(k)"))
        #expect(try String(contentsOfFile: "\(raiz)/verified/\(k)/\(k).jpg", encoding: .utf8) == "img")
        #expect(s.fases[k] == .verified)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(raiz)/tmp").isEmpty)
    }

    @Test func razonPendienteSeCompletaOSeDescarta() throws {
        let (raiz, s) = try spool()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        try escribir("\(raiz)/rejected/P-1-x.txt", "drop")
        try escribir("\(raiz)/tmp/P-1-x.txt.reason", "why\n")
        try escribir("\(raiz)/tmp/P-2-y.txt.reason", "why\n")
        try s.recuperar()
        #expect(try String(contentsOfFile: "\(raiz)/rejected/P-1-x.txt.reason", encoding: .utf8) == "why\n")
        #expect(!FileManager.default.fileExists(atPath: "\(raiz)/rejected/P-2-y.txt.reason"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(raiz)/tmp").isEmpty)
    }

    /// An older version's update interrupted (its layout: `estado` and `historia` apart): undone
    /// or finished, then migrated, each history whole.
    @Test func actualizacionInterrumpidaSeDeshaceOSeCompleta() throws {
        let (raiz, s) = try spool()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let k = "090001B0100-JG", j = "090001B0100-DIP", v = "090001C0100-JG"
        func estado(_ clave: String, _ archivos: [String], verificada: Bool = false) -> Data {
            var e = EstadoItem(clave: ClaveActa(clave)!)
            e.resultado = verificada ? .verificada : .pendiente
            e.archivos = archivos.map {
                .init(clase: .captura, nombre: $0, sha256: SHA256.resumen(Array("x".utf8)), bytes: 1, llegada: MarcaTiempo(segundosUnix: 0, desfaseMinutos: 0),
                      detalle: "op", origen: NombreArchivo("incoming/sub/\($0)"))
            }
            return viejo(e)
        }
        // k: uncommitted update — the new capture is already in the item, the intent still in tmp/.
        try FileManager.default.createDirectory(atPath: "\(raiz)/captured/\(k)", withIntermediateDirectories: true)
        try estado(k, ["\(k).captura.a.json"]).write(to: URL(fileURLWithPath: "\(raiz)/captured/\(k)/estado"))
        try escribir("\(raiz)/captured/\(k)/historia", "uno\n")
        try escribir("\(raiz)/captured/\(k)/\(k).captura.a.json", "{\"n\":1}")
        try escribir("\(raiz)/captured/\(k)/\(k).captura.b.json", "{\"n\":1}")
        try FileManager.default.createDirectory(atPath: "\(raiz)/tmp/\(k).4", withIntermediateDirectories: true)
        try estado(k, ["\(k).captura.a.json", "\(k).captura.b.json"], verificada: true).write(to: URL(fileURLWithPath: "\(raiz)/tmp/\(k).4/estado"))
        try escribir("\(raiz)/tmp/\(k).4/historia", "uno\ndos\n")
        // j: committed update whose history had not moved in yet.
        try FileManager.default.createDirectory(atPath: "\(raiz)/captured/\(j)", withIntermediateDirectories: true)
        try estado(j, ["\(j).captura.a.json"]).write(to: URL(fileURLWithPath: "\(raiz)/captured/\(j)/estado"))
        try escribir("\(raiz)/captured/\(j)/\(j).captura.a.json", "{\"n\":1}")
        try escribir("\(raiz)/captured/\(j)/historia", "viejo\n")
        try FileManager.default.createDirectory(atPath: "\(raiz)/tmp/\(j).5", withIntermediateDirectories: true)
        try escribir("\(raiz)/tmp/\(j).5/historia", "viejo\nnuevo\n")
        // v: committed as verified, the folder not yet moved.
        try FileManager.default.createDirectory(atPath: "\(raiz)/captured/\(v)", withIntermediateDirectories: true)
        try estado(v, [], verificada: true).write(to: URL(fileURLWithPath: "\(raiz)/captured/\(v)/estado"))
        try escribir("\(raiz)/captured/\(v)/historia", "h\n")

        try s.recuperar()
        #expect(FileManager.default.fileExists(atPath: "\(raiz)/incoming/sub/\(k).captura.b.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(raiz)/captured/\(k)/\(k).captura.b.json"))
        #expect(FileManager.default.fileExists(atPath: "\(raiz)/captured/\(k)/\(k).captura.a.json"))
        #expect(historia("\(raiz)/captured/\(k)/estado") == "uno\n")
        #expect(historia("\(raiz)/captured/\(j)/estado") == "viejo\nnuevo\n")
        #expect(historia("\(raiz)/verified/\(v)/estado") == "h\n")
        for x in ["captured/\(k)", "captured/\(j)", "verified/\(v)"] { #expect(!FileManager.default.fileExists(atPath: "\(raiz)/\(x)/historia")) }
        #expect(FileManager.default.fileExists(atPath: "\(raiz)/verified/\(v)/estado"))
        #expect(!FileManager.default.fileExists(atPath: "\(raiz)/captured/\(v)"))
        #expect(s.fases[v] == .verified)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(raiz)/tmp").isEmpty)
    }
}
