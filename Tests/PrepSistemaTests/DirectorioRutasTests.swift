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

    /// Whether the write end of a pipe is closed, seen from its read end (EOF, not EAGAIN): unlike
    /// asking about a descriptor number, which another test's thread may have reused meanwhile.
    static func cerrado(_ lectura: Int32) -> Bool {
        var b: UInt8 = 0
        return read(lectura, &b, 1) == 0
    }

    static func tubo() throws -> (lectura: Int32, escritura: Int32) {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        return (fds[0], fds[1])
    }

    @Test func cerrarDespuesCierraSiempreYDiceElError() throws {
        let t1 = try Self.tubo()
        defer { close(t1.lectura) }
        #expect(throws: ErrorSistema.self) {
            try FileDescriptor(rawValue: t1.escritura).cerrarDespues(ruta: "tubo") { _ throws(ErrorSistema) in
                throw ErrorSistema("probar", "tubo", .io)
            }
        }
        #expect(Self.cerrado(t1.lectura))  // closed although the body failed
        let t2 = try Self.tubo()
        defer { close(t2.lectura) }
        let n = try FileDescriptor(rawValue: t2.escritura).cerrarDespues(ruta: "tubo") { fd throws(ErrorSistema) in
            do throws(Errno) { try fd.escribirTodo([7]) } catch { throw ErrorSistema("write", "tubo", error) }
            return 1
        }
        #expect(n == 1)
        var b: UInt8 = 0
        #expect(read(t2.lectura, &b, 1) == 1 && b == 7)
        #expect(Self.cerrado(t2.lectura))
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
