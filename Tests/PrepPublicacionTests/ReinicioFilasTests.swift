import Foundation
@testable import PrepDominio
@testable import PrepPublicacion
import PrepPruebas
import PrepSistema
import Testing

/// A restarted publisher copies the last corte's unchanged rows at its first corte, like any
/// other corte, only when those rows are what it renders: same program, signed file, same offset
/// and profile. Its corte is byte for byte the one a publisher rendering every row makes.
@Suite struct ReinicioFilasTests {
    static func configuracion(_ carpeta: String, generador: String?) -> ConfiguracionCortes {
        var c = Fixture.configuracion(carpeta)
        c.generador = generador
        return c
    }

    /// Publishes wave 1 (and the third wave's first half) with one publisher, restarts it
    /// (`despues` runs on the folder in between), publishes wave 2 with the new one and the same
    /// with a publisher that renders every row; returns the restarted publisher's recovered rows.
    static func reiniciar(_ perfil: String, generadorAntes: String? = "prep prueba", generadorDespues: String? = "prep prueba",
                          despues: (CortePublicado) throws -> Void = { _ in }) throws -> (filas: [FilasPrevias], copiadas: [Bool]) {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let catalogo = perfil == "ine-2024" ? Fixture.catalogo : CatalogoUniverso.catalogo
        let olas = try CorteIncrementalTests.oleadas(catalogo, spool: raiz + "/spool", fuera: perfil == "ine-2024" ? "090003B0100-JG" : nil)
        let antes = try ConstructorCortes(configuracion: configuracion(raiz + "/a", generador: generadorAntes), catalogo: catalogo)
        let desdeCero = try ConstructorCortes(configuracion: configuracion(raiz + "/b", generador: generadorDespues), catalogo: catalogo)
        for (a, ruta) in olas[0] + olas[1] {
            try antes.registrar(a, rutaImagen: ruta)
            try desdeCero.registrar(a, rutaImagen: ruta)
        }
        let hora1 = MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 900, desfaseMinutos: 0)
        let primero = try antes.publicarCorte(ahora: hora1)
        desdeCero.estado.filasCSV = []
        _ = try desdeCero.publicarCorte(ahora: hora1)
        try despues(primero)

        let reiniciado = try ConstructorCortes(configuracion: configuracion(raiz + "/a", generador: generadorDespues), catalogo: catalogo)
        let (recuperadas, tablas) = (reiniciado.estado.filasCSV, reiniciado.estado.tablas)
        // Whether the writer copies with the recovered places without falling back to rendering
        // (it returns nil when the previous file is not what they describe).
        var copiadas: [Bool] = []
        let escritor = EscritorCSV(catalogo: catalogo, desfase: -360)
        for (it, tabla) in tablas.enumerated() where it < recuperadas.count {
            let ruta = raiz + "/prueba-\(it).csv"
            let fd = try FileDescriptor.cwd.abrir(ruta, [.soloEscritura, .crear, .exclusivo])
            let r = try escritor.escribir(tabla, corte: hora1.en(desfaseMinutos: -360), en: fd, ruta: ruta, previas: recuperadas[it])
            try fd.cerrar()
            copiadas.append(r != nil && !recuperadas[it].largos.isEmpty)
        }
        for (a, ruta) in olas[2] {
            try reiniciado.registrar(a, rutaImagen: ruta)
            try desdeCero.registrar(a, rutaImagen: ruta)
        }
        let hora2 = MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 1800, desfaseMinutos: 0)
        desdeCero.estado.filasCSV = []
        let b = try desdeCero.publicarCorte(ahora: hora2)
        let a = try reiniciado.publicarCorte(ahora: hora2)
        try CorteIncrementalTests.iguales(a, b)
        return (recuperadas, copiadas)
    }

    @Test(arguments: ["ine-2024", "iecm-2024"])
    func reutilizaLasFilasDelUltimoCorte(_ perfil: String) throws {
        let catalogo = perfil == "ine-2024" ? Fixture.catalogo : CatalogoUniverso.catalogo
        let (filas, copiadas) = try Self.reiniciar(perfil)
        #expect(filas.count == catalogo.elecciones.count)
        #expect(copiadas == Array(repeating: true, count: catalogo.elecciones.count))
    }

    /// Written by another program or version: the rows may be laid out differently, so the first
    /// corte after the restart renders them all (and still equals a corte made from scratch).
    @Test func otroGeneradorNoReutiliza() throws {
        for (antes, despues) in [("prep 0.11.0", "prep 0.12.0"), (nil, "prep 0.12.0")] as [(String?, String)] {
            let (_, copiadas) = try Self.reiniciar("iecm-2024", generadorAntes: antes, generadorDespues: despues)
            #expect(copiadas.allSatisfy { !$0 }, "written by \(antes ?? "an unnamed program")")
        }
    }

    /// A last corte whose SHA256 no longer verifies with the daemon's key is never copied from.
    @Test func firmaQueNoVerificaNoReutiliza() throws {
        let (_, copiadas) = try Self.reiniciar("ine-2024") { corte in
            let ruta = corte.ruta + "/SHA256.sig"
            var b = try Directorio.actual.leerTodo(NombreArchivo(ruta))
            b[b.count / 2] ^= 1
            try FileManager.default.removeItem(atPath: ruta)
            try Data(b).write(to: URL(fileURLWithPath: ruta))
        }
        #expect(copiadas.allSatisfy { !$0 })
    }

    /// The restarted publisher's first corte reuses the deflated pieces of the last corte's zip
    /// (read back from it, the zip's bytes being the signed ones) like a publisher that never
    /// stopped, and its zip is the same bytes, which `unzip -t` accepts; with the zip changed on
    /// disk nothing is reused and the corte is still the same.
    @Test(arguments: [false, true])
    func reutilizaLasPiezasDelZip(_ alterado: Bool) throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let catalogo = CatalogoUniverso.catalogo
        let olas = try CorteIncrementalTests.oleadas(catalogo, spool: raiz + "/spool", fuera: nil)
        let antes = try ConstructorCortes(configuracion: Self.configuracion(raiz + "/a", generador: "prep prueba"), catalogo: catalogo)
        let seguido = try ConstructorCortes(configuracion: Self.configuracion(raiz + "/b", generador: "prep prueba"), catalogo: catalogo)
        for (a, ruta) in olas[0] + olas[1] {
            try antes.registrar(a, rutaImagen: ruta)
            try seguido.registrar(a, rutaImagen: ruta)
        }
        func hora(_ n: Int64) -> MarcaTiempo { MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + n * 900, desfaseMinutos: 0) }
        let primero = try antes.publicarCorte(ahora: hora(1))
        _ = try seguido.publicarCorte(ahora: hora(1))
        let zip = try #require(try VerificadorCorte.archivosBajo(primero.ruta).first { $0.hasSuffix(".zip") })
        if alterado {
            var bytes = try Directorio.actual.leerTodo(NombreArchivo(primero.ruta + "/" + zip))
            bytes[bytes.count / 2] ^= 1
            try Data(bytes).write(to: URL(fileURLWithPath: primero.ruta + "/" + zip))
        }
        let reiniciado = try ConstructorCortes(configuracion: Self.configuracion(raiz + "/a", generador: "prep prueba"), catalogo: catalogo)
        #expect(reiniciado.estado.piezasZip.isEmpty == alterado)
        for (a, ruta) in olas[2].prefix(3) {
            try reiniciado.registrar(a, rutaImagen: ruta)
            try seguido.registrar(a, rutaImagen: ruta)
        }
        let a = try reiniciado.publicarCorte(ahora: hora(2))
        let b = try seguido.publicarCorte(ahora: hora(2))
        #expect(b.piezasReusadas > 0)
        #expect(a.piezasReusadas == (alterado ? 0 : b.piezasReusadas))
        try CorteIncrementalTests.iguales(a, b)
        guard ZipTests.herramienta("/usr/bin/unzip", "unzip") else { return }
        let dir = raiz + "/unzip"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let nuevo = try #require(try VerificadorCorte.archivosBajo(a.ruta).first { $0.hasSuffix(".zip") })
        let x = try Ejecucion.ejecutar("/usr/bin/unzip", ["-o", a.ruta + "/" + nuevo], directorio: dir)
        #expect(x.estado == 0, "\(x.todo)")
        let interiores = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".zip") }
        #expect(interiores.count == catalogo.elecciones.count)
        for z in interiores {
            let t = try Ejecucion.ejecutar("/usr/bin/unzip", ["-t", z], directorio: dir)
            #expect(t.estado == 0 && t.stdout.contains("No errors detected"), "\(t.todo)")
        }
    }
}
