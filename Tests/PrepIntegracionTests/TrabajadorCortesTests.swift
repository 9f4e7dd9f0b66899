import Foundation
import PrepPruebas
import Glibc
import PrepDominio
import Synchronization
import Testing

/// The corte worker: cortes are built off the daemon's loop, so drops keep being taken
/// while one is in flight, and a SIGKILL in the middle of one, with drops still arriving, loses
/// nothing and publishes nothing unverified.
@Suite(.enHiloPropioPrimero) struct TrabajadorCortesTests {
    /// A writer that keeps dropping whole actas (image, two agreeing captures) into `incoming`,
    /// about `porSegundo` a second, until stopped; it never waits for the daemon.
    final class Escritor {
        final class Contadores: Sendable {
            let soltadas = Atomic<Int>(0)
            let parar = Atomic<Bool>(false)
            let terminado = Atomic<Bool>(false)
        }
        let c = Contadores()
        var soltadas: Int { c.soltadas.load(ordering: .relaxed) }

        init(incoming: String, actas: [ActaEsperada], porSegundo: Double) {
            let c = self.c
            Thread.detachNewThread {
                for (i, a) in actas.enumerated() where !c.parar.load(ordering: .relaxed) {
                    CortesTests.soltarActa(incoming, a, semilla: i)
                    c.soltadas.store(i + 1, ordering: .relaxed)
                    usleep(UInt32(1_000_000 / porSegundo))
                }
                c.terminado.store(true, ordering: .relaxed)
            }
        }

        func detener() {
            c.parar.store(true, ordering: .relaxed)
            while !c.terminado.load(ordering: .relaxed) { usleep(1_000) }
        }
    }

    static func leer(_ ruta: String) -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: ruta)) ?? [] }

    /// SIGKILL while a corte is being built (its `.partial` folder exists) and drops keep arriving,
    /// 10 times. After each kill: every acta is in at most one phase folder, the cortes run 1…n
    /// without a gap and each verifies, and nothing packaged is missing from the newest corte. At
    /// the end a clean run takes every dropped acta, each exactly once.
    @Test func killConCorteEnCursoYDropsLlegando() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        try CortesTests.spoolPequeno(t, casillas: 4000, extra: "corte_interval = 1s\n")
        let r = t + "/r", publish = t + "/r/publish"
        let actas = SpoolPrueba.actas(3000, eleccion: "JG")
        let escritor = Escritor(incoming: r + "/incoming", actas: actas, porSegundo: 60)
        var verificados: Set<String> = []
        var enCurso = 0
        for ronda in 0..<10 {
            let log = t + "/daemon-\(ronda).log"
            let p = try CortesTests.demonio(t, log: log)
            // Past the corte at start (made before the ready line), wait for a corte in flight
            // while the loop runs: its hidden .partial folder in cortes/.
            var listo = false
            for _ in 0..<3_000 where !listo {
                listo = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains(" ready ")
                if !listo { usleep(5_000) }
            }
            #expect(listo, "round \(ronda): the daemon never got ready")
            var partial = false
            for _ in 0..<10_000 where !partial {
                partial = Self.leer(publish + "/cortes").contains { $0.hasPrefix(".") }
                if !partial { usleep(1_000) }
            }
            usleep(UInt32.random(in: 0...20_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if partial { enCurso += 1 }

            // Every acta in at most one phase.
            var fase: [String: String] = [:]
            for f in ["captured", "verified", "packaged"] {
                for k in Self.leer(r + "/" + f) {
                    #expect(fase[k] == nil, "round \(ronda): \(k) is in \(fase[k] ?? "") and in \(f)")
                    fase[k] = f
                }
            }
            let cortes = CortesTests.cortes(publish)
            #expect(cortes.map { Int($0.prefix(6)) ?? 0 } == Array(0..<cortes.count).map { $0 + 1 },
                    "round \(ronda): seqs must run 1…n without a gap: \(cortes)")
            for c in cortes where !verificados.contains(c) {
                let v = try Binario.ejecutar(["verify", publish + "/cortes/" + c, "--key", t + "/k.pub"])
                #expect(v.estado == 0, "round \(ronda): \(c) does not verify: \(v.stderr)")
                verificados.insert(c)
            }
            if let ultimo = cortes.last {
                let sinPublicar = Set(Self.leer(r + "/packaged")).subtracting(try CortesTests.registradas(publish + "/cortes/" + ultimo))
                #expect(sinPublicar.isEmpty, "round \(ronda): packaged but not published: \(sinPublicar.sorted().prefix(5))")
            }
        }
        escritor.detener()
        let soltadas = escritor.soltadas
        #expect(enCurso >= 8, "only \(enCurso) of 10 kills fell while a corte was in flight")
        // A clean run: leftovers recovered, every dropped acta taken exactly once, all published.
        let fin = try Binario.ejecutar(["run", "--config", t + "/prep.conf", "--once"])
        #expect(fin.estado == 0, "\(fin.stderr)")
        #expect(!Self.leer(publish + "/cortes").contains { $0.hasPrefix(".") })
        let empaquetadas = Self.leer(r + "/packaged"), verificadas = Self.leer(r + "/verified")
        #expect(Self.leer(r + "/incoming").filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(Set(empaquetadas).isDisjoint(with: verificadas))
        #expect(empaquetadas.count + verificadas.count == soltadas, "\(soltadas) actas dropped")
        let cortes = CortesTests.cortes(publish)
        #expect(Set(empaquetadas).isSubset(of: try CortesTests.registradas(publish + "/cortes/" + (cortes.last ?? ""))))
        for i in max(1, cortes.count - 3)..<cortes.count {
            let v = try Binario.ejecutar(["verify", publish + "/cortes/" + cortes[i], "--key", t + "/k.pub",
                                          "--previous", publish + "/cortes/" + cortes[i - 1]])
            #expect(v.estado == 0, "chain \(cortes[i - 1]) → \(cortes[i]): \(v.stderr)")
        }
        print("corte worker kill test: \(enCurso) of 10 kills during a corte, \(soltadas) actas dropped, \(cortes.count) cortes")
    }

    /// The loop keeps taking drops while a corte is built: with the whole CDMX sample (a corte
    /// of every expected acta, the site included) made every second and actas arriving
    /// continuously, some acta is verified between a corte's "building" line and its "built"
    /// line in the daemon's own log. (Before the worker, the loop built the corte itself and
    /// nothing could happen in between.)
    @Test func losDropsSiguenDuranteElCorte() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/k"]).estado == 0)
        try "spool = r\ncatalog = \(CortesTests.repo)/etc/catalogo\nsigning_key = k.sec\ncorte_interval = 1s\nsettle = 50ms\n"
            .write(toFile: t + "/prep.conf", atomically: true, encoding: .utf8)
        let r = t + "/r"
        try FileManager.default.createDirectory(atPath: r + "/incoming", withIntermediateDirectories: true)
        let log = t + "/daemon.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binario.ruta)
        p.arguments = ["run", "--config", t + "/prep.conf", "--verbose"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try p.run()
        let escritor = Escritor(incoming: r + "/incoming", actas: SpoolPrueba.actas(2000, eleccion: "JG"), porSegundo: 80)
        // Until some verification is logged inside a corte's build, at most 60 s.
        var durante = 0
        let limite = Date().addingTimeInterval(60)
        while durante == 0, Date() < limite {
            usleep(250_000)
            var construyendo = false
            for l in ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n") {
                if l.contains(" corte ") && l.contains("building corte") { construyendo = true }
                if l.contains(" built in ") { construyendo = false }
                if construyendo, l.contains(" verificada ") { durante += 1 }
            }
        }
        escritor.detener()
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(durante > 0, "no acta was verified while a corte was being built")
    }

    /// `prep publish --final` asked while a corte is being built is answered by a corte made after
    /// that one (which started before it asked, and is not final), and only that corte is printed.
    @Test func publishDuranteUnCorteEsperaElSiguiente() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/k"]).estado == 0)
        try "spool = r\ncatalog = \(CortesTests.repo)/etc/catalogo\nsigning_key = k.sec\ncorte_interval = 1s\nsettle = 50ms\n"
            .write(toFile: t + "/prep.conf", atomically: true, encoding: .utf8)
        let r = t + "/r", publish = r + "/publish"
        try FileManager.default.createDirectory(atPath: r + "/incoming", withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binario.ruta)
        p.arguments = ["run", "--config", t + "/prep.conf"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { kill(p.processIdentifier, SIGTERM); p.waitUntilExit() }
        // Past the corte at start, wait for a corte in flight; its seq is in its .partial name.
        var enCurso: Int?
        for _ in 0..<20_000 where enCurso == nil {
            if CortesTests.cortes(publish).count >= 1,
               let parcial = Self.leer(publish + "/cortes").first(where: { $0.hasPrefix(".") }) {
                enCurso = Int(parcial.dropFirst().prefix(6))
            } else {
                usleep(500)
            }
        }
        let seqEnCurso = try #require(enCurso, "no corte was seen in flight within 10 s")
        let salida = try Binario.ejecutar(["publish", "--final", "--config", t + "/prep.conf", "--timeout", "60"])
        #expect(salida.estado == 0, "\(salida.stderr)")
        let impreso = salida.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let seq = Int(impreso.split(separator: "/").last?.prefix(6) ?? "") ?? 0
        #expect(seq > seqEnCurso, "prep publish printed \(impreso), but corte \(seqEnCurso) was already in flight when it asked")
        let manifiesto = (try? String(contentsOfFile: impreso + "/manifest.json", encoding: .utf8)) ?? ""
        #expect(manifiesto.contains("\"final\": true"), "the corte printed is not the final one: \(impreso)")
    }
}
