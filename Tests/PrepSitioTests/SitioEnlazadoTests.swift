import Foundation
import Glibc
import Testing
import PrepDominio
import PrepSistema
@testable import PrepPublicacion
@testable import PrepSitio

/// A corte reuses the previous corte's files that did not change: an ámbito's page or a lookup
/// file whose actas were not registered since, the stylesheet, the key, candidaturas and LEEME are
/// hard links to the previous corte's file, never rewritten; a page whose ámbito changed is made
/// again. Every corte of the sequence verifies, and its reused files are byte for byte what a
/// corte made from scratch writes. A previous corte's file changed behind the daemon's back is
/// never linked into a new corte.
@Suite struct SitioEnlazadoTests {
    /// Two distritos, two lookup files (secciones 1 and 25), one acta per page of the ámbito tables
    /// (`filasPorPagina` 1), so that each kind of file can stay or change on its own.
    static let catalogo: Catalogo = {
        let columnas = Fixture.columnas
        func casilla(_ k: String, distrito: Int) -> Casilla {
            Casilla(clave: ClaveCasilla(k)!, idDistritoLocal: distrito, idDemarcacion: 7, ubicacion: 1, listaNominal: 600,
                    representantes: 10, boletasEspecial: 0, elecciones: ["JG", "ALC"])
        }
        return Catalogo(
            proceso: Proceso(idEntidad: 9, entidad: "CIUDAD DE MÉXICO", siglas: "CDMX", anio: 2024, descripcion: "prueba"),
            elecciones: [
                Eleccion(codigo: "JG", nombre: "JEFATURA DE GOBIERNO", geografia: .distritoLocal, columnas: columnas, columnasPorAmbito: [:]),
                Eleccion(codigo: "ALC", nombre: "ALCALDÍAS", geografia: .demarcacion, columnas: columnas, columnasPorAmbito: [:]),
            ],
            distritos: [Ambito(id: 1, nombre: "DISTRITO 01"), Ambito(id: 2, nombre: "DISTRITO 02")],
            demarcaciones: [Ambito(id: 7, nombre: "Tláhuac")],
            casillas: [casilla("090001B0100", distrito: 1), casilla("090001C0100", distrito: 1),
                       casilla("090025B0100", distrito: 2), casilla("090026B0100", distrito: 2)],
            candidaturas: [])
    }()

    /// A publisher of that catálogo with the site, its spool folder for images, and a way to
    /// register an acta by key. `generador`: the program its cortes name (`ConfiguracionCortes.generador`).
    struct Banco {
        let raiz: String
        let p: ConstructorCortes
        init(_ raiz: String, generador: String? = nil, filasPorPagina: Int = 1) throws {
            self.raiz = raiz
            try FileManager.default.createDirectory(atPath: raiz + "/spool", withIntermediateDirectories: true)
            var c = Fixture.configuracion(raiz + "/publish")
            c.sitio = SitioResultados(clave: Fixture.clavePrueba.publica, maquetador: MaquetadorSitio(filasPorPagina: filasPorPagina))
            c.generador = generador
            p = try ConstructorCortes(configuracion: c, catalogo: SitioEnlazadoTests.catalogo)
        }
        func registrar(_ claves: [String]) throws {
            for (i, k) in claves.enumerated() {
                let (a, r) = try Fixture.capturada(k, Fixture.votos(.votos(10 + i), .votos(20), .votos(3), .votos(0), .votos(1)), carpeta: raiz + "/spool")
                try p.registrar(a, rutaImagen: r)
            }
        }
        func corte(_ n: Int) throws -> CortePublicado {
            try p.publicarCorte(ahora: MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + Int64(n) * 900, desfaseMinutos: -360))
        }
    }

    static func inodo(_ ruta: String) throws -> UInt64 { try Directorio.actual.estado(NombreArchivo(ruta)).inodo }
    static func bytes(_ ruta: String) throws -> [UInt8] { try Directorio.actual.leerTodo(NombreArchivo(ruta)) }

    /// The files of a corte that do not depend on the corte: ámbito pages and lookup files.
    static func estables(_ corte: String) throws -> [String] {
        let paginas = try FileManager.default.contentsOfDirectory(atPath: corte + "/resultados").filter { $0.contains("-") }.map { "resultados/" + $0 }
        let consulta = try FileManager.default.contentsOfDirectory(atPath: corte + "/consulta").map { "consulta/" + $0 }
        return (paginas + consulta).sorted()
    }

    static func verificar(_ corte: CortePublicado, anterior: CortePublicado?, _ n: Int) throws {
        _ = try VerificadorCorte.verificar(carpeta: corte.ruta, clave: Fixture.clavePrueba.publica, anterior: anterior?.ruta,
                                           ahora: MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + Int64(n) * 900, desfaseMinutos: -360),
                                           sitio: ComprobadorPaginas())
    }

    /// A reduction cut short anywhere (a stop, a crash) leaves a corte whose site is partly
    /// gone: some pages without the `corte.js` they load, or the other way round. Such a corte is
    /// a reduced one (its marker is written first): `prep verify` checks what remains against the
    /// signed list and its database, not pages that retention is removing.
    @Test func unaReduccionCortadaVerificaConElSitioAMedias() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        var preguntas = 0
        do {
            let b = try Banco(raiz + "/muestra")
            try b.registrar(["090001B0100-JG", "090025B0100-ALC"])
            for n in 1...3 { _ = try b.corte(n) }
            _ = RetencionCortes(carpeta: raiz + "/muestra/publish", conservar: 2, desfaseMinutos: -360)
                .aplicar(ahora: Fixture.t0, seguir: { preguntas += 1; return true })
        }
        for k in 2..<preguntas {
            let b = try Banco(raiz + "/k\(k)")
            try b.registrar(["090001B0100-JG", "090025B0100-ALC"])
            let primero = try b.corte(1)
            for n in 2...3 { _ = try b.corte(n) }
            var n = 0
            let r = RetencionCortes(carpeta: raiz + "/k\(k)/publish", conservar: 2, desfaseMinutos: -360)
                .aplicar(ahora: Fixture.t0, seguir: { n += 1; return n <= k })
            #expect(r.reducidos.isEmpty && r.interrumpida != nil, "cut after \(k) answers: \(r)")
            #expect(throws: Never.self, "cut after \(k) answers") { try Self.verificar(primero, anterior: nil, 1) }
        }
    }

    @Test func loQueNoCambioEsUnEnlaceYLoDemasSeHaceDeNuevo() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let b = try Banco(raiz)
        try b.registrar(["090001B0100-JG", "090025B0100-JG"])
        let c1 = try b.corte(0)
        try Self.verificar(c1, anterior: nil, 0)
        // Distrito 1's second page and sección 1's lookup file change; distrito 2 and sección 25 do not.
        try b.registrar(["090001C0100-JG"])
        let c2 = try b.corte(1)
        try Self.verificar(c2, anterior: c1, 1)
        let iguales = ["estilo.css", "prep.pub", "datos/LEEME.txt", "datos/CDMX_JG_CANDIDATURAS_2024.csv", "consulta/elecciones.js",
                       "resultados/JG-02.html", "resultados/JG-02-2.html", "consulta/09-0020.js",
                       "resultados/ALC-07.html", "resultados/ALC-07-4.html"]
        for f in iguales {
            #expect(try Self.inodo(c2.ruta + "/" + f) == Self.inodo(c1.ruta + "/" + f), "\(f) is not a link to the previous corte's")
        }
        let nuevas = ["resultados/JG-01.html", "resultados/JG-01-2.html", "consulta/09-0000.js", "index.html", "resultados/JG.html", "corte.js"]
        for f in nuevas {
            #expect(try Self.inodo(c2.ruta + "/" + f) != Self.inodo(c1.ruta + "/" + f), "\(f) was linked although its actas changed")
            #expect(try Self.bytes(c2.ruta + "/" + f) != Self.bytes(c1.ruta + "/" + f), "\(f) did not change")
        }
        #expect(c2.enlazados >= iguales.count)
        // A third corte with nothing new links every page of an ámbito and every lookup file.
        let c3 = try b.corte(2)
        try Self.verificar(c3, anterior: c2, 2)
        for f in try Self.estables(c3.ruta) {
            #expect(try Self.inodo(c3.ruta + "/" + f) == Self.inodo(c2.ruta + "/" + f), "\(f) was made again with nothing new")
        }

        // The same actas published from scratch by another publisher: the same stable files.
        let otro = try Banco(raiz + "/otro")
        try otro.registrar(["090001B0100-JG", "090025B0100-JG"])
        try otro.registrar(["090001C0100-JG"])
        let solo = try otro.corte(1)
        let estables = try Self.estables(c3.ruta)
        #expect(estables == (try Self.estables(solo.ruta)))
        #expect(estables.count == 11)
        for f in estables {
            #expect(try Self.bytes(c3.ruta + "/" + f) == Self.bytes(solo.ruta + "/" + f), "\(f) differs from a corte made from scratch")
        }
    }

    /// A page whose ámbito changed copies the rows of its unchanged actas from the previous
    /// corte's page and makes the others and its head (the ámbito's figures) again: the page is
    /// byte for byte the one a corte made from scratch writes, and verifies.
    @Test func unaPaginaCopiaLasFilasDeSusActasSinCambio() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        // Two rows per page: distrito 1's one page holds 090001B0100-JG and 090001C0100-JG.
        let b = try Banco(raiz, filasPorPagina: 2)
        try b.registrar(["090001B0100-JG", "090025B0100-JG"])
        let c1 = try b.corte(0)
        try b.registrar(["090001C0100-JG"])
        let c2 = try b.corte(1)
        try Self.verificar(c2, anterior: c1, 1)
        // Copied: 090001B0100-JG's row on JG-01.html, and in the lookup file of sección 1 the
        // three actas other than the new one (both of 090001B0100, ALC of 090001C0100).
        #expect(c2.piezasCopiadas == 4)
        let pagina = "resultados/JG-01.html"
        #expect(try Self.bytes(c2.ruta + "/" + pagina) != Self.bytes(c1.ruta + "/" + pagina))
        let otro = try Banco(raiz + "/otro", filasPorPagina: 2)
        try otro.registrar(["090001B0100-JG", "090025B0100-JG"])
        try otro.registrar(["090001C0100-JG"])
        let solo = try otro.corte(1)
        #expect(solo.piezasCopiadas == 0)
        for f in try Self.estables(c2.ruta) {
            #expect(try Self.bytes(c2.ruta + "/" + f) == Self.bytes(solo.ruta + "/" + f), "\(f) differs from a corte made from scratch")
        }
    }

    /// A file of the previous corte written in place (same size, other bytes) or replaced by
    /// another file under its name is not linked: the new corte has its own correct file and verifies.
    @Test func unArchivoPrevioAlteradoNoSeEnlaza() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let b = try Banco(raiz)
        try b.registrar(["090001B0100-JG", "090025B0100-JG"])
        let c1 = try b.corte(0)
        let enSuSitio = c1.ruta + "/resultados/JG-02.html"
        var alterada = try Self.bytes(enSuSitio)
        let buscado = Array("data-votos=\"PAN\">11<".utf8), puesto = Array("data-votos=\"PAN\">99<".utf8)
        let i = try #require(alterada.indices.first { alterada[$0...].starts(with: buscado) })
        alterada.replaceSubrange(i..<(i + buscado.count), with: puesto)
        let fd = try FileDescriptor.cwd.abrir(enSuSitio, [.soloEscritura])
        try fd.escribirTodo(alterada)
        try fd.cerrar()
        let reemplazado = c1.ruta + "/consulta/09-0020.js", css = c1.ruta + "/estilo.css"
        try Data("prepConsulta({});\n".utf8).write(to: URL(fileURLWithPath: reemplazado + ".tmp"))
        #expect(Glibc.rename(reemplazado + ".tmp", reemplazado) == 0)
        try Data("body{}".utf8).write(to: URL(fileURLWithPath: css))

        try b.registrar(["090001C0100-JG"])
        let c2 = try b.corte(1)
        for f in ["resultados/JG-02.html", "consulta/09-0020.js", "estilo.css"] {
            #expect(try Self.inodo(c2.ruta + "/" + f) != Self.inodo(c1.ruta + "/" + f), "\(f) was linked although it changed")
            #expect(try Self.bytes(c2.ruta + "/" + f) != Self.bytes(c1.ruta + "/" + f), "\(f) has the altered bytes")
        }
        try Self.verificar(c2, anterior: c1, 1)
        // The page is the one a corte made from scratch writes.
        let otro = try Banco(raiz + "/otro")
        try otro.registrar(["090001B0100-JG", "090025B0100-JG"])
        try otro.registrar(["090001C0100-JG"])
        let solo = try otro.corte(1)
        #expect(try Self.bytes(c2.ruta + "/resultados/JG-02.html") == Self.bytes(solo.ruta + "/resultados/JG-02.html"))
    }

    /// `corte.js`, where an ámbito's pages take the corte's time from, must say this corte: its
    /// time or expiry changed and re-signed fails, and so does a corte without it.
    @Test func corteJSEsElDelManifiesto() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let b = try Banco(raiz)
        try b.registrar(["090001B0100-JG"])
        let c = try b.corte(0)
        let ruta = c.ruta + "/corte.js"
        let original = try Self.bytes(ruta)
        /// Writes `nuevo` (nil: removes it) as corte.js, lists it and signs the list again.
        func firmar(_ nuevo: String?) throws -> String {
            var entradas = try ListaSHA256(analizando: try Self.bytes(c.ruta + "/SHA256")).entradas
            try? FileManager.default.removeItem(atPath: ruta)
            if let nuevo {
                try Data(nuevo.utf8).write(to: URL(fileURLWithPath: ruta))
                entradas["corte.js"] = SHA256.resumen(Array(nuevo.utf8))
            } else {
                entradas["corte.js"] = nil
            }
            let lista = ListaSHA256(entradas: entradas).bytes
            try Data(lista).write(to: URL(fileURLWithPath: c.ruta + "/SHA256"))
            try Data(try Fixture.clavePrueba.firmarEmbebido(lista, comentario: "re-signed")).write(to: URL(fileURLWithPath: c.ruta + "/SHA256.sig"))
            do { try Self.verificar(c, anterior: nil, 0) } catch { return String(describing: error) }
            return "verified"
        }
        let texto = String(decoding: original, as: UTF8.self)
        #expect(try firmar(texto) == "verified")
        #expect(try firmar(texto.replacingOccurrences(of: "20:00 (UTC-6)", with: "21:00 (UTC-6)"))
                == "corte.js: hora shows 02/06/2024 21:00 (UTC-6), the manifest's is 02/06/2024 20:00 (UTC-6)")
        #expect(try firmar(texto.replacingOccurrences(of: "\"expira\":1717382700000", with: "\"expira\":1817382700000"))
                == "corte.js: expira shows 1817382700000, the manifest's is 1717382700000")
        #expect(try firmar(nil) == "resultados/ALC-07-2.html: takes the corte time from corte.js, which the corte does not have")
    }
}
