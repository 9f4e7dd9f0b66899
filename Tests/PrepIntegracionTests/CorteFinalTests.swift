import Foundation
import PrepPruebas
import Glibc
import Testing

/// `prep publish --final` closes the night: a final corte that never expires, a site that says
/// "corte final" without an expiry banner, no corte after it until `--reopen`.
@Suite(.enHiloPropio) struct CorteFinalTests {
    @Test func cierraYReabreLaNoche() throws {
        let s = try SpoolPrueba("final", configExtra: "corte_interval = 1s\nsigning_key = keys/prep.sec\n")
        try s.iniciar(verbose: false)
        #expect(s.esperar(20) { s.existe("publish/latest") }, "\(s.textoLog)")
        let (clave, _) = try PublishTests.soltarActa(s, 0)
        #expect(s.esperar(20) { s.existe("packaged/\(clave)") }, "\(s.textoLog)")

        var r = try Binario.ejecutar(["publish", "--final", "--config", s.config, "--timeout", "60"])
        #expect(r.estado == 0, "\(r.stderr)")
        let final = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let manifiesto = s.leer("publish/latest/manifest.json")
        #expect(manifiesto.contains("\"final\": true"), "\(manifiesto)")
        #expect(s.esperar(10) { s.textoLog.contains("; final: the night is closed") }, "\(s.textoLog)")
        let indice = try String(contentsOfFile: final + "/index.html", encoding: .utf8)
        #expect(indice.contains("<strong>Corte final</strong>"))
        #expect(!indice.contains("caducado") && !indice.contains("Datos vigentes hasta"))

        // A corte asked of the daemon after it (SIGUSR1, the turn a due corte takes too) is refused
        // with its log line: no corte came after it, and it still verifies without an expiry warning.
        let pid = try #require(s.pid)
        kill(pid, SIGUSR1)
        #expect(s.esperar(20) { s.textoLog.contains("a corte was asked for, but the night is closed by the final corte") }, "\(s.textoLog)")
        #expect(final.hasSuffix(try FileManager.default.destinationOfSymbolicLink(atPath: s.spool + "/publish/latest")))
        let v = try Binario.ejecutar(["verify", final, "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0 && !v.stderr.contains("expired"), "\(v.todo)")

        // A plain corte is refused, saying how to reopen; --check is content with a closed night.
        r = try Binario.ejecutar(["publish", "--config", s.config])
        #expect(r.estado == 1 && r.stderr.contains("the night is closed by the final corte ") && r.stderr.contains("prep publish --reopen"), "\(r.todo)")
        #expect(s.detener() == 0)
        r = try Binario.ejecutar(["status", "--check", "--config", s.config])
        #expect(r.estado == 0 && r.stdout.hasPrefix("PREP OK: no daemon, last corte "), "\(r.todo)")
        #expect(r.stdout.contains("(final)"), "\(r.todo)")

        // A daemon started again stays closed; --reopen (done here without a daemon) publishes again.
        r = try Binario.ejecutar(["run", "--once", "--config", s.config])
        #expect(r.estado == 0, "\(r.todo)")
        #expect(final.hasSuffix(try FileManager.default.destinationOfSymbolicLink(atPath: s.spool + "/publish/latest")))
        r = try Binario.ejecutar(["publish", "--reopen", "--config", s.config])
        #expect(r.estado == 0, "\(r.todo)")
        #expect(!s.leer("publish/latest/manifest.json").contains("\"final\""))
        #expect(!s.existe("corte.request"))
    }
}

/// A `corte.request` nobody took must never make a later corte final: it names the daemon it was
/// meant for and until when, and `prep publish` removes its own on timeout.
@Suite(.enHiloPropio) struct SolicitudRestanteTests {
    static func finalEnLatest(_ s: SpoolPrueba) -> Bool { s.leer("publish/latest/manifest.json").contains("\"final\": true") }

    @Test func unaSolicitudDejadaNoCierraLaNoche() throws {
        let s = try SpoolPrueba("solicitud", configExtra: "corte_interval = 10m\nsigning_key = keys/prep.sec\n")
        try s.iniciar(verbose: false)
        #expect(s.esperar(20) { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        guard let a = s.pid else { Issue.record("no daemon"); return }

        // A daemon that does not answer: prep publish --final gives up and takes its request back.
        kill(a, SIGSTOP)
        var r = try Binario.ejecutar(["publish", "--final", "--config", s.config, "--timeout", "1"])
        #expect(r.estado == 1 && r.stderr.contains("published no corte within 1 s"), "\(r.todo)")
        #expect(!s.existe("corte.request"))

        // The client killed while waiting, then its daemon killed: the request is left behind.
        let futuro = Int(Date().timeIntervalSince1970) + 3600
        try Data("final pid=\(a) until=\(futuro)\n".utf8).write(to: URL(fileURLWithPath: s.spool + "/corte.request"))
        s.matar()
        try s.iniciar(verbose: false)
        #expect(s.esperar(20) { s.textoLog.components(separatedBy: " ready ").count == 3 }, "\(s.textoLog)")
        guard let b = s.pid else { Issue.record("no daemon"); return }
        r = try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "60"])
        #expect(r.estado == 0, "\(r.todo)")
        #expect(!Self.finalEnLatest(s), "\(s.leer("publish/latest/manifest.json"))")
        #expect(s.textoLog.contains("ignored corte.request 'final pid=\(a) until=\(futuro)' was left for process \(a), not this daemon (pid \(b))"), "\(s.textoLog)")
        #expect(!s.existe("corte.request"))

        // One for this daemon but out of time, and one in an unknown form: ignored too.
        for (texto, motivo) in [("final pid=\(b) until=\(futuro - 7200)", "expired "), ("final", "is not a request prep publish writes")] {
            try Data((texto + "\n").utf8).write(to: URL(fileURLWithPath: s.spool + "/corte.request"))
            r = try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "60"])
            #expect(r.estado == 0 && !Self.finalEnLatest(s), "\(r.todo)")
            #expect(s.textoLog.contains("ignored corte.request '\(texto)' \(motivo)"), "\(s.textoLog)")
        }
        #expect(s.detener() == 0)
    }
}
