import Foundation
import Glibc
import PrepDominio
import PrepPruebas
import PrepPublicacion
import PrepSistema
import Testing

/// A takeover is a restart somewhere else (docs/ha.md): DRBD protocol C hands the standby the
/// very bytes the primary had synced, so the standby is the same daemon started on the same spool
/// under another host name. The daemon is killed at chosen moments — mid-batch, mid-corte, while
/// `publish_command` runs — and each time started again as the other site, while actas keep
/// arriving. Every acta ends published exactly once, the corte chain has no gap and no fork,
/// every manifest names the site that signed it, and `prep verify --previous` passes across
/// every takeover.
@Suite(.serialized, .enHiloPropio) struct RelevoSitioTests {
    /// Where the daemon was when it was killed.
    enum Momento: CaseIterable { case lote, corte, publicacion }

    /// `prep run` on `t/prep.conf` as host `host` (a UTS namespace of its own), stderr into `log`.
    static func sitio(_ t: String, host: String, log: String, args: [String] = []) throws -> Process {
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        h.seekToEndOfFile()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        p.arguments = ["--uts", "/bin/sh", "-c", "hostname \"$0\" && exec \"$@\"", host, Binario.ruta,
                       "run", "--config", t + "/prep.conf", "--verbose"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = h
        try p.run()
        return p
    }

    static func leer(_ ruta: String) -> String { (try? String(contentsOfFile: ruta, encoding: .utf8)) ?? "" }

    static func listar(_ ruta: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: ruta)) ?? []).sorted() }

    /// Kills every `publish_command` run of the stand-in script `guion`, with its process group
    /// (a SIGKILLed daemon's child lives on; under systemd, the unit's stop kills its whole
    /// cgroup, and a powered-off host takes it along).
    static func matarPublicaciones(_ guion: String) {
        guard let r = try? Ejecucion.ejecutar("/usr/bin/pgrep", ["-f", guion]) else { return }
        for l in r.stdout.split(separator: "\n") { if let p = Int32(l) { kill(-p, SIGKILL); kill(p, SIGKILL) } }
    }

    /// Each corte of `publish/cortes/` in seq order, with its manifest and the SHA-256 of its `SHA256`.
    static func cadena(_ publish: String) throws -> [(nombre: String, manifiesto: Manifiesto, hash: HuellaSHA256)] {
        try CortesTests.cortes(publish).map { n in
            let c = publish + "/cortes/" + n
            let m = try Manifiesto(analizando: Array(try Data(contentsOf: URL(fileURLWithPath: c + "/manifest.json"))))
            let lista = Array(try Data(contentsOf: URL(fileURLWithPath: c + "/SHA256")))
            return (n, m, SHA256.resumen(lista))
        }
    }

    /// The chain `cadena` gives is whole: seqs 1…n without a gap, each corte naming its
    /// predecessor's `SHA256`, one signing key. Returns the problems found.
    static func problemasCadena(_ c: [(nombre: String, manifiesto: Manifiesto, hash: HuellaSHA256)]) -> [String] {
        var r: [String] = []
        for (i, x) in c.enumerated() {
            if x.manifiesto.seq != i + 1 { r.append("\(x.nombre): seq \(x.manifiesto.seq), expected \(i + 1)") }
            let anterior = i == 0 ? nil : c[i - 1].hash
            if x.manifiesto.anteriorSHA256 != anterior { r.append("\(x.nombre): previous_sha256 does not name corte \(i)") }
            if x.manifiesto.keynum != c[0].manifiesto.keynum { r.append("\(x.nombre): signed with another key") }
        }
        return r
    }

    @Test func otroSitioSigueLaCadenaSinPerderNiBifurcar() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        // The publish_command stand-in: a slow upload that says it started, then works until killed.
        let guion = t + "/publicar.sh", marca = t + "/publicando"
        try "#!/bin/sh\ntouch \(marca)\nexec sleep 1000\n".write(toFile: guion, atomically: true, encoding: .utf8)
        chmod(guion, 0o755)
        defer { Self.matarPublicaciones(guion) }
        try CortesTests.spoolPequeno(t, casillas: 150, extra: "corte_interval = 1s\npublish_command = \(guion)\npublish_timeout = 60s\n")
        let actas = SpoolPrueba.actas(100, eleccion: "JG") + SpoolPrueba.actas(100, eleccion: "ALC")
        let incoming = t + "/r/incoming", log = t + "/daemon.log", cortes = t + "/r/publish/cortes"

        // The writer: whole actas in bursts, while the sites take over from each other.
        let listo = DispatchSemaphore(value: 0)
        let copia = actas.shuffled()
        Thread.detachNewThread {
            for (i, a) in copia.enumerated() {
                CortesTests.soltarActa(incoming, a, semilla: i)
                if i % 10 == 9 { usleep(250_000) }
            }
            listo.signal()
        }

        let hosts = ["sitio-a", "sitio-b"]
        var relevos = 0
        var alcanzados: [Momento: Int] = [:]
        var escritorTermino = false
        while relevos < 9 || !escritorTermino {
            let momento = Momento.allCases[relevos % 3]
            let listos = Self.leer(log).components(separatedBy: " ready ").count
            try? FileManager.default.removeItem(atPath: marca)
            let p = try Self.sitio(t, host: hosts[relevos % 2], log: log)
            #expect(PublicacionAlDiaTests.esperar(30) { Self.leer(log).components(separatedBy: " ready ").count > listos }, "\(Self.leer(log).suffix(2000))")
            var alcanzado = false
            switch momento {
            case .lote:
                usleep(UInt32.random(in: 0...200_000))
                alcanzado = true
            case .corte:
                // The moment a corte is being written aside (its hidden .partial folder).
                let fin = Date().addingTimeInterval(5)
                while Date() < fin, !alcanzado {
                    alcanzado = Self.listar(cortes).contains { $0.hasPrefix(".") }
                    if !alcanzado { usleep(1_000) }
                }
            case .publicacion:
                alcanzado = PublicacionAlDiaTests.esperar(5) { FileManager.default.fileExists(atPath: marca) }
            }
            if alcanzado { alcanzados[momento, default: 0] += 1 }
            kill(p.processIdentifier, SIGKILL)
            // Its publish_command runs hold the daemon's inherited descriptors: gone before the wait.
            while p.isRunning {
                Self.matarPublicaciones(guion)
                usleep(10_000)
            }
            p.waitUntilExit()
            relevos += 1
            if listo.wait(timeout: .now()) == .success { escritorTermino = true }
            if relevos > 60 { break }
        }
        #expect(alcanzados[.corte, default: 0] >= 1 && alcanzados[.publicacion, default: 0] >= 1, "\(alcanzados)")

        // The last takeover runs until every acta is published, then stops cleanly.
        let ultimoHost = hosts[relevos % 2]
        let listos = Self.leer(log).components(separatedBy: " ready ").count
        let p = try Self.sitio(t, host: ultimoHost, log: log)
        #expect(PublicacionAlDiaTests.esperar(30) { Self.leer(log).components(separatedBy: " ready ").count > listos })
        let todas = PublicacionAlDiaTests.esperar(60) {
            Self.listar(t + "/r/packaged").count == actas.count && Self.listar(t + "/r/verified").isEmpty
        }
        #expect(todas, "packaged \(Self.listar(t + "/r/packaged").count) of \(actas.count); \(Self.leer(log).suffix(3000))")
        kill(p.processIdentifier, SIGTERM)
        // A clean stop kills the publish_command in hand itself (after a few seconds' grace).
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)

        // Every acta published, each exactly once: its item in packaged/, one row in the last corte.
        #expect(Set(Self.listar(t + "/r/packaged")) == Set(actas.map(\.clave.texto)))
        #expect(Self.listar(t + "/r/captured").isEmpty && Self.listar(incoming).filter { !$0.hasPrefix(".") }.isEmpty)
        let c = try Self.cadena(t + "/r/publish")
        #expect(c.last?.manifiesto.conteos["total"]?.registradas == actas.count)
        #expect(Self.problemasCadena(c).isEmpty, "\(Self.problemasCadena(c))")
        // Each manifest names its site; both sites signed, with the one key on the shared volume.
        #expect(Set(c.compactMap(\.manifiesto.host)) == Set(hosts), "\(c.map { $0.manifiesto.host ?? "-" })")
        #expect(c.allSatisfy { $0.manifiesto.host != nil })
        #expect(c.last?.manifiesto.host == ultimoHost)
        // prep verify --previous at every takeover (the first corte of one site after the other's).
        var cruces = 0
        for i in c.indices.dropFirst() where c[i].manifiesto.host != c[i - 1].manifiesto.host {
            let v = try Binario.ejecutar(["verify", cortes + "/" + c[i].nombre, "--key", t + "/k.pub", "--previous", cortes + "/" + c[i - 1].nombre])
            #expect(v.estado == 0, "\(c[i].nombre): \(v.stderr)")
            #expect(v.stdout.contains("signed on \(c[i].manifiesto.host ?? "")"))
            cruces += 1
        }
        #expect(cruces >= 2)
        print("takeover test: \(relevos) takeovers (\(alcanzados)), \(c.count) cortes, \(cruces) cortes signed after a takeover verified")
    }
}
