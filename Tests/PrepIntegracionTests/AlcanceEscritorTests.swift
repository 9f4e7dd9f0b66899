import Foundation
import Glibc
import PrepPruebas
import PrepSistema
import Testing

/// A writer reaches its own share of `incoming/` and nothing past it: what the daemon took, the
/// spool's folders, the daemon's configuration. And the machine's shape (mounts, a symbolic link
/// to the spool, a file copied by hand) is never mistaken for a fault or for an acta. Each test
/// drives the real daemon; where users matter the writer is another uid (`setpriv`).
@Suite(.serialized, .enHiloPropio) struct AlcanceEscritorTests {
    /// The writer's uid: a station's user, not the daemon's (65534) and not root.
    static let escritor: UInt32 = 65533
    /// The operators' group of the deployment the docs describe (the spool root's group, setgid).
    static let operadores: UInt32 = 60001

    /// Runs `script` under `/bin/sh` as the writer (`grupos`: its supplementary groups) with
    /// `args` as $1…; returns the exit status.
    static func comoEscritor(_ script: String, _ args: [String], grupos: [UInt32] = []) throws -> Int32 {
        let g = grupos.isEmpty ? ["--clear-groups"] : ["--groups=" + grupos.map(String.init).joined(separator: ",")]
        let r = try Ejecucion.ejecutar("/usr/bin/setpriv", ["--reuid=\(escritor)", "--regid=\(escritor)"] + g
                                       + ["/bin/sh", "-c", script, "sh"] + args)
        return r.estado
    }

    /// Drops `bytes` into the writer's share as the writer's own file (temp name, then rename).
    static func soltarComoEscritor(_ s: SpoolPrueba, _ nombre: String, _ bytes: [UInt8]) throws {
        let d = s.spool + "/incoming/estacion"
        let tmp = d + "/." + nombre + ".part"
        try Data(bytes).write(to: URL(fileURLWithPath: tmp))
        chown(tmp, escritor, escritor)
        chmod(tmp, 0o644)
        #expect(rename(tmp, d + "/" + nombre) == 0)
    }

    static func modo(_ ruta: String) -> mode_t {
        var st = stat()
        return stat(ruta, &st) == 0 ? st.st_mode & 0o7777 : 0o7777
    }

    static func enlaces(_ ruta: String) -> Int {
        var st = stat()
        return stat(ruta, &st) == 0 ? Int(st.st_nlink) : -1
    }

    // MARK: after the take, nothing a writer does by path reaches an item

    /// A station (another user) tries, by path, to open for writing, `chmod 000` and hard-link a
    /// captured acta's capture and a verified acta's image. Every attempt fails, whether the
    /// station is in no group or in the daemon's own group (the spool's group is the operators'),
    /// the daemon started by hand (no unit umask); the next start reaches `ready`.
    @Test(arguments: [false, true]) func loTomadoEstaFueraDelAlcanceDelEscritor(enGrupoDelDemonio: Bool) throws {
        guard getuid() == 0 else { return }
        let s = try SpoolPrueba("alcance", comoNadie: true)
        if enGrupoDelDemonio {
            // The deployment docs/spool.md describes: the root belongs to the operators' group, setgid.
            chown(s.spool, 65534, Self.operadores)
            chmod(s.spool, 0o2755)
        }
        let compartida = s.spool + "/incoming/estacion"
        try FileManager.default.createDirectory(atPath: compartida, withIntermediateDirectories: false)
        chown(compartida, Self.escritor, 65534)
        chmod(compartida, 0o770)
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let actas = SpoolPrueba.actas(2, eleccion: "JG", desde: 40)
        let (a, b) = (actas[0], actas[1])
        try Self.soltarComoEscritor(s, a.clave.texto + ".jpg", SpoolPrueba.imagen(1))
        try Self.soltarComoEscritor(s, a.clave.texto + ".captura.uno.json", SpoolPrueba.captura(a, "uno"))
        try Self.soltarComoEscritor(s, a.clave.texto + ".captura.dos.json", SpoolPrueba.captura(a, "dos"))
        try Self.soltarComoEscritor(s, b.clave.texto + ".jpg", SpoolPrueba.imagen(2))
        try Self.soltarComoEscritor(s, b.clave.texto + ".captura.uno.json", SpoolPrueba.captura(b, "uno"))
        #expect(s.esperar { s.existe("verified/\(a.clave.texto)") && s.existe("captured/\(b.clave.texto)") }, "\(s.textoLog)")
        let captura = try #require(s.listar("captured/\(b.clave.texto)").first { $0.contains(".captura.") })
        let imagen = try #require(s.listar("verified/\(a.clave.texto)").first { $0.hasSuffix(".jpg") })
        let grupos: [UInt32] = enGrupoDelDemonio ? [65534] : []
        for (i, ruta) in ["\(s.spool)/captured/\(b.clave.texto)/\(captura)", "\(s.spool)/verified/\(a.clave.texto)/\(imagen)"].enumerated() {
            let antes = Self.modo(ruta)
            #expect(try Self.comoEscritor(#"exec 3>>"$1""#, [ruta], grupos: grupos) != 0, "opened for writing: \(ruta)")
            #expect(try Self.comoEscritor(#"chmod 000 "$1""#, [ruta], grupos: grupos) != 0, "chmod: \(ruta)")
            #expect(try Self.comoEscritor(#"ln "$1" "$2""#, [ruta, "\(compartida)/.enlace\(i)"], grupos: grupos) != 0,
                    "hard-linked: \(ruta)")
            #expect(Self.modo(ruta) == antes)
            #expect(Self.enlaces(ruta) == 1)
        }
        // The phase folders are closed to anyone outside their owner and group, whatever the umask.
        for c in ["captured", "verified", "packaged", "rejected", "publish", "tmp"] {
            #expect(Self.modo(s.spool + "/" + c) & 0o027 == 0, "\(c): \(String(Self.modo(s.spool + "/" + c), radix: 8))")
        }
        #expect(s.detener() == 0)
        try s.iniciar()
        #expect(s.esperar { s.textoLog.components(separatedBy: " ready ").count == 3 }, "\(s.textoLog)")
        #expect(s.vivo, "\(s.textoLog)")
        #expect(s.detener() == 0)
    }

    /// A daemon running as root (started by hand) makes each taken file root's and read-only: a
    /// station that kept its descriptor open after the drop can no longer `fchmod` the item's
    /// file nor hard-link it back out through `/proc/self/fd` (`fs.protected_hardlinks`).
    @Test func unDemonioRootCierraLoTomadoAlDescriptorGuardado() throws {
        guard getuid() == 0, (try? String(contentsOfFile: "/proc/sys/fs/protected_hardlinks", encoding: .utf8))?.hasPrefix("1") == true else { return }
        let s = try SpoolPrueba("descriptor")
        let compartida = s.spool + "/incoming/estacion"
        try FileManager.default.createDirectory(atPath: compartida, withIntermediateDirectories: false)
        chown(compartida, Self.escritor, Self.escritor)
        let a = SpoolPrueba.actas(1, eleccion: "JG", desde: 60)[0]
        let datos = s.dir + "/datos.jpg", senal = s.dir + "/tomado"
        try Data(SpoolPrueba.imagen(6)).write(to: URL(fileURLWithPath: datos))
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        // The station: writes its image, renames it in, keeps the descriptor, and once the acta is
        // taken tries fchmod and a hard link through it.
        let script = """
        import ctypes, os, sys, time
        share, nombre, datos, senal = sys.argv[1:5]
        tmp = os.path.join(share, "." + nombre + ".part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, open(datos, "rb").read())
        os.rename(tmp, os.path.join(share, nombre))
        while not os.path.exists(senal): time.sleep(0.02)
        r = []
        try: os.fchmod(fd, 0); r.append("chmod-ok")
        except OSError as e: r.append("chmod-refused")
        # linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, share/.enlace, AT_SYMLINK_FOLLOW)
        libc = ctypes.CDLL(None, use_errno=True)
        ok = libc.linkat(-100, ("/proc/self/fd/%d" % fd).encode(), -100, os.path.join(share, ".enlace").encode(), 0x400) == 0
        r.append("link-ok" if ok else "link-refused")
        print(" ".join(r))
        """
        let grupo = DispatchGroup()
        nonisolated(unsafe) var salida: Ejecucion.Salida?
        grupo.enter()
        Thread.detachNewThread {
            salida = try? Ejecucion.ejecutar("/usr/bin/setpriv", ["--reuid=\(Self.escritor)", "--regid=\(Self.escritor)", "--clear-groups",
                                                                  "/usr/bin/python3", "-c", script, compartida, a.clave.texto + ".jpg", datos, senal])
            grupo.leave()
        }
        #expect(s.esperar { s.listar("incoming/estacion").contains(a.clave.texto + ".jpg") }, "\(s.textoLog)")
        try s.soltar(a.clave.texto + ".captura.uno.json", SpoolPrueba.captura(a, "uno"))
        #expect(s.esperar { s.existe("captured/\(a.clave.texto)") }, "\(s.textoLog)")
        #expect(FileManager.default.createFile(atPath: senal, contents: nil))
        #expect(grupo.wait(timeout: .now() + 20) == .success)
        #expect(salida?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "chmod-refused link-refused", "\(String(describing: salida))")
        let imagen = try #require(s.listar("captured/\(a.clave.texto)").first { $0.hasSuffix(".jpg") })
        let ruta = "\(s.spool)/captured/\(a.clave.texto)/\(imagen)"
        var st = stat()
        #expect(stat(ruta, &st) == 0 && st.st_uid == 0 && st.st_mode & 0o7777 == 0o444 && st.st_nlink == 1)
        #expect(s.detener() == 0)
    }

    // MARK: the start checks who could reach past incoming/

    /// A signing key and an operator registry (one operator) for `mode = oficial`, which never
    /// makes a key and refuses to start without a registry that registers someone.
    static func claves(_ s: SpoolPrueba) throws {
        try FileManager.default.createDirectory(atPath: s.dir + "/keys", withIntermediateDirectories: true)
        let k = try Binario.ejecutar(["keygen", "--out", s.dir + "/keys/prep"])
        #expect(k.estado == 0, "\(k.stderr)")
        try OperadoresPrueba(["a"]).escribirRegistro(s.dir + "/operadores.csv", ["a"])
        try (try String(contentsOfFile: s.config, encoding: .utf8) + "operators = operadores.csv\n")
            .write(toFile: s.config, atomically: true, encoding: .utf8)
    }

    /// `prep run` as the daemon's user, `--once`.
    static func unaVezComo(_ s: SpoolPrueba, nadie: Bool) throws -> Ejecucion.Salida {
        let args = ["run", "--config", s.config, "--once"]
        if nadie {
            return try Ejecucion.ejecutar("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", s.binario] + args)
        }
        return try Binario.ejecutar(args)
    }

    /// In `mode = oficial` a spool a writer could reach past incoming/ refuses to start, saying
    /// which folder and why; in `simulacro` it starts with a warning. Folders the daemon owns are
    /// closed by the daemon itself.
    @Test func elInicioRevisaQuienAlcanzaElSpool() throws {
        guard getuid() == 0 else { return }
        // The root writable by anyone: whoever can write it can replace captured/.
        for modo in ["oficial", "simulacro"] {
            let s = try SpoolPrueba("raiz-\(modo)", configExtra: "mode = \(modo)\n")
            try Self.claves(s)
            chmod(s.spool, 0o777)
            let r = try s.unaVez()
            if modo == "oficial" {
                #expect(r.estado == 1, "\(r.stderr)")
                #expect(r.stderr.contains("refusing to start") && r.stderr.contains(s.spool) && r.stderr.contains("writable"), "\(r.stderr)")
            } else {
                #expect(r.estado == 0, "\(r.stderr)")
                #expect(r.stderr.contains(" warning ") && r.stderr.contains("writable"), "\(r.stderr)")
            }
        }
        // A phase folder the daemon does not own and that others can enter (made by root before a
        // daemon running as its own user): the daemon cannot close it.
        let s = try SpoolPrueba("ajena", configExtra: "mode = oficial\n", comoNadie: true)
        try Self.claves(s)
        chmod(s.dir + "/keys/prep.sec", 0o644)
        mkdir(s.spool + "/verified", 0o755)
        chmod(s.spool + "/verified", 0o755)
        let r = try Self.unaVezComo(s, nadie: true)
        #expect(r.estado == 1, "\(r.stderr)")
        #expect(r.stderr.contains("verified") && r.stderr.contains("refusing to start"), "\(r.stderr)")
        // Its own folders left open (an older version, a hand-made mkdir): closed, said, started.
        let t = try SpoolPrueba("propia", configExtra: "mode = oficial\n")
        try Self.claves(t)
        mkdir(t.spool + "/captured", 0o777)
        chmod(t.spool + "/captured", 0o777)
        let r2 = try t.unaVez()
        #expect(r2.estado == 0, "\(r2.stderr)")
        #expect(Self.modo(t.spool + "/captured") == 0o750)
        #expect(r2.stderr.contains("captured") && r2.stderr.contains("0750"), "\(r2.stderr)")
    }

    // MARK: the machine's shape is not a fault

    static let puedeMontar: Bool = {
        guard getuid() == 0 else { return false }
        let d = "/tmp/prep-montaje-\(getpid())"
        mkdir(d, 0o700)
        defer { rmdir(d) }
        guard (try? Ejecucion.ejecutar("/bin/mount", ["-t", "tmpfs", "none", d]))?.estado == 0 else { return false }
        _ = try? Ejecucion.ejecutar("/bin/umount", [d])
        return true
    }()

    /// A subfolder of incoming/ that is another mount (a tmpfs, a bind mount of the same disk:
    /// rename fails with EXDEV from both) is named in one warning and skipped; the daemon goes on
    /// with everything else and stops cleanly.
    @Test(.enabled(if: AlcanceEscritorTests.puedeMontar)) func unaSubcarpetaMontadaSeAvisaYSeSalta() throws {
        // watch = poll: every turn scans every folder, so each acta taken proves one more scan.
        let s = try SpoolPrueba("montada", configExtra: "watch = poll\nrescan_interval = 200ms\n")
        let tmpfs = s.spool + "/incoming/montada", bind = s.spool + "/incoming/enlazada", otra = s.dir + "/otra"
        for d in [tmpfs, bind, otra] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        #expect(try Ejecucion.ejecutar("/bin/mount", ["-t", "tmpfs", "none", tmpfs]).estado == 0)
        defer { _ = try? Ejecucion.ejecutar("/bin/umount", [tmpfs]) }
        #expect(try Ejecucion.ejecutar("/bin/mount", ["--bind", otra, bind]).estado == 0)
        defer { _ = try? Ejecucion.ejecutar("/bin/umount", [bind]) }
        let actas = SpoolPrueba.actas(4, eleccion: "ALC", desde: 10)
        for (i, c) in ["montada", "enlazada"].enumerated() {
            let a = actas[i]
            try s.soltar(a.clave.texto + ".jpg", SpoolPrueba.imagen(i), carpeta: c)
            try s.soltar(a.clave.texto + ".captura.uno.json", SpoolPrueba.captura(a, "uno"), carpeta: c)
            try s.soltar(a.clave.texto + ".captura.dos.json", SpoolPrueba.captura(a, "dos"), carpeta: c)
        }
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        // Two actas taken, each by a scan that met the mounted folders again: still running, one
        // warning per mounted folder.
        for (i, a) in actas[2...].enumerated() {
            try s.soltar(a.clave.texto + ".jpg", SpoolPrueba.imagen(9 + i), carpeta: "catd")
            try s.soltar(a.clave.texto + ".captura.uno.json", SpoolPrueba.captura(a, "uno"))
            try s.soltar(a.clave.texto + ".captura.dos.json", SpoolPrueba.captura(a, "dos"))
            #expect(s.esperar { s.existe("verified/\(a.clave.texto)") }, "\(s.textoLog)")
        }
        #expect(s.vivo, "\(s.textoLog)")
        for c in ["montada", "enlazada"] {
            let avisos = s.textoLog.split(separator: "\n").filter { $0.contains(" warning ") && $0.contains("incoming/\(c)") }
            #expect(avisos.count == 1, "\(c): \(avisos) \(s.textoLog)")
        }
        #expect(s.detener() == 0)
    }

    /// A spool root that is a symbolic link (to another disk, say) works for the daemon and for
    /// `prep status`.
    @Test func unaRaizEnlazadaFunciona() throws {
        let s = try SpoolPrueba("enlazada")
        try FileManager.default.createSymbolicLink(atPath: s.dir + "/enlace", withDestinationPath: s.spool)
        let texto = try String(contentsOfFile: s.config, encoding: .utf8).replacingOccurrences(of: "spool = spool", with: "spool = enlace")
        try Data(texto.utf8).write(to: URL(fileURLWithPath: s.config))
        let a = SpoolPrueba.actas(1, eleccion: "JG", desde: 70)[0]
        try s.soltar(a.clave.texto + ".jpg", SpoolPrueba.imagen(3))
        try s.soltar(a.clave.texto + ".captura.uno.json", SpoolPrueba.captura(a, "uno"))
        try s.soltar(a.clave.texto + ".captura.dos.json", SpoolPrueba.captura(a, "dos"))
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        #expect(s.existe("packaged/\(a.clave.texto)"), "\(r.stderr)")
        let st = try Binario.ejecutar(["status", "--config", s.config, "--json"])
        #expect(st.estado == 0, "\(st.stderr)")
        #expect(st.stdout.contains("\"packaged\":1"), "\(st.stdout)")
    }

    /// A file copied by hand into captured/ or verified/ is no acta: `prep status` (text, JSON,
    /// `--check`) and the metrics name it as an unexpected entry and count only real items.
    @Test func unArchivoCopiadoAManoNoEsUnActa() throws {
        let s = try SpoolPrueba("amano", configExtra: "metrics_file = prep.prom\n")
        let a = SpoolPrueba.actas(1, eleccion: "JG", desde: 80)[0]
        try s.soltar(a.clave.texto + ".jpg", SpoolPrueba.imagen(4))
        try s.soltar(a.clave.texto + ".captura.uno.json", SpoolPrueba.captura(a, "uno"))
        #expect(try s.unaVez().estado == 0)
        #expect(s.existe("captured/\(a.clave.texto)"))
        try Data(SpoolPrueba.imagen(5)).write(to: URL(fileURLWithPath: s.spool + "/captured/090001B0100-JG.png"))
        try Data("notas".utf8).write(to: URL(fileURLWithPath: s.spool + "/verified/notas.txt"))
        let j = try Binario.ejecutar(["status", "--config", s.config, "--json"])
        #expect(j.estado == 0, "\(j.stderr)")
        #expect(j.stdout.contains("\"captured\":1,") && j.stdout.contains("\"verified\":0"), "\(j.stdout)")
        #expect(!j.stdout.contains("JG.png\":"), "\(j.stdout)")
        #expect(j.stdout.contains("\"unexpected\":[\"captured/090001B0100-JG.png\",\"verified/notas.txt\"]"), "\(j.stdout)")
        let t = try Binario.ejecutar(["status", "--config", s.config])
        #expect(t.stdout.contains("unexpected") && t.stdout.contains("captured/090001B0100-JG.png"), "\(t.stdout)")
        let c = try Binario.ejecutar(["status", "--config", s.config, "--check"])
        #expect(c.stdout.contains("captured/090001B0100-JG.png"), "\(c.stdout)")
        #expect(c.estado >= 1, "\(c.stdout)")
        // The daemon's metrics, written at start.
        try s.iniciar()
        let prom = s.dir + "/prep.prom"
        #expect(s.esperar { ((try? String(contentsOfFile: prom, encoding: .utf8)) ?? "").contains("prep_unexpected_entries 2") },
                "\((try? String(contentsOfFile: prom, encoding: .utf8)) ?? "") \(s.textoLog)")
        let metricas = (try? String(contentsOfFile: prom, encoding: .utf8)) ?? ""
        #expect(!metricas.contains("JG.png"), "\(metricas)")
        #expect(s.detener() == 0)
    }

    // MARK: durability and config hygiene

    /// A refused drop's bytes are made durable like an accepted one's, in a small batch too: the
    /// daemon fsyncs the file under its name in rejected/.
    @Test func unRechazoPequenoSeSincroniza() throws {
        let s = try SpoolPrueba("rechazo-sync")
        let k = SpoolPrueba.actas(1, eleccion: "JG", desde: 90)[0].clave.texto
        try s.soltar(k + ".jpg", Array("esto no es un JPEG".utf8))
        let traza = s.dir + "/strace.txt"
        let r = try Ejecucion.ejecutar("/usr/bin/strace", ["-f", "-qq", "-y", "-e", "trace=fsync,fdatasync", "-e", "signal=none",
                                                           "-o", traza, Binario.ruta, "run", "--config", s.config, "--once"])
        #expect(r.estado == 0, "\(r.stderr)")
        let rechazado = try #require(s.listar("rejected").first { $0.hasSuffix(k + ".jpg") }, "\(r.stderr)")
        let lineas = try String(contentsOfFile: traza, encoding: .utf8).split(separator: "\n")
        #expect(lineas.contains { $0.contains("sync(") && $0.contains("/rejected/\(rechazado)>") }, "\(lineas.filter { $0.contains("rejected") })")
    }

    /// `prep run` refuses a config file that anyone but its owner may write, or that belongs to
    /// another user than root or the daemon's: it names the `publish_command` the daemon runs.
    /// SIGHUP does not apply such a file either.
    @Test func laConfiguracionQueOtrosEscribenSeRechaza() throws {
        guard getuid() == 0 else { return }
        let s = try SpoolPrueba("config")
        for m: mode_t in [0o664, 0o646] {
            chmod(s.config, m)
            let r = try s.unaVez()
            #expect(r.estado == 1, "\(String(m, radix: 8)): \(r.stderr)")
            #expect(r.stderr.contains(s.config) && r.stderr.contains("publish_command") && r.stderr.contains("writable"), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        chmod(s.config, 0o644)
        chown(s.config, Self.escritor, Self.escritor)
        let r = try s.unaVez()
        #expect(r.estado == 1, "\(r.stderr)")
        #expect(r.stderr.contains(s.config) && r.stderr.contains("owned by uid \(Self.escritor)"), "\(r.stderr)")
        chown(s.config, 0, 0)
        #expect(try s.unaVez().estado == 0)
        // Reloaded: the new publish_command is not applied from a file others can write.
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let texto = try String(contentsOfFile: s.config, encoding: .utf8) + "publish_command = touch \(s.dir)/pwned\n"
        try Data(texto.utf8).write(to: URL(fileURLWithPath: s.config))
        chmod(s.config, 0o666)
        kill(try #require(s.pid), SIGHUP)
        #expect(s.esperar { s.textoLog.contains("not reloaded") }, "\(s.textoLog)")
        #expect(!s.textoLog.contains("applied now: publish_command"), "\(s.textoLog)")
        #expect(s.detener() == 0)
    }
}
