import Foundation
import Glibc
import Testing
import PrepDominio
import PrepPruebas
import PrepSistema
@testable import PrepPublicacion
@testable import PrepSitio

/// The first corte after a restart is incremental, like any other: the restarted publisher reads
/// the last corte's files back (once its signed list verifies, each file hashed again), so the
/// pages and lookup files whose actas did not change, the stylesheet, the key, candidaturas and
/// LEEME are hard links to that corte's, and it publishes byte for byte what a publisher that
/// never stopped publishes. A file of the last corte changed on disk, before or after the restart,
/// even with its modification time put back, is never linked: the new corte has the right bytes.
@Suite struct ReinicioSitioTests {
    /// The cortes name a generator, so that a restart may reuse the last corte; a new publisher
    /// on the same folder is a restart.
    static let generador = "prep prueba"

    static func inodo(_ ruta: String) throws -> UInt64 { try Directorio.actual.estado(NombreArchivo(ruta)).inodo }
    static func bytes(_ ruta: String) throws -> [UInt8] { try Directorio.actual.leerTodo(NombreArchivo(ruta)) }

    /// The files of `a` that are hard links to `b`'s at the same path.
    static func enlazados(_ a: CortePublicado, a b: CortePublicado) throws -> [String] {
        try VerificadorCorte.archivosBajo(a.ruta).filter { f in
            guard Directorio.actual.existe(NombreArchivo(b.ruta + "/" + f)) else { return false }
            return try inodo(a.ruta + "/" + f) == inodo(b.ruta + "/" + f)
        }.sorted()
    }

    static func verificar(_ corte: CortePublicado, anterior: CortePublicado, _ n: Int) throws {
        _ = try VerificadorCorte.verificar(carpeta: corte.ruta, clave: Fixture.clavePrueba.publica, anterior: anterior.ruta,
                                           ahora: MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + Int64(n) * 900, desfaseMinutos: -360),
                                           sitio: ComprobadorPaginas())
    }

    /// The files that no registration in these tests' second corte changes: distrito 2's pages,
    /// sección 25's lookup file, the demarcación's pages (no ALC acta is registered), and the
    /// files that depend on no acta.
    static let sinCambios = ["estilo.css", "prep.pub", "datos/LEEME.txt", "datos/CDMX_JG_CANDIDATURAS_2024.csv", "consulta/elecciones.js",
                             "resultados/JG-02.html", "resultados/JG-02-2.html", "consulta/09-0020.js",
                             "resultados/ALC-07.html", "resultados/ALC-07-2.html", "resultados/ALC-07-4.html"]

    /// The three cortes of a publisher that never stops: two actas, a third (distrito 1, sección
    /// 1), nothing new.
    static func sinReinicio(_ raiz: String) throws -> [CortePublicado] {
        let b = try SitioEnlazadoTests.Banco(raiz, generador: generador)
        try b.registrar(["090001B0100-JG", "090025B0100-JG"])
        let s1 = try b.corte(0)
        try b.registrar(["090001C0100-JG"])
        return [s1, try b.corte(1), try b.corte(2)]
    }

    /// The first corte (the first two actas) of a publisher at `raiz`, which a new publisher there
    /// then restarts from.
    static func primerCorte(_ raiz: String) throws -> CortePublicado {
        let b = try SitioEnlazadoTests.Banco(raiz, generador: generador)
        try b.registrar(["090001B0100-JG", "090025B0100-JG"])
        return try b.corte(0)
    }

    @Test func elPrimerCorteTrasReiniciarEnlazaLoQueNoCambio() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let seguido = try Self.sinReinicio(raiz + "/seguido")
        let (s1, s2, s3) = (seguido[0], seguido[1], seguido[2])

        let c1 = try Self.primerCorte(raiz + "/a")
        try CortesIguales.comparar(c1, s1)
        // A restart, then an acta of distrito 1 and sección 1: the rest of the site stays.
        let reiniciado = try SitioEnlazadoTests.Banco(raiz + "/a", generador: Self.generador)
        // The site's counts of the last corte, kept at the restart from its rows read back.
        #expect(reiniciado.p.estado.memoriaSitio.leer(corte: c1.nombre.description) is AdaptadorSitio.TramosContados)
        try reiniciado.registrar(["090001C0100-JG"])
        let c2 = try reiniciado.corte(1)
        try Self.verificar(c2, anterior: c1, 1)
        try CortesIguales.comparar(c2, s2)
        let enlazados = try Self.enlazados(c2, a: c1)
        for f in Self.sinCambios { #expect(enlazados.contains(f), "\(f) is not a link to the last corte's after the restart") }
        // As many links as the publisher that never stopped made.
        #expect(enlazados == (try Self.enlazados(s2, a: s1)))
        #expect(c2.enlazados == s2.enlazados)
        for f in ["resultados/JG-01.html", "resultados/JG-01-2.html", "consulta/09-0000.js", "index.html", "corte.js"] {
            #expect(!enlazados.contains(f), "\(f) was linked although its actas or the corte changed")
        }
        // Another restart with nothing new: every page of an ámbito and every lookup file is linked.
        let otra = try SitioEnlazadoTests.Banco(raiz + "/a", generador: Self.generador)
        let c3 = try otra.corte(2)
        try Self.verificar(c3, anterior: c2, 2)
        try CortesIguales.comparar(c3, s3)
        let todos = try Self.enlazados(c3, a: c2)
        #expect(todos == (try Self.enlazados(s3, a: s2)))
        for f in try SitioEnlazadoTests.estables(c3.ruta) { #expect(todos.contains(f), "\(f) was made again with nothing new") }
    }

    /// The pages and lookup files that change are made of pieces: after a restart the first corte
    /// copies as many of them from the last corte's files as a publisher that never stopped
    /// (their places kept in `publish/piezas`), and is that publisher's corte.
    @Test func elPrimerCorteTrasReiniciarCopiaLasPiezas() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let s2 = try Self.sinReinicio(raiz + "/seguido")[1]
        #expect(s2.piezasCopiadas > 0)
        let c1 = try Self.primerCorte(raiz + "/a")
        let reiniciado = try SitioEnlazadoTests.Banco(raiz + "/a", generador: Self.generador)
        try reiniciado.registrar(["090001C0100-JG"])
        let c2 = try reiniciado.corte(1)
        #expect(c2.piezasCopiadas == s2.piezasCopiadas)
        try Self.verificar(c2, anterior: c1, 1)
        try CortesIguales.comparar(c2, s2)
        // The file now names the new corte.
        let piezas = try Self.bytes(raiz + "/a/publish/" + PiezasGuardadas.archivo)
        #expect(PiezasGuardadas.leer(piezas, corte: c2.nombre, lista: SHA256.resumen(try Self.bytes(c2.ruta + "/SHA256"))) != nil)
    }

    /// `publish/piezas` missing, cut, changed without its last line, or whole but for another
    /// corte or list, naming other bytes, with a place too many, places past a file's end or
    /// going back: the restarted publisher copies no piece, makes them all, and its corte is
    /// still byte for byte the corte of a publisher that never stopped.
    @Test func unasPiezasGuardadasQueNoSirvenNoCambianElCorte() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let s2 = try Self.sinReinicio(raiz + "/seguido")[1]
        typealias Lugares = PiezasGuardadas.Lugares
        /// A whole file of this format, as the builder writes it.
        func sellar(_ corte: NombreCorte, _ lista: HuellaSHA256, _ lugares: Lugares) -> [UInt8] {
            PiezasGuardadas.bytes(corte: corte, lista: lista, archivos: lugares.mapValues {
                ArchivosPrevios.Archivo(sha256: $0.sha256, dispositivo: 0, inodo: 0, tamano: 0, mtimeNs: 0, limites: $0.limites)
            })
        }
        func cadaUno(_ l: Lugares, _ f: ([Int32]) -> [Int32]) -> Lugares { l.mapValues { ($0.sha256, f($0.limites)) } }
        let otraLista = try HuellaSHA256(hex: String(repeating: "ab", count: 32))
        let otroCorte = try #require(NombreCorte("000009_20240602_2300"))
        let casos: [(String, (NombreCorte, HuellaSHA256, Lugares, [UInt8]) -> [UInt8]?)] = [
            ("missing", { _, _, _, _ in nil }),
            ("cut in half", { _, _, _, b in Array(b.prefix(b.count / 2)) }),
            ("a place changed, not sealed again", { _, _, _, b in
                var b = b
                b[b.count - 72] ^= 1  // in the last file's last place, just before the `fin` line (69 bytes)
                return b
            }),
            ("another corte's", { _, lista, l, _ in sellar(otroCorte, lista, l) }),
            ("another list's", { corte, _, l, _ in sellar(corte, otraLista, l) }),
            ("other bytes' places", { corte, lista, l, _ in sellar(corte, lista, l.mapValues { (otraLista, $0.limites) }) }),
            ("a place too many", { corte, lista, l, _ in sellar(corte, lista, cadaUno(l) { $0 + [$0[$0.count - 1]] }) }),
            ("places past the end", { corte, lista, l, _ in sellar(corte, lista, cadaUno(l) { $0.dropLast() + [999_999] }) }),
            ("places going back", { corte, lista, l, _ in
                sellar(corte, lista, cadaUno(l) { m in m.count < 3 ? [2, 1] : [m[0], m[2], m[1]] + m.dropFirst(3) })
            }),
        ]
        for (n, (caso, cambiar)) in casos.enumerated() {
            let publicacion = raiz + "/\(n)"
            let c1 = try Self.primerCorte(publicacion)
            let ruta = publicacion + "/publish/" + PiezasGuardadas.archivo
            let buenas = try Self.bytes(ruta)
            let lista = SHA256.resumen(try Self.bytes(c1.ruta + "/SHA256"))
            let lugares = try #require(PiezasGuardadas.leer(buenas, corte: c1.nombre, lista: lista), "\(caso)")
            #expect(lugares.count > 4, "\(caso)")
            try FileManager.default.removeItem(atPath: ruta)
            if let b = cambiar(c1.nombre, lista, lugares, buenas) { try Data(b).write(to: URL(fileURLWithPath: ruta)) }
            let reiniciado = try SitioEnlazadoTests.Banco(publicacion, generador: Self.generador)
            try reiniciado.registrar(["090001C0100-JG"])
            let c2 = try reiniciado.corte(1)
            #expect(c2.piezasCopiadas == 0, "\(caso): \(c2.piezasCopiadas) pieces copied")
            try Self.verificar(c2, anterior: c1, 1)
            try CortesIguales.comparar(c2, s2)
        }
    }

    /// `ruta`'s bytes changed in place, the same size (a digit for another): what a link check by
    /// size alone would miss.
    static func alterar(_ ruta: String) throws {
        var b = try bytes(ruta)
        let i = try #require(b.firstIndex { $0 >= 0x30 && $0 <= 0x38 })
        b[i] += 1
        let fd = try FileDescriptor.cwd.abrir(ruta, [.soloEscritura])
        try fd.escribirTodo(b)
        try fd.cerrar()
    }

    /// `touch -d` puts `ruta`'s modification time back to `mtimeNs`.
    static func restaurarMtime(_ ruta: String, _ mtimeNs: Int64) throws {
        let fecha = "@\(mtimeNs / 1_000_000_000).\(String(format: "%09lld", mtimeNs % 1_000_000_000))"
        let r = try Ejecucion.ejecutar("/usr/bin/touch", ["-m", "-d", fecha, ruta], directorio: "/")
        #expect(r.estado == 0, "\(r.todo)")
        #expect(try Directorio.actual.estado(NombreArchivo(ruta)).mtimeNs == mtimeNs)
    }

    @Test func unArchivoCambiadoAntesOTrasReiniciarNoSeEnlaza() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let c1 = try Self.primerCorte(raiz + "/a")
        func ruta(_ f: String) -> String { c1.ruta + "/" + f }
        func estado(_ f: String) throws -> Estado { try Directorio.actual.estado(NombreArchivo(ruta(f))) }

        // While the daemon is down: changed, its modification time put back.
        let caido = "resultados/ALC-07-2.html"
        let e0 = try estado(caido)
        try Self.alterar(ruta(caido))
        try Self.restaurarMtime(ruta(caido), e0.mtimeNs)

        let reiniciado = try SitioEnlazadoTests.Banco(raiz + "/a", generador: Self.generador)
        // After the restart read the corte back, before the corte: changed (its modification time
        // moves), and changed with the modification time put back (inode, size and mtime as
        // recorded), a page, a lookup file and the stylesheet.
        try Self.alterar(ruta("resultados/JG-02.html"))
        let restaurados = ["resultados/JG-02-2.html", "consulta/09-0020.js", "estilo.css"]
        for f in restaurados {
            let e = try estado(f)
            try Self.alterar(ruta(f))
            try Self.restaurarMtime(ruta(f), e.mtimeNs)
            let despues = try estado(f)
            #expect(despues.inodo == e.inodo && despues.tamano == e.tamano && despues.mtimeNs == e.mtimeNs)
        }
        try reiniciado.registrar(["090001C0100-JG"])
        let c2 = try reiniciado.corte(1)
        try Self.verificar(c2, anterior: c1, 1)

        let s2 = try Self.sinReinicio(raiz + "/seguido")[1]
        try CortesIguales.comparar(c2, s2)
        let enlazados = try Self.enlazados(c2, a: c1)
        for f in [caido, "resultados/JG-02.html"] + restaurados {
            #expect(!enlazados.contains(f), "\(f) changed on disk and was linked into the next corte")
            #expect(try Self.bytes(c2.ruta + "/" + f) == Self.bytes(s2.ruta + "/" + f), "\(f) has not the bytes of a corte made without the change")
        }
        // What was not touched is still linked.
        for f in ["resultados/ALC-07.html", "resultados/ALC-07-4.html", "prep.pub", "datos/LEEME.txt"] {
            #expect(enlazados.contains(f), "\(f) was not linked")
        }
    }

    /// A last corte whose list does not verify with this key (signed by another, or its signature
    /// changed) gives the restarted publisher nothing to link: every file is made and written.
    @Test func unaListaQueNoVerificaNoDaNadaQueEnlazar() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let c1 = try Self.primerCorte(raiz + "/a")
        var firma = try Self.bytes(c1.ruta + "/SHA256.sig")
        let i = try #require(firma.firstIndex(of: 10)).advanced(by: 5)
        firma[i] = firma[i] == 0x41 ? 0x42 : 0x41
        try Data(firma).write(to: URL(fileURLWithPath: c1.ruta + "/SHA256.sig"))
        let reiniciado = try SitioEnlazadoTests.Banco(raiz + "/a", generador: Self.generador)
        #expect(reiniciado.p.estado.previo == nil && reiniciado.p.estado.cambios == nil)
        let c2 = try reiniciado.corte(1)
        #expect(try Self.enlazados(c2, a: c1).isEmpty)
        #expect(c2.enlazados == 0)
    }
}
