import Foundation
import Glibc
import PrepDominio
import PrepPruebas
import Testing

/// Publication keeps up with the night: a slow web host never makes `publish_command` carry
/// ever older cortes, and `prep publish` gets its corte whoever holds the spool.
@Suite(.serialized, .enHiloPropio) struct PublicacionAlDiaTests {
    static func esperar(_ segundos: Double, _ condicion: () -> Bool) -> Bool {
        let fin = Date().addingTimeInterval(segundos)
        while Date() < fin {
            if condicion() { return true }
            usleep(20_000)
        }
        return condicion()
    }

    /// Someone holds an exclusive `flock` on `ruta` (a shared attempt fails).
    static func ocupado(_ ruta: String) -> Bool {
        let fd = open(ruta, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_SH | LOCK_NB) != 0
    }

    static func leer(_ ruta: String) -> String { (try? String(contentsOfFile: ruta, encoding: .utf8)) ?? "" }

    /// A `publish_command` that hangs, cortes every second and `publish_timeout = 2s`: every
    /// run is killed, and each next run carries the newest corte (at most the one being handed
    /// over behind it is newer), not the next in a queue that grows by one corte a second.
    @Test func unHostLentoNoRezagaLaPublicacion() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let guion = t + "/colgado.sh", marca = t + "/subidas"
        // Each run records its corte and the newest corte when it started, then hangs.
        try "#!/bin/sh\necho \"$(basename \"$1\") $(readlink \"$(dirname \"$1\")/../latest\")\" >> \(marca)\nsleep 1000\n"
            .write(toFile: guion, atomically: true, encoding: .utf8)
        chmod(guion, 0o755)
        try CortesTests.spoolPequeno(t, casillas: 300, extra: "corte_interval = 1s\npublish_command = \(guion)\npublish_timeout = 2s\n")
        let log = t + "/daemon.log"
        let p = try CortesTests.demonio(t, [], log: log)
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() } }
        #expect(Self.esperar(60) { Self.leer(marca).split(separator: "\n").count >= 7 }, "\(Self.leer(log))")
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let subidas = Self.leer(marca).split(separator: "\n").map { $0.split(separator: " ") }
        for (i, s) in subidas.enumerated() {
            let seq = Int(s.first?.prefix(6) ?? "") ?? 0
            let ultimo = Int(s.last?.split(separator: "/").last?.prefix(6) ?? "") ?? 0
            #expect(seq >= ultimo - 1, "upload \(i + 1) started for corte \(seq) while corte \(ultimo) existed")
        }
        #expect(Self.leer(log).contains("not uploaded, publish_command is still busy"), "\(Self.leer(log))")
        // Nothing it started is left running.
        let ps = try Ejecucion.ejecutar("/usr/bin/pgrep", ["-f", guion])
        #expect(ps.stdout.isEmpty, "left running: \(ps.stdout)")
    }

    /// `prep publish` while `prep run --once` holds the spool (kept busy by a file still being
    /// written, until `once_wait`): the `--once` answers, and its corte at the end, which
    /// includes an acta it verified, is the one `prep publish` prints.
    @Test func publishMientrasUnRunOnceTieneElSpool() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        try CortesTests.spoolPequeno(t, casillas: 300, extra: "corte_interval = 20m\nonce_wait = 4s\n", settle: "1s")
        let primero = try Binario.ejecutar(["publish", "--config", t + "/prep.conf"])
        #expect(primero.estado == 0 && primero.stdout.contains("/000001_"), "\(primero.stderr)")
        let actas = SpoolPrueba.actas(2, eleccion: "JG")
        CortesTests.soltarActa(t + "/r/incoming", actas[0], semilla: 1)
        // A scanner still writing another acta's image in place, a few bytes every 100 ms (the
        // settle time is 1 s).
        let lento = t + "/r/incoming/" + actas[1].clave.texto + ".jpg"
        let fd = open(lento, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        _ = write(fd, [0xFF, 0xD8, 0xFF, 0xE0], 4)
        let escritor = Thread {
            for _ in 0..<100 {
                _ = write(fd, "0123456789", 10)
                usleep(100_000)
            }
            close(fd)
        }
        escritor.start()
        let log = t + "/once.log"
        let p = try CortesTests.demonio(t, ["--once", "--verbose"], log: log)
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() } }
        #expect(Self.esperar(20) {
            Self.leer(t + "/r/prep.lock").hasPrefix("\(p.processIdentifier)\n") && Self.leer(log).contains(" verificada ")
        }, "\(Self.leer(log))")
        #expect(p.isRunning, "the --once ended before prep publish could ask it: \(Self.leer(log))")
        let r = try Binario.ejecutar(["publish", "--config", t + "/prep.conf", "--timeout", "15"])
        #expect(r.estado == 0, "\(r.stderr)\n\(Self.leer(log))")
        let corte = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(corte.contains("/publish/cortes/000002_"), "\(corte)")
        #expect((try? PublishTests.filasRegistradas(corte, actas[0].clave.texto).count) == 1, "\(corte)")
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(Self.leer(log))")
    }

    /// `prep publish` while a process holds the spool lock and never answers (one that ignores
    /// SIGUSR1, as a `prep run --once` past its last turn does), then lets it go: `prep publish`
    /// waits for it and makes the corte itself.
    @Test func publishCuandoElDuenoSueltaSinResponder() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        try CortesTests.spoolPequeno(t, casillas: 300, extra: "corte_interval = 20m\n")
        let a = SpoolPrueba.actas(1, eleccion: "JG")[0]
        CortesTests.soltarActa(t + "/r/incoming", a, semilla: 2)
        let lock = t + "/r/prep.lock"
        let duenio = Process()
        duenio.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        duenio.arguments = ["--no-fork", "-x", lock, "/bin/sh", "-c", "trap '' USR1; sleep 2"]
        try duenio.run()
        defer { if duenio.isRunning { kill(duenio.processIdentifier, SIGKILL); duenio.waitUntilExit() } }
        try "\(duenio.processIdentifier)\n".write(toFile: lock, atomically: false, encoding: .utf8)
        // The lock is held (a shared attempt fails) before prep publish looks.
        #expect(Self.esperar(5) { Self.ocupado(lock) })
        let r = try Binario.ejecutar(["publish", "--config", t + "/prep.conf", "--timeout", "15"])
        #expect(r.estado == 0, "\(r.stderr)")
        let corte = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(corte.contains("/publish/cortes/000001_"), "\(corte)")
        #expect((try? PublishTests.filasRegistradas(corte, a.clave.texto).count) == 1, "\(corte)")
        #expect(!duenio.isRunning)
    }
}
