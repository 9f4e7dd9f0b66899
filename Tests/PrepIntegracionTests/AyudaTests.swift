import PrepPruebas
import Testing

@Suite(.enHiloPropio) struct AyudaTests {
    @Test func ayudaGeneralYUsoIncorrecto() throws {
        let ayuda = try Binario.ejecutar(["help"])
        #expect(ayuda.estado == 0)
        #expect(ayuda.stdout.contains("usage: prep COMMAND"))
        let malo = try Binario.ejecutar(["no-such-command"])
        #expect(malo.estado == 2)
        #expect(malo.stderr.contains("unknown command 'no-such-command'"))
        let sinNada = try Binario.ejecutar([])
        #expect(sinNada.estado == 2)
    }

    /// The commands `prep help` lists, read from the binary itself.
    static func comandos() throws -> [String] {
        let ayuda = try Binario.ejecutar(["help"]).stdout
        let lista = ayuda.split(separator: "\n", omittingEmptySubsequences: false).drop { $0 != "commands:" }.dropFirst()
            .prefix { !$0.isEmpty }.compactMap { $0.split(separator: " ").first.map(String.init) }
        return lista
    }

    @Test func todosLosComandosTienenAyuda() throws {
        let comandos = try Self.comandos()
        #expect(comandos.count >= 12)
        #expect(comandos.contains("run") && comandos.contains("verify") && comandos.contains("template"))
        for c in comandos {
            for bandera in ["-h", "--help"] {
                // Help wins over anything else on the line, even a missing argument.
                let s = try Binario.ejecutar([c, "--no-such-option", bandera])
                #expect(s.estado == 0, "prep \(c) \(bandera): \(s.stderr)")
                #expect(s.stdout.hasPrefix("usage: prep \(c)"), "prep \(c) \(bandera)")
                #expect(s.stdout.contains("  -h, --help "), "prep \(c) \(bandera)")
                #expect(s.stderr.isEmpty)
            }
            let ayuda = try Binario.ejecutar(["help", c])
            #expect(ayuda.estado == 0)
            #expect(ayuda.stdout == (try Binario.ejecutar([c, "--help"])).stdout)
        }
    }

    @Test func opcionDesconocidaSale2YLaNombra() throws {
        for c in try Self.comandos() {
            let s = try Binario.ejecutar([c, "--no-such-option"])
            #expect(s.estado == 2, "prep \(c)")
            #expect(s.stderr.hasPrefix("prep \(c): unknown option --no-such-option\nusage: prep \(c)"), "\(s.stderr)")
            #expect(s.stdout.isEmpty)
        }
        let corta = try Binario.ejecutar(["status", "-x"])
        #expect(corta.estado == 2)
        #expect(corta.stderr.hasPrefix("prep status: unknown option -x\n"))
    }

    @Test(arguments: [
        (["verify", "--key", "k.pub"], "prep verify: missing DIR"),
        (["verify", "corte"], "prep verify: missing --key PUB"),
        (["verify", "corte", "--key"], "prep verify: missing PUB after --key"),
        (["show"], "prep show: missing KEY"),
        (["template", "--operator", "cap01"], "prep template: missing KEY"),
        (["keygen"], "prep keygen: missing --out PREFIX"),
        (["sample-catalog", "--out", "x"], "prep sample-catalog: missing --scale cdmx|national"),
        (["template", "090001B0100-JG", "otra"], "prep template: unexpected argument 'otra'"),
        (["status", "--json=yes"], "prep status: option --json takes no value"),
    ])
    func faltaUnArgumentoYSeNombra(_ args: [String], _ mensaje: String) throws {
        let s = try Binario.ejecutar(args)
        #expect(s.estado == 2)
        #expect(s.stderr.hasPrefix(mensaje + "\nusage: prep \(args[0]) "), "\(s.stderr)")
    }

    @Test func lineaDeUsoSaleDeLasOpciones() throws {
        let s = try Binario.ejecutar(["verify", "-h"])
        #expect(s.stdout.hasPrefix("usage: prep verify DIR --key PUB [--previous DIR] [--images DIR] [--captures DIR]\n"))
        #expect(s.stdout.contains("\n  --key PUB       the signer's public key"))
        let run = try Binario.ejecutar(["run", "-h"])
        #expect(run.estado == 0)
        #expect(run.stdout.hasPrefix("usage: prep run [--root DIR] [--config FILE] [--once] [--verbose]\n"))
    }
}
