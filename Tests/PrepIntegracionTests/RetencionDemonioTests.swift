import Foundation
import PrepPruebas
import Testing

/// Retention through the real daemon: `keep_cortes` reduces the older cortes after each corte
/// (one log line each), `prep verify --previous` chains through the reduced ones, `prep status`
/// and the metrics show the disk `publish/` takes and the space left, and a restart after
/// reductions goes on from the newest corte.
@Suite(.enHiloPropio) struct RetencionDemonioTests {
    @Test func elDemonioReduceVerificaYMideElDisco() throws {
        let s = try SpoolPrueba("retencion", configExtra: "corte_interval = 20m\nkeep_cortes = 2\nmetrics_file = prep.prom\n")
        try s.iniciar(verbose: false)
        #expect(s.esperar(20) { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        for (k, a) in SpoolPrueba.actas(3).enumerated() {
            // One acta verified before each corte, so that every corte differs.
            try s.soltar("\(a.clave.texto).jpg", SpoolPrueba.imagen(10 + k))
            try s.soltar("\(a.clave.texto).captura.cap01.json", SpoolPrueba.captura(a, "cap01"))
            try s.soltar("\(a.clave.texto).captura.cap02.json", SpoolPrueba.captura(a, "cap02"))
            #expect(s.esperar(20) { s.existe("verified/\(a.clave.texto)") }, "\(s.textoLog)")
            let r = try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "60"])
            #expect(r.estado == 0, "\(r.todo)")
        }
        // Four cortes (the one at start and three asked for): the two oldest are reduced.
        #expect(s.esperar(20) { s.textoLog.contains(" retention corte 000002_") }, "\(s.textoLog)")
        #expect(s.textoLog.contains(" retention corte 000001_") && s.textoLog.contains("reduced (keep_cortes 2): kept SHA256, SHA256.sig, manifest.json and datos/ with its CSVs inside "),
                "\(s.textoLog)")
        let carpeta = s.spool + "/publish/cortes"
        let cortes = try FileManager.default.contentsOfDirectory(atPath: carpeta).filter { !$0.hasPrefix(".") }.sorted()
        try #require(cortes.count == 4, "\(cortes)")
        #expect(cortes.map { FileManager.default.fileExists(atPath: carpeta + "/" + $0 + "/RETENCION") } == [true, true, false, false])
        #expect(!FileManager.default.fileExists(atPath: carpeta + "/" + cortes[0] + "/index.html"))
        let clave = s.dir + "/keys/prep.pub"
        for k in cortes.indices {
            var args = ["verify", carpeta + "/" + cortes[k], "--key", clave]
            if k > 0 { args += ["--previous", carpeta + "/" + cortes[k - 1]] }
            let r = try Binario.ejecutar(args)
            #expect(r.estado == 0, "\(cortes[k]): \(r.todo)")
            #expect(r.stdout.contains("a corte reduced by retention (RETENCION)") == (k < 2), "\(r.stdout)")
        }

        // prep status: the disk line, its JSON, and a check that is not worried (the disk has room).
        var r = try Binario.ejecutar(["status", "--config", s.config])
        #expect(r.stdout.contains("publish/ ") && r.stdout.contains("(4 cortes, 2 reduced by retention)") && r.stdout.contains("more cortes the size of the last"), "\(r.stdout)")
        r = try Binario.ejecutar(["status", "--json", "--config", s.config])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let disco = try #require(json["disk"] as? [String: Any], "\(json)")
        #expect(disco["cortes"] as? Int == 4 && disco["reduced_cortes"] as? Int == 2, "\(disco)")
        for k in ["publish_bytes", "cortes_bytes", "images_bytes", "last_corte_bytes", "free_bytes", "size_bytes"] {
            #expect((disco[k] as? Int ?? 0) > 0, "\(k): \(disco)")
        }
        #expect((disco["publish_bytes"] as? Int ?? 0) >= (disco["cortes_bytes"] as? Int ?? 0) + (disco["images_bytes"] as? Int ?? 0))
        r = try Binario.ejecutar(["status", "--check", "--config", s.config])
        #expect(!r.stdout.contains("disk"), "\(r.stdout)")
        #expect(s.detener() == 0)
        try MetricasPrueba.comprobar(s.dir + "/prep.prom", config: s.config)
        let m = try MetricasPrueba.leer(s.dir + "/prep.prom")
        #expect(m["prep_publish_cortes{state=\"reduced\"}"] == 2 && m["prep_publish_cortes{state=\"whole\"}"] == 2, "\(m)")
        #expect((m["prep_publish_disk_bytes{folder=\"all\"}"] ?? 0) > 0 && (m["prep_publish_filesystem_avail_bytes"] ?? 0) > 0, "\(m)")

        // A restart after reductions: the next corte follows the newest, and reduces the third.
        r = try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "60"])
        #expect(r.estado == 0, "\(r.todo)")
        let despues = try FileManager.default.contentsOfDirectory(atPath: carpeta).filter { !$0.hasPrefix(".") }.sorted()
        try #require(despues.count == 5, "\(despues)")
        #expect(FileManager.default.fileExists(atPath: carpeta + "/" + despues[2] + "/RETENCION"))
        r = try Binario.ejecutar(["verify", carpeta + "/" + despues[4], "--key", clave, "--previous", carpeta + "/" + despues[3]])
        #expect(r.estado == 0, "\(r.todo)")
        r = try Binario.ejecutar(["verify", carpeta + "/" + despues[3], "--key", clave, "--previous", carpeta + "/" + despues[2]])
        #expect(r.estado == 0, "\(r.todo)")
    }
}
