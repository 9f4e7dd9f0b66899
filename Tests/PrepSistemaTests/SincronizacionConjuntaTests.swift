import Glibc
import Testing
@testable import PrepSistema

/// fsyncs together: every target is opened and synced, a failure names its own path, and the
/// first failure in the caller's order wins however the threads ran.
@Suite struct SincronizacionConjuntaTests {
    @Test func sincronizaArchivosYCarpetas() throws {
        let ruta = try Directorio.crearTemporal("/tmp/prep-fsync-")
        let d = try Directorio.abrir(ruta)
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        try d.crearCarpeta("item", permisos: 0o750)
        for n in ["a", "b", "item/estado"] { try d.escribirArchivo(NombreArchivo(n), Array(n.utf8)) }
        try SincronizacionConjunta.sincronizar([.init(d), .init(d, "a"), .init(d, "b"), .init(d, "item"), .init(d, "item/estado")])
        try SincronizacionConjunta.sincronizar([])
        try SincronizacionConjunta.sincronizar([.init(d, "a")])
    }

    @Test func elPrimerFalloEnOrdenGana() throws {
        let ruta = try Directorio.crearTemporal("/tmp/prep-fsync-")
        let d = try Directorio.abrir(ruta)
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        try d.escribirArchivo("a", Array("uno".utf8))
        // A symbolic link is never followed: the daemon syncs its own files, not a link's target.
        #expect(symlink(ruta + "/a", ruta + "/enlace") == 0)
        for _ in 0..<20 {
            let e = #expect(throws: ErrorSistema.self) {
                try SincronizacionConjunta.sincronizar([.init(d, "a"), .init(d, "falta"), .init(d), .init(d, "enlace"), .init(d, "otra")])
            }
            #expect(e?.description.contains(ruta + "/falta") == true, "\(String(describing: e))")
        }
        let e = #expect(throws: ErrorSistema.self) { try SincronizacionConjunta.sincronizar([.init(d, "a"), .init(d, "enlace")]) }
        #expect(e?.description.contains("enlace") == true, "\(String(describing: e))")
    }

    /// Many targets at once, each on a thread of its own: all of them synced, and a failure of
    /// the last one alone, reported by the thread that met it, still reaches the caller.
    @Test func muchosALaVezYElUltimoFalla() throws {
        let ruta = try Directorio.crearTemporal("/tmp/prep-fsync-")
        let d = try Directorio.abrir(ruta)
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        let nombres = (0..<64).map { NombreArchivo("f\($0)") }
        for n in nombres { try d.escribirArchivo(n, Array("x".utf8)) }
        try SincronizacionConjunta.sincronizar(nombres.map { .init(d, $0) } + [.init(d)])
        for _ in 0..<5 {
            let e = #expect(throws: ErrorSistema.self) {
                try SincronizacionConjunta.sincronizar(nombres.map { .init(d, $0) } + [.init(d, "no-existe")])
            }
            #expect(e?.description.contains(ruta + "/no-existe") == true, "\(String(describing: e))")
        }
    }

    /// Every fsync of the daemon's goes through one wrap: its failure is `fsync PATH: reason`,
    /// naming the path the caller gave.
    @Test func unFalloNombraLaRutaDada() {
        let e = #expect(throws: ErrorSistema.self) { try FileDescriptor(rawValue: -1).sincronizar(ruta: "/spool/rejected/x.json") }
        #expect(e?.operacion == "fsync" && e?.ruta == "/spool/rejected/x.json" && e?.errno == Errno(rawValue: EBADF),
                "\(String(describing: e))")
        #expect(e?.description == "fsync /spool/rejected/x.json: \(Errno(rawValue: EBADF))")
    }
}
