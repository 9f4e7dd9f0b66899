import Foundation
import PrepPruebas
import PrepServicio
import Testing

/// `tools/install.sh --prefix` into a temporary folder gives a working `prep`, its manual pages
/// (clean under `mandoc -T lint`), a configuration whose relative paths work from its folder, and
/// a unit systemd accepts; a changed configuration is never overwritten.
@Suite(.enHiloPropio) struct InstalacionTests {
    @Test func instalaEnUnPrefijoTemporal() throws {
        let p = NSTemporaryDirectory() + "prep-instalacion-\(getpid())"
        try? FileManager.default.removeItem(atPath: p)
        defer { try? FileManager.default.removeItem(atPath: p) }
        let guion = SpoolPrueba.raizRepo + "/tools/install.sh"
        var r = try Ejecucion.ejecutar(guion, ["--prefix", p, "--binary", Binario.ruta])
        try #require(r.estado == 0, "\(r.todo)")
        let primera = r

        r = try Ejecucion.ejecutar(p + "/bin/prep", ["--version"])
        #expect(r.estado == 0 && r.stdout.hasPrefix("prep 0."), "\(r.todo)")
        // The installed config: spool under the state folder, catálogo and key beside it.
        let conf = p + "/etc/prep/prep.conf"
        r = try Ejecucion.ejecutar(p + "/bin/prep", ["run", "--once", "--config", conf], directorio: "/")
        #expect(r.estado == 0, "\(r.todo)")
        #expect(FileManager.default.fileExists(atPath: p + "/var/lib/prep/spool/publish/latest/manifest.json"))
        r = try Ejecucion.ejecutar(p + "/bin/prep", ["verify", p + "/var/lib/prep/spool/publish/latest", "--key", p + "/etc/prep/keys/prep.pub"])
        #expect(r.estado == 0, "\(r.todo)")
        // Without --config, from anywhere: the installed binary finds the config its installer wrote.
        var sinConfig = ProcessInfo.processInfo.environment
        sinConfig["PREP_CONFIG"] = nil
        r = try Ejecucion.ejecutar(p + "/bin/prep", ["status", "--json"], directorio: "/", entorno: sinConfig)
        #expect(r.estado == 0 && r.stdout.contains(p + "/var/lib/prep/spool"), "\(r.todo)")
        // PREP_CONFIG wins; one that does not exist is an error naming it, never another file.
        var otra = sinConfig
        otra["PREP_CONFIG"] = p + "/no-such.conf"
        r = try Ejecucion.ejecutar(p + "/bin/prep", ["status"], directorio: "/", entorno: otra)
        #expect(r.estado == 1 && r.stderr.contains(p + "/no-such.conf"), "\(r.todo)")
        // A binary no installer recorded, far from any checkout: the places looked at, named.
        let carpetaSuelta = NSTemporaryDirectory() + "prep-suelto-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: carpetaSuelta) }
        let suelto = carpetaSuelta + "/bin/prep"
        try FileManager.default.createDirectory(atPath: carpetaSuelta + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Binario.ruta, toPath: suelto)
        r = try Ejecucion.ejecutar(suelto, ["status"], directorio: "/", entorno: sinConfig)
        #expect(r.estado == 1 && r.stderr.contains("no configuration found: looked at etc/prep.conf (the current folder), /etc/prep/prep.conf (the system default); give --config FILE or set PREP_CONFIG")
                || FileManager.default.fileExists(atPath: "/etc/prep/prep.conf"), "\(r.todo)")
        // The next steps printed fit this prefix.
        #expect(!primera.todo.contains("systemctl enable --now prep;") && primera.stdout.contains(p + "/bin/prep run"), "\(primera.todo)")

        // The manual pages, as installed.
        for pagina in ["/share/man/man8/prep.8", "/share/man/man5/prep.conf.5"] {
            try InstalacionTests.lint(p + pagina)
        }
        // The unit, with the prefix's paths, through systemd's checker (man pages found there).
        let unidad = try String(contentsOfFile: p + "/lib/systemd/system/prep.service", encoding: .utf8)
        #expect(unidad.contains("ExecStart=\(p)/bin/prep run --config \(conf)"))
        #expect(unidad.contains("ReadWritePaths=\(p)/var/lib/prep"))
        var entorno = ProcessInfo.processInfo.environment
        entorno["MANPATH"] = p + "/share/man"
        r = try Ejecucion.ejecutar("/usr/bin/systemd-analyze", ["verify", p + "/lib/systemd/system/prep.service"], entorno: entorno)
        #expect(r.estado == 0 && r.todo.isEmpty, "\(r.todo)")

        // Again: the same config is fine; a changed one stops the install, untouched.
        r = try Ejecucion.ejecutar(guion, ["--prefix", p, "--binary", Binario.ruta])
        #expect(r.estado == 0, "\(r.todo)")
        let cambiada = try String(contentsOfFile: conf, encoding: .utf8) + "corte_interval = 5m\n"
        try cambiada.write(toFile: conf, atomically: true, encoding: .utf8)
        r = try Ejecucion.ejecutar(guion, ["--prefix", p, "--binary", Binario.ruta])
        #expect(r.estado == 1 && r.stderr.contains("was changed; refusing to overwrite it"), "\(r.todo)")
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == cambiada)
        r = try Ejecucion.ejecutar(guion, ["--prefix", p, "--binary", Binario.ruta, "--keep-config"])
        #expect(r.estado == 0 && r.stdout.contains("keeping the changed"), "\(r.todo)")
    }

    /// `mandoc -T lint` says nothing but that the other prep page is not in this machine's
    /// manual database (each page names the other with .Xr). A missing mandoc fails.
    static func lint(_ pagina: String) throws {
        let r = try Ejecucion.ejecutar("/bin/sh", ["-c", "command -v mandoc >/dev/null || { echo 'mandoc missing: apt-get install mandoc'; exit 127; }; mandoc -T lint \"$0\" 2>&1; true", pagina])
        let quejas = r.stdout.split(separator: "\n").filter {
            !$0.contains("referenced manual not found: Xr prep") && !$0.contains("mandoc.db")
        }
        #expect(quejas.isEmpty, "\(pagina): \(quejas)")
    }

    @Test func paginasDelRepositorioLimpias() throws {
        try Self.lint(SpoolPrueba.raizRepo + "/man/man8/prep.8")
        try Self.lint(SpoolPrueba.raizRepo + "/man/man5/prep.conf.5")
        let r = try Binario.ejecutar(["--version"])
        #expect(r.stdout == "prep \(versionPrep)\n")
    }
}
