import Foundation
import Glibc
import PrepDominio
import PrepPruebas
import PrepSistema
import Testing

/// The chain never forks (docs/ha.md): a standby whose spool is behind what the web already
/// serves (an asynchronous copy, a restored backup) refuses to publish, and `prep adopt` makes
/// the published corte its base.
@Suite(.serialized, .enHiloPropio) struct BifurcacionTests {
    /// The SHA-256 names of the images a corte's CSVs cite (one per acta with an image).
    static func imagenesCitadas(_ corte: String) -> Set<String> {
        var r = Set<String>()
        for f in RelevoSitioTests.listar(corte + "/datos") where f.hasSuffix(".csv") {
            let texto = RelevoSitioTests.leer(corte + "/datos/" + f)
            var actual = ""
            for ch in texto.unicodeScalars {
                if ("0"..."9").contains(ch) || ("a"..."f").contains(ch) {
                    actual.unicodeScalars.append(ch)
                } else {
                    if actual.count == 64 { r.insert(actual) }
                    actual = ""
                }
            }
        }
        return r
    }

    /// Waits up to `segundos` for `p` to exit; kills it when it has not (false) and reaps it.
    static func terminar(_ p: Process, enSegundos segundos: Double) -> Bool {
        let salio = PublicacionAlDiaTests.esperar(segundos) { !p.isRunning }
        if !salio { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        return salio
    }

    static func seqDe(_ enlace: String) -> Int {
        let destino = (try? FileManager.default.destinationOfSymbolicLink(atPath: enlace)) ?? ""
        return Int(destino.split(separator: "/").last?.prefix(6) ?? "") ?? 0
    }

    @Test func unaCopiaAtrasadaNuncaBifurcaYSeRecuperaAdoptando() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        // Publication to a web root through the shipped script (verified there before `current`).
        let publicar = t + "/publicar.sh"
        try "#!/bin/sh\nPREP_PUBLISH_KEY=\(t)/k.pub PREP_PUBLISH_PREP=\(Binario.ruta) exec \(SpoolPrueba.raizRepo)/tools/publish-rsync.sh \"$1\" \(t)/web\n"
            .write(toFile: publicar, atomically: true, encoding: .utf8)
        chmod(publicar, 0o755)
        defer { RelevoSitioTests.matarPublicaciones(publicar) }
        // The web root does not exist yet: the first start cannot check, warns, and starts.
        try CortesTests.spoolPequeno(t, casillas: 150, extra: "corte_interval = 1s\npublish_command = \(publicar)\npublished_source = web/current\n")
        let todas = SpoolPrueba.actas(100, eleccion: "JG") + SpoolPrueba.actas(100, eleccion: "ALC")
        let primarias = Array(todas[0..<120]), propias = Array(todas[120..<130]), despues = Array(todas[130...])
        let log = t + "/daemon.log", web = t + "/web"

        // The primary publishes while actas arrive.
        let listo = DispatchSemaphore(value: 0)
        // Held while the copy is taken: a snapshot sees no drop half renamed.
        let pausa = NSLock()
        Thread.detachNewThread {
            for (i, a) in primarias.enumerated() {
                pausa.withLock { CortesTests.soltarActa(t + "/r/incoming", a, semilla: i) }
                if i % 10 == 9 { usleep(200_000) }
            }
            listo.signal()
        }
        let primario = try RelevoSitioTests.sitio(t, host: "sitio-a", log: log)
        defer { if primario.isRunning { kill(primario.processIdentifier, SIGKILL) } }
        #expect(PublicacionAlDiaTests.esperar(60) { Self.seqDe(web + "/current") >= 2 }, "\(RelevoSitioTests.leer(log).suffix(2000))")
        #expect(RelevoSitioTests.leer(log).contains("cannot check the published chain"))

        // The standby's copy, taken at a random moment while the primary runs (frozen for the
        // copy, as a snapshot or an asynchronous replica is a point in time of the disk).
        usleep(UInt32.random(in: 0...1_500_000))
        let b = t + "/b"
        try FileManager.default.createDirectory(atPath: b, withIntermediateDirectories: true)
        pausa.lock()
        kill(primario.processIdentifier, SIGSTOP)
        let cp = try Ejecucion.ejecutar("/bin/cp", ["-a", t + "/r", b + "/r"])
        kill(primario.processIdentifier, SIGCONT)
        pausa.unlock()
        #expect(cp.estado == 0, "\(cp.stderr)")
        let base = "spool = r\ncatalog = ../catalogo\nsigning_key = ../k.sec\nsettle = 50ms\ncorte_interval = 1s\n"
        try (base + "publish_command = \(publicar)\npublished_source = ../web/current\n").write(toFile: b + "/prep.conf", atomically: true, encoding: .utf8)
        let seqCopia = CortesTests.cortes(b + "/r/publish").count

        // The primary publishes more, then its site is lost.
        #expect(PublicacionAlDiaTests.esperar(60) { Self.seqDe(web + "/current") >= seqCopia + 3 })
        _ = listo.wait(timeout: .now() + 30)
        kill(primario.processIdentifier, SIGKILL)
        RelevoSitioTests.matarPublicaciones(publicar)
        primario.waitUntilExit()
        let p = Self.seqDe(web + "/current")
        let corteP = web + "/cortes/" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: web + "/current")) ?? "").split(separator: "/").last.map(String.init)!
        let citadasP = Self.imagenesCitadas(corteP)
        #expect(citadasP.count >= 20, "corte \(p) cites \(citadasP.count) images")

        // Before anyone noticed, the stale standby made a corte of its own (a corte no mirror
        // got): ten actas only it has, and an unchecked `prep run --once` without publication.
        try base.write(toFile: b + "/sinfuente.conf", atomically: true, encoding: .utf8)
        for (i, a) in propias.enumerated() { CortesTests.soltarActa(b + "/r/incoming", a, semilla: 1000 + i) }
        let propia = try Binario.ejecutar(["run", "--config", b + "/sinfuente.conf", "--once"])
        #expect(propia.estado == 0, "\(propia.stderr)")
        let cortesAntes = CortesTests.cortes(b + "/r/publish")
        #expect(cortesAntes.count == seqCopia + 1)

        // Started with the check, the standby refuses to publish, saying what it found and what to do.
        let logB = b + "/daemon.log"
        let rechazo = try RelevoSitioTests.sitio(b, host: "sitio-b", log: logB)
        // A standby that does not refuse runs on: the test fails instead of waiting for it forever.
        let salio = Self.terminar(rechazo, enSegundos: 60)
        let textoRechazo = RelevoSitioTests.leer(logB)
        #expect(salio, "the standby did not refuse within 60 s: \(textoRechazo.suffix(2000))")
        #expect(rechazo.terminationStatus == 1, "\(textoRechazo)")
        #expect(textoRechazo.contains("refusing to publish") && textoRechazo.contains("serves corte \(p) signed on sitio-a")
                && textoRechazo.contains("would fork") && textoRechazo.contains("prep adopt"), "\(textoRechazo)")
        #expect(CortesTests.cortes(b + "/r/publish") == cortesAntes, "a refused start made a corte")
        #expect(Self.seqDe(web + "/current") == p)

        // The recovery: adopt the published corte, then start again.
        let adopcion = try Binario.ejecutar(["adopt", "--config", b + "/prep.conf"])
        #expect(adopcion.estado == 0, "\(adopcion.stderr)")
        #expect(adopcion.stdout.contains("latest is seq \(p)"), "\(adopcion.stdout) \(adopcion.stderr)")
        #expect(adopcion.stdout.contains("re-registered for the next corte (back in verified/): \(propias.count) acta(s)"), "\(adopcion.stdout)")
        #expect(RelevoSitioTests.listar(b + "/r/publish/apartados") == [cortesAntes.last!], "\(adopcion.stdout)")
        #expect(Self.seqDe(b + "/r/publish/latest") == p)

        let standby = try RelevoSitioTests.sitio(b, host: "sitio-b", log: logB)
        defer { if standby.isRunning { kill(standby.processIdentifier, SIGKILL) } }
        for (i, a) in despues.enumerated() { CortesTests.soltarActa(b + "/r/incoming", a, semilla: 2000 + i) }
        let claves = Set((propias + despues).map(\.clave.texto))
        // Every acta it has packaged, then a corte with all of them on the web (each upload
        // carries the newest corte, so the web reaches it whatever it lagged meanwhile).
        #expect(PublicacionAlDiaTests.esperar(60) { claves.isSubset(of: RelevoSitioTests.listar(b + "/r/packaged")) },
                "\(RelevoSitioTests.leer(logB).suffix(3000))")
        let hecho = max(Self.seqDe(b + "/r/publish/latest"), p + 2)
        #expect(PublicacionAlDiaTests.esperar(60) { Self.seqDe(web + "/current") >= hecho }, "\(RelevoSitioTests.leer(logB).suffix(3000))")
        kill(standby.processIdentifier, SIGTERM)
        #expect(Self.terminar(standby, enSegundos: 30), "the standby did not stop within 30 s of SIGTERM")
        #expect(standby.terminationStatus == 0)
        #expect(RelevoSitioTests.leer(logB).contains("published chain checked: corte \(p)"))

        // The web's chain: one corte per seq, whole, from the first to the last; sitio-a's up to
        // the takeover, sitio-b's after it; verify --previous across it and at the end.
        let c = try RelevoSitioTests.cadena(web)
        #expect(RelevoSitioTests.problemasCadena(c).isEmpty, "\(RelevoSitioTests.problemasCadena(c))")
        #expect(c.allSatisfy { $0.manifiesto.host == ($0.manifiesto.seq <= p ? "sitio-a" : "sitio-b") }, "\(c.map { "\($0.manifiesto.seq) \($0.manifiesto.host ?? "-")" })")
        let cortesWeb = web + "/cortes/"
        let cruce = try Binario.ejecutar(["verify", cortesWeb + c[p].nombre, "--key", t + "/k.pub", "--previous", cortesWeb + c[p - 1].nombre])
        #expect(cruce.estado == 0, "\(cruce.stderr)")
        let ultimo = try Binario.ejecutar(["verify", cortesWeb + c.last!.nombre, "--key", t + "/k.pub", "--previous", cortesWeb + c[c.count - 2].nombre])
        #expect(ultimo.estado == 0, "\(ultimo.stderr)")
        // Every acta of the published corte is still there, and so is every acta only the standby had.
        let citadasFin = Self.imagenesCitadas(cortesWeb + c.last!.nombre)
        #expect(citadasP.isSubset(of: citadasFin), "\(citadasP.subtracting(citadasFin).count) actas of corte \(p) lost")
        #expect(c.last?.manifiesto.conteos["total"]?.registradas ?? 0 >= citadasP.count + propias.count + despues.count)
        // The standby's own corte never reached the web.
        let apartada = Array(try Data(contentsOf: URL(fileURLWithPath: b + "/r/publish/apartados/" + cortesAntes.last! + "/SHA256")))
        let hashApartada = SHA256.resumen(apartada)
        #expect(!c.contains { $0.hash == hashApartada })
    }

    /// The usual case: the web is behind the spool (a slow upload). The spool's corte of the
    /// published seq is the published one, so the start goes on; a source whose corte does not
    /// verify with the spool's key is only a warning.
    @Test func unaWebAtrasadaNoDetieneElArranque() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let cat = try CortesTests.catalogoPequeno(t, casillas: 40)
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/k"]).estado == 0)
        #expect(try CortesTests.cortesReales(t, catalogo: cat, rondas: 3, lote: 10).estado == 0)
        let cortes = CortesTests.cortes(t + "/r/publish")
        let script = SpoolPrueba.raizRepo + "/tools/publish-rsync.sh"
        #expect(try CortesTests.sh("\"$@\"", [script, t + "/r/publish/cortes/" + cortes[1], t + "/web"]).0 == 0)
        let conf = try String(contentsOfFile: t + "/prep.conf", encoding: .utf8)
        try (conf + "published_source = web/current\n").write(toFile: t + "/prep.conf", atomically: true, encoding: .utf8)
        let r = try Binario.ejecutar(["publish", "--config", t + "/prep.conf"])
        #expect(r.estado == 0 && r.stderr.contains("published chain checked: corte 2"), "\(r.stderr)")
        #expect(CortesTests.cortes(t + "/r/publish").count == 4)

        // The web's corte re-signed with another key: not evidence of anything, a warning.
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/otra"]).estado == 0)
        let (s, salida) = try CortesTests.sh("cd \"$1\" && rm SHA256.sig && signify-openbsd -S -e -s \"$2\" -m SHA256 -x SHA256.sig",
                                             [t + "/web/current/", t + "/otra.sec"])
        #expect(s == 0, "\(salida)")
        let w = try Binario.ejecutar(["publish", "--config", t + "/prep.conf"])
        #expect(w.estado == 0 && w.stderr.contains("cannot check the published chain") && w.stderr.contains("does not verify with this spool's key"), "\(w.stderr)")
        #expect(CortesTests.cortes(t + "/r/publish").count == 5)
    }
}
