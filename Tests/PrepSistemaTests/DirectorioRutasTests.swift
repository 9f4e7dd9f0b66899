import Glibc
import Testing
@testable import PrepSistema

/// The whole-file and whole-tree wrappers (`DirectorioRutas.swift`), `cerrarDespues` and
/// `Bloqueo.dueno`.
@Suite struct DirectorioRutasTests {
    func temporal() throws -> (String, Directorio) { try DirectorioTests().temporal() }

    @Test func carpetasArchivosYArboles() throws {
        let (ruta, d) = try temporal()
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        try d.crearCarpetas("a/b/c")
        try d.crearCarpetas("a/b/c")  // existing folders are fine
        #expect(try d.estado("a/b/c").tipo == .directorio)
        try d.escribirArchivo("a/f", [])
        #expect(throws: ErrorSistema.self) { try d.crearCarpetas("a/f/g") }

        let grande = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try d.escribirAtomico("a/b/grande", grande)
        #expect(try d.leerTodo("a/b/grande") == grande)
        try d.escribirAtomico("a/b/grande", [1, 2, 3])
        #expect(try d.leerTodo("a/b/grande") == [1, 2, 3])
        #expect(!d.existe("a/b/grande.tmp"))
        // On the working directory, paths are named as given.
        #expect(throws: ErrorSistema.self) { try Directorio.actual.leerTodo(NombreArchivo(ruta + "/nada")) }
        do { _ = try Directorio.actual.leerTodo(NombreArchivo(ruta + "/nada")) } catch {
            #expect(error.description == "open \(ruta)/nada: No such file or directory")
        }

        try d.cambiarEnlace("ultimo", destino: "a/b")
        #expect(try d.leerEnlace("ultimo") == "a/b")
        try d.cambiarEnlace("ultimo", destino: "a/b/c")
        #expect(try d.leerEnlace("ultimo") == "a/b/c")
        #expect(try d.listar("ultimo").isEmpty)  // the link to a folder is followed for listing
        #expect(throws: ErrorSistema.self) { try d.leerEnlace("a") }

        // A tree goes, links in it are removed and never followed.
        try d.cambiarEnlace("a/b/afuera", destino: "/tmp")
        try d.borrarArbol("a")
        #expect(!d.existe("a"))
        try d.borrarArbol("a")  // nothing there: done
        #expect(d.existe("ultimo"))
    }

    @Test func cerrarDespuesCierraSiempreYDiceElError() throws {
        let (ruta, d) = try temporal()
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        try d.escribirArchivo("x", [1])
        var abierto: FileDescriptor?
        #expect(throws: ErrorSistema.self) {
            try d.fd.abrir("x", .soloLectura).cerrarDespues(ruta: "x") { fd throws(ErrorSistema) in
                abierto = fd
                throw ErrorSistema("probar", "x", .io)
            }
        }
        let fd = try #require(abierto)
        #expect(fcntl(fd.rawValue, F_GETFD) == -1)  // closed although the body failed
        let n = try d.fd.abrir("x", .soloLectura).cerrarDespues(ruta: "x") { fd throws(ErrorSistema) in
            abierto = fd
            return try fd.leerHastaElFinal(ruta: "x").count
        }
        #expect(n == 1)
        #expect(fcntl(try #require(abierto).rawValue, F_GETFD) == -1)
    }

    @Test func duenoDelBloqueo() throws {
        let (ruta, d) = try temporal()
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        #expect(Bloqueo.dueno("prep.lock", en: d) == nil)  // no file
        let b = try Bloqueo.tomar("prep.lock", en: d)
        #expect(Bloqueo.dueno("prep.lock", en: d) == Int(getpid()))
        b.soltar()
        #expect(Bloqueo.dueno("prep.lock", en: d) == nil)  // file left, lock free
    }
}
