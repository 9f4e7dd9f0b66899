import Foundation
import PrepPruebas
import Glibc
import Testing

/// `prep retirar KEY --motivo TEXT`: an acta not yet published leaves captured/ or verified/ for
/// rejected/ with its history and reason, so that it can be dropped again; a published one never.
@Suite(.serialized, .enHiloPropio) struct RetiroTests {
    static func soltar(_ s: SpoolPrueba, _ k: String, _ capturas: [(String, Int)], semilla: Int) throws {
        let a = try #require(SpoolPrueba.catalogo.actas.first { $0.clave.texto == k })
        try s.soltar(k + ".jpg", SpoolPrueba.imagen(semilla), carpeta: "catd-1")
        for (op, nulos) in capturas { try s.soltar("\(k).captura.\(op).json", SpoolPrueba.captura(a, op, nulos: nulos)) }
    }

    static func retirar(_ s: SpoolPrueba, _ k: String, _ motivo: String) throws -> Binario.Salida {
        try Binario.ejecutar(["retirar", k, "--motivo", motivo, "--config", s.config, "--timeout", "30"])
    }

    /// The withdrawn item in rejected/: whole, its history ending with the withdrawal, its reason.
    static func comprobarRetirada(_ s: SpoolPrueba, _ k: String, _ motivo: String, _ salida: String) {
        let nombres = s.listar("rejected").filter { $0.hasSuffix("-\(k)") }
        #expect(nombres.count == 1, "\(s.listar("rejected"))")
        guard let n = nombres.first else { return }
        #expect(salida.hasSuffix("rejected/\(n)\n"), "\(salida)")
        #expect(s.listar("rejected/\(n)").contains("estado"))
        #expect(s.leer("rejected/\(n)/estado").split(separator: "\n").last?.contains("retirada") ?? false)
        #expect(s.leer("rejected/\(n).reason").contains(motivo))
        #expect(!s.existe("captured/\(k)") && !s.existe("verified/\(k)"))
    }

    @Test func conElDemonioEnMarcha() throws {
        let s = try SpoolPrueba("retirar", configExtra: "corte_interval = 20m\n", comoNadie: true)
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let claves = SpoolPrueba.actas(4, desde: 2600).map(\.clave.texto)
        let (discrepante, verificada, empaquetada, danada) = (claves[0], claves[1], claves[2], claves[3])
        try Self.soltar(s, empaquetada, [("cap", 0), ("rev", 0)], semilla: 1)
        #expect(s.esperar { s.existe("verified/\(empaquetada)") })
        #expect(try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "60"]).estado == 0)
        try Self.soltar(s, danada, [("cap", 0), ("rev", 0)], semilla: 2)
        #expect(s.esperar { s.existe("verified/\(danada)") }, "\(s.textoLog.suffix(2000))")
        // A verified acta whose capture changed while no daemon ran: quarantined by the corte at start.
        #expect(s.detener() == 0)
        let f = open("\(s.spool)/verified/\(danada)/\(danada).captura.rev.json", O_WRONLY | O_APPEND)
        _ = write(f, "x", 1)
        close(f)
        try s.iniciar()
        #expect(s.esperar { s.existe("verified/\(danada)/cuarentena") }, "\(s.textoLog.suffix(2000))")
        try Self.soltar(s, discrepante, [("cap", 1), ("rev", 2)], semilla: 3)
        try Self.soltar(s, verificada, [("cap", 0), ("rev", 0)], semilla: 4)
        #expect(s.esperar { s.existe("captured/\(discrepante)") && s.existe("verified/\(verificada)") })
        #expect(s.leer("captured/\(discrepante)/estado").contains("resultado discrepancia"))

        // Captured, in discrepancy: withdrawn; then the same operators capture it again.
        let r1 = try Self.retirar(s, discrepante, "acta mal escaneada")
        #expect(r1.estado == 0, "\(r1.stderr)")
        Self.comprobarRetirada(s, discrepante, "acta mal escaneada", r1.stdout)
        #expect(s.textoLog.contains("retirada acta \(discrepante)"), "\(s.textoLog.suffix(2000))")
        try Self.soltar(s, discrepante, [("cap", 0), ("rev", 0)], semilla: 5)
        #expect(s.esperar { s.existe("verified/\(discrepante)") }, "\(s.textoLog.suffix(2000))")

        // Verified in quarantine: withdrawn, dropped again, and published by the next corte.
        let r2 = try Self.retirar(s, danada, "captura alterada")
        #expect(r2.estado == 0, "\(r2.stderr)")
        Self.comprobarRetirada(s, danada, "captura alterada", r2.stdout)
        try Self.soltar(s, danada, [("cap", 0), ("rev", 0)], semilla: 6)
        #expect(s.esperar { s.existe("verified/\(danada)") }, "\(s.textoLog.suffix(2000))")

        // A verified acta the next corte already has, a packaged one, one with no item: refused.
        // `verificada` was handed to the corte worker by the loop's turn after the batch that
        // verified it: the later batches seen above (danada verified again) prove that turn ran.
        #expect(s.textoLog.contains("verificada \(verificada)"))
        let r3 = try Self.retirar(s, verificada, "no")
        #expect(r3.estado == 1 && r3.stderr.contains("already registered for the next corte"), "\(r3.stderr)")
        #expect(r3.stderr.contains("corrections of published actas are a later feature"))
        let r4 = try Self.retirar(s, empaquetada, "no")
        #expect(r4.estado == 1 && r4.stderr.contains("is packaged") && r4.stderr.contains("later feature"), "\(r4.stderr)")
        let r5 = try Self.retirar(s, SpoolPrueba.actas(1, desde: 2700)[0].clave.texto, "no")
        #expect(r5.estado == 1 && r5.stderr.contains("has no item"), "\(r5.stderr)")
        #expect(s.existe("verified/\(verificada)") && s.existe("packaged/\(empaquetada)"))
        #expect(s.listar("").filter { $0.hasPrefix("retiro.") }.isEmpty, "\(s.listar(""))")

        let p = try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "60"])
        #expect(p.estado == 0, "\(p.stderr)")
        // prep publish returns once publish/latest names the corte; the loop packages what it
        // included when it learns the corte is done, a moment later.
        for k in [discrepante, verificada, danada] { #expect(s.esperar { s.existe("packaged/\(k)") }, "\(k): \(s.textoLog.suffix(3000))") }
        let v = try Binario.ejecutar(["verify", s.spool + "/publish/latest", "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0, "\(v.stderr)")
        #expect(s.vivo)
        #expect(s.detener() == 0)
    }

    @Test func sinDemonio() throws {
        let s = try SpoolPrueba("retirar-solo", configExtra: "corte_interval = 20m\n")
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let claves = SpoolPrueba.actas(2, desde: 2800).map(\.clave.texto)
        try Self.soltar(s, claves[0], [("cap", 1)], semilla: 7)
        try Self.soltar(s, claves[1], [("cap", 0), ("rev", 0)], semilla: 8)
        #expect(s.esperar { s.existe("captured/\(claves[0])") && s.existe("verified/\(claves[1])") })
        #expect(s.detener() == 0)

        let r1 = try Self.retirar(s, claves[0], "una sola captura, escaneo repetido")
        #expect(r1.estado == 0, "\(r1.stderr)")
        Self.comprobarRetirada(s, claves[0], "una sola captura, escaneo repetido", r1.stdout)
        let r2 = try Self.retirar(s, claves[1], "imagen de otra casilla")
        #expect(r2.estado == 0, "\(r2.stderr)")
        Self.comprobarRetirada(s, claves[1], "imagen de otra casilla", r2.stdout)
        let st = try Binario.ejecutar(["status", "--config", s.config])
        #expect(st.stdout.contains("daemon: none running"), "\(st.stdout)")

        try s.iniciar()
        #expect(s.esperar { s.textoLog.components(separatedBy: " ready ").count == 3 }, "\(s.textoLog)")
        for (i, k) in claves.enumerated() { try Self.soltar(s, k, [("cap", 0), ("rev", 0)], semilla: 20 + i) }
        #expect(s.esperar { claves.allSatisfy { s.existe("verified/\($0)") } }, "\(s.textoLog.suffix(2000))")
        #expect(s.detener() == 0)
    }
}
