import Foundation
import PrepPruebas
import Glibc
import PrepDominio
import Testing

/// SIGTERM under load: every thread of the daemon (the corte worker, the metrics writer, the
/// publish command) is quiet before the process ends, so a stop never crashes and never logs
/// anything after its `stopped` line.
@Suite(.serialized, .enHiloPropioPrimero) struct ParadaLimpiaTests {
    /// What a stopped daemon left wrong in its log (empty when the stop was clean): a crash
    /// report, an `error` line, a line after `stopped`, or `once_wait`, which belongs to `--once`.
    static func faltas(_ log: String) -> [String] {
        var f: [String] = []
        for marca in ["Fatal error", "Segmentation", "malloc", "Program crashed", "Aborted", "Backtrace", "Thread 0"]
        where log.contains(marca) {
            f.append("crash report (\(marca))")
        }
        let lineas = log.split(separator: "\n").map(String.init)
        for l in lineas where l.split(separator: " ").dropFirst().first == "error" { f.append("error line: \(l)") }
        if let i = lineas.firstIndex(where: { $0.split(separator: " ").dropFirst().first == "stopped" }) {
            if i != lineas.count - 1 { f.append("\(lineas.count - 1 - i) lines after stopped: \(lineas[(i + 1)...].prefix(3))") }
            if lineas[i].contains("once_wait") { f.append("a normal stop names once_wait: \(lineas[i])") }
        } else {
            f.append("no stopped line")
        }
        return f
    }

    /// Writes `actas` whole (image, two agreeing captures) into a new folder `carpeta`, ready to
    /// be renamed into `incoming/` at once: a backlog that arrives in one step.
    static func preparar(_ carpeta: String, _ actas: ArraySlice<ActaEsperada>, semilla: Int) throws {
        try FileManager.default.createDirectory(atPath: carpeta, withIntermediateDirectories: true)
        for (i, a) in actas.enumerated() {
            let k = a.clave.texto
            for (n, b) in [(k + ".jpg", SpoolPrueba.imagen(semilla + i, tamano: 1024)),
                           (k + ".captura.ana.json", SpoolPrueba.captura(a, "ana")),
                           (k + ".captura.beto.json", SpoolPrueba.captura(a, "beto"))] {
                let fd = open(carpeta + "/" + n, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                guard fd >= 0 else { throw POSIXError(.EIO) }
                _ = b.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
            }
        }
    }

    /// 20 stops of a daemon taking 100 actas that arrive at once (a folder renamed into
    /// `incoming/`), with a metrics file and a `publish_command` that takes 0.2 s: even rounds
    /// stop it a random moment into the drain or just after it, while the corte worker registers
    /// what it verified; odd ones while a corte asked for with SIGUSR1 (as `prep publish` does)
    /// is being built (its hidden `.partial` folder exists), so its upload is in hand at the
    /// stop. The interval is long, so no corte is due at the stop. Each stop exits 0 with a clean
    /// log, its last line `stopped`; at the end every acta dropped is in exactly one phase, or
    /// still in `incoming/`.
    @Test func veinteParadasEnPlenoDrenajeYCorte() throws {
        let t0 = Date()
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        try CortesTests.spoolPequeno(t, casillas: 700, extra: "corte_interval = 20m\nmetrics_file = metrics.prom\npublish_command = /bin/sh -c 'sleep 0.2'\n")
        let r = t + "/r", publish = r + "/publish"
        let porRonda = 100, rondas = 20
        // The actas of the small catálogo's casillas (its first 700, in the sample's order).
        let actas = Array(SpoolPrueba.catalogo.actas.lazy.filter { $0.casilla < 700 }.prefix(porRonda * rondas))
        #expect(actas.count == porRonda * rondas)
        var enCorte = 0
        for ronda in 0..<rondas {
            let lote = t + "/lote-\(ronda)"
            try Self.preparar(lote, actas[(ronda * porRonda)..<((ronda + 1) * porRonda)], semilla: ronda * porRonda)
            let log = t + "/daemon-\(ronda).log"
            let p = try CortesTests.demonio(t, log: log)
            let leerLog = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
            var listo = false
            for _ in 0..<3_000 where !listo {
                listo = leerLog().contains(" ready ")
                if !listo { usleep(5_000) }
            }
            #expect(listo, "round \(ronda): the daemon never got ready: \(leerLog())")
            #expect(rename(lote, r + "/incoming/lote-\(ronda)") == 0)
            let verificadas = { TrabajadorCortesTests.leer(r + "/verified").count }
            if ronda % 2 == 1 {
                // After the batch, a corte asked for; stopped while it is built (its .partial folder).
                for _ in 0..<5_000 where verificadas() == 0 { usleep(2_000) }
                kill(p.processIdentifier, SIGUSR1)
                var partial = false
                for _ in 0..<5_000 where !partial {
                    partial = TrabajadorCortesTests.leer(publish + "/cortes").contains { $0.hasPrefix(".") }
                    if !partial { usleep(1_000) }
                }
                if partial { enCorte += 1 }
                usleep(UInt32.random(in: 0...30_000))
            } else if ronda % 4 == 0 {
                usleep(UInt32.random(in: 0...400_000))
            } else {
                for _ in 0..<5_000 where verificadas() == 0 { usleep(2_000) }
                usleep(UInt32.random(in: 0...100_000))
            }
            kill(p.processIdentifier, SIGTERM)
            var fin = false
            for _ in 0..<2_000 where !fin {
                fin = !p.isRunning
                if !fin { usleep(10_000) }
            }
            if !fin {
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
            }
            #expect(fin, "round \(ronda): SIGTERM unanswered after 20 s")
            #expect(p.terminationReason == .exit && p.terminationStatus == 0,
                    "round \(ronda): ended by \(p.terminationReason == .exit ? "exit status" : "signal") \(p.terminationStatus)")
            let faltas = Self.faltas(leerLog())
            #expect(faltas.isEmpty, "round \(ronda): \(faltas)\n\(leerLog().suffix(3000))")
        }
        #expect(enCorte >= rondas / 2 - 2, "only \(enCorte) of \(rondas / 2) stops fell while a corte was in flight")
        // Nothing lost: every acta dropped is in exactly one phase, or still in incoming/.
        var donde: [String: String] = [:]
        for f in ["captured", "verified", "packaged"] {
            for k in TrabajadorCortesTests.leer(r + "/" + f) {
                #expect(donde[k] == nil, "\(k) is in \(donde[k] ?? "") and in \(f)")
                donde[k] = f
            }
        }
        for lote in TrabajadorCortesTests.leer(r + "/incoming") {
            for n in TrabajadorCortesTests.leer(r + "/incoming/" + lote) {
                let k = String(n.prefix { $0 != "." })
                if donde[k] == nil { donde[k] = "incoming" }
            }
        }
        let faltan = Set(actas.map(\.clave.texto)).symmetricDifference(donde.keys)
        #expect(faltan.isEmpty, "\(faltan.count) actas missing or unexpected: \(faltan.sorted().prefix(5))")
        print("clean stop test: \(rondas) stops, \(enCorte) during a corte, \(Int(Date().timeIntervalSince(t0))) s")
    }

    /// A file still settling when the daemon stops is left for the next start; `once_wait`
    /// belongs to `--once`, and a normal stop's last line does not name it.
    @Test func unaParadaNormalNoHablaDeOnceWait() throws {
        let s = try SpoolPrueba("parada-asentando", settle: "30s")
        try s.iniciar(verbose: false)
        #expect(s.esperar(20) { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        try s.soltar("090001B0100-JG.jpg", SpoolPrueba.imagen(1), modo: .enSitio)
        // The daemon follows it (it is settling) once its scan or inotify event is in: a SIGHUP
        // answered after the drop proves a loop turn after it.
        #expect(s.esperar(20) {
            guard let pid = s.pid else { return false }
            kill(pid, SIGHUP)
            return s.textoLog.contains("configuration re-read")
        })
        #expect(s.detener() == 0)
        let linea = s.textoLog.split(separator: "\n").last.map(String.init) ?? ""
        #expect(linea.contains(" stopped ") && !linea.contains("once_wait"), "\(linea)")
    }
}
