import Foundation
import Testing
import PrepDominio
import PrepSistema
@testable import PrepSpool

/// `publish/`'s disk figures: each inode once (a file hard-linked into the next corte counts
/// once), the cortes whole and reduced, and `prep status --check` grading the space left.
@Suite struct DiscoPublicacionTests {
    @Test func cadaInodoUnaVezYLosReducidos() throws {
        let raiz = "/tmp/prep-disco-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let p = raiz + "/publish"
        for c in ["cortes/000001_20240602_2000", "cortes/000002_20240602_2015", "cortes/.000003_20240602_2030.partial", "imagenes"] {
            try FileManager.default.createDirectory(atPath: p + "/" + c, withIntermediateDirectories: true)
        }
        let grande = [UInt8](repeating: 7, count: 1 << 20)
        try Data(grande).write(to: URL(fileURLWithPath: p + "/cortes/000001_20240602_2000/datos.csv"))
        // The next corte links the same file: it takes its bytes once.
        #expect(link(p + "/cortes/000001_20240602_2000/datos.csv", p + "/cortes/000002_20240602_2015/datos.csv") == 0)
        try Data("x".utf8).write(to: URL(fileURLWithPath: p + "/cortes/000001_20240602_2000/RETENCION"))
        try Data(grande).write(to: URL(fileURLWithPath: p + "/imagenes/ab.jpg"))
        #expect(symlink("cortes/000002_20240602_2015", p + "/latest") == 0)
        let d = try Directorio.abrir(p)
        defer { d.cerrar() }
        let disco = try DiscoPublicacion.medir(d, ultimo: "000002_20240602_2015")
        #expect(disco.cortes == 2 && disco.reducidos == 1)
        // One MiB of data each (plus the folders' and the marker's blocks), never two for the link.
        #expect(disco.bytesCortes >= 1 << 20 && disco.bytesCortes < (1 << 20) + 64 * 1024, "\(disco)")
        let imagenes = try #require(disco.bytesImagenes)
        #expect(imagenes >= 1 << 20 && imagenes < (1 << 20) + 16 * 1024, "\(disco)")
        #expect(disco.bytesUltimo >= 1 << 20 && (disco.bytesPublish ?? 0) >= disco.bytesCortes + imagenes)
        #expect(disco.espacio.libres > 0 && disco.espacio.total >= disco.espacio.libres)
        #expect(disco.texto.contains("(2 cortes, 1 reduced by retention), imagenes "))
        // The probe's measure: the cortes and the space, not the images.
        let breve = try DiscoPublicacion.medir(d, ultimo: "000002_20240602_2015", todo: false)
        #expect(breve.bytesImagenes == nil && breve.bytesPublish == nil && breve.bytesCortes == disco.bytesCortes)
        #expect(breve.bytesUltimo == disco.bytesUltimo && breve.reducidos == 1)
    }

    @Test(arguments: [(1000, SaludSpool.Nivel.ok), (20, .advertencia), (3, .critico)])
    func elCheckAvisaAntesDeLlenarseElDisco(_ caben: Int, _ nivel: SaludSpool.Nivel) {
        var e = EstadoSpool(raiz: "/s")
        e.ahoraUnix = 1_717_380_060
        e.duenoPid = 42
        e.ultimoCorte = "000002_20240602_2015"
        e.ultimo = UltimoCorte(nombre: "000002_20240602_2015", hora: MarcaTiempo(segundosUnix: 1_717_380_000, desfaseMinutos: -360),
                               intervaloSegundos: 900, final: false)
        var d = DiscoPublicacion()
        d.bytesUltimo = 29_000_000
        d.espacio = EspacioDisco(libres: caben * 29_000_000 + 1, total: 1 << 40)
        e.disco = d
        let s = SaludSpool(e, maxEsperaSegundos: 1800)
        #expect(s.nivel == nivel, "\(s.linea(e))")
        #expect(s.linea(e).contains("disk nearly full: 29.0 MB free") == false)
        #expect(s.linea(e).contains("room for \(caben) more cortes the size of the last (29.0 MB)") == (nivel != .ok), "\(s.linea(e))")
    }
}
