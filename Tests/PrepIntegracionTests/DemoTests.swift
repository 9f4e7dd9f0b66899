import Foundation
import Glibc
import PrepPruebas
import Testing

/// `prep demo` as a newcomer meets it: a small night (a few actas, cortes every second) through
/// the real binary, its daemon and its simulator.
@Suite(.enHiloPropio) struct DemoTests {
    /// A `prep demo` running in the background, its standard output and error in one file.
    final class DemoEnMarcha: @unchecked Sendable {
        let dir: String
        let salida: String
        let proceso = Process()

        init(_ dir: String, _ extra: [String]) throws {
            self.dir = dir
            salida = dir + ".out"
            _ = FileManager.default.createFile(atPath: salida, contents: nil)
            proceso.executableURL = URL(fileURLWithPath: Binario.ruta)
            proceso.arguments = ["demo", "--dir", dir, "--catalog", SpoolPrueba.rutaCatalogo, "--max-actas", "20",
                                 "--corte-interval", "1s"] + extra
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: salida))
            proceso.standardOutput = h
            proceso.standardError = h
            try proceso.run()
        }

        deinit {
            if proceso.isRunning { kill(proceso.processIdentifier, SIGKILL) }
            _ = try? Ejecucion.ejecutar("/usr/bin/pkill", ["-KILL", "-f", dir])
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: salida)
        }

        var texto: String { (try? String(contentsOfFile: salida, encoding: .utf8)) ?? "" }

        /// Polls until `condicion` holds or `segundos` pass.
        func esperar(_ segundos: Double, _ condicion: () -> Bool) -> Bool {
            let fin = Date().addingTimeInterval(segundos)
            while Date() < fin, !condicion() { usleep(50_000) }
            return condicion()
        }

        /// The exit status once it ended within `segundos`, else nil.
        func fin(_ segundos: Double) -> Int32? {
            esperar(segundos) { !proceso.isRunning } ? proceso.terminationStatus : nil
        }

        /// Processes whose command line names the demo folder (the demo, its daemon, its simulator).
        var procesos: String {
            ((try? Ejecucion.ejecutar("/usr/bin/pgrep", ["-af", dir]))?.stdout ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    static func carpeta(_ nombre: String) -> String { "/tmp/prep-demo-\(nombre)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }

    @Test func ctrlCDetieneDemonioYSimuladorYDiceDondeEstaTodo() throws {
        let d = try DemoEnMarcha(Self.carpeta("sigint"), ["--duration", "5m"])
        #expect(d.esperar(120) { d.texto.contains("demo: simulator running (pid ") }, "\(d.texto)")
        #expect(d.procesos.contains(d.dir + "/prep.conf"), "\(d.procesos)")
        kill(d.proceso.processIdentifier, SIGINT)
        let estado = d.fin(45)
        #expect(estado == 128 + SIGINT, "\(d.texto)")
        let t = d.texto
        #expect(t.contains("demo: stopped by SIGINT after "), "\(t)")
        #expect(t.contains("the daemon and the simulator are stopped"), "\(t)")
        #expect(t.contains("spool: \(d.dir)/spool — ") && t.contains(" status --config \(d.dir)/prep.conf"), "\(t)")
        let ultimo = t.components(separatedBy: "last corte: ").dropFirst().first?.prefix { $0 != "\n" } ?? ""
        #expect(ultimo.hasPrefix(d.dir + "/spool/publish/cortes/0000"), "\(t)")
        #expect(FileManager.default.fileExists(atPath: ultimo + "/index.html"), "\(t)")
        #expect(t.contains("prep demo --clean --dir \(d.dir) removes it"), "\(t)")
        #expect(d.procesos.isEmpty, "left behind: \(d.procesos)")
        // The daemon was asked to stop, not killed.
        let log = (try? String(contentsOfFile: d.dir + "/prep-run.log", encoding: .utf8)) ?? ""
        #expect(log.contains(" stopping SIGTERM received") && log.contains(" stopped "), "\(log)")
    }

    @Test func unaSegundaDemoEsRechazadaYCleanEsperaASuFin() throws {
        let d = try DemoEnMarcha(Self.carpeta("dos"), ["--duration", "5m"])
        #expect(d.esperar(120) { d.texto.contains("demo: daemon running (pid ") }, "\(d.texto)")
        let pid = d.proceso.processIdentifier
        var r = try Binario.ejecutar(["demo", "--dir", d.dir, "--catalog", SpoolPrueba.rutaCatalogo, "--max-actas", "3"])
        #expect(r.estado == 1 && r.stderr.contains("another prep demo (pid \(pid)) is running in \(d.dir)"), "\(r.todo)")
        r = try Binario.ejecutar(["demo", "--clean", "--dir", d.dir])
        #expect(r.estado == 1 && r.stderr.contains("another prep demo (pid \(pid))"), "\(r.todo)")
        #expect(FileManager.default.fileExists(atPath: d.dir + "/prep.conf"))

        kill(pid, SIGTERM)
        #expect(d.fin(45) == 128 + SIGTERM, "\(d.texto)")
        r = try Binario.ejecutar(["demo", "--clean", "--dir", d.dir])
        #expect(r.estado == 0 && r.stdout.contains("removed \(d.dir) (") && r.stdout.contains(" on disk)"), "\(r.todo)")
        #expect(!FileManager.default.fileExists(atPath: d.dir))
        r = try Binario.ejecutar(["demo", "--clean", "--dir", d.dir])
        #expect(r.estado == 0 && r.stdout.contains("nothing to clean"), "\(r.todo)")

        // A folder a demo did not make is never removed.
        let ajena = Self.carpeta("ajena")
        try FileManager.default.createDirectory(atPath: ajena, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: ajena) }
        _ = FileManager.default.createFile(atPath: ajena + "/tesis.txt", contents: Data("mine".utf8))
        r = try Binario.ejecutar(["demo", "--clean", "--dir", ajena])
        #expect(r.estado == 1 && r.stderr.contains("is not a prep demo folder"), "\(r.todo)")
        #expect(FileManager.default.fileExists(atPath: ajena + "/tesis.txt"))
    }

    @Test func unaNochePequenaLlegaAlFinYDiceCuantoTardoYOcupa() throws {
        let d = try DemoEnMarcha(Self.carpeta("entera"), ["--duration", "2s"])
        let estado = d.fin(300)
        let t = d.texto
        #expect(estado == 0, "\(t)")
        #expect(t.contains("demo: the night took ") && t.contains("every drop written in "), "\(t)")
        #expect(t.contains("actas/s"), "\(t)")
        #expect(t.contains("ground truth: the last corte's totals equal it"), "\(t)")
        #expect(t.contains("demo folder: \(d.dir) (") && t.contains(" MB on disk;"), "\(t)")
        #expect(t.contains(": verified (seq "), "\(t)")
        // Every capture and sin acta drop was signed, and the corte proves it.
        #expect(t.contains("operators: every acta's figures come from captures signed by registered operators"), "\(t)")
        #expect(!t.contains("not authenticated") && !t.contains(" 0 signed captures,"), "\(t)")
        #expect(d.procesos.isEmpty, "left behind: \(d.procesos)")
        // The closing lines run as pasted: the signify this machine has, the prep that ran.
        let lineas = t.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let firma = try #require(lineas.first { $0.hasPrefix("cd ") && $0.contains(" -C -p ") }, "\(t)")
        #expect(firma.contains("&& signify-openbsd -C"), "\(firma)")
        let verifica = try #require(lineas.first { $0.hasPrefix("check it: ") }.map { String($0.dropFirst("check it: ".count)) }, "\(t)")
        for orden in [firma, verifica] {
            let r = try Ejecucion.ejecutar("/bin/sh", ["-c", orden])
            #expect(r.estado == 0, "\(orden): \(r.todo)")
        }
        // The last corte closes the night: its site never says it is out of date.
        let ultimo = try #require(lineas.first { $0.hasPrefix("last corte: ") }.map { String($0.dropFirst("last corte: ".count)) })
        let manifiesto = try String(contentsOfFile: ultimo + "/manifest.json", encoding: .utf8)
        #expect(manifiesto.contains("\"final\": true"), "\(manifiesto)")
    }
}
