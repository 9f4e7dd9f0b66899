import Foundation
import PrepPruebas
import Glibc
import PrepDominio
import Testing

/// The corte commands through the real binary: keygen, verify, the corte kill test, and
/// tools/publish-rsync.sh.
@Suite(.enHiloPropio) struct CortesTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func temporal(_ nombre: String = #function) -> String {
        let ruta = "/tmp/prep-int-\(nombre.filter { $0.isLetter })-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: ruta, withIntermediateDirectories: true)
        return ruta
    }

    /// The shipped CDMX sample cut to its first `casillas` casillas (three actas each).
    static func catalogoPequeno(_ carpeta: String, casillas: Int = 300) throws -> String {
        let destino = carpeta + "/catalogo"
        try FileManager.default.createDirectory(atPath: destino, withIntermediateDirectories: true)
        for f in try FileManager.default.contentsOfDirectory(atPath: repo + "/etc/catalogo") where f.hasSuffix(".csv") {
            var datos = try Data(contentsOf: URL(fileURLWithPath: repo + "/etc/catalogo/" + f))
            if f == "casillas.csv" {
                // The first casillas, and the mesas (M, A, P: the first actas of the sample's order).
                let lineas = String(decoding: datos, as: UTF8.self).split(separator: "\n")
                let mesas = lineas.dropFirst(casillas + 1).filter { ["M", "A", "P"].contains($0.split(separator: ",")[4]) }
                datos = Data(((lineas.prefix(casillas + 1) + mesas).joined(separator: "\n") + "\n").utf8)
            }
            try datos.write(to: URL(fileURLWithPath: destino + "/" + f))
        }
        return destino
    }

    /// A spool `t/r` (with `incoming/`) on the sample cut to `casillas`, a key `t/k` and
    /// `t/prep.conf` with `extra` after the spool, catálogo, key and a 50 ms settle.
    static func spoolPequeno(_ t: String, casillas: Int, extra: String, settle: String = "50ms") throws {
        let cat = try catalogoPequeno(t, casillas: casillas)
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/k"]).estado == 0)
        try "spool = r\ncatalog = \(cat)\nsigning_key = k.sec\nsettle = \(settle)\n\(extra)"
            .write(toFile: t + "/prep.conf", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: t + "/r/incoming", withIntermediateDirectories: true)
    }

    /// `prep run --config t/prep.conf ARGS…` in the background, its standard error in `log`.
    static func demonio(_ t: String, _ args: [String] = [], log: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binario.ruta)
        p.arguments = ["run", "--config", t + "/prep.conf"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try p.run()
        return p
    }

    static func cortes(_ publish: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: publish + "/cortes")) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func keygenEscribeYNoSobrescribe() throws {
        let t = Self.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let r = try Binario.ejecutar(["keygen", "--out", t + "/k"])
        #expect(r.estado == 0, "\(r.stderr)")
        var st = stat()
        #expect(stat(t + "/k.sec", &st) == 0 && st.st_mode & 0o777 == 0o600)
        let pub = try String(contentsOfFile: t + "/k.pub", encoding: .utf8)
        #expect(pub.hasPrefix("untrusted comment: ") && pub.split(separator: "\n")[1].count == 56)
        let otra = try Binario.ejecutar(["keygen", "--out", t + "/k"])
        #expect(otra.estado == 1 && otra.stderr.contains("already exists"))
        #expect(try Binario.ejecutar(["keygen"]).estado == 2)
        // signify itself accepts the pair.
        let signify = "/usr/bin/signify-openbsd"
        guard access(signify, X_OK) == 0 else {
            Issue.record("signify-openbsd missing: apt-get install signify-openbsd (.ci/run installs it)")
            return
        }
        try Data("x".utf8).write(to: URL(fileURLWithPath: t + "/m"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: signify)
        p.arguments = ["-S", "-s", t + "/k.sec", "-m", t + "/m", "-x", t + "/m.sig"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    /// `rondas` cortes made by the real daemon on the spool `t/r` (catálogo `cat`, key `t/k.sec`):
    /// each round drops `lote` new JG actas (image + two agreeing captures) and runs `prep
    /// publish` with no daemon, which processes them and publishes one corte with them.
    @discardableResult
    static func cortesReales(_ t: String, catalogo cat: String, rondas: Int, lote: Int, desde: Int = 0) throws -> Binario.Salida {
        try "spool = r\ncatalog = \(cat)\nsigning_key = k.sec\nsettle = 50ms\n"
            .write(toFile: t + "/prep.conf", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: t + "/r/incoming", withIntermediateDirectories: true)
        let actas = SpoolPrueba.actas(rondas * lote, eleccion: "JG", desde: desde)
        var ultima: Binario.Salida?
        for ronda in 0..<rondas {
            for (i, a) in actas[(ronda * lote)..<min(actas.count, ronda * lote + lote)].enumerated() {
                Self.soltarActa(t + "/r/incoming", a, semilla: desde + ronda * lote + i)
            }
            let r = try Binario.ejecutar(["publish", "--config", t + "/prep.conf"])
            if r.estado != 0 { return r }
            ultima = r
        }
        guard let ultima else { throw CocoaError(.featureUnsupported) }
        return ultima
    }

    /// An acta's image and two agreeing captures, each written aside and renamed in.
    static func soltarActa(_ incoming: String, _ a: ActaEsperada, semilla: Int) {
        let k = a.clave.texto
        for (n, b) in [(k + ".jpg", SpoolPrueba.imagen(50_000 + semilla)),
                       (k + ".captura.ana.json", SpoolPrueba.captura(a, "ana")),
                       (k + ".captura.beto.json", SpoolPrueba.captura(a, "beto"))] {
            try? Data(b).write(to: URL(fileURLWithPath: "\(incoming)/.\(n).part"))
            rename("\(incoming)/.\(n).part", "\(incoming)/\(n)")
        }
    }

    @Test func verifyYClaveDemasiadoAbierta() throws {
        let t = Self.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let cat = try Self.catalogoPequeno(t, casillas: 40)
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/k"]).estado == 0)
        let sim = try Self.cortesReales(t, catalogo: cat, rondas: 2, lote: 30)
        #expect(sim.estado == 0, "\(sim.stderr)")
        let cortes = Self.cortes(t + "/r/publish")
        #expect(cortes.count == 2)
        let c1 = t + "/r/publish/cortes/" + cortes[0], c2 = t + "/r/publish/cortes/" + cortes[1]
        let ok = try Binario.ejecutar(["verify", c2, "--key", t + "/k.pub", "--previous", c1])
        #expect(ok.estado == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("verified (seq 2"))
        #expect(!ok.stderr.contains("expired"), "a corte just made by the daemon is fresh")
        let replay = try Binario.ejecutar(["verify", c1, "--key", t + "/k.pub", "--previous", c2])
        #expect(replay.estado == 1 && replay.stderr.contains("seq 1 does not follow"))
        #expect(try Binario.ejecutar(["verify", "--key", t + "/k.pub"]).estado == 2)
        #expect(try Binario.ejecutar(["verify", c1]).estado == 2)
        // Tampered: one byte of a CSV.
        let csv = c2 + "/datos/CDMX_GUB_2024.csv"
        var b = try Data(contentsOf: URL(fileURLWithPath: csv))
        b[b.count - 3] ^= 1
        try b.write(to: URL(fileURLWithPath: csv))
        let malo = try Binario.ejecutar(["verify", c2, "--key", t + "/k.pub"])
        #expect(malo.estado == 1 && malo.stderr.contains("datos/CDMX_GUB_2024.csv: SHA-256 does not match SHA256"))
        // A secret key readable by the group is refused, as ssh does.
        chmod(t + "/k.sec", 0o640)
        let abierta = try Binario.ejecutar(["publish", "--config", t + "/prep.conf"])
        #expect(abierta.estado == 1 && abierta.stderr.contains("must not be accessible by group or others"))
    }

    /// Registered (not pending) acta keys of a corte's CSVs, in either profile (manifest.json's
    /// `profile`): `ine-2024` rows carry the acta key between apostrophes and pending rows end in
    /// placeholders; `iecm-2024` publishes registered rows only, keyed by CLAVE_CASILLA, the file's
    /// election (its tag: GUB → JG) and the variant its TIPO_ACTA stands for (A03ERP → DIP-RP).
    static func registradas(_ corte: String) throws -> Set<String> {
        let manifiesto = String(decoding: try Data(contentsOf: URL(fileURLWithPath: corte + "/manifest.json")), as: UTF8.self)
        let perfil: PerfilPublicacion = manifiesto.contains("\"profile\": \"iecm-2024\"") ? .iecm2024 : .ine2024
        var s: Set<String> = []
        for f in try FileManager.default.contentsOfDirectory(atPath: corte + "/datos")
        where f.hasSuffix(".csv") && !f.contains("CANDIDATURAS") {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: corte + "/datos/" + f)))
            guard perfil == .iecm2024 else {
                for linea in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") where linea.hasPrefix("'") {
                    // A pending row ends with its ten placeholders; a registered one has a verification time.
                    if !linea.hasSuffix(",-,-,,-,-,-,-,-,-,-,-") {
                        let partes = linea.split(separator: ",", maxSplits: 2)
                        s.insert(String(partes[1].dropFirst().dropLast()))
                    }
                }
                continue
            }
            let etiqueta = f.dropFirst("CDMX_".count).dropLast("_2024.csv".count)
            let (codigo, d) = try #require(perfil.elecciones.first { $0.value.etiqueta == etiqueta }.map { ($0.key, $0.value) })
            // No field of an iecm row before TIPO_ACTA holds a comma: a plain split reads them.
            let filas = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let tipoActa = try #require(filas[6].firstIndex(of: "TIPO_ACTA"))
            for fila in filas.dropFirst(7) {
                s.insert(ClaveActa.codigoActa(eleccion: fila[0] + "-" + codigo, variante: d.variante(deTipoActa: String(fila[tipoActa]))))
            }
        }
        return s
    }

    /// SIGKILL the corte loop at random moments, ≥ 20 times: after each, every corte folder
    /// verifies, seqs have no gap, `latest` names a complete corte, and every acta in `packaged/`
    /// is in the newest corte.
    /// The corte kill test, on the real daemon: cortes every second while new actas keep
    /// arriving; SIGKILL once corte work is under way, 24 times. Every corte verifies, seqs run
    /// without a gap, `latest` is the newest corte or the one before (or, right after the very
    /// first corte, missing), and nothing packaged is unpublished.
    @Test func killDuranteLosCortes() throws {
        let t = Self.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let cat = try Self.catalogoPequeno(t)
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/k"]).estado == 0)
        try "spool = r\ncatalog = \(cat)\nsigning_key = k.sec\ncorte_interval = 1s\nsettle = 50ms\n"
            .write(toFile: t + "/prep.conf", atomically: true, encoding: .utf8)
        let publish = t + "/r/publish"
        try FileManager.default.createDirectory(atPath: t + "/r/incoming", withIntermediateDirectories: true)
        let actas = SpoolPrueba.actas(24 * 7, eleccion: "JG")
        var verificados: Set<String> = []
        var generador = SystemRandomNumberGenerator()
        var conPartial = 0
        for ronda in 0..<24 {
            // Seven new actas for this round (image + two agreeing captures each).
            for (i, a) in actas[(ronda * 7)..<(ronda * 7 + 7)].enumerated() {
                Self.soltarActa(t + "/r/incoming", a, semilla: ronda * 7 + i)
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Binario.ruta)
            p.arguments = ["run", "--config", t + "/prep.conf"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let antes = Set((try? FileManager.default.contentsOfDirectory(atPath: publish + "/cortes")) ?? [])
            try p.run()
            // Kill only once corte work is under way (a new .partial or a new corte), at a random
            // moment after that: what the test proves must not depend on how loaded the machine is.
            var activo = false
            for _ in 0..<2_000 where !activo {
                let ahora = Set((try? FileManager.default.contentsOfDirectory(atPath: publish + "/cortes")) ?? [])
                activo = !ahora.subtracting(antes).isEmpty
                if !activo { usleep(5_000) }
            }
            #expect(activo, "round \(ronda): no corte work started within 10 s")
            usleep(UInt32.random(in: 0...1_200_000, using: &generador))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            #expect(p.terminationReason == .uncaughtSignal, "round \(ronda): the daemon ended by itself")

            let todos = (try? FileManager.default.contentsOfDirectory(atPath: publish + "/cortes")) ?? []
            if todos.contains(where: { $0.hasPrefix(".") }) { conPartial += 1 }
            let cortes = Self.cortes(publish)
            let seqs: [Int] = cortes.map { Int($0.prefix(6)) ?? 0 }
            let esperadas: [Int] = Array(0..<cortes.count).map { $0 + 1 }
            #expect(seqs == esperadas, "round \(ronda): seqs must run 1…n without a gap: \(cortes)")
            for c in cortes where !verificados.contains(c) {
                let v = try Binario.ejecutar(["verify", publish + "/cortes/" + c, "--key", t + "/k.pub"])
                #expect(v.estado == 0, "round \(ronda): \(c) does not verify: \(v.stderr)")
                verificados.insert(c)
            }
            guard let ultimo = cortes.last else { continue }
            let destino = (try? FileManager.default.destinationOfSymbolicLink(atPath: publish + "/latest")) ?? ""
            // `latest` is the newest corte, or the one before when the kill fell between the
            // rename and the swap — which, right after the very first corte, means no link yet.
            var aceptables: Set<String> = ["cortes/" + ultimo]
            if cortes.count > 1 { aceptables.insert("cortes/" + cortes[cortes.count - 2]) } else { aceptables.insert("") }
            #expect(aceptables.contains(destino), "round \(ronda): latest → \(destino), newest \(ultimo)")
            let publicadas = try Self.registradas(publish + "/cortes/" + ultimo)
            let empaquetadas = Set(try FileManager.default.contentsOfDirectory(atPath: t + "/r/packaged"))
            let sinPublicar = empaquetadas.subtracting(publicadas)
            #expect(sinPublicar.isEmpty, "round \(ronda): packaged but not published: \(sinPublicar.sorted().prefix(5))")
        }
        // A clean run after the last kill: leftovers gone, latest repaired, the chain intact.
        let fin = try Binario.ejecutar(["run", "--config", t + "/prep.conf", "--once"])
        #expect(fin.estado == 0, "\(fin.stderr)")
        let todos = try FileManager.default.contentsOfDirectory(atPath: publish + "/cortes")
        #expect(!todos.contains { $0.hasPrefix(".") })
        let cortes = Self.cortes(publish)
        #expect(cortes.count >= 2, "the chain checks below need at least two cortes")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: publish + "/latest")) == "cortes/" + (cortes.last ?? ""))
        for i in max(1, cortes.count - 4)..<cortes.count {
            let v = try Binario.ejecutar(["verify", publish + "/cortes/" + cortes[i], "--key", t + "/k.pub",
                                          "--previous", publish + "/cortes/" + cortes[i - 1]])
            #expect(v.estado == 0, "chain \(cortes[i - 1]) → \(cortes[i]): \(v.stderr)")
        }
        // Every acta verified so far is packaged, and every packaged acta is in the latest corte.
        let empaquetadas = try FileManager.default.contentsOfDirectory(atPath: t + "/r/packaged")
        #expect(Set(empaquetadas).isSubset(of: try Self.registradas(publish + "/cortes/" + (cortes.last ?? ""))))
        #expect(empaquetadas.count + ((try? FileManager.default.contentsOfDirectory(atPath: t + "/r/verified")) ?? []).count == actas.count)
        print("kill test: \(cortes.count) cortes, \(empaquetadas.count) actas packaged, \(conPartial) kills left a partial corte")
    }

    static func sh(_ script: String, _ args: [String] = [], entorno: [String: String] = [:]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script, "sh"] + args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in entorno { e[k] = v }
        p.environment = e
        let tubo = Pipe()
        p.standardOutput = tubo
        p.standardError = tubo
        try p.run()
        let datos = tubo.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: datos, as: UTF8.self))
    }

    /// tools/publish-rsync.sh to a local folder standing in for the web host: several cortes in
    /// turn, each verified on the host and served through `current`; plus the --link-dest trap.
    @Test func publishRsyncAUnaCarpetaLocal() throws {
        for herramienta in ["/usr/bin/rsync", "/usr/bin/signify-openbsd"] where access(herramienta, X_OK) != 0 {
            Issue.record("\(herramienta) missing: apt-get install rsync signify-openbsd (.ci/run installs them)")
            return
        }
        let t = Self.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let cat = try Self.catalogoPequeno(t, casillas: 60)
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/k"]).estado == 0)
        let sim = try Self.cortesReales(t, catalogo: cat, rondas: 4, lote: 40)
        #expect(sim.estado == 0, "\(sim.stderr)")
        let script = Self.repo + "/tools/publish-rsync.sh"
        let web = t + "/web"
        let cortes = Self.cortes(t + "/r/publish")
        #expect(cortes.count == 4)
        for c in cortes {
            let (s, salida) = try Self.sh("\"$1\" \"$2\" \"$3\"", [script, t + "/r/publish/cortes/" + c, web], entorno: ["PREP_PUBLISH_KEY": t + "/k.pub"])
            #expect(s == 0, "\(salida)")
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: web + "/current")) == "cortes/" + c)
            let v = try Binario.ejecutar(["verify", web + "/current", "--key", t + "/k.pub"])
            #expect(v.estado == 0, "\(v.stderr)")
            #expect(!(try FileManager.default.contentsOfDirectory(atPath: web + "/cortes")).contains { $0.hasPrefix(".") })
        }
        // Publishing the same corte again is harmless.
        let (s2, _) = try Self.sh("\"$1\" \"$2\" \"$3\"", [script, t + "/r/publish/cortes/" + cortes[3], web])
        #expect(s2 == 0)
        // A usage error.
        #expect(try Self.sh("\"$1\"", [script]).0 == 2)

        // The trap: a next corte whose CSV changed one byte but kept size and mtime. With size+mtime
        // quick-check rsync would hard-link the old file; the host must get the new bytes.
        let nuevo = t + "/r/publish/cortes/000005_20240602_2100"
        let (s3, salida3) = try Self.sh("""
            set -e
            cp -a "$1" "$2"
            f="$2/datos/CDMX_GUB_2024.csv"
            size=$(stat -c %s "$f")
            printf 'X' | dd of="$f" bs=1 seek=$((size - 5)) conv=notrunc status=none
            touch -r "$1/datos/CDMX_GUB_2024.csv" "$f"
            cd "$2"
            find . -type f ! -name SHA256 ! -name SHA256.sig | sed 's|^\\./||' | LC_ALL=C sort | xargs sha256sum --tag > SHA256
            rm SHA256.sig
            signify-openbsd -S -e -s "$3" -m SHA256 -x SHA256.sig
            """, [t + "/r/publish/cortes/" + cortes[3], nuevo, t + "/k.sec"])
        #expect(s3 == 0, "\(salida3)")
        let (s4, salida4) = try Self.sh("\"$1\" \"$2\" \"$3\"", [script, nuevo, web], entorno: ["PREP_PUBLISH_KEY": t + "/k.pub"])
        #expect(s4 == 0, "\(salida4)")
        let servido = try Data(contentsOf: URL(fileURLWithPath: web + "/current/datos/CDMX_GUB_2024.csv"))
        let fuente = try Data(contentsOf: URL(fileURLWithPath: nuevo + "/datos/CDMX_GUB_2024.csv"))
        #expect(servido == fuente)
        // A corte tampered on the way is refused on the host, and `current` stays where it was.
        let malo = t + "/r/publish/cortes/000006_20240602_2115"
        _ = try Self.sh("cp -a \"$1\" \"$2\" && printf Z >> \"$2/datos/CDMX_GUB_2024.csv\"", [nuevo, malo])
        let (s5, salida5) = try Self.sh("\"$1\" \"$2\" \"$3\"", [script, malo, web])
        #expect(s5 != 0 && salida5.contains("does not match SHA256"), "\(salida5)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: web + "/current")) == "cortes/000005_20240602_2100")
        #expect(!FileManager.default.fileExists(atPath: web + "/cortes/000006_20240602_2115"))
    }
}
