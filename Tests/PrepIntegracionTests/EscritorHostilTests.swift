import Foundation
import Glibc
import PrepPruebas
import PrepSistema
import Testing

/// What is signed is what was verified. Each test is a way a hostile or clumsy writer
/// broke the night before; each drives the real daemon.
@Suite(.enHiloPropio) struct EscritorHostilTests {
    // MARK: helpers

    /// SHA-256 (hex) of a file's bytes.
    static func sha(_ ruta: String) -> String? {
        guard let d = FileManager.default.contents(atPath: ruta) else { return nil }
        return SHA256.resumen(Array(d)).description
    }

    /// Every item folder of the spool whose files do not hash to what its `estado` records, or
    /// that holds a file its `estado` does not list.
    static func itemsIncoherentes(_ s: SpoolPrueba) -> [String] {
        var malos: [String] = []
        for fase in ["captured", "verified", "packaged"] {
            for k in s.listar(fase) {
                let base = "\(s.spool)/\(fase)/\(k)"
                var listados: Set<String> = ["estado"]
                for linea in s.leer("\(fase)/\(k)/estado").split(separator: "\n") where linea.hasPrefix("archivo ") {
                    let campos = linea.split(separator: " ")
                    guard campos.count >= 4 else { malos.append("\(fase)/\(k): bad estado line"); continue }
                    listados.insert(String(campos[2]))
                    if sha("\(base)/\(campos[2])") != String(campos[3]) { malos.append("\(fase)/\(k)/\(campos[2])") }
                }
                let hay = Set(s.listar("\(fase)/\(k)"))
                if hay != listados { malos.append("\(fase)/\(k): holds \(hay.subtracting(listados).sorted()) not in estado") }
            }
        }
        return malos
    }

    /// Every published image whose bytes are not its name.
    static func imagenesFalsas(_ s: SpoolPrueba) -> [String] {
        s.listar("publish/imagenes").filter { n in
            guard let punto = n.firstIndex(of: ".") else { return true }
            return sha("\(s.spool)/publish/imagenes/\(n)") != String(n[..<punto])
        }
    }

    /// NULOS of a capture file (the figure the tests vary).
    static func nulos(_ ruta: String) -> Int? {
        guard let d = FileManager.default.contents(atPath: ruta),
              let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any],
              let v = o["votos"] as? [String: Any] else { return nil }
        return v["NULOS"] as? Int
    }

    /// Waits until the file at `ruta` has been opened `veces` times (by anyone: inotify's
    /// IN_OPEN on the file), for at most `segundos`.
    static func esperarAperturas(_ ruta: String, _ veces: Int, segundos: Double) -> Bool {
        let ino = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard ino >= 0 else { return false }
        defer { close(ino) }
        guard inotify_add_watch(ino, ruta, UInt32(IN_OPEN)) >= 0 else { return false }
        var vistas = 0
        var b = [UInt8](repeating: 0, count: 4096)
        let fin = Date().addingTimeInterval(segundos)
        while vistas < veces, Date() < fin {
            var p = pollfd(fd: ino, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 20) > 0 else { continue }
            let n = b.withUnsafeMutableBytes { read(ino, $0.baseAddress, $0.count) }
            var i = 0
            // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of name.
            while n > 0, i + 16 <= n {
                let largo = b[(i + 12)..<(i + 16)].reversed().reduce(0) { $0 << 8 | Int($1) }
                vistas += 1
                i += 16 + largo
            }
        }
        return vistas >= veces
    }

    static func escribirEnSitio(_ ruta: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: ruta))
    }

    // MARK: a drop saved twice

    /// Capture stations save the same file twice within milliseconds (autosave, a retry), the
    /// second version sometimes invalid. Whatever the timing: every item file is the bytes its
    /// state records, verified figures really agree, and the daemon never stops.
    @Test func capturaGuardadaDosVecesNuncaPublicaLoNoVerificado() throws {
        let s = try SpoolPrueba("resave", configExtra: "corte_interval = 1s\n")
        try s.iniciar(verbose: false)
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let actas = SpoolPrueba.actas(300, eleccion: "DIP", desde: 100)
        for (i, a) in actas.enumerated() {
            try s.soltar(a.clave.texto + ".jpg", SpoolPrueba.imagen(10_000 + i), carpeta: "catd-\(i % 4)")
            try s.soltar(a.clave.texto + ".captura.rev.json", SpoolPrueba.captura(a, "rev", nulos: 2), carpeta: "catd-\(i % 4)")
        }
        // Four capture stations, each saving its captures twice: v1 (NULOS 1) then, 0–30 ms
        // later (the daemon's check-to-commit window is a few fsyncs long), v2 renamed over it
        // (NULOS 2; invalid JSON for every fifth acta).
        let grupo = DispatchGroup()
        for estacion in 0..<4 {
            grupo.enter()
            Thread.detachNewThread {
                defer { grupo.leave() }
                for (i, a) in actas.enumerated() where i % 4 == estacion {
                    let final = "\(s.spool)/incoming/\(a.clave.texto).captura.cap.json"
                    let v1 = SpoolPrueba.captura(a, "cap", nulos: 1)
                    let v2 = i % 5 == 0 ? Array(v1.prefix(40)) : SpoolPrueba.captura(a, "cap", nulos: 2)
                    for (n, v) in [v1, v2].enumerated() {
                        let t = "\(s.spool)/incoming/.s\(estacion)-\(n).tmp"
                        try? Data(v).write(to: URL(fileURLWithPath: t))
                        rename(t, final)
                        if n == 0 { usleep(UInt32.random(in: 0...30_000)) }
                    }
                }
            }
        }
        grupo.wait()
        // Settled: nothing left in incoming/ but the folders, no step in flight in tmp/, every
        // acta captured (a discrepancy, or a second capture refused) or published.
        func quieto() -> Bool {
            s.listar("incoming").allSatisfy { $0.hasPrefix("catd-") } && (0..<4).allSatisfy { s.listar("incoming/catd-\($0)").isEmpty }
                && s.listar("tmp").isEmpty && s.listar("verified").isEmpty
                && s.listar("captured").count + s.listar("packaged").count == actas.count
        }
        #expect(s.esperar(180) { quieto() }, "\(s.textoLog.suffix(3000))")
        // And still so after a whole loop turn that began after that moment (a SIGHUP is answered
        // at the start of a turn, which then scans incoming/ and runs its batch): nothing was
        // still on its way.
        let recargas = s.textoLog.components(separatedBy: "configuration re-read").count
        if let pid = s.pid { kill(pid, SIGHUP) }
        #expect(s.esperar { s.textoLog.components(separatedBy: "configuration re-read").count > recargas }, "\(s.textoLog.suffix(3000))")
        #expect(s.esperar(5) { s.listar("verified").isEmpty }, "a corte takes what a last turn verified")
        #expect(quieto(), "\(s.textoLog.suffix(3000))")
        #expect(s.vivo, "the daemon stopped: \(s.textoLog.suffix(3000))")
        #expect(Self.itemsIncoherentes(s).isEmpty, "\(Self.itemsIncoherentes(s).prefix(10))")
        #expect(s.listar("captured").count + s.listar("packaged").count == actas.count)
        // A verified acta's two captures really agree (the history's "2 captures agree" is true).
        var desacuerdos: [String] = []
        for k in s.listar("packaged") {
            let capturas = s.listar("packaged/\(k)").filter { $0.contains(".captura.") }
            let cifras = Set(capturas.map { Self.nulos("\(s.spool)/packaged/\(k)/\($0)") })
            if capturas.count == 2, cifras.count != 1 { desacuerdos.append(k) }
        }
        #expect(desacuerdos.isEmpty, "\(desacuerdos.prefix(5))")
        #expect(Self.imagenesFalsas(s).isEmpty)
        let v = try Binario.ejecutar(["verify", s.spool + "/publish/latest", "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0, "\(v.stderr)")
        #expect(s.detener() == 0)
    }

    // MARK: an image written after it was taken

    /// A scanner writes an image in place (whole: it ends with its end-of-image marker), stalls
    /// longer than `settle`, and writes more through its open descriptor after the daemon took
    /// it. The published image is exactly the bytes that were checked and verified (the first
    /// 1,000), whatever the scanner wrote afterwards into the file it still held, and every corte
    /// verifies.
    @Test func imagenTerminadaTrasElAsentamientoNoCambiaLaPublicada() throws {
        let s = try SpoolPrueba("tardia", configExtra: "corte_interval = 1s\n", settle: "100ms")
        try s.iniciar(verbose: false)
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let a = SpoolPrueba.actas(1, eleccion: "JG", desde: 500)[0]
        let k = a.clave.texto
        try s.soltar(k + ".captura.uno.json", SpoolPrueba.captura(a, "uno"))
        var imagen = SpoolPrueba.imagen(77, tamano: 64 * 1024)
        imagen[998] = 0xFF
        imagen[999] = 0xD9
        let fd = open("\(s.spool)/incoming/\(k).jpg", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        _ = imagen.withUnsafeBytes { write(fd, $0.baseAddress, 1000) }
        #expect(s.esperar(10) { s.existe("captured/\(k)") }, "\(s.textoLog)")
        _ = imagen.withUnsafeBytes { write(fd, $0.baseAddress! + 1000, imagen.count - 1000) }
        close(fd)
        try s.soltar(k + ".captura.dos.json", SpoolPrueba.captura(a, "dos"))
        #expect(s.esperar(10) { s.existe("packaged/\(k)") }, "\(s.textoLog)")
        let publicada = s.listar("publish/imagenes")
        let verificada = SHA256.resumen(Array(imagen.prefix(1000))).description
        #expect(publicada == ["\(verificada).jpg"], "\(publicada)")
        #expect(Self.imagenesFalsas(s).isEmpty, "\(publicada)")
        #expect(s.leer("packaged/\(k)/estado").contains(verificada))
        // Another corte after the writer finished: still verifies.
        let r = try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "30"])
        #expect(r.estado == 0, "\(r.stderr)")
        let v = try Binario.ejecutar(["verify", s.spool + "/publish/latest", "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0, "\(v.stderr)")
        #expect(s.detener() == 0)
    }

    /// A scanner on a network share stalls longer than `settle` mid-write: the half-written
    /// JPEG (60,000 of 200,000 bytes, no end-of-image marker) is never taken, and a warning names
    /// it; once the scanner finishes, the whole image is taken, verified and published.
    @Test func imagenAMediasNuncaSeToma() throws {
        let s = try SpoolPrueba("amedias", configExtra: "corte_interval = 1s\n", settle: "100ms")
        try s.iniciar(verbose: false)
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let a = SpoolPrueba.actas(1, eleccion: "JG", desde: 510)[0]
        let k = a.clave.texto
        try s.soltar(k + ".captura.uno.json", SpoolPrueba.captura(a, "uno"))
        try s.soltar(k + ".captura.dos.json", SpoolPrueba.captura(a, "dos"))
        let imagen = SpoolPrueba.imagen(78, tamano: 200_000)
        let fd = open("\(s.spool)/incoming/\(k).jpg", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        _ = imagen.withUnsafeBytes { write(fd, $0.baseAddress, 60_000) }
        #expect(s.esperar(10) { s.textoLog.contains("incoming/\(k).jpg: JPEG without its end-of-image marker (FF D9); waiting for the rest of it") },
                "\(s.textoLog)")
        // Looked at again (an incomplete file is, every settle): the daemon opens it twice more
        // after the warning. Then another acta dropped is taken, a batch after those looks, and
        // the half image still is not.
        #expect(Self.esperarAperturas("\(s.spool)/incoming/\(k).jpg", 2, segundos: 10), "\(s.textoLog)")
        let b = SpoolPrueba.actas(1, eleccion: "JG", desde: 511)[0]
        try s.soltar(b.clave.texto + ".jpg", SpoolPrueba.imagen(79))
        try s.soltar(b.clave.texto + ".captura.uno.json", SpoolPrueba.captura(b, "uno"))
        #expect(s.esperar(10) { s.existe("captured/\(b.clave.texto)") }, "\(s.textoLog)")
        #expect(!s.existe("captured/\(k)") && !s.existe("verified/\(k)") && !s.existe("packaged/\(k)"), "\(s.textoLog)")
        #expect(s.textoLog.components(separatedBy: "end-of-image marker").count == 2, "said once: \(s.textoLog)")
        _ = imagen.withUnsafeBytes { write(fd, $0.baseAddress! + 60_000, imagen.count - 60_000) }
        close(fd)
        #expect(s.esperar(10) { s.existe("packaged/\(k)") }, "\(s.textoLog)")
        let entera = SHA256.resumen(imagen).description
        #expect(s.listar("publish/imagenes") == ["\(entera).jpg"])
        #expect(s.leer("packaged/\(k)/estado").contains(entera))
        #expect(s.detener() == 0)
    }

    /// `--once` waits for a half-written image like for a file still being written, and names it
    /// when it gives up.
    @Test func unaVezNombraLaImagenAMedias() throws {
        let s = try SpoolPrueba("amedias-once", configExtra: "once_wait = 1s\n", settle: "100ms")
        let k = SpoolPrueba.actas(1, desde: 520)[0].clave.texto
        try s.soltar(k + ".png", Array(SpoolPrueba.png.dropLast(12)))
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(r.stderr.contains("incoming/\(k).png: PNG without its IEND chunk"), "\(r.stderr)")
        #expect(r.stderr.contains("1 still being written left in incoming/ after once_wait: incoming/\(k).png"), "\(r.stderr)")
        #expect(s.existe("incoming/\(k).png") && s.listar("rejected").isEmpty)
    }

    // MARK: impossible times

    /// Go's zero time and year 9999 at −12:00 are refused with a reason; nothing published
    /// depends on them, and every restart works — even one whose latest corte has a row it
    /// cannot read back.
    @Test func fechasImposiblesYFilasIlegiblesNoImpidenElReinicio() throws {
        let s = try SpoolPrueba("fechas", configExtra: "corte_interval = 1s\n")
        let a = SpoolPrueba.actas(3, eleccion: "ALC", desde: 200)
        for (i, fecha) in ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00"].enumerated() {
            let k = a[i].clave.texto
            let cap = String(decoding: SpoolPrueba.captura(a[i], "cap"), as: UTF8.self)
                .replacingOccurrences(of: "\"operador\": \"cap\"", with: "\"operador\": \"cap\", \"capturada\": \"\(fecha)\"")
            #expect(cap.contains(fecha))
            try s.soltar(k + ".jpg", SpoolPrueba.imagen(300 + i))
            try s.soltar(k + ".captura.cap.json", Array(cap.utf8))
        }
        let k3 = a[2].clave.texto
        try s.soltar(k3 + ".jpg", SpoolPrueba.imagen(302))
        try s.soltar(k3 + ".captura.cap.json", SpoolPrueba.captura(a[2], "cap"))
        try s.soltar(k3 + ".captura.otro.json", SpoolPrueba.captura(a[2], "otro"))
        let r1 = try s.unaVez()
        #expect(r1.estado == 0, "\(r1.stderr)")
        let razones = s.listar("rejected").filter { $0.hasSuffix(".reason") }.map { s.leer("rejected/" + $0) }
        #expect(razones.filter { $0.contains("outside this process's time window") }.count == 2, "\(razones)")
        #expect(s.existe("packaged/\(k3)"))
        // Restart: reads back the latest corte.
        let r2 = try s.unaVez()
        #expect(r2.estado == 0, "\(r2.stderr)")
        // A row of the latest corte that cannot be read back (here: an image hash no longer in
        // imagenes/) is read again from its item; the restart and the next corte go on.
        let ultima = s.spool + "/publish/" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: s.spool + "/publish/latest")) ?? "")
        let csv = try #require(try FileManager.default.contentsOfDirectory(atPath: ultima + "/datos").first { $0.hasSuffix("_ALC_2024.csv") })
        let texto = try String(contentsOfFile: ultima + "/datos/" + csv, encoding: .utf8)
        // Its row, in either profile: the only ALC row of its casilla (split at LF, a CR kept).
        let casilla = a[2].clave.casilla.texto
        let roto = texto.components(separatedBy: "\n").map { l in
            l.contains(casilla) ? l.replacingOccurrences(of: #"[0-9a-f]{64}"#, with: String(repeating: "0", count: 64), options: .regularExpression) : l
        }.joined(separator: "\n")
        #expect(roto != texto)
        try roto.write(toFile: ultima + "/datos/" + csv, atomically: true, encoding: .utf8)
        let r3 = try Binario.ejecutar(["publish", "--config", s.config])
        #expect(r3.estado == 0, "\(r3.stderr)")
        #expect(r3.stderr.contains("could not be read back"), "\(r3.stderr)")
        let nueva = r3.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let v = try Binario.ejecutar(["verify", nueva, "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0, "\(v.stderr)")
        let publicado = try String(contentsOfFile: nueva + "/datos/" + csv, encoding: .utf8)
        let fila = try #require(texto.components(separatedBy: "\n").first { $0.contains(casilla) })
        #expect(publicado.components(separatedBy: "\n").contains(fila), "the row, read again from packaged/\(k3), is published as before")
    }

    // MARK: one line means one line

    /// A newline (or any control character) inside a JSON value or a file name never forges a
    /// second line in a reason, a history or the log.
    @Test func unaLineaPorRazonParaCualquierByte() throws {
        let s = try SpoolPrueba("unalinea")
        let a = SpoolPrueba.actas(1, eleccion: "JG", desde: 700)[0]
        let k = a.clave.texto
        let cap = String(decoding: SpoolPrueba.captura(a, "cap"), as: UTF8.self)
        let forjada = #"cap\n2024-06-02T21:22:05-06:00 verificada 2 captures agree: cap, rev"#
        try s.soltar(k + ".captura.cap.json", Array(cap.replacingOccurrences(of: "\"operador\": \"cap\"", with: "\"operador\": \"\(forjada)\"").utf8))
        let controles: [UInt32] = Array(1..<0x20) + [0x7F, 0x85, 0x2028, 0x2029]
        for (i, c) in controles.enumerated() {
            let escape = String(format: "\\u%04x", c)
            let doc = cap.replacingOccurrences(of: "\"acta\": \"\(k)\"", with: "\"acta\": \"\(k)\(escape)X\"")
            try s.soltar("\(k).captura.c\(i).json", Array(doc.utf8))
        }
        // Names holding every byte value but '/' and NUL.
        for b in UInt8(1)...UInt8(255) where b != 47 && b != 46 {
            let nombre: [UInt8] = Array("x".utf8) + [b] + Array("y.jpg".utf8)
            var ruta = Array("\(s.spool)/incoming/".utf8) + nombre + [0]
            let fd = ruta.withUnsafeMutableBufferPointer { p in
                p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_WRONLY | O_CREAT, 0o644) }
            }
            try #require(fd >= 0, "byte \(b)")
            _ = write(fd, "data", 4)
            close(fd)
        }
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        let razones = SpoolPrueba.nombresCrudos(s.spool + "/rejected").filter { $0.suffix(7).elementsEqual(".reason".utf8) }
        #expect(razones.count == 1 + controles.count + 253, "\(razones.count)")
        for n in razones {
            let texto = SpoolPrueba.leerCrudo(s.spool + "/rejected/", n)
            #expect(texto.last == 10 && texto.filter { $0 == 10 || $0 == 13 }.count == 1,
                    "\(String(decoding: texto, as: UTF8.self))")
            #expect(!String(decoding: texto, as: UTF8.self).unicodeScalars.contains { $0.value == 0x85 || $0.value == 0x2028 })
        }
        // The log: every line begins with a time.
        for linea in r.stderr.split(separator: "\n") {
            #expect(linea.first?.isNumber == true || linea.hasPrefix("prep "), "forged log line: \(linea)")
        }
    }

    // MARK: a file that keeps growing

    /// A file that keeps growing never keeps `--once` or `prep publish` (no daemon) from
    /// ending; both say what they left.
    @Test func unArchivoQueCreceNoDetieneAUnaVezNiAPublish() throws {
        let s = try SpoolPrueba("crece", configExtra: "once_wait = 1s\n", settle: "300ms")
        let ruta = "\(s.spool)/incoming/\(SpoolPrueba.actas(1, desde: 800)[0].clave.texto).jpg"
        try Data(SpoolPrueba.imagen(1)).write(to: URL(fileURLWithPath: ruta))
        let parar = DispatchSemaphore(value: 0)
        let hecho = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let h = FileHandle(forWritingAtPath: ruta)
            while parar.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
                h?.seekToEndOfFile()
                h?.write(Data([1, 2, 3]))
            }
            try? h?.close()
            hecho.signal()
        }
        defer {
            parar.signal()
            hecho.wait()
        }
        let inicio = Date()
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(Date().timeIntervalSince(inicio) < 30)
        #expect(r.stderr.contains("still being written left in incoming/"), "\(r.stderr)")
        let p = try Binario.ejecutar(["publish", "--config", s.config])
        #expect(p.estado == 0, "\(p.stderr)")
        #expect(p.stderr.contains("still being written left in incoming/"), "\(p.stderr)")
        #expect(FileManager.default.fileExists(atPath: ruta))
    }

    /// An in-place image whose mtime is hours in the future (a scanner clock on UTC, `cp -p`)
    /// is taken after `settle`, not hours later; an image for an election not in the catálogo
    /// is refused at once instead of waiting forever.
    @Test func mtimeFuturoYEleccionDesconocidaNoEsperan() throws {
        let s = try SpoolPrueba("futuro", settle: "200ms")
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let a = SpoolPrueba.actas(1, desde: 900)[0]
        let k = a.clave.texto
        let ruta = "\(s.spool)/incoming/\(k).jpg"
        try Self.escribirEnSitio(ruta, SpoolPrueba.imagen(5))
        var tiempos = [timespec(tv_sec: time(nil) + 3 * 3600, tv_nsec: 0), timespec(tv_sec: time(nil) + 3 * 3600, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, ruta, &tiempos, 0) == 0)
        try Self.escribirEnSitio("\(s.spool)/incoming/\(k).captura.cap.json", SpoolPrueba.captura(a, "cap"))
        try s.soltar("090001B0100-ZZ.jpg", SpoolPrueba.imagen(6))
        #expect(s.esperar(10) { s.existe("captured/\(k)") }, "\(s.textoLog)")
        #expect(s.esperar(10) { s.listar("rejected").contains { $0.hasSuffix("090001B0100-ZZ.jpg.reason") } })
        let razon = s.listar("rejected").first { $0.hasSuffix("090001B0100-ZZ.jpg.reason") }.map { s.leer("rejected/" + $0) } ?? ""
        #expect(razon.contains("election ZZ is not in the catálogo"), "\(razon)")
        #expect(s.detener() == 0)
    }

    /// A hung `publish_command` is killed after `publish_timeout` (with what it started), the
    /// failure is logged, the next corte's command runs, and SIGTERM stops the daemon promptly.
    @Test func publishCommandColgadoSeMata() throws {
        let s0 = try SpoolPrueba("colgado-prep")
        let guion = s0.dir + "/colgado.sh"
        let marca = s0.dir + "/llamadas"
        try "#!/bin/sh\necho \"$1\" >> \(marca)\nsleep 1000\n".write(toFile: guion, atomically: true, encoding: .utf8)
        chmod(guion, 0o755)
        let s = try SpoolPrueba("colgado", configExtra: "corte_interval = 1s\npublish_command = \(guion)\npublish_timeout = 1s\n")
        try s.iniciar()
        #expect(s.esperar(20) { s.textoLog.contains("still running after publish_timeout") }, "\(s.textoLog)")
        // The next corte's command ran after the first was killed.
        #expect(s.esperar(20) { ((try? String(contentsOfFile: marca, encoding: .utf8)) ?? "").split(separator: "\n").count >= 2 })
        let inicio = Date()
        #expect(s.detener() == 0)
        #expect(Date().timeIntervalSince(inicio) < 10, "stopping took \(Date().timeIntervalSince(inicio)) s")
        // Nothing it started is left running.
        let ps = try Ejecucion.ejecutar("/usr/bin/pgrep", ["-f", guion])
        #expect(ps.stdout.isEmpty, "left running: \(ps.stdout)")
    }

    // MARK: more folders than open files

    /// 1,100 drop folders under an open-file limit of 1,024 (systemd's default): the daemon
    /// starts and takes a drop from the last folder.
    @Test func milCienCarpetasConMilVeinticuatroDescriptores() throws {
        let s = try SpoolPrueba("carpetas")
        for i in 0..<1100 {
            try FileManager.default.createDirectory(atPath: "\(s.spool)/incoming/catd-\(i)", withIntermediateDirectories: false)
        }
        let a = SpoolPrueba.actas(1, desde: 1000)[0]
        try s.soltar(a.clave.texto + ".jpg", SpoolPrueba.imagen(9), carpeta: "catd-1099")
        try s.soltar(a.clave.texto + ".captura.cap.json", SpoolPrueba.captura(a, "cap"), carpeta: "catd-1098")
        let r = try Ejecucion.ejecutar("/usr/bin/prlimit", ["--nofile=1024:1024", Binario.ruta, "run", "--config", s.config, "--once"])
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.existe("captured/\(a.clave.texto)"), "\(s.textoLog)")
    }

    /// A flood of distinct images for one acta is capped with a reason, and an ordinary acta
    /// dropped with it is verified in the same run.
    @Test func unaInundacionDeImagenesSeTopa() throws {
        let s = try SpoolPrueba("inundacion", configExtra: "max_acta_images = 16\n")
        let a = SpoolPrueba.actas(2, desde: 1100)
        // One image per folder: a second file of the same name in one folder would replace the first.
        for i in 0..<300 { try s.soltar(a[0].clave.texto + ".jpg", SpoolPrueba.imagen(20_000 + i, tamano: 256), carpeta: "catd-\(i)") }
        try s.soltar(a[0].clave.texto + ".captura.cap.json", SpoolPrueba.captura(a[0], "cap"))
        try s.soltar(a[1].clave.texto + ".jpg", SpoolPrueba.imagen(1))
        try s.soltar(a[1].clave.texto + ".captura.cap.json", SpoolPrueba.captura(a[1], "cap"))
        try s.soltar(a[1].clave.texto + ".captura.rev.json", SpoolPrueba.captura(a[1], "rev"))
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr.suffix(2000))")
        #expect(s.existe("packaged/\(a[1].clave.texto)") || s.existe("verified/\(a[1].clave.texto)"))
        let item = s.listar("captured/\(a[0].clave.texto)")
        #expect(item.count == 16 + 1 + 1, "\(item.count)")  // images, the capture, estado
        let topadas = s.listar("rejected").filter { $0.hasSuffix(".reason") && s.leer("rejected/" + $0).contains("max_acta_images = 16") }
        #expect(topadas.count == 300 - 16)
    }

    /// A flood of captures for one acta whose image never comes (operator names are the
    /// writer's): past `max_acta_captures` they are refused unread, the two that agree keep
    /// waiting, no refusal calls the acta verified, and an ordinary acta is verified in the same run.
    @Test func unaInundacionDeCapturasSeTopa() throws {
        let s = try SpoolPrueba("inundacion-capturas", configExtra: "max_acta_captures = 8\n")
        let a = SpoolPrueba.actas(2, desde: 1200)
        let k = a[0].clave.texto
        for i in 0..<40 { try s.soltar("\(k).captura.op\(i).json", SpoolPrueba.captura(a[0], "op\(i)"), carpeta: "captura") }
        try s.soltar(a[1].clave.texto + ".jpg", SpoolPrueba.imagen(1), carpeta: "catd-07")
        try s.soltar(a[1].clave.texto + ".captura.cap.json", SpoolPrueba.captura(a[1], "cap"), carpeta: "captura")
        try s.soltar(a[1].clave.texto + ".captura.rev.json", SpoolPrueba.captura(a[1], "rev"), carpeta: "captura")
        usleep(300_000)  // every drop older than settle (100 ms): one batch takes them all
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr.suffix(2000))")
        #expect(s.existe("verified/\(a[1].clave.texto)") || s.existe("packaged/\(a[1].clave.texto)"))
        let razones = s.listar("rejected").filter { $0.hasSuffix(".reason") }.map { s.leer("rejected/" + $0) }
        #expect(razones.count == 38, "\(razones.prefix(3))")
        #expect(!razones.contains { $0.contains("already verified") }, "\(razones.first { $0.contains("already verified") } ?? "")")
        #expect(razones.filter { $0.contains("max_acta_captures = 8") }.count == 32)
        #expect(razones.filter { $0.contains("already agree (it is not verified before its image is taken)") }.count == 6)
        #expect(s.listar("incoming/captura").filter { $0.hasPrefix(k) }.count == 2)
        #expect(r.stderr.contains("2 waiting in incoming/ for their partner"), "\(r.stderr.suffix(500))")
    }

    /// A drop folder the daemon may not read is reported once, with its path, however many scans
    /// meet it. With `watch = poll` every turn scans every folder, so each acta taken after the
    /// warning proves one more scan that met the closed folder again.
    @Test func carpetaIlegibleSeAvisaUnaVez() throws {
        let s = try SpoolPrueba("ilegible", configExtra: "watch = poll\nrescan_interval = 200ms\n", comoNadie: true)
        let cerrada = s.spool + "/incoming/catd-cerrada"
        try FileManager.default.createDirectory(atPath: cerrada, withIntermediateDirectories: false)
        chmod(cerrada, 0o000)
        defer { chmod(cerrada, 0o755) }
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        for (i, a) in SpoolPrueba.actas(2, desde: 1300).enumerated() {
            let k = a.clave.texto
            try s.soltar(k + ".jpg", SpoolPrueba.imagen(i + 1), carpeta: "catd-07")
            try s.soltar(k + ".captura.cap.json", SpoolPrueba.captura(a, "cap"), carpeta: "captura")
            try s.soltar(k + ".captura.rev.json", SpoolPrueba.captura(a, "rev"), carpeta: "captura")
            #expect(s.esperar { s.existe("verified/\(k)") || s.existe("packaged/\(k)") }, "\(s.textoLog)")
        }
        let avisos = s.textoLog.components(separatedBy: "incoming/catd-cerrada: cannot open this folder").count - 1
        #expect(avisos == 1, "\(s.textoLog)")
        #expect(s.detener() == 0)
    }

    // MARK: a corte includes what its process verified

    /// A corte made by a process includes everything that process verified: cron-style
    /// `prep run --once`, and `prep publish` with no daemon.
    @Test func elCorteIncluyeLoRecienVerificado() throws {
        let s = try SpoolPrueba("incluye")
        let a = SpoolPrueba.actas(2, desde: 1200)
        for (i, x) in a.enumerated() {
            try s.soltar(x.clave.texto + ".jpg", SpoolPrueba.imagen(4000 + i))
            try s.soltar(x.clave.texto + ".captura.cap.json", SpoolPrueba.captura(x, "cap"))
            try s.soltar(x.clave.texto + ".captura.rev.json", SpoolPrueba.captura(x, "rev"))
        }
        // Only the first acta's drops are there for the --once run.
        try FileManager.default.createDirectory(atPath: s.dir + "/aparte", withIntermediateDirectories: true)
        for n in s.listar("incoming") where n.hasPrefix(a[1].clave.texto) {
            try FileManager.default.moveItem(atPath: "\(s.spool)/incoming/\(n)", toPath: "\(s.dir)/aparte/\(n)")
        }
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.existe("packaged/\(a[0].clave.texto)"), "\(r.stderr)")
        for n in try FileManager.default.contentsOfDirectory(atPath: s.dir + "/aparte") {
            try FileManager.default.moveItem(atPath: "\(s.dir)/aparte/\(n)", toPath: "\(s.spool)/incoming/\(n)")
        }
        let p = try Binario.ejecutar(["publish", "--config", s.config])
        #expect(p.estado == 0, "\(p.stderr)")
        #expect(s.existe("packaged/\(a[1].clave.texto)"), "\(p.stderr)")
    }
}
