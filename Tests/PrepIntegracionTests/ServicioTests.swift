import Foundation
import PrepPruebas
import Glibc
import Testing

/// `prep run` as a service: its log lines (cortes, publish_command results, priorities for the
/// journal) and its signals (SIGHUP re-reads the configuration; nothing kills it silently).
@Suite(.enHiloPropio) struct ServicioTests {
    @Test func senalesRecargaYLineasDeCorte() throws {
        let fallo = "sh -c 'echo uploading >&2; echo \"rsync: connection refused\" >&2; exit 23'"
        let s = try SpoolPrueba("senales", configExtra: "corte_interval = 20m\npublish_command = \(fallo)\n")
        try s.iniciar(verbose: false)
        #expect(s.esperar(20) { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        // The corte at start: its line, then the command's result with its status and last error line.
        #expect(s.textoLog.contains(" corte 000001_"), "\(s.textoLog)")
        #expect(s.textoLog.contains(": seq 1, 0 actas (0 new since the last), built in "), "\(s.textoLog)")
        #expect(s.esperar(20) { s.textoLog.contains("publish_command failed: exit status 23 after ") }, "\(s.textoLog)")
        #expect(s.textoLog.contains("; last error line: rsync: connection refused"), "\(s.textoLog)")
        guard let pid = s.pid else { return }

        // A live key and a key that needs a restart.
        let texto = try String(contentsOfFile: s.config, encoding: .utf8)
        try texto.replacingOccurrences(of: "corte_interval = 20m", with: "corte_interval = 10m")
            .replacingOccurrences(of: fallo, with: "true")
            .write(toFile: s.config, atomically: true, encoding: .utf8)
        kill(pid, SIGHUP)
        #expect(s.esperar(10) { s.textoLog.contains(" reload ") }, "\(s.textoLog)")
        #expect(s.textoLog.contains("applied now: publish_command; changed but need a restart (running values kept): corte_interval"), "\(s.textoLog)")
        // The new command runs for the next corte.
        let r = try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "60"])
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.esperar(20) { s.textoLog.contains("000002_") && s.textoLog.contains(": publish_command exit status 0 in ") }, "\(s.textoLog)")

        // A broken file changes nothing and says why; SIGUSR2 without a prep retirar request is
        // logged, not fatal.
        try "settle = soon\n".write(toFile: s.config, atomically: true, encoding: .utf8)
        kill(pid, SIGHUP)
        #expect(s.esperar(10) { s.textoLog.contains("SIGHUP: configuration not reloaded, the running one stays: ") }, "\(s.textoLog)")
        #expect(s.textoLog.contains("prep.conf:1: settle: 'soon' is not a duration"), "\(s.textoLog)")
        kill(pid, SIGUSR2)
        #expect(s.esperar(10) { s.textoLog.contains("SIGUSR2 received with no prep retirar request") }, "\(s.textoLog)")
        #expect(s.vivo)
        #expect(s.detener() == 0)
        #expect(s.textoLog.contains(" stopping SIGTERM received"), "\(s.textoLog)")
    }

    /// With standard error on the journal (JOURNAL_STREAM names it), lines carry `<N>` and no time.
    @Test func alDiarioConPrioridades() throws {
        let s = try SpoolPrueba("diario", configExtra: "corte_interval = 20m\n")
        _ = FileManager.default.createFile(atPath: s.log, contents: nil)
        var st = stat()
        #expect(stat(s.log, &st) == 0)
        try s.iniciar(verbose: false, entorno: ["JOURNAL_STREAM": "\(st.st_dev):\(st.st_ino)"])
        let a = SpoolPrueba.actas(1)[0]
        try s.soltar("\(a.clave.texto).captura.bad.json", Array("{".utf8))
        #expect(s.esperar(20) { s.textoLog.contains("<4>rejected ") }, "\(s.textoLog)")
        #expect(s.detener() == 0)
        let lineas = s.textoLog.split(separator: "\n")
        #expect(lineas.contains { $0.hasPrefix("<5>ready spool ") }, "\(s.textoLog)")
        #expect(lineas.contains { $0.hasPrefix("<5>corte 000001_") }, "\(s.textoLog)")
        #expect(lineas.allSatisfy { $0.hasPrefix("<") }, "\(s.textoLog)")
    }

    /// `prep status` names the daemon and the cortes' timing; `--check` grades the spool for a probe.
    @Test func statusYCheck() throws {
        let s = try SpoolPrueba("check", configExtra: "corte_interval = 20m\n")
        var r = try Binario.ejecutar(["status", "--check", "--config", s.config])
        #expect(r.estado == 2, "\(r.todo)")
        // Not even the spool's folders yet.
        #expect(r.stdout.hasPrefix("PREP CRITICAL: spool "), "\(r.todo)")

        try s.iniciar(verbose: false)
        #expect(s.esperar(20) { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let pid = try #require(s.pid)
        r = try Binario.ejecutar(["status", "--check", "--config", s.config])
        #expect(r.estado == 0, "\(r.todo)")
        #expect(r.stdout.hasPrefix("PREP OK: daemon pid \(pid), last corte 000001_"), "\(r.todo)")
        r = try Binario.ejecutar(["status", "--config", s.config])
        #expect(r.stdout.contains("daemon: pid \(pid) holds prep.lock"), "\(r.stdout)")
        #expect(r.stdout.contains("; next due in 19 min") || r.stdout.contains("; next due in 20 min"), "\(r.stdout)")
        r = try Binario.ejecutar(["status", "--json", "--config", s.config])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["daemon_pid"] as? Int == Int(pid))
        #expect((json["last_corte_age_seconds"] as? Int).map { $0 >= 0 && $0 < 60 } == true, "\(json)")
        #expect(json["next_corte_due"] is String && json["last_corte_final"] as? Bool == false, "\(json)")

        // An acta with one capture waits in captured/: past --max-wait it is a warning.
        let a = SpoolPrueba.actas(1)[0]
        try s.soltar("\(a.clave.texto).jpg", SpoolPrueba.imagen(1))
        try s.soltar("\(a.clave.texto).captura.cap01.json", SpoolPrueba.captura(a, "cap01"))
        #expect(s.esperar(20) { s.existe("captured/\(a.clave.texto)") }, "\(s.textoLog)")
        // The check itself says when the acta has waited past --max-wait: asked until it does.
        #expect(s.esperar(20) {
            r = (try? Binario.ejecutar(["status", "--check", "--max-wait", "1s", "--config", s.config])) ?? r
            return r.estado == 1
        }, "\(r.todo)")
        #expect(r.stdout.hasPrefix("PREP WARNING: captured acta captured/\(a.clave.texto) waiting for "), "\(r.todo)")
        #expect(s.detener() == 0)
        r = try Binario.ejecutar(["status", "--check", "--config", s.config])
        #expect(r.estado == 2 && r.stdout.hasPrefix("PREP CRITICAL: no prep daemon holds the spool"), "\(r.todo)")
    }

    /// A capture saved by a Windows editor (UTF-8 with a byte order mark) is a capture.
    @Test func capturaConBOM() throws {
        let s = try SpoolPrueba("bom")
        let a = SpoolPrueba.actas(1)[0]
        try s.soltar("\(a.clave.texto).jpg", SpoolPrueba.imagen(3))
        try s.soltar("\(a.clave.texto).captura.cap01.json", [0xEF, 0xBB, 0xBF] + SpoolPrueba.captura(a, "cap01"))
        try s.soltar("\(a.clave.texto).captura.cap02.json", SpoolPrueba.captura(a, "cap02"))
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.existe("packaged/\(a.clave.texto)") && s.listar("rejected").isEmpty, "\(r.stderr)")
    }
}
