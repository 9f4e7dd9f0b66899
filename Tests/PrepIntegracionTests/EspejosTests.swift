import Foundation
import Glibc
import PrepPruebas
import Testing

/// tools/publish-rsync.sh to several web hosts (docs/ha.md): each host gets a corte whole and
/// only once `prep verify --previous` passes there against the corte it serves; a host that missed
/// cortes catches up in order; none is ever moved back to an older corte, and a host that serves
/// another chain is left alone and named, while the others are published to.
@Suite(.serialized, .enHiloPropio) struct EspejosTests {
    static func servido(_ web: String) -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: web + "/current"))?.split(separator: "/").last.map(String.init)
    }

    @Test func variosHostsCadaUnoAlDiaEnOrdenYNuncaAtras() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let cat = try CortesTests.catalogoPequeno(t, casillas: 60)
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/k"]).estado == 0)
        let sim = try CortesTests.cortesReales(t, catalogo: cat, rondas: 5, lote: 20)
        #expect(sim.estado == 0, "\(sim.stderr)")
        let cortes = CortesTests.cortes(t + "/r/publish")
        #expect(cortes.count == 5)
        let ruta = { (i: Int) in t + "/r/publish/cortes/" + cortes[i - 1] }
        let script = SpoolPrueba.raizRepo + "/tools/publish-rsync.sh"
        let entorno = ["PREP_PUBLISH_KEY": t + "/k.pub", "PREP_PUBLISH_PREP": Binario.ruta]
        func publicar(_ i: Int, _ webs: [String], _ corte: String? = nil) throws -> (Int32, String) {
            try CortesTests.sh("\"$@\"", [script, corte ?? ruta(i)] + webs, entorno: entorno)
        }
        let web1 = t + "/web1", web2 = t + "/web2", web3 = t + "/web3"

        // web2 already has cortes 1 and 2; web3 serves a corte 2 of another chain (another key's
        // corte planted under our corte 2's name).
        #expect(try publicar(2, [web2]).0 == 0)
        #expect(try publicar(1, [web3]).0 == 0)
        let ajeno = web3 + "/cortes/" + cortes[1]
        _ = try CortesTests.sh("cp -a \"$1\" \"$2\" && printf 'x\\n' >> \"$2/SHA256\" && ln -sfn \"cortes/$3\" \"$4/current\"", [ruta(2), ajeno, cortes[1], web3])

        // Corte 3 to the three: web1 catches up from nothing (1, 2, 3 in order), web2 from 2,
        // web3 is refused and named; the others are published to all the same.
        let (s, salida) = try publicar(3, [web1, web2, web3])
        #expect(s != 0 && salida.contains("not published to: \(web3)") && salida.contains("not this spool's corte 2"), "\(salida)")
        #expect(Self.servido(web1) == cortes[2] && Self.servido(web2) == cortes[2], "\(salida)")
        #expect(salida.contains("\(web1); current -> cortes/\(cortes[2]) (caught up from seq 0)"), "\(salida)")
        #expect(Self.servido(web3) == cortes[1])
        #expect(!FileManager.default.fileExists(atPath: web3 + "/cortes/" + cortes[2]))
        #expect(CortesTests.cortes(web1) == Array(cortes[0..<3]))

        // A late run for an older corte never moves a host back.
        let (s2, salida2) = try publicar(2, [web1])
        #expect(s2 == 0 && salida2.contains("already serves"), "\(salida2)")
        #expect(Self.servido(web1) == cortes[2])

        // web2 misses corte 4 (its host was down); corte 5 brings it up in order.
        #expect(try publicar(4, [web1]).0 == 0)
        let (s3, salida3) = try publicar(5, [web1, web2])
        #expect(s3 == 0, "\(salida3)")
        for web in [web1, web2] {
            #expect(Self.servido(web) == cortes[4])
            let c = try RelevoSitioTests.cadena(web)
            #expect(c.map(\.manifiesto.seq) == [1, 2, 3, 4, 5], "\(web)")
            #expect(RelevoSitioTests.problemasCadena(c).isEmpty, "\(RelevoSitioTests.problemasCadena(c))")
        }

        // A corte signed with another key is refused on the host by prep verify; current stays.
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/otra"]).estado == 0)
        let falso = t + "/r/publish/cortes/000006_20240602_2130"
        let (s4, salida4) = try CortesTests.sh("""
            set -e
            cp -a "$1" "$2"
            cd "$2" && rm SHA256.sig && signify-openbsd -S -e -s "$3" -m SHA256 -x SHA256.sig
            """, [ruta(5), falso, t + "/otra.sec"])
        #expect(s4 == 0, "\(salida4)")
        let (s5, salida5) = try publicar(6, [web1], falso)
        #expect(s5 != 0 && salida5.contains("prep verify failed on the host"), "\(salida5)")
        #expect(Self.servido(web1) == cortes[4])
        #expect(!FileManager.default.fileExists(atPath: web1 + "/cortes/000006_20240602_2130"))
    }

    /// Retention on the spool (keep_cortes) while a host is behind: the cortes it missed that were
    /// reduced meanwhile reach it reduced, checked there as such and chained, never made current;
    /// the newest whole corte is served. A host that had them whole keeps them whole (retention is
    /// not mirrored). A run for a corte already reduced says so and changes nothing.
    @Test func unHostAtrasadoRecibeLosCortesReducidosEnOrden() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let cat = try CortesTests.catalogoPequeno(t, casillas: 60)
        #expect(try Binario.ejecutar(["keygen", "--out", t + "/k"]).estado == 0)
        let sim = try CortesTests.cortesReales(t, catalogo: cat, rondas: 5, lote: 10)
        #expect(sim.estado == 0, "\(sim.stderr)")
        let script = SpoolPrueba.raizRepo + "/tools/publish-rsync.sh"
        let conPrep = ["PREP_PUBLISH_KEY": t + "/k.pub", "PREP_PUBLISH_PREP": Binario.ruta]
        let web1 = t + "/web1", web2 = t + "/web2", web3 = t + "/web3"
        var cortes = CortesTests.cortes(t + "/r/publish")
        #expect(try CortesTests.sh("\"$@\"", [script, t + "/r/publish/cortes/" + cortes[1], web2], entorno: conPrep).0 == 0)

        // keep_cortes = 2 from the next corte on: 1 to 4 are reduced.
        let conf = try String(contentsOfFile: t + "/prep.conf", encoding: .utf8)
        try (conf + "keep_cortes = 2\n").write(toFile: t + "/prep.conf", atomically: true, encoding: .utf8)
        #expect(try Binario.ejecutar(["publish", "--config", t + "/prep.conf"]).estado == 0)
        cortes = CortesTests.cortes(t + "/r/publish")
        try #require(cortes.count == 6)
        let reducido = { (base: String, n: String) in FileManager.default.fileExists(atPath: base + "/cortes/" + n + "/RETENCION") }
        #expect(cortes.map { reducido(t + "/r/publish", $0) } == [true, true, true, true, false, false])

        // With prep on the host (web1, web2) and with signify alone (web3).
        for (web, entorno) in [(web1, conPrep), (web2, conPrep), (web3, ["PREP_PUBLISH_KEY": t + "/k.pub"])] {
            let (s, salida) = try CortesTests.sh("\"$@\"", [script, t + "/r/publish/cortes/" + cortes[5], web], entorno: entorno)
            #expect(s == 0, "\(salida)")
            #expect(Self.servido(web) == cortes[5], "\(salida)")
            #expect(CortesTests.cortes(web) == cortes, "\(web)")
            let c = try RelevoSitioTests.cadena(web)
            #expect(RelevoSitioTests.problemasCadena(c).isEmpty, "\(RelevoSitioTests.problemasCadena(c))")
        }
        #expect(cortes.map { reducido(web1, $0) } == [true, true, true, true, false, false])
        #expect(cortes.map { reducido(web2, $0) } == [false, false, true, true, false, false])
        // What the host holds verifies there, reduced or whole, each against the one before.
        for k in 1..<cortes.count {
            let r = try Binario.ejecutar(["verify", web1 + "/cortes/" + cortes[k], "--key", t + "/k.pub",
                                          "--previous", web1 + "/cortes/" + cortes[k - 1]])
            #expect(r.estado == 0, "\(r.todo)")
        }

        // A run for a corte already reduced (a host far behind, a late run): named, nothing served.
        let web4 = t + "/web4"
        let (s, salida) = try CortesTests.sh("\"$@\"", [script, t + "/r/publish/cortes/" + cortes[3], web4], entorno: conPrep)
        #expect(s != 0 && salida.contains("was reduced by retention (keep_cortes) before it reached the host"), "\(salida)")
        #expect(Self.servido(web4) == nil)
    }
}
