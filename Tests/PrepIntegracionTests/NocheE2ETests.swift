import Foundation
import PrepPruebas
import PrepSimulacion
import Testing

/// End to end, CI-sized: the real daemon (`prep run`) and the simulator (`prep simulate`) as
/// separate processes on one spool, short intervals; the last corte must verify and its totals
/// must equal the ground truth the simulator printed. Nothing is shared but the file system.
@Suite(.enHiloPropioPrimero) struct NocheE2ETests {
    @Test(.timeLimit(.minutes(5))) func laUltimaCorteVerificaYCuadraConLaVerdad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prep-e2e-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalogo = FileManager.default.currentDirectoryPath + "/etc/catalogo"
        try """
        spool = spool
        catalog = \(catalogo)
        signing_key = keys/prep.sec
        mode = simulacro
        corte_interval = 2s
        settle = 300ms
        rescan_interval = 5s
        metrics_file = prep.prom
        """.write(toFile: dir + "/prep.conf", atomically: true, encoding: .utf8)

        // The daemon.
        let demonio = Process()
        demonio.executableURL = URL(fileURLWithPath: Binario.ruta)
        demonio.arguments = ["run", "--config", dir + "/prep.conf"]
        demonio.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: dir + "/run.log", contents: nil)
        demonio.standardError = FileHandle(forWritingAtPath: dir + "/run.log")
        try demonio.run()
        defer { Self.detener(demonio) }

        // The night: 300 actas of the sample, ~5% bad drops, in about 4 s.
        let sim = try Binario.ejecutar(["simulate", "--root", dir + "/spool", "--catalog", catalogo, "--max-actas", "300",
                                        "--seed", "11", "--bad-share", "0.05", "--duration", "4s",
                                        "--truth", dir + "/verdad.json", "--quiet"])
        try #require(sim.estado == 0, "prep simulate: \(sim.stderr)")
        let textoVerdad = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/verdad.json")))
        let verdad = try VerdadLeida(json: textoVerdad)
        let actas = try #require((try JSONSerialization.jsonObject(with: Data(textoVerdad)) as? [String: Any])?["actas"] as? [String: Int])
        let finales = (actas["capturadas"] ?? 0) + (actas["sin_acta"] ?? 0) + (actas["fuera_catalogo"] ?? 0)
        #expect(finales > 250)

        // Wait (bounded) until every final acta is packaged, then for one more corte after that.
        let raiz = dir + "/spool"
        var conteo = ConteoSpool(raiz: raiz)
        let tope = Date().addingTimeInterval(120)
        while conteo.packaged < finales, Date() < tope, demonio.isRunning {
            usleep(100_000)
            conteo = ConteoSpool(raiz: raiz)
        }
        try #require(conteo.packaged == finales, "after 120 s: \(conteo.linea); daemon log in \(dir)/run.log")
        let visto = conteo.cortes
        while ConteoSpool(raiz: raiz).cortes <= visto, Date() < tope.addingTimeInterval(30) { usleep(100_000) }
        Self.detener(demonio)
        conteo = ConteoSpool(raiz: raiz)

        // Nothing lost: bad drops refused, temp names left alone, nothing stuck in between. The
        // only other refusals allowed: a real operator's capture of a disagreeing acta that
        // arrived after the other two had already agreed ("already verified", or "already agree"
        // while the acta waits for its image), at most one per discrepancy; the figures are right
        // either way (checked below).
        let razones = try FileManager.default.contentsOfDirectory(atPath: raiz + "/rejected").filter { $0.hasSuffix(".reason") }
        let tardias = try razones.filter { nombre in
            guard nombre.range(of: #"\.captura\.cap[0-9]{3}\.json\.reason$"#, options: .regularExpression) != nil else { return false }
            let texto = try String(contentsOfFile: raiz + "/rejected/" + nombre, encoding: .utf8)
            return texto.contains("already verified") || texto.contains("already agree")
        }.count
        #expect(tardias <= (actas["discrepancias"] ?? 0))
        #expect(conteo.rejected == verdad.entregas.malas + tardias)
        // No drop waits; only the simulator's abandoned temporary files stay (they are no drops).
        #expect(conteo.incoming == 0)
        var temporales = 0
        if let todo = FileManager.default.enumerator(atPath: raiz + "/incoming") {
            for case let ruta as String in todo where (todo.fileAttributes?[.type] as? FileAttributeType) != .typeDirectory {
                _ = ruta
                temporales += 1
            }
        }
        #expect(temporales == verdad.entregas.temporales)
        #expect(conteo.captured == 0 && conteo.verified == 0)

        // The last corte verifies (signature, hashes, chain, summaries) …
        let cortes = ConteoSpool.cortes(raiz: raiz)
        try #require(cortes.count >= 2)
        let ultima = raiz + "/publish/cortes/" + (cortes.last ?? "")
        let previa = raiz + "/publish/cortes/" + cortes[cortes.count - 2]
        let v = try Binario.ejecutar(["verify", ultima, "--key", dir + "/keys/prep.pub", "--previous", previa])
        #expect(v.estado == 0, "prep verify: \(v.stderr)")
        // … and shows exactly the ground truth, every summary figure and every column.
        let enCorte = try LectorCorte.leer(carpeta: ultima)
        let d = diferencias(corte: enCorte, verdad: verdad.elecciones)
        #expect(d.isEmpty, "\(d.prefix(10).joined(separator: "\n"))")
        // Every kind of acta of the sample played and is published (the shipped sample is iecm-2024).
        for (archivo, tipos) in [("CDMX_GUB_2024.csv", ["A01", "A01VA", "A01PPP", "A02E", "A04UE"]),
                                 ("CDMX_DIP_LOC_2024.csv", ["A02", "A03EMR", "A03ERP", "A05UEMR", "A05UERP"]),
                                 ("CDMX_ALC_2024.csv", ["A03VA", "A03PPP", "A04E", "A06UE"])] {
            let texto = try String(contentsOfFile: ultima + "/datos/" + archivo, encoding: .utf8)
            for t in tipos { #expect(texto.contains(",\(t),"), "\(archivo): no row of TIPO_ACTA \(t)") }
        }
        #expect(FileManager.default.fileExists(atPath: ultima + "/index.html"))

        // The metrics file the daemon left passes promtool, and says what prep status says.
        try MetricasPrueba.comprobar(dir + "/prep.prom", config: dir + "/prep.conf")
        let m = try MetricasPrueba.leer(dir + "/prep.prom")
        #expect(m["prep_drops_rejected_total{reason=\"other\"}"] == nil, "a reason without a label: \(m)")
        let porMotivo = m.filter { $0.key.hasPrefix("prep_drops_rejected_total{") }.values.reduce(0, +)
        #expect(Int(porMotivo) == conteo.rejected)
        #expect(m["prep_verification_latency_seconds_count"] == m["prep_actas_verified_total"])
        #expect(m["prep_cortes_total"] == Double(cortes.count))
        // The shipped Grafana dashboard asks only for metrics the daemon writes.
        let tablero = try String(contentsOfFile: SpoolPrueba.raizRepo + "/etc/grafana/prep-dashboard.json", encoding: .utf8)
        let escritas = Set(m.keys.map { String($0.prefix { $0 != "{" }) })
        let pedidas = Set(tablero.matches(of: /prep_[a-z_]+/).map { String($0.output) }).subtracting(["prep_spool"])
        #expect(pedidas.count >= 12)
        for nombre in pedidas { #expect(escritas.contains(nombre), "the dashboard asks for \(nombre)") }
    }

    static func detener(_ p: Process) {
        guard p.isRunning else { return }
        p.terminate()
        let tope = Date().addingTimeInterval(20)
        while p.isRunning, Date() < tope { usleep(20_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
    }
}
