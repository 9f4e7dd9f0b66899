import Foundation
import PrepPruebas
import Glibc
import Testing

/// The crash test: while 2,000 actas (image + two agreeing captures each) are being dropped, the
/// daemon is killed with SIGKILL at random moments at least 20 times and restarted each time.
/// Cortes run every second and one acta in ten has its capture re-saved over (twice, same
/// bytes) while the daemon works. At the end every acta is in verified/ or packaged/ exactly
/// once and whole, every item file is the bytes its state records, every published image is
/// its name, the only refusals are the re-saves that came after their capture was taken, and
/// the last corte verifies.
@Suite(.serialized, .enHiloPropioPrimero) struct ChoqueTests {
    @Test func sigkillMientrasLlegan2000Actas() throws {
        let s = try SpoolPrueba("choque", configExtra: "corte_interval = 1s\n")
        let actas = SpoolPrueba.actas(2000, eleccion: "ALC")
        #expect(actas.count == 2000)
        var esperado: [String: [String: [UInt8]]] = [:]  // key → file name → bytes
        var drops: [(String, String?, [UInt8])] = []
        var resaves: [String: [[UInt8]]] = [:]
        let carpetas: [String?] = [nil, "casilla-01", "catd-07", "catd-12"]
        for (i, a) in actas.enumerated() {
            let k = a.clave.texto
            let img = SpoolPrueba.imagen(i, tamano: 512 + i % 700)
            let c1 = SpoolPrueba.captura(a, "op\(i % 7)", nulos: i % 5)
            let c2 = SpoolPrueba.captura(a, "rev\(i % 3)", nulos: i % 5)
            esperado[k] = ["\(k).jpg": img, "\(k).captura.op\(i % 7).json": c1, "\(k).captura.rev\(i % 3).json": c2]
            drops.append(("\(k).jpg", carpetas[i % 4], img))
            drops.append(("\(k).captura.op\(i % 7).json", carpetas[(i + 1) % 4], c1))
            drops.append(("\(k).captura.rev\(i % 3).json", carpetas[(i + 2) % 4], c2))
            if i % 10 == 0 {
                // A capture station that saves again within milliseconds, renamed over its name:
                // the same figures in other bytes (an editor's whitespace), so an item that got
                // an unchecked re-save shows as a file whose SHA-256 is not its state's.
                resaves["\(k).captura.op\(i % 7).json"] = [c1 + Array("\n".utf8), c1 + Array("\n\n".utf8)]
            }
        }
        drops.shuffle()
        for c in carpetas.compactMap({ $0 }) {
            try FileManager.default.createDirectory(atPath: s.spool + "/incoming/" + c, withIntermediateDirectories: true)
        }

        // The writer: temp name + rename, in bursts of 64 drops (so the daemon is often mid-batch
        // when it is killed), about 10 s for all 6,000 drops.
        let listo = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var errorEscritor: Error?
        let copia = drops, otras = resaves
        Thread.detachNewThread {
            do {
                for (i, (n, c, b)) in copia.enumerated() {
                    try s.soltar(n, b, carpeta: c)
                    for v in otras[n] ?? [] {
                        usleep(UInt32.random(in: 0...20_000))
                        try s.soltar(n, v, carpeta: c)
                    }
                    if i % 64 == 63 { usleep(90_000) }
                }
            } catch { errorEscritor = error }
            listo.signal()
        }
        var muertes = 0
        var escritorTermino = false
        while muertes < 20 || !escritorTermino {
            // Kill at a random moment after start-up (loading the catálogo takes a while in
            // debug builds), so that most kills land while batches are being executed.
            let listos = s.textoLog.components(separatedBy: " ready ").count
            try s.iniciar(verbose: false)
            _ = s.esperar(10) { s.textoLog.components(separatedBy: " ready ").count > listos }
            usleep(UInt32.random(in: 0...250_000))
            s.matar()
            muertes += 1
            if listo.wait(timeout: .now()) == .success { escritorTermino = true }
            if muertes > 200 { break }
        }
        #expect(errorEscritor == nil)
        #expect(muertes >= 20)
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")

        let razones = s.listar("rejected").filter { $0.hasSuffix(".reason") }.map { s.leer("rejected/" + $0) }
        let ajenas = razones.filter { !$0.contains("already captured") && !$0.contains("already verified") }
        #expect(ajenas.isEmpty, "\(ajenas.prefix(5)) \(s.textoLog.suffix(2000))")
        #expect(razones.count <= 400)
        #expect(s.listar("captured").isEmpty)
        #expect(s.listar("tmp").isEmpty)
        for c in carpetas.compactMap({ $0 }) { #expect(s.listar("incoming/" + c).isEmpty) }
        #expect(s.listar("incoming").allSatisfy { carpetas.contains($0) })
        let verificadas = s.listar("verified"), empaquetadas = s.listar("packaged")
        #expect(verificadas.count + empaquetadas.count == 2000)
        #expect(Set(verificadas).isDisjoint(with: empaquetadas))
        var malas = 0
        for (k, archivos) in esperado {
            let fase = s.existe("packaged/\(k)") ? "packaged" : "verified"
            let hay = Set(s.listar("\(fase)/\(k)"))
            if hay != Set(archivos.keys).union(["estado"]) {
                malas += 1
                continue
            }
            for (n, b) in archivos {
                // A re-saved capture may be any of its saves (each was a complete file).
                var hay = Array(FileManager.default.contents(atPath: "\(s.spool)/\(fase)/\(k)/\(n)") ?? Data())
                var esperados = b
                if n.contains(".captura.op") {
                    while hay.last == 10 { hay.removeLast() }
                    while esperados.last == 10 { esperados.removeLast() }
                }
                if hay != esperados { malas += 1 }
            }
            let e = s.leer("\(fase)/\(k)/estado")
            if !e.contains("resultado verificada") || e.split(separator: "\n").filter({ $0.hasPrefix("archivo ") }).count != 3 {
                malas += 1
            }
        }
        #expect(malas == 0, "\(malas) actas not whole")
        #expect(EscritorHostilTests.itemsIncoherentes(s).isEmpty, "\(EscritorHostilTests.itemsIncoherentes(s).prefix(5))")
        #expect(EscritorHostilTests.imagenesFalsas(s).isEmpty)
        let v = try Binario.ejecutar(["verify", s.spool + "/publish/latest", "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0, "\(v.stderr)")
        let recuperaciones = s.textoLog.components(separatedBy: " recovery ").count - 1
        print("crash test: \(muertes) SIGKILLs, \(recuperaciones) interrupted steps recovered")
    }
}
