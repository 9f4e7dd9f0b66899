import Foundation
import Glibc
import Testing
import PrepDominio
@testable import PrepSistema
@testable import PrepSpool

/// The one-file item (`estado`: the state, a line `historia`, the history) and the migration at
/// start of a spool whose items are in the older layout (`estado` + `historia`), with a crash at
/// every step of the migration and of an update.
@Suite struct MigracionItemsTests {
    let k = "090001B0100-JG", j = "090001B0100-DIP", v = "090001C0100-JG", p = "090001C0100-DIP"
    static let t0 = "2024-06-02T21:14:10-06:00"

    /// A spool whose log goes to `raiz.log` (as recovery's tests make it).
    func spool() throws -> (String, Spool, FileDescriptor) { try RecuperacionTests().spoolConRegistro() }

    func quitar(_ raiz: String, _ log: FileDescriptor) {
        try? log.cerrar()
        try? FileManager.default.removeItem(atPath: raiz)
        try? FileManager.default.removeItem(atPath: raiz + ".log")
    }

    func escribir(_ ruta: String, _ texto: String) throws { try Data(texto.utf8).write(to: URL(fileURLWithPath: ruta)) }
    func leer(_ ruta: String) -> String { (try? String(contentsOfFile: ruta, encoding: .utf8)) ?? "" }
    func hay(_ ruta: String) -> Bool { FileManager.default.fileExists(atPath: ruta) }
    func archivos(_ ruta: String) -> Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: ruta)) ?? []) }

    /// The state lines of an item in the older layout, written as the older version did (no
    /// history in it), listing one capture `KEY.captura.a.json` holding `{"n":1}`.
    func estadoViejo(_ clave: String, resultado: String = "pendiente") -> String {
        let c = Array("{\"n\":1}".utf8)
        return "prep-item 1\nacta \(clave)\nresultado \(resultado)\n"
            + "archivo captura \(clave).captura.a.json \(SHA256.resumen(c)) \(c.count) \(Self.t0) a incoming/\(clave).captura.a.json\n"
    }

    /// An item of the older layout in `fase`: its capture, its `estado`, its `historia`.
    func itemViejo(_ raiz: String, _ fase: String, _ clave: String, historia: String, resultado: String = "pendiente") throws {
        try FileManager.default.createDirectory(atPath: "\(raiz)/\(fase)/\(clave)", withIntermediateDirectories: true)
        try escribir("\(raiz)/\(fase)/\(clave)/\(clave).captura.a.json", "{\"n\":1}")
        try escribir("\(raiz)/\(fase)/\(clave)/estado", estadoViejo(clave, resultado: resultado))
        try escribir("\(raiz)/\(fase)/\(clave)/historia", historia)
    }

    /// What an item in the one-file layout holds for that state and history.
    func estadoNuevo(_ clave: String, historia: String, resultado: String = "pendiente") -> String {
        "prep-item 2" + estadoViejo(clave, resultado: resultado).dropFirst("prep-item 1".count) + "historia\n" + historia
    }

    func lineas(_ n: Int, _ evento: String = "captura") -> String {
        (0..<n).map { "\(Self.t0) \(evento) \(k).captura.a.json operador=a desde=incoming/\(k).captura.a.json linea=\($0)\n" }.joined()
    }

    /// `cat estado` shows the state, then `historia`, then every history line; no `historia` file.
    @Test func elEstadoMuestraElEstadoYLaHistoria() throws {
        var e = EstadoItem(clave: ClaveActa(k)!)
        e.resultado = .verificada
        e.final = "\(k).captura.a.json"
        let h = "\(Self.t0) acopio \(k).jpg CATD desde=incoming/\(k).jpg\n\(Self.t0) verificada captures agree\n"
        let texto = String(decoding: e.codificar(historia: Array(h.utf8)), as: UTF8.self)
        #expect(texto == "prep-item 2\nacta \(k)\nresultado verificada\nfinal \(k).captura.a.json\nhistoria\n" + h)
        // The history is never read as state, even a line cut short by a crash.
        let cortado = Array((texto + "\(Self.t0) empaq").utf8)
        #expect(try EstadoItem.decodificar(cortado) == e)
        // An item of the older layout is refused with a reason saying so, except where asked for.
        let viejo = Array(estadoViejo(k).utf8)
        #expect(throws: EstadoItem.Ilegible.self) { try EstadoItem.decodificar(viejo) }
        #expect(try EstadoItem.decodificar(viejo, antigua: true).clave.texto == k)
        // No `historia` line: not an item file of this layout.
        #expect(throws: EstadoItem.Ilegible.self) { try EstadoItem.decodificar(Array("prep-item 2\nacta \(k)\nresultado pendiente\n".utf8)) }
    }

    /// A spool of the older layout is migrated at start, every phase, a long history included:
    /// each item ends with one `estado` holding its history, readable and not in quarantine.
    @Test func unSpoolAntiguoSeMigraAlArrancar() throws {
        let (raiz, s, log) = try spool()
        defer { quitar(raiz, log) }
        let largo = lineas(60_000)  // ~7 MB: more than the 4 MiB an estado could hold before
        try itemViejo(raiz, "captured", k, historia: largo)
        try itemViejo(raiz, "verified", v, historia: "\(Self.t0) acopio x\n\(Self.t0) verificada y\n", resultado: "verificada")
        try itemViejo(raiz, "packaged", p, historia: "\(Self.t0) empaquetada corte 000001\n\(Self.t0) empaq", resultado: "verificada")
        try s.recuperar()
        #expect(leer("\(raiz)/captured/\(k)/estado") == estadoNuevo(k, historia: largo))
        #expect(leer("\(raiz)/verified/\(v)/estado") == estadoNuevo(v, historia: "\(Self.t0) acopio x\n\(Self.t0) verificada y\n", resultado: "verificada"))
        // A line a crash cut short is closed, so the next line appended starts a line of its own.
        #expect(leer("\(raiz)/packaged/\(p)/estado") == estadoNuevo(p, historia: "\(Self.t0) empaquetada corte 000001\n\(Self.t0) empaq\n", resultado: "verificada"))
        for (f, c) in [("captured", k), ("verified", v), ("packaged", p)] {
            #expect(archivos("\(raiz)/\(f)/\(c)") == ["estado", "\(c).captura.a.json"])
        }
        #expect(s.capturadas[k] != nil)
        #expect(s.cuarentena.isEmpty)
        #expect(leer("\(raiz)/formato") == "prep-spool 2\n")
        #expect(archivos("\(raiz)/tmp").isEmpty)
        #expect(leer(raiz + ".log").contains(" recovery 3 items of the older layout folded into one file each"))
        // A second start finds nothing to do.
        try s.recuperar()
        #expect(leer("\(raiz)/captured/\(k)/estado") == estadoNuevo(k, historia: largo))
        #expect(s.capturadas[k] != nil)
    }

    /// A crash at each step of the migration: (1) folded files written into tmp/, not renamed;
    /// (2) renamed over the estado, the historia file not yet removed; (3) everything folded,
    /// `formato` not written. The next start finishes it, and every item reads the same.
    @Test func unaMigracionInterrumpidaSeTerminaAlArrancarDeNuevo() throws {
        let (raiz, s, log) = try spool()
        defer { quitar(raiz, log) }
        let h = "\(Self.t0) acopio x\n\(Self.t0) captura y\n"
        // k, step 1: still the older layout; its folded file in tmp/ (here deliberately wrong:
        // recovery must not trust a scratch file, only make it again).
        try itemViejo(raiz, "captured", k, historia: h)
        try escribir("\(raiz)/tmp/\(k).migracion", "prep-item 2\nacta \(k)\nresultado pendiente\nhistoria\n")
        // j, step 2: its estado folded, its historia still beside it.
        try itemViejo(raiz, "captured", j, historia: h)
        try escribir("\(raiz)/captured/\(j)/estado", estadoNuevo(j, historia: h))
        // v, step 3: folded and clean.
        try itemViejo(raiz, "verified", v, historia: h, resultado: "verificada")
        try escribir("\(raiz)/verified/\(v)/estado", estadoNuevo(v, historia: h, resultado: "verificada"))
        try FileManager.default.removeItem(atPath: "\(raiz)/verified/\(v)/historia")
        // formato from step 4 was written to tmp/ and not renamed.
        try escribir("\(raiz)/tmp/formato.migracion", "prep-spool 2\n")
        try s.recuperar()
        #expect(leer("\(raiz)/captured/\(k)/estado") == estadoNuevo(k, historia: h))
        #expect(leer("\(raiz)/captured/\(j)/estado") == estadoNuevo(j, historia: h))
        #expect(leer("\(raiz)/verified/\(v)/estado") == estadoNuevo(v, historia: h, resultado: "verificada"))
        #expect(archivos("\(raiz)/captured/\(k)") == ["estado", "\(k).captura.a.json"])
        #expect(archivos("\(raiz)/captured/\(j)") == ["estado", "\(j).captura.a.json"])
        #expect(s.capturadas[k] != nil && s.capturadas[j] != nil)
        #expect(s.cuarentena.isEmpty)
        #expect(archivos("\(raiz)/tmp").isEmpty)
        #expect(leer("\(raiz)/formato") == "prep-spool 2\n")
    }

    /// What the migration cannot fold is left as it was and named, never a stop nor a lost
    /// history: a historia that is a folder; an estado in the new layout beside a historia it
    /// does not hold (not the migration's doing). Both are put in quarantine when read.
    @Test func loQueNoSePuedeMigrarSeDejaYSeNombra() throws {
        let (raiz, s, log) = try spool()
        defer { quitar(raiz, log) }
        try itemViejo(raiz, "captured", k, historia: "")
        try FileManager.default.removeItem(atPath: "\(raiz)/captured/\(k)/historia")
        try FileManager.default.createDirectory(atPath: "\(raiz)/captured/\(k)/historia", withIntermediateDirectories: true)
        try itemViejo(raiz, "captured", j, historia: "\(Self.t0) otra cosa\n")
        try escribir("\(raiz)/captured/\(j)/estado", estadoNuevo(j, historia: "\(Self.t0) acopio x\n"))
        try s.recuperar()
        #expect(leer("\(raiz)/captured/\(k)/estado") == estadoViejo(k))
        #expect(leer("\(raiz)/captured/\(j)/historia") == "\(Self.t0) otra cosa\n")
        #expect(leer("\(raiz)/captured/\(j)/estado") == estadoNuevo(j, historia: "\(Self.t0) acopio x\n"))
        let texto = leer(raiz + ".log")
        #expect(texto.contains(" warning captured/\(k): an item with a historia file"))
        #expect(texto.contains(" warning captured/\(j): an item with a historia file"))
        #expect(s.cuarentena[k]?.contains("older layout") == true)
        #expect(s.cuarentena[j]?.contains("historia: not listed in estado") == true)
    }

    /// An update in the one-file layout interrupted at each step: (a) the intent written in
    /// tmp/, nothing taken; (b) the new capture taken into tmp/KEY.N/; (c) the capture moved into
    /// the item, the new estado still in tmp/; (d) the new estado renamed in (committed), the
    /// scratch folder not removed. Undone steps keep the item's old estado and history exactly;
    /// the finished one has the new; nothing is left in tmp/ and every taken drop is back.
    @Test func unaActualizacionInterrumpidaEnCadaPaso() throws {
        let (raiz, s, log) = try spool()
        defer { quitar(raiz, log) }
        let claves = ["090001B0100-JG", "090001B0101-JG", "090001B0102-JG", "090001B0103-JG"]
        let viejo = "\(Self.t0) acopio x\n\(Self.t0) captura a\n"
        func intento(_ c: String) -> String {
            let b = Array("{\"n\":1}".utf8)
            let linea = "archivo captura \(c).captura.b.json \(SHA256.resumen(b)) \(b.count) \(Self.t0) b incoming/sub/\(c).captura.b.json\n"
            return estadoNuevo(c, historia: viejo + "\(Self.t0) captura b\n\(Self.t0) verificada\n", resultado: "verificada")
                .replacingOccurrences(of: "historia\n", with: linea + "historia\n")
        }
        for (i, c) in claves.enumerated() {
            try FileManager.default.createDirectory(atPath: "\(raiz)/captured/\(c)", withIntermediateDirectories: true)
            try escribir("\(raiz)/captured/\(c)/\(c).captura.a.json", "{\"n\":1}")
            try escribir("\(raiz)/captured/\(c)/estado", estadoNuevo(c, historia: viejo))
            try FileManager.default.createDirectory(atPath: "\(raiz)/tmp/\(c).\(i + 1)", withIntermediateDirectories: true)
            try escribir("\(raiz)/tmp/\(c).\(i + 1)/estado", intento(c))
            let drop = "\(c).captura.b.json"
            switch i {
            case 0: try FileManager.default.createDirectory(atPath: "\(raiz)/incoming/sub", withIntermediateDirectories: true)
                    try escribir("\(raiz)/incoming/sub/\(drop)", "{\"n\":1}")
            case 1: try escribir("\(raiz)/tmp/\(c).\(i + 1)/\(drop)", "{\"n\":1}")
            case 2: try escribir("\(raiz)/captured/\(c)/\(drop)", "{\"n\":1}")
            default:
                try escribir("\(raiz)/captured/\(c)/\(drop)", "{\"n\":1}")
                try FileManager.default.moveItem(atPath: "\(raiz)/tmp/\(c).\(i + 1)/estado", toPath: "\(raiz)/captured/\(c)/estado.nuevo")
                #expect(rename("\(raiz)/captured/\(c)/estado.nuevo", "\(raiz)/captured/\(c)/estado") == 0)
            }
        }
        try s.recuperar()
        for c in claves.prefix(3) {
            #expect(leer("\(raiz)/captured/\(c)/estado") == estadoNuevo(c, historia: viejo), "\(c)")
            #expect(archivos("\(raiz)/captured/\(c)") == ["estado", "\(c).captura.a.json"], "\(c)")
            #expect(leer("\(raiz)/incoming/sub/\(c).captura.b.json") == "{\"n\":1}", "\(c)")
            #expect(s.capturadas[c] != nil, "\(c)")
        }
        // Committed verified: finished, and moved to verified/ with its history.
        let d = claves[3]
        #expect(leer("\(raiz)/verified/\(d)/estado") == intento(d))
        #expect(archivos("\(raiz)/verified/\(d)") == ["estado", "\(d).captura.a.json", "\(d).captura.b.json"])
        #expect(s.fases[d] == .verified)
        #expect(!hay("\(raiz)/incoming/sub/\(d).captura.b.json"))
        #expect(archivos("\(raiz)/tmp").isEmpty)
        #expect(s.cuarentena.isEmpty)
    }
}
