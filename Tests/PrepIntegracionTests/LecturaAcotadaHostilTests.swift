import Foundation
import Glibc
import PrepPruebas
import PrepSistema
import Synchronization
import Testing

/// What a writer can do to the daemon's reads: every read of a drop or an item file stops at the
/// size that was checked (and one byte to see growth).
@Suite(.serialized, .enHiloPropio) struct LecturaAcotadaHostilTests {
    /// Every `archivo` line of every item's `estado`: (item, file name, SHA-256, bytes).
    static func archivosRegistrados(_ s: SpoolPrueba) -> [(item: String, nombre: String, sha: String, bytes: Int)] {
        var r: [(String, String, String, Int)] = []
        for fase in ["captured", "verified", "packaged"] {
            for k in s.listar(fase) {
                for linea in s.leer("\(fase)/\(k)/estado").split(separator: "\n") where linea.hasPrefix("archivo ") {
                    let c = linea.split(separator: " ")
                    if c.count >= 5 { r.append(("\(fase)/\(k)", String(c[2]), String(c[3]), Int(c[4]) ?? -1)) }
                }
            }
        }
        return r
    }

    static func tamano(_ ruta: String) -> Int {
        var st = stat()
        return stat(ruta, &st) == 0 ? Int(st.st_size) : -1
    }

    /// A writer keeps its image open and, the moment the daemon starts reading it (inotify
    /// `IN_ACCESS` on the file, so after the daemon's fstat), grows it to a sparse terabyte. The
    /// daemon reads no further than the size it checked: an ordinary acta dropped afterwards is
    /// verified within seconds, SIGTERM is answered at once, and nothing of the grown file is
    /// recorded or published (unbounded, one worker hashes zeros for minutes while the loop waits).
    @Test func unaImagenQueCreceAUnTerabyteNoDetieneAlDemonio() throws {
        let s = try SpoolPrueba("terabyte", settle: "100ms")
        try s.iniciar(verbose: false)
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let actas = SpoolPrueba.actas(2, desde: 1300)
        let (hostil, normal) = (actas[0].clave.texto, actas[1].clave.texto)
        try s.soltar(hostil + ".captura.uno.json", SpoolPrueba.captura(actas[0], "uno"))
        try s.soltar(hostil + ".captura.dos.json", SpoolPrueba.captura(actas[0], "dos"))

        // 40 MB (under max_image_size), sparse after its JPEG magic: hashing it takes long enough
        // for the writer to act while the daemon reads.
        let tamano = 40 << 20
        let oculto = "\(s.spool)/incoming/.\(hostil).jpg.part"
        let fd = open(oculto, O_RDWR | O_CREAT | O_EXCL, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let magia: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        #expect(magia.withUnsafeBytes { write(fd, $0.baseAddress, 4) } == 4)
        #expect(ftruncate(fd, off_t(tamano)) == 0)
        let ino = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        try #require(ino >= 0)
        defer { close(ino) }
        try #require(inotify_add_watch(ino, oculto, UInt32(IN_ACCESS)) >= 0)
        let parar = Atomic<Bool>(false)
        let crecido = DispatchSemaphore(value: 0)
        let hecho = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer { hecho.signal() }
            var p = pollfd(fd: ino, events: Int16(POLLIN), revents: 0)
            while !parar.load(ordering: .relaxed) {
                guard poll(&p, 1, 20) > 0 else { continue }
                ftruncate(fd, 1 << 40)
                crecido.signal()
                return
            }
        }
        defer {
            parar.store(true, ordering: .relaxed)
            hecho.wait()
        }
        #expect(rename(oculto, "\(s.spool)/incoming/\(hostil).jpg") == 0)
        try #require(crecido.wait(timeout: .now() + 20) == .success, "the daemon never read the image: \(s.textoLog)")

        // An ordinary acta, dropped now: verified within seconds.
        let inicio = Date()
        try s.soltar(normal + ".jpg", SpoolPrueba.imagen(1300))
        try s.soltar(normal + ".captura.uno.json", SpoolPrueba.captura(actas[1], "uno"))
        try s.soltar(normal + ".captura.dos.json", SpoolPrueba.captura(actas[1], "dos"))
        let verificada = s.esperar(10) { s.existe("verified/\(normal)") || s.existe("packaged/\(normal)") }
        let demora = Date().timeIntervalSince(inicio)
        #expect(verificada && demora < 3, "verified after \(demora) s: \(s.textoLog.suffix(2000))")

        // SIGTERM answered promptly.
        let parada = Date()
        let estado = s.detener()
        #expect(estado == 0)
        #expect(Date().timeIntervalSince(parada) < 5, "stopping took \(Date().timeIntervalSince(parada)) s")

        // Nothing recorded or published is the grown file: every size is at most the checked one,
        // and the hostile image, if it was taken at all, is recorded as the bytes that were checked.
        var h = SHA256()
        h.actualizar(magia)
        h.actualizar([UInt8](repeating: 0, count: tamano - 4))
        let original = h.finalizar().description
        for a in Self.archivosRegistrados(s) {
            #expect(a.bytes <= tamano, "\(a.item)/\(a.nombre) recorded with \(a.bytes) bytes")
            if a.nombre == hostil + ".jpg" { #expect(a.sha == original && a.bytes == tamano, "\(a)") }
        }
        for n in s.listar("publish/imagenes") {
            #expect(Self.tamano("\(s.spool)/publish/imagenes/\(n)") <= tamano, "published \(n)")
        }
    }
}
