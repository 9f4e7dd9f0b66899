import Glibc
import Testing
@testable import PrepSistema

@Suite struct DirectorioTests {
    func temporal() throws -> (String, Directorio) {
        let ruta = try Directorio.crearTemporal("/tmp/prep-dir-")
        return (ruta, try Directorio.abrir(ruta))
    }

    @Test func renombrarSinReemplazoNoPisa() throws {
        let (ruta, d) = try temporal()
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        try d.escribirArchivo("a", Array("uno".utf8))
        try d.escribirArchivo("b", Array("dos".utf8))
        #expect(throws: ErrorSistema.self) { try d.renombrar("a", a: d, "b") }
        #expect(try d.leer("b", maximo: 10) == Array("dos".utf8))
        try d.renombrar("a", a: d, "c")
        #expect(!d.existe("a") && d.existe("c"))
        #expect(try d.mover("nada", a: d, "z") == .ausente)
        // Exchange swaps two names atomically.
        try d.renombrar("b", a: d, "c", modo: .intercambio)
        #expect(try d.leer("b", maximo: 10) == Array("uno".utf8))
        #expect(try d.leer("c", maximo: 10) == Array("dos".utf8))
    }

    /// A drop on another file system (a share mounted inside incoming/) cannot be moved by
    /// rename: that is a refusal the caller handles (the drop is left in place), not an I/O error.
    @Test(.enabled(if: Directorio.actual.existe("/dev/shm"))) func moverEntreSistemasDeArchivosEsDenegada() throws {
        let (ruta, d) = try temporal()
        let otro = try Directorio.crearTemporal("/dev/shm/prep-dir-")
        let o = try Directorio.abrir(otro)
        defer { d.cerrar(); o.cerrar(); system("rm -rf \(ruta) \(otro)") }
        try o.escribirArchivo("drop", Array("uno".utf8))
        #expect(try o.mover("drop", a: d, "drop") == .denegada(.crossDevice))
        #expect(o.existe("drop"))
    }

    @Test func estadoNoSigueEnlacesYListaBytes() throws {
        let (ruta, d) = try temporal()
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        #expect(symlink("/etc/passwd", ruta + "/enlace") == 0)
        #expect(mkfifo(ruta + "/tubo", 0o644) == 0)
        let raro = NombreArchivo(bytes: [0x61, 0xFF, 0x0A, 0x62])
        try d.escribirArchivo(raro, [1])
        #expect(try d.estado("enlace").tipo == .enlaceSimbolico)
        #expect(try d.estado("tubo").tipo == .fifo)
        #expect(try d.estado(raro).tamano == 1)
        let nombres = Set(try d.listar().map(\.nombre))
        #expect(nombres == ["enlace", "tubo", raro])
        #expect(raro.texto == nil)
        #expect(raro.description == "a\\xff\\x0ab")
        // Opening a link for reading refuses to follow it; a FIFO opens without blocking.
        #expect(throws: ErrorSistema.self) { try d.abrirLectura("enlace") }
        let f = try d.abrirLectura("tubo")
        try f.cerrar()
        try d.enlazar(raro, a: d, "segundo")
        #expect(try d.estado("segundo").enlaces == 2)
        try d.sincronizar()
        try d.sincronizarSistemaDeArchivos()
    }

    @Test func leerRespetaElMaximo() throws {
        let (ruta, d) = try temporal()
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        try d.escribirArchivo("x", [UInt8](repeating: 7, count: 200_000))
        #expect(try d.leer("x", maximo: 1000).count == 1001)
        #expect(try d.leer("x", maximo: 500_000).count == 200_000)
    }

    @Test func bloqueoExclusivoNombraAlDueno() throws {
        let (ruta, d) = try temporal()
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        let b = try Bloqueo.tomar("prep.lock", en: d)
        // flock locks belong to the open file description: a second open in this process conflicts too.
        do {
            _ = try Bloqueo.tomar("prep.lock", en: d)
            Issue.record("second lock taken")
        } catch {
            #expect(error.description.contains("pid \(getpid())"))
        }
        b.soltar()
        let c = try Bloqueo.tomar("prep.lock", en: d)
        c.soltar()
    }

    @Test func inotifyVeRenombresYEscrituras() throws {
        let (ruta, d) = try temporal()
        defer { d.cerrar(); system("rm -rf \(ruta)") }
        let i = try Inotify()
        defer { i.cerrar() }
        let wd = try i.vigilar(NombreArchivo(ruta))
        try d.escribirArchivo(".a.part", [1])
        try d.renombrar(".a.part", a: d, "a.jpg")
        try d.escribirArchivo("b.jpg", [2])
        let ev = try i.leerEventos()
        #expect(ev.allSatisfy { $0.reloj == wd })
        #expect(ev.contains { $0.nombre == "a.jpg" && $0.llegoPorRenombre })
        #expect(ev.contains { $0.nombre == "b.jpg" && !$0.llegoPorRenombre })
        #expect(try i.leerEventos().isEmpty)
    }
}
