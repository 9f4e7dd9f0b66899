import Foundation
import PrepPruebas
import Glibc
import Testing
import PrepDominio
import PrepSistema

/// `prep publish` both ways (asking a running daemon; doing it itself) and `publish_command`.
@Suite(.enHiloPropio) struct PublishTests {
    /// Drops one acta whole (two agreeing captures + image); returns its key and the image's
    /// SHA-256, which its published row must carry as CODIGO_INTEGRIDAD.
    static func soltarActa(_ s: SpoolPrueba, _ i: Int) throws -> (String, String) {
        let a = SpoolPrueba.actas(i + 1)[i]
        try s.soltar("\(a.clave.texto).captura.cap01.json", SpoolPrueba.captura(a, "cap01"))
        try s.soltar("\(a.clave.texto).captura.cap02.json", SpoolPrueba.captura(a, "cap02"))
        try s.soltar("\(a.clave.texto).jpg", SpoolPrueba.imagen(i))
        return (a.clave.texto, SHA256.resumen(SpoolPrueba.imagen(i)).description)
    }

    /// The rows of acta `clave` in a corte's CSVs, in either profile: `'KEY'` (`ine-2024`) or
    /// CLAVE_CASILLA + TIPO_ACTA as CLAVE_ACTA (`iecm-2024`, the shipped sample's).
    static func filasRegistradas(_ corte: String, _ clave: String) throws -> [String] {
        let k = try #require(ClaveActa(clave))
        let tipo = try #require(SpoolPrueba.catalogo.acta(k)).tipoActa
        var filas: [String] = []
        for f in try FileManager.default.contentsOfDirectory(atPath: corte + "/datos") where f.hasSuffix(".csv") {
            let texto = String(decoding: try Data(contentsOf: URL(fileURLWithPath: corte + "/datos/" + f)), as: UTF8.self)
            filas += texto.components(separatedBy: "\n").filter { $0.contains("'\(clave)'") || $0.hasPrefix("\(k.casilla.texto),\(k.casilla.texto)\(tipo),") }
        }
        return filas
    }

    @Test func publicaPidiendoAlDemonioEnMarcha() throws {
        let s = try SpoolPrueba("publish-demonio",
                                configExtra: "corte_interval = 20m\nsigning_key = keys/prep.sec\npublish_command = sh -c 'echo \"$0\" >> \"$(dirname \"$0\")/../../../publicados.txt\"'\n")
        try s.iniciar()
        #expect(s.esperar(20) { s.existe("publish/latest") }, "no puesta en ceros corte: \(s.textoLog)")
        let (clave, codigo) = try Self.soltarActa(s, 0)
        #expect(s.esperar(20) { s.existe("verified/\(clave)") }, "\(s.textoLog)")
        // With a 20-minute interval only prep publish can make the next corte now.
        let r = try Binario.ejecutar(["publish", "--config", s.config, "--timeout", "60"])
        #expect(r.estado == 0, "\(r.stderr)")
        let corte = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(corte.contains("/publish/cortes/000002_"), "\(corte)")
        let filas = try Self.filasRegistradas(corte, clave)
        #expect(filas.count == 1 && filas[0].contains(",1,,\(codigo),"), "the acta must be published, counted, with its image: \(filas)")
        #expect(s.esperar(10) { s.existe("packaged/\(clave)") })
        #expect(s.vivo, "the daemon keeps running after a corte on demand")
        // publish_command ran once per corte, with the corte's folder, in order.
        #expect(s.esperar(10) { s.leer("../publicados.txt").split(separator: "\n").count == 2 }, "\(s.textoLog)")
        let lineas = s.leer("../publicados.txt").split(separator: "\n").map(String.init)
        #expect(lineas.count == 2 && lineas.last.map { $0.hasSuffix("/publish/cortes/" + (corte.split(separator: "/").last.map(String.init) ?? "")) } == true, "\(lineas)")
        #expect(s.detener() == 0)
    }

    @Test func publicaSinDemonio() throws {
        let s = try SpoolPrueba("publish-solo", configExtra: "corte_interval = 20m\nsigning_key = keys/prep.sec\n")
        let (clave, codigo) = try Self.soltarActa(s, 3)
        let r = try Binario.ejecutar(["publish", "--config", s.config])
        #expect(r.estado == 0, "\(r.stderr)")
        let corte = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(corte.contains("/publish/cortes/000001_"), "\(corte)")
        let filas = try Self.filasRegistradas(corte, clave)
        #expect(filas.count == 1 && filas[0].contains(",1,,\(codigo),"), "\(filas)")
        #expect(s.existe("packaged/\(clave)") && !s.existe("verified/\(clave)"))
        let v = try Binario.ejecutar(["verify", corte, "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0, "\(v.stderr)")
    }
}
