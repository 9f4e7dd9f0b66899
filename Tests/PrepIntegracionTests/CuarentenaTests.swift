import Foundation
import PrepPruebas
import Glibc
import PrepSistema
import Testing

/// No content of any file in the spool stops a start: a damaged item is put in quarantine (a
/// `cuarentena` file in its folder, a log line, `prep status`, `prep show`), a damaged step in
/// `tmp/` or drop folder in `incoming/` is undone as far as it can be and the rest refused into
/// `rejected/`. The daemon runs as uid 65534, the damage is done by root, as a hostile writer or a
/// clumsy operator would.
@Suite(.serialized, .enHiloPropio) struct CuarentenaTests {
    /// What is done to a file.
    enum Dano: String, CaseIterable {
        case truncar, anexar, carpeta, enlace, fifo, modo000
    }

    static func danar(_ ruta: String, _ d: Dano) {
        switch d {
        case .truncar:
            var st = stat()
            stat(ruta, &st)
            truncate(ruta, off_t(st.st_size / 2))
        case .anexar:
            let fd = open(ruta, O_WRONLY | O_APPEND)
            _ = Array("más\n".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        case .carpeta:
            unlink(ruta)
            mkdir(ruta, 0o755)
            chown(ruta, 65534, 65534)
        case .enlace:
            unlink(ruta)
            symlink("/etc/passwd", ruta)
        case .fifo:
            unlink(ruta)
            mkfifo(ruta, 0o644)
            chown(ruta, 65534, 65534)
        case .modo000:
            // Owned by the daemon's user: mode 000 denies it too (root ignores it).
            chown(ruta, 65534, 65534)
            chmod(ruta, 0o000)
        }
    }

    static func cambiarDueno(_ ruta: String) {
        chown(ruta, 65534, 65534)
        for n in (try? FileManager.default.subpathsOfDirectory(atPath: ruta)) ?? [] { lchown(ruta + "/" + n, 65534, 65534) }
    }

    /// Which file of an item a case damages.
    static let archivos = ["captura", "imagen", "estado"]

    static func ruta(_ s: SpoolPrueba, _ fase: String, _ k: String, _ archivo: String) -> String {
        let base = "\(s.spool)/\(fase)/\(k)/"
        switch archivo {
        case "captura": return base + "\(k).captura.cap.json"
        case "imagen": return base + "\(k).jpg"
        default: return base + archivo
        }
    }

    /// Bytes appended to an `estado` are history lines (they follow its line `historia`, and the
    /// history has no recorded size or hash: it is append-only, and never read as state). An
    /// image may grow after it was taken (its first recorded bytes are what was verified and what
    /// a corte publishes).
    static func seVe(_ archivo: String, _ d: Dano) -> Bool {
        switch (archivo, d) {
        case ("estado", .anexar), ("imagen", .anexar): false
        default: true
        }
    }

    @Test func danosEnCadaFaseNoImpidenArrancar() throws {
        let s = try SpoolPrueba("cuarentena", configExtra: "corte_interval = 20m\n", comoNadie: true)
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        var casos: [(fase: String, archivo: String, dano: Dano, clave: String)] = []
        var desde = 2000
        func actas(_ n: Int) -> [String] {
            defer { desde += n }
            return SpoolPrueba.actas(n, desde: desde).map(\.clave.texto)
        }
        func soltar(_ k: String, capturas: [String], semilla: Int) throws {
            let a = try #require(SpoolPrueba.catalogo.actas.first { $0.clave.texto == k })
            try s.soltar(k + ".jpg", SpoolPrueba.imagen(semilla), carpeta: "catd-1")
            for op in capturas { try s.soltar("\(k).captura.\(op).json", SpoolPrueba.captura(a, op)) }
        }
        // Packaged: read only when a drop arrives for one.
        let empaquetadas = actas(Dano.allCases.count)
        for (i, k) in empaquetadas.enumerated() { try soltar(k, capturas: ["cap", "rev"], semilla: 100 + i) }
        #expect(s.esperar(30) { s.listar("verified").count == empaquetadas.count }, "\(s.textoLog.suffix(2000))")
        let p = try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "60"])
        #expect(p.estado == 0, "\(p.stderr)")
        // prep publish returns once latest names the corte; the loop packages its actas after.
        #expect(s.esperar(30) { s.listar("packaged").count == empaquetadas.count }, "\(s.textoLog.suffix(2000))")
        // Captured (one capture) and verified (two that agree: no corte for 20 minutes).
        let capturadas = actas(Self.archivos.count * Dano.allCases.count)
        let verificadas = actas(Self.archivos.count * Dano.allCases.count)
        for (i, k) in capturadas.enumerated() { try soltar(k, capturas: ["cap"], semilla: 300 + i) }
        for (i, k) in verificadas.enumerated() { try soltar(k, capturas: ["cap", "rev"], semilla: 600 + i) }
        #expect(s.esperar(30) { s.listar("captured").count == capturadas.count && s.listar("verified").count == verificadas.count },
                "\(s.textoLog.suffix(2000))")
        #expect(s.detener() == 0)

        for (fase, claves) in [("captured", capturadas), ("verified", verificadas)] {
            var i = 0
            for a in Self.archivos {
                for d in Dano.allCases {
                    casos.append((fase, a, d, claves[i]))
                    Self.danar(Self.ruta(s, fase, claves[i], a), d)
                    i += 1
                }
            }
        }
        var i = 0
        for a in ["estado"] {
            for d in Dano.allCases {
                casos.append(("packaged", a, d, empaquetadas[i]))
                Self.danar(Self.ruta(s, "packaged", empaquetadas[i], a), d)
                i += 1
            }
        }
        let pasos = try Self.pasosInterrumpidos(s, actas(12))

        // The restart reaches ready and stays up; the corte at start leaves the damaged out.
        try s.iniciar()
        #expect(s.esperar(60) { s.textoLog.components(separatedBy: " ready ").count == 3 || !s.vivo },
                "\(s.textoLog.suffix(4000))")
        #expect(s.vivo, "\(s.textoLog.suffix(4000))")

        // Every damage that can be told is in quarantine, and shown.
        let enCuarentena = casos.filter { $0.fase != "packaged" && Self.seVe($0.archivo, $0.dano) }
        for c in enCuarentena {
            #expect(s.existe("\(c.fase)/\(c.clave)/cuarentena"), "\(c): \(s.textoLog.suffix(3000))")
        }
        for c in casos where c.fase != "packaged" && !Self.seVe(c.archivo, c.dano) {
            #expect(!s.existe("\(c.fase)/\(c.clave)/cuarentena"), "\(c)")
        }
        let st = try Binario.ejecutar(["status", "--config", s.config, "--json"])
        #expect(st.stdout.contains("\"quarantined\":\(enCuarentena.count)"), "\(st.stdout)")
        let texto = try Binario.ejecutar(["status", "--config", s.config])
        #expect(texto.stdout.contains("quarantine \(enCuarentena.count) actas"), "\(texto.stdout)")
        let check = try Binario.ejecutar(["status", "--config", s.config, "--check"])
        #expect(check.stdout.contains("in quarantine"), "\(check.stdout)")
        func mostrar(_ k: String) throws -> String { try Binario.ejecutar(["show", k, "--config", s.config]).stdout }
        let porCaso = Dictionary(casos.map { ("\($0.fase)/\($0.archivo)/\($0.dano.rawValue)", $0.clave) }) { a, _ in a }
        let esperado: [(String, String)] = [
            ("captured/captura/truncar", "size"), ("captured/captura/anexar", "size"),
            ("captured/imagen/carpeta", "not a regular file (directory)"),
            ("captured/imagen/enlace", "not a regular file (symbolic link)"),
            ("captured/imagen/fifo", "not a regular file (FIFO)"), ("captured/captura/modo000", "unreadable"),
            ("captured/estado/modo000", "estado"), ("verified/captura/anexar", "size"),
            ("verified/imagen/modo000", "unreadable"), ("verified/estado/carpeta", "estado"),
        ]
        for (caso, como) in esperado {
            let k = try #require(porCaso[caso])
            let t = try mostrar(k)
            #expect(t.contains("quarantine:") && t.contains(como), "\(caso): \(t)")
        }
        #expect(s.textoLog.contains(" cuarentena "), "\(s.textoLog.suffix(3000))")

        // Drops for a quarantined or unreadable acta are refused with the reason, never a stop.
        for (n, c) in casos.filter({ $0.fase == "packaged" || $0.fase == "captured" }).enumerated() {
            try s.soltar(c.clave + ".jpg", SpoolPrueba.imagen(5000 + n), carpeta: "catd-2")
        }
        #expect(s.esperar(30) { s.listar("incoming/catd-2").isEmpty && s.listar("tmp").isEmpty }, "\(s.textoLog.suffix(3000))")
        #expect(s.vivo, "\(s.textoLog.suffix(4000))")
        let rechazos = s.listar("rejected").filter { $0.hasSuffix(".reason") }.map { s.leer("rejected/\($0)") }
        for c in casos where c.fase != "verified" && Self.seVe(c.archivo, c.dano) {
            #expect(rechazos.contains { $0.hasPrefix("incoming/catd-2/\(c.clave).jpg: acta \(c.clave) is in quarantine") }, "\(c)")
        }
        #expect(rechazos.filter { $0.contains("quarantine") }.count == casos.filter { $0.fase != "verified" && Self.seVe($0.archivo, $0.dano) }.count, "\(rechazos)")

        // The interrupted steps were undone: each drop is back in incoming/, or in rejected/ with
        // the reason when its origin could not take it.
        for (k, donde) in pasos {
            let enIncoming = s.listar("incoming").contains(k + ".jpg")
                || s.listar("incoming").contains { FileManager.default.fileExists(atPath: "\(s.spool)/incoming/\($0)/\(k).jpg") }
            let enRechazados = s.listar("rejected").contains { $0.hasSuffix("-\(k).jpg") }
            let enItem = ["captured", "verified", "packaged"].contains { s.existe("\($0)/\(k)") }
            #expect(enIncoming || enRechazados || enItem, "\(k) (\(donde)) lost: \(s.textoLog.suffix(3000))")
        }
        #expect(s.listar("tmp").isEmpty, "\(s.listar("tmp"))")
        #expect(s.detener() == 0)
        // And a second restart too (the quarantine survives it).
        try s.iniciar()
        #expect(s.esperar(60) { s.textoLog.components(separatedBy: " ready ").count == 4 || !s.vivo })
        #expect(s.vivo, "\(s.textoLog.suffix(3000))")
        let st2 = try Binario.ejecutar(["status", "--config", s.config, "--json"])
        #expect(st2.stdout.contains("\"quarantined\":\(enCuarentena.count)"), "\(st2.stdout)")
        #expect(s.detener() == 0)
    }

    /// Steps a crash interrupted (`tmp/KEY.N/` with its intent), each damaged in another way, and
    /// the drop folders they would return to, damaged too. Returns (key, what was done).
    static func pasosInterrumpidos(_ s: SpoolPrueba, _ claves: [String]) throws -> [(String, String)] {
        var hechos: [(String, String)] = []
        for (i, k) in claves.enumerated() {
            let imagen = SpoolPrueba.imagen(9000 + i)
            let sha = SHA256.resumen(imagen).description
            let sub = "catd-t\(i)"
            let estado = """
            prep-item 2
            acta \(k)
            resultado pendiente
            publicada \(k).jpg
            acopio 2024-06-02T21:14:10-06:00
            archivo imagen \(k).jpg \(sha) \(imagen.count) 2024-06-02T21:14:10-06:00 CATD incoming/\(sub)/\(k).jpg
            historia
            2024-06-02T21:14:10-06:00 acopio \(k).jpg

            """
            let t = "\(s.spool)/tmp/\(k).9\(i)"
            try FileManager.default.createDirectory(atPath: t, withIntermediateDirectories: true)
            try Data(estado.utf8).write(to: URL(fileURLWithPath: t + "/estado"))
            try Data(imagen).write(to: URL(fileURLWithPath: "\(t)/\(k).jpg"))
            let origen = "\(s.spool)/incoming/\(sub)"
            var que = ""
            switch i {
            case 0: que = "origin folder is a symbolic link"; symlink("/tmp", origen)
            case 1: que = "origin folder is a file"; _ = FileManager.default.createFile(atPath: origen, contents: Data("x".utf8))
            case 2:
                que = "origin folder 0555 and root's"
                mkdir(origen, 0o555)
            case 3:
                que = "origin name dropped again, other bytes"
                mkdir(origen, 0o755)
                try Data(SpoolPrueba.imagen(1)).write(to: URL(fileURLWithPath: "\(origen)/\(k).jpg"))
            case 4:
                que = "origin name dropped again, same bytes"
                mkdir(origen, 0o755)
                try Data(imagen).write(to: URL(fileURLWithPath: "\(origen)/\(k).jpg"))
            case 5: que = "estado is a folder"; danar(t + "/estado", .carpeta)
            case 6: que = "an older version's historia is a folder"; danar(t + "/historia", .carpeta)
            case 7: que = "the drop is a FIFO"; danar("\(t)/\(k).jpg", .fifo)
            case 8: que = "the drop is a folder"; danar("\(t)/\(k).jpg", .carpeta)
            case 9: que = "estado mode 000"; danar(t + "/estado", .modo000)
            case 10: que = "estado truncated"; danar(t + "/estado", .truncar)
            default: que = "the drop is a symbolic link"; danar("\(t)/\(k).jpg", .enlace)
            }
            cambiarDueno(t)
            if i == 3 || i == 4 { cambiarDueno(origen) }
            if i == 9 { chmod(t + "/estado", 0o000) }
            hechos.append((k, que))
        }
        return hechos
    }
}
