import Foundation
import PrepPruebas
import Glibc
import Testing

/// `prep run` on a temporary spool, files dropped the ways real writers do.
@Suite(.serialized, .enHiloPropio) struct DemonioTests {
    @Test func renombreEscrituraLentaSubcarpetasYOrden() throws {
        // Settle (1 s) longer than the slow writer's pause (0.3 s): a half-written file is never taken.
        let s = try SpoolPrueba("orden", settle: "1s")
        try s.iniciar()
        #expect(s.esperar { s.existe("tmp") && s.textoLog.contains(" ready ") })
        let a = SpoolPrueba.actas(4)
        // Acta 0: image by temp name + rename into a casilla subfolder created after start, then captures.
        try s.soltar("\(a[0].clave.texto).jpg", SpoolPrueba.imagen(1), carpeta: "casilla-7")
        try s.soltar("\(a[0].clave.texto).captura.cap001.json", SpoolPrueba.captura(a[0], "cap001"))
        // The second capture written slowly in place: must not be taken half-written.
        try s.soltar("\(a[0].clave.texto).captura.cap002.json", SpoolPrueba.captura(a[0], "cap002"), modo: .lento)
        // Acta 1: captures first, image last (CATD subfolder).
        try s.soltar("\(a[1].clave.texto).captura.cap001.json", SpoolPrueba.captura(a[1], "cap001"))
        try s.soltar("\(a[1].clave.texto).captura.cap002.json", SpoolPrueba.captura(a[1], "cap002"))
        #expect(s.esperar(5) { s.listar("incoming").contains("\(a[1].clave.texto).captura.cap002.json") })
        try s.soltar("\(a[1].clave.texto).JPG", SpoolPrueba.imagen(2), carpeta: "catd-05")
        // Acta 2: one capture only → captured/. Acta 3: disagreeing captures, then a third decides.
        try s.soltar("\(a[2].clave.texto).png", SpoolPrueba.png)
        try s.soltar("\(a[2].clave.texto).captura.cap009.json", SpoolPrueba.captura(a[2], "cap009"))
        try s.soltar("\(a[3].clave.texto).pdf", SpoolPrueba.pdf, modo: .enSitio)
        try s.soltar("\(a[3].clave.texto).captura.cap001.json", SpoolPrueba.captura(a[3], "cap001", nulos: 1))
        try s.soltar("\(a[3].clave.texto).captura.cap002.json", SpoolPrueba.captura(a[3], "cap002", nulos: 2))

        let k = a.map(\.clave.texto)
        #expect(s.esperar { s.existe("verified/\(k[0])") && s.existe("verified/\(k[1])") && s.existe("captured/\(k[2])") && s.existe("captured/\(k[3])") })
        #expect(s.leer("verified/\(k[0])/estado").contains("CASILLA incoming/casilla-7/\(k[0]).jpg"))
        #expect(s.leer("verified/\(k[1])/estado").contains("CATD incoming/catd-05/\(k[1]).JPG"))
        #expect(s.listar("verified/\(k[1])").contains("\(k[1]).jpg"))
        #expect(s.esperar { s.leer("captured/\(k[3])/estado").contains("resultado discrepancia") })
        try s.soltar("\(k[3]).captura.cap003.json", SpoolPrueba.captura(a[3], "cap003", nulos: 2))
        #expect(s.esperar { s.existe("verified/\(k[3])") && !s.existe("captured/\(k[3])") })
        // One file per item for the daemon: its state, then its history (`cat estado` shows both).
        #expect(!s.listar("verified/\(k[3])").contains("historia"))
        let partes = s.leer("verified/\(k[3])/estado").components(separatedBy: "\nhistoria\n")
        #expect(partes.count == 2)
        let historia = partes.last ?? ""
        for evento in [" acopio ", " captura ", " discrepancia ", " verificada "] { #expect(historia.contains(evento)) }
        #expect(s.leer("verified/\(k[3])/estado").contains("resultado tercera"))
        #expect(s.leer("verified/\(k[3])/estado").contains("final \(k[3]).captura.cap003.json"))
        // The half-written capture was never taken half-written (it verified), and nothing was refused.
        #expect(s.listar("rejected").isEmpty, "\(s.textoLog)")
        #expect(s.detener() == 0)
        #expect(s.textoLog.contains(" stopped "))
        #expect(s.listar("tmp").isEmpty)
    }

    /// A discrepancy waits for a person: the daemon logs it without --verbose, as a notice naming
    /// the fields that differ, and `prep show` says it near the top.
    @Test func unaDiscrepanciaDiceQueCamposDifieren() throws {
        let s = try SpoolPrueba("discrepancia")
        // Standard error as the journal (JOURNAL_STREAM names it): lines carry their priority.
        _ = FileManager.default.createFile(atPath: s.log, contents: nil)
        var st = stat()
        #expect(stat(s.log, &st) == 0)
        try s.iniciar(verbose: false, entorno: ["JOURNAL_STREAM": "\(st.st_dev):\(st.st_ino)"])
        let a = SpoolPrueba.actas(1, desde: 20)[0]
        let k = a.clave.texto
        try s.soltar("\(k).jpg", SpoolPrueba.imagen(20))
        try s.soltar("\(k).captura.cap001.json", SpoolPrueba.captura(a, "cap001", nulos: 1))
        try s.soltar("\(k).captura.cap002.json", SpoolPrueba.captura(a, "cap002", nulos: 2))
        #expect(s.esperar { s.leer("captured/\(k)/estado").contains("resultado discrepancia") }, "\(s.textoLog)")
        let campos = "captures by cap001, cap002 disagree on votos.NULOS; waiting for a third operator"
        #expect(s.esperar(5) { s.textoLog.contains("\n<5>discrepancia \(k) \(campos)\n") }, "\(s.textoLog)")
        #expect(!s.textoLog.contains("acopio "), "--verbose lines in a quiet log: \(s.textoLog)")
        let r = try Binario.ejecutar(["show", k, "--config", s.config])
        #expect(r.estado == 0 && r.stdout.contains("result: discrepancia\ndiscrepancy: \(campos)\n"), "\(r.todo)")
        #expect(s.detener() == 0)
    }

    @Test func reglasDelSeis() throws {
        let s = try SpoolPrueba("reglas")
        let a = SpoolPrueba.actas(3, desde: 10)
        let k = a.map(\.clave.texto)
        try s.soltar("\(k[0]).jpg", SpoolPrueba.imagen(10), carpeta: "casilla-1")
        try s.soltar("\(k[0]).captura.ana.json", SpoolPrueba.captura(a[0], "ana"))
        try s.soltar("\(k[1]).sinacta.json", Array(#"{"version":1,"acta":"\#(k[1])","operador":"ana","causa":"casilla no instalada"}"#.utf8))
        var r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.existe("captured/\(k[0])"))
        // The first --once run makes the spool's first corte: it includes what that run verified.
        #expect(s.existe("packaged/\(k[1])/\(k[1]).sinacta.json"))
        // Same operator again → refused; same image again → duplicate; a different image → kept beside.
        try s.soltar("\(k[0]).captura.ana.json", SpoolPrueba.captura(a[0], "ana"))
        try s.soltar("\(k[0]).jpg", SpoolPrueba.imagen(10), carpeta: "catd-02")
        try s.soltar("\(k[0]).jpg", SpoolPrueba.imagen(11), carpeta: "catd-03")
        r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        let razones = s.listar("rejected").filter { $0.hasSuffix(".reason") }.map { s.leer("rejected/" + $0) }
        #expect(razones.count == 2, "\(razones)")
        #expect(razones.contains { $0.contains("operator ana already captured") })
        #expect(razones.contains { $0.contains("duplicate: same SHA-256") })
        #expect(s.listar("captured/\(k[0])").contains("\(k[0]).2.jpg"))
        #expect(s.leer("captured/\(k[0])/estado").contains("publicada \(k[0]).jpg"))
        // Verify it, then a capture after verification is refused; a capture for sin acta too.
        try s.soltar("\(k[0]).captura.beto.json", SpoolPrueba.captura(a[0], "beto"))
        r = try s.unaVez()
        #expect(s.existe("verified/\(k[0])"))
        try s.soltar("\(k[0]).captura.carla.json", SpoolPrueba.captura(a[0], "carla"))
        try s.soltar("\(k[1]).captura.carla.json", SpoolPrueba.captura(a[1], "carla"))
        r = try s.unaVez()
        let despues = s.listar("rejected").filter { $0.hasSuffix(".reason") }.map { s.leer("rejected/" + $0) }
        #expect(despues.filter { $0.contains("already verified") }.count == 2, "\(despues)")
        // A lone image waits in incoming/ (not refused), and so does a lone capture.
        try s.soltar("\(k[2]).tif", SpoolPrueba.tiff)
        r = try s.unaVez()
        #expect(s.listar("incoming").contains("\(k[2]).tif"))
        #expect(r.stderr.contains("1 waiting in incoming/"))

        // prep status / prep show, from the folders alone (no daemon running).
        let st = try Binario.ejecutar(["status", "--config", s.config, "--json"])
        #expect(st.estado == 0, "\(st.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(st.stdout.utf8)) as? [String: Any])
        #expect(json["verified"] as? Int == 1)
        #expect(json["packaged"] as? Int == 1)
        #expect(json["incoming"] as? Int == 1)
        #expect(json["rejected"] as? Int == 4)
        #expect((json["elections"] as? [String: [String: Int]])?["JG"]?["verified"] == 1)
        let texto = try Binario.ejecutar(["status", "--config", s.config])
        #expect(texto.stdout.contains("verified   1 actas"), "\(texto.stdout)")
        let show = try Binario.ejecutar(["show", k[0], "--config", s.config])
        #expect(show.estado == 0)
        #expect(show.stdout.contains("phase: verified"))
        #expect(show.stdout.contains("(published)"))
        #expect(show.stdout.contains("operator beto"))
        #expect(show.stdout.contains("rejected drops:"))
        #expect(show.stdout.contains("already captured"))
        let nada = try Binario.ejecutar(["show", "090001B0100-XX", "--config", s.config])
        #expect(nada.estado == 1)
    }

    @Test func arranqueRechazado() throws {
        let s = try SpoolPrueba("arranque", configExtra: "watch = inotify\ncolour = blue\n")
        var r = try s.unaVez()
        #expect(r.estado == 1)
        #expect(r.stderr.contains("\(s.config):5: unknown key 'colour'"), "\(r.stderr)")
        try Data("spool = spool\ncatalog = \(SpoolPrueba.rutaCatalogo)\ncorte_interval = 21m\n".utf8).write(to: URL(fileURLWithPath: s.config))
        r = try s.unaVez()
        #expect(r.estado == 1)
        #expect(r.stderr.contains("\(s.config):3: corte_interval: 21m is more than 20m"), "\(r.stderr)")
        try Data("spool = spool\ncatalog = \(SpoolPrueba.rutaCatalogo)\nsettle = 100ms\n".utf8).write(to: URL(fileURLWithPath: s.config))
        // A second daemon on the same spool is refused, naming the holder's pid.
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") })
        r = try s.unaVez()
        #expect(r.estado == 1)
        #expect(r.stderr.contains("another prep daemon (pid \(s.proceso?.processIdentifier ?? 0))"), "\(r.stderr)")
        #expect(s.detener() == 0)
        // Folders on two file systems are refused.
        if FileManager.default.fileExists(atPath: "/dev/shm") {
            let otro = "/dev/shm/prep-prueba-\(getpid())"
            try FileManager.default.createDirectory(atPath: otro, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: otro) }
            try FileManager.default.removeItem(atPath: s.spool + "/rejected")
            try FileManager.default.createSymbolicLink(atPath: s.spool + "/rejected", withDestinationPath: otro)
            r = try s.unaVez()
            #expect(r.estado == 1)
            #expect(r.stderr.contains("rejected is on another file system"), "\(r.stderr)")
        }
    }

    @Test func modoPollSinInotifyYSIGINT() throws {
        // watch = poll: scanning alone (network shares, where inotify is blind).
        let s = try SpoolPrueba("poll", configExtra: "watch = poll\nrescan_interval = 1s\n", settle: "200ms")
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains("watching with poll") })
        let a = SpoolPrueba.actas(1, desde: 80)[0]
        let k = a.clave.texto
        try s.soltar("\(k).jpg", SpoolPrueba.imagen(80), carpeta: "catd-20")
        try s.soltar("\(k).captura.uno.json", SpoolPrueba.captura(a, "uno"), modo: .enSitio)
        try s.soltar("\(k).captura.dos.json", SpoolPrueba.captura(a, "dos"))
        #expect(s.esperar { s.existe("verified/\(k)") }, "\(s.textoLog)")
        // SIGINT, like SIGTERM: the step in hand is finished, exit 0.
        let pid = try #require(s.proceso?.processIdentifier)
        kill(pid, SIGINT)
        #expect(s.esperar { !s.vivo })
        #expect(s.proceso?.terminationStatus == 0)
        #expect(s.textoLog.contains(" stopped "))
    }
}
