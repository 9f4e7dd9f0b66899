import Foundation
import Glibc
import Testing
import PrepDominio
import PrepPruebas
import PrepPublicacion
import PrepSistema
import PrepSpool
import Synchronization
@testable import PrepServicio

/// Step 6 in-process, as the loop (`Bucle`) drives it: what a turn of the reception verified is
/// handed to the corte cycle, a corte includes exactly what was handed over before it was asked
/// for, and the loop packages what a finished corte included. No daemon, no sleeping: each wait is
/// for the reception's or the corte worker's own descriptor.
@Suite struct CicloCortesTests {
    /// A spool on a tiny catálogo (`CatalogoUniverso`, one casilla of every kind), its reception
    /// and its corte cycle (`unaVez`: `prep run --once`'s), with a corte interval no test reaches.
    final class Banco {
        let raiz: String
        let catalogo: Catalogo
        let spool: Spool
        let recepcion: Recepcion
        let ciclo: CicloCortes

        init(unaVez: Bool, nombre: String = #function, conservar: Int? = nil,
             antesDeReducir: @escaping @Sendable (NombreCorte) -> Void = { _ in }) throws {
            raiz = "/tmp/prep-ciclo-\(nombre.prefix(24))-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: raiz, withIntermediateDirectories: true)
            var config = Configuracion()
            config.spool = raiz + "/spool"
            config.catalogo = raiz + "/catalogo"
            try FileManager.default.createDirectory(atPath: config.catalogo, withIntermediateDirectories: true)
            for (nombre, bytes) in CatalogoUniverso.bytes() {
                try Data(bytes).write(to: URL(fileURLWithPath: config.catalogo + "/" + nombre))
            }
            config.claveFirma = raiz + "/keys/prep.sec"
            config.intervaloCorteNs = Configuracion.maxIntervaloCorteNs
            config.asentamientoNs = 0
            config.conservarCortes = conservar
            let registro = Registro(detallado: false, desfaseMinutos: config.desfaseUTCMinutos)
            catalogo = try leerCatalogo(ruta: config.catalogo)
            let operadores = try OperadoresVigentes.alIniciar(config, registro: registro)
            spool = try Spool.abrir(raiz: config.spool, crear: true, reglas: ReglasDominio(catalogo: catalogo, operadores: operadores),
                                    desfaseMinutos: config.desfaseUTCMinutos, registro: registro)
            recepcion = try Recepcion(spool: spool, config: config.recepcion, unaVez: unaVez)
            ciclo = try CicloCortes(spool: spool, config: config, catalogo: catalogo, operadores: operadores, unaVez: unaVez,
                                    registro: registro, antesDeReducir: antesDeReducir)
            try recepcion.iniciar()
        }

        deinit {
            ciclo.detener()
            try? FileManager.default.removeItem(atPath: raiz)
        }

        /// The `n`th JG acta of the catálogo, whole: an image and two agreeing captures, each
        /// written under a temporary name and renamed into incoming/.
        func soltar(_ n: Int) throws -> String {
            let jg = catalogo.elecciones.firstIndex { $0.codigo == "JG" } ?? 0
            let acta = try #require(catalogo.actas.lazy.filter { $0.eleccion == jg }.dropFirst(n).first)
            let k = acta.clave.texto
            let imagen: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array("acta \(k)".utf8) + [0xFF, 0xD9]
            let archivos: [(String, [UInt8])] = [("\(k).jpg", imagen)]
                + ["ana", "beto"].map { ("\(k).captura.\($0).json", Array(PlantillaCaptura.json(acta, catalogo: catalogo, operador: $0).utf8)) }
            for (nombre, bytes) in archivos {
                let tmp = "\(raiz)/spool/incoming/.\(nombre)"
                try Data(bytes).write(to: URL(fileURLWithPath: tmp))
                #expect(rename(tmp, "\(raiz)/spool/incoming/\(nombre)") == 0)
            }
            return k
        }

        /// Turns of the reception, each after waiting for incoming/ (or a settle deadline), until
        /// `n` actas were verified; returns them, in the order the turns did.
        func verificar(_ n: Int) throws -> [ClaveActa] {
            var verificadas: [ClaveActa] = []
            for _ in 0..<200 where verificadas.count < n {
                _ = try esperarLectura([recepcion.descriptor].compactMap { $0 }, timeoutMs: recepcion.esperaMs())
                verificadas += try recepcion.turno().verificadas
            }
            return verificadas
        }

        /// The corte the worker is building, once it wakes the loop, as the loop's turn gets it.
        func recogerCorte() throws -> [CorteHecho] {
            var hechos: [CorteHecho] = []
            for _ in 0..<100 where hechos.isEmpty {
                _ = try esperarLectura([ciclo.aviso], timeoutMs: 60_000)
                hechos = try ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
            }
            return hechos
        }

        /// Asks for a corte now and returns it once the worker has made it.
        func corte() throws -> [CorteHecho] {
            ciclo.solicitarCorte(responder: false)
            let hechos = try ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
            return hechos.isEmpty ? try recogerCorte() : hechos
        }

        func fase(_ k: String) -> String? {
            ["captured", "verified", "packaged"].first { FileManager.default.fileExists(atPath: "\(raiz)/spool/\($0)/\(k)") }
        }
    }

    /// The daemon: the corte at start, then what a turn verified goes to the worker at once; the
    /// next corte asked for includes it, and its turn packages it.
    @Test func loVerificadoEnUnTurnoEntraEnElCorteSiguienteYSeEmpaqueta() throws {
        let b = try Banco(unaVez: false)
        let inicio = try b.ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
        #expect(inicio.map(\.seq) == [1] && inicio.first?.nuevas == 0)
        let k = try b.soltar(0)
        let verificadas = try b.verificar(1)
        #expect(verificadas.map(\.texto) == [k])
        #expect(b.fase(k) == "verified")
        // Handed over, not yet due: no corte, nothing packaged.
        #expect(try b.ciclo.turno(verificadas, ahoraMonotonoNs: Reloj.monotonoNs(), final: false).isEmpty)
        #expect(b.ciclo.retirar(try #require(verificadas.first)) == "already registered for the next corte, which will publish it")
        b.ciclo.solicitarCorte(responder: false)
        var hechos = try b.ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
        if hechos.isEmpty { hechos = try b.recogerCorte() }
        #expect(hechos.map(\.seq) == [2])
        #expect(hechos.first?.nuevas == 1)
        #expect(b.fase(k) == "packaged")
        #expect(b.ciclo.ultimo?.seq == 2)
        let historia = try String(contentsOfFile: "\(b.raiz)/spool/packaged/\(k)/estado", encoding: .utf8)
        #expect(historia.contains("empaquetada corte \(try #require(hechos.first?.nombre))"))
    }

    /// A corte includes only what was handed over before it was asked for: an acta verified
    /// while it is being built waits for the next one.
    @Test func unaActaEntregadaDespuesDelPedidoEsperaAlCorteSiguiente() throws {
        let b = try Banco(unaVez: false)
        _ = try b.ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
        let primera = try b.soltar(0)
        let v1 = try b.verificar(1)
        b.ciclo.solicitarCorte(responder: false)
        // The corte is asked for with the first acta; the second is handed over after it.
        var hechos = try b.ciclo.turno(v1, ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
        let segunda = try b.soltar(1)
        let v2 = try b.verificar(1)
        hechos += try b.ciclo.turno(v2, ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
        if hechos.isEmpty { hechos = try b.recogerCorte() }
        #expect(hechos.map(\.nuevas) == [1])
        #expect(b.fase(primera) == "packaged")
        #expect(b.fase(segunda) == "verified")
        b.ciclo.solicitarCorte(responder: false)
        var otra = try b.ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
        if otra.isEmpty { otra = try b.recogerCorte() }
        #expect(otra.map(\.seq) == [3] && otra.first?.nuevas == 1)
        #expect(b.fase(segunda) == "packaged")
    }

    /// `prep run --once`: what the turns verified is held until the final turn, whose one corte
    /// includes it; no corte before.
    @Test func unaVezGuardaLoVerificadoHastaElUnicoCorteFinal() throws {
        let b = try Banco(unaVez: true)
        #expect(try b.ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false).isEmpty)
        let k = try b.soltar(2)
        let verificadas = try b.verificar(1)
        #expect(try b.ciclo.turno(verificadas, ahoraMonotonoNs: Reloj.monotonoNs(), final: false).isEmpty)
        // Not handed to the worker yet: withdrawing it is still allowed.
        #expect(b.ciclo.retirar(try #require(verificadas.first)) == nil)
        #expect(b.fase(k) == "verified")
        let final = try b.ciclo.turno(verificadas, ahoraMonotonoNs: Reloj.monotonoNs(), final: true)
        #expect(final.map(\.seq) == [1] && final.first?.nuevas == 1)
        #expect(b.fase(k) == "packaged")
    }

    /// Corte 1's reduction held at a gate (in `antesDeReducir`), and every corte a pass began to
    /// reduce.
    final class Compuerta: Sendable {
        let reduciendo = DispatchSemaphore(value: 0)
        let abierta = DispatchSemaphore(value: 0)
        let reducidos = Mutex<[Int]>([])

        func antesDeReducir(_ n: NombreCorte) {
            reducidos.withLock { $0.append(n.seq) }
            guard n.seq == 1 else { return }
            reduciendo.signal()
            abierta.wait()
        }
    }

    /// With `keep_cortes = 2`: cortes 1 and 2; the third, whose pass asks for corte 1 to be
    /// reduced, which is held at the gate; and a fourth, asked for meanwhile, which asks for corte
    /// 2's. Returns the seqs the third and fourth turns gave (bounded waits: with the reduction on
    /// the corte worker they would never come).
    static func cortesConReduccionRetenida(_ b: Banco, _ compuerta: Compuerta) throws -> (tercero: [Int], cuarto: [Int]) {
        let inicio = try b.ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
        #expect(inicio.map(\.seq) == [1])
        #expect(try b.corte().map(\.seq) == [2])
        b.ciclo.solicitarCorte(responder: false)
        var tercero = try b.ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
        try #require(compuerta.reduciendo.wait(timeout: .now() + 60) == .success, "corte 1 was never being reduced")
        for _ in 0..<50 where tercero.isEmpty {
            guard try !esperarLectura([b.ciclo.aviso], timeoutMs: 200).isEmpty else { continue }
            tercero = try b.ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
        }
        var cuarto: [CorteHecho] = []
        if !tercero.isEmpty {
            b.ciclo.solicitarCorte(responder: false)
            for _ in 0..<100 where cuarto.isEmpty {
                _ = try esperarLectura([b.ciclo.aviso], timeoutMs: 200)
                cuarto = try b.ciclo.turno([], ahoraMonotonoNs: Reloj.monotonoNs(), final: false)
            }
        }
        return (tercero.map(\.seq), cuarto.map(\.seq))
    }

    /// Retention runs on its own thread: with `keep_cortes = 2`, the third corte asks for the
    /// first to be reduced; while that reduction is held (a gate in `antesDeReducir`), the third
    /// corte is already back and a fourth is made. Once let go, the reduction finishes, and the
    /// end of `--once` waits for it. (When the corte worker reduced, the third corte came back
    /// only after its reduction, and no corte could be made during one.)
    @Test func laReduccionNoRetrasaElCorteSiguiente() throws {
        let compuerta = Compuerta()
        let b = try Banco(unaVez: false, conservar: 2, antesDeReducir: compuerta.antesDeReducir)
        // Whatever is checked below, the gate opens before the bench stops the cycle.
        var abierta = false
        defer { if !abierta { compuerta.abierta.signal() } }
        let (tercero, cuarto) = try Self.cortesConReduccionRetenida(b, compuerta)
        #expect(tercero == [3], "the third corte waited for the reduction of the first")
        #expect(cuarto == [4], "no corte was made while a reduction was in progress")
        let cortes = "\(b.raiz)/spool/publish/cortes"
        let primero = try #require(try FileManager.default.contentsOfDirectory(atPath: cortes).filter { $0.hasPrefix("000001_") }.first)
        #expect(FileManager.default.fileExists(atPath: "\(cortes)/\(primero)/index.html"), "corte 1 was reduced past the gate")
        #expect(compuerta.reducidos.withLock { $0 } == [1])
        // Let go: the end of `--once` waits for the reduction in hand and for the one the fourth
        // corte asked for.
        compuerta.abierta.signal()
        abierta = true
        b.ciclo.detener(abandonarReduccion: false)
        #expect(compuerta.reducidos.withLock { $0 } == [1, 2])
        #expect(b.ciclo.reducciones >= 1)
        for seq in ["000001_", "000002_"] {
            let c = try #require(try FileManager.default.contentsOfDirectory(atPath: cortes).first { $0.hasPrefix(seq) })
            #expect(FileManager.default.fileExists(atPath: "\(cortes)/\(c)/RETENCION") && !FileManager.default.fileExists(atPath: "\(cortes)/\(c)/index.html"))
        }
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: cortes)) ?? []).contains { $0.hasPrefix(".") })
    }

    /// A stop (a signal) does not wait for retention: the reduction in hand when it comes is cut
    /// short (here before anything of corte 1 went) and the one the fourth corte asked for is not
    /// started; both are left for the passes after the next start.
    @Test func unaParadaNoEsperaLaReduccion() throws {
        let compuerta = Compuerta()
        let detenido = DispatchSemaphore(value: 0)
        let b = try Banco(unaVez: false, conservar: 2, antesDeReducir: compuerta.antesDeReducir)
        var abierta = false
        defer { if !abierta { compuerta.abierta.signal() } }
        let (tercero, cuarto) = try Self.cortesConReduccionRetenida(b, compuerta)
        #expect(tercero == [3] && cuarto == [4])
        // The stop, on its own thread (it waits for the pass to end); the held pass is let go
        // once the stop has asked retention to end.
        // (The test thread only reads an atomic flag meanwhile.)
        final class Caja: @unchecked Sendable {
            let ciclo: CicloCortes
            init(_ c: CicloCortes) { ciclo = c }
        }
        let caja = Caja(b.ciclo)
        Thread {
            caja.ciclo.detener(abandonarReduccion: true)
            detenido.signal()
        }.start()
        for _ in 0..<1000 where !b.ciclo.reduccionesAbandonadas { usleep(10_000) }
        #expect(b.ciclo.reduccionesAbandonadas)
        compuerta.abierta.signal()
        abierta = true
        #expect(detenido.wait(timeout: .now() + 60) == .success, "the stop waited")
        #expect(compuerta.reducidos.withLock { $0 } == [1], "a reduction was started after the stop")
        let cortes = "\(b.raiz)/spool/publish/cortes"
        for seq in ["000001_", "000002_"] {
            let c = try #require(try FileManager.default.contentsOfDirectory(atPath: cortes).first { $0.hasPrefix(seq) })
            #expect(!FileManager.default.fileExists(atPath: "\(cortes)/\(c)/RETENCION") && FileManager.default.fileExists(atPath: "\(cortes)/\(c)/index.html"),
                    "corte \(seq) was reduced after the stop")
        }
    }
}
