import Foundation
import PrepPruebas
import Glibc
import PrepSistema
import Testing

/// What a crash can do to the image copies in `publish/imagenes/`: none is trusted by its name
/// alone.
@Suite(.enHiloPropio) struct CopiasImagenesTests {
    static func tamano(_ ruta: String) -> Int { LecturaAcotadaHostilTests.tamano(ruta) }

    /// How a power loss can leave a copy that was renamed into `publish/imagenes/` before its
    /// data reached the disk.
    enum Dano: String, CaseIterable { case vacia, cortada, basura }

    /// The daemon copies a verified acta's image into `publish/imagenes/` and dies (SIGKILL)
    /// before any corte names it; the copy is then damaged as a power loss can leave it. At the
    /// next start the copy is not trusted by its name: it is hashed, found wrong, made again from
    /// the item, and the corte that names it verifies with its images. A leftover temporary copy
    /// is removed.
    @Test(arguments: Dano.allCases) func copiaDanadaSeRehaceAlArrancar(_ dano: Dano) throws {
        let s = try SpoolPrueba("copia-\(dano.rawValue)", configExtra: "corte_interval = 20m\n")
        try s.iniciar(verbose: false)
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let a = SpoolPrueba.actas(1, desde: 1400)[0]
        let k = a.clave.texto
        let imagen = SpoolPrueba.imagen(1400, tamano: 200_000)
        let nombre = SHA256.resumen(imagen).description + ".jpg"
        let copia = "\(s.spool)/publish/imagenes/\(nombre)"
        try s.soltar(k + ".jpg", imagen)
        try s.soltar(k + ".captura.uno.json", SpoolPrueba.captura(a, "uno"))
        try s.soltar(k + ".captura.dos.json", SpoolPrueba.captura(a, "dos"))
        // Registered for the next corte (20 minutes away): its copy is made now.
        #expect(s.esperar { s.existe("verified/\(k)") && Self.tamano(copia) == imagen.count }, "\(s.textoLog)")
        s.matar()
        #expect(s.existe("verified/\(k)"))

        chmod(copia, 0o644)
        switch dano {
        case .vacia: #expect(truncate(copia, 0) == 0)
        case .cortada: #expect(truncate(copia, off_t(imagen.count / 3)) == 0)
        case .basura: try Data(SpoolPrueba.imagen(9999, tamano: imagen.count - 4)).write(to: URL(fileURLWithPath: copia))
        }
        chmod(copia, 0o444)
        let temporal = "\(s.spool)/publish/imagenes/.\(nombre).tmp"
        try Data(imagen.prefix(1000)).write(to: URL(fileURLWithPath: temporal))

        // The restart's corte (made before `ready`) includes the acta and names its image.
        try s.iniciar(verbose: false)
        #expect(s.esperar { s.textoLog.components(separatedBy: " ready ").count > 2 }, "\(s.textoLog)")
        #expect(s.esperar { s.existe("packaged/\(k)") }, "\(s.textoLog.suffix(2000))")
        #expect(EscritorHostilTests.sha(copia) == String(nombre.prefix(64)), "the copy is still damaged")
        #expect(!FileManager.default.fileExists(atPath: temporal))
        #expect(s.textoLog.contains("publish/imagenes/\(nombre)"), "no line names the damaged copy: \(s.textoLog.suffix(2000))")
        let v = try Binario.ejecutar(["verify", s.spool + "/publish/latest", "--key", s.dir + "/keys/prep.pub",
                                      "--images", s.spool + "/publish/imagenes"])
        #expect(v.estado == 0, "\(v.stderr)")
        #expect(s.detener() == 0)
    }

    /// tools/publish-rsync.sh uploads finished copies only: an image copy being written
    /// (`imagenes/.NAME.tmp`) and a corte being built (`cortes/.NAME.partial/`) never reach the
    /// host, and what does reach it verifies.
    @Test func publishRsyncNoSubeLoQueSeEstaEscribiendo() throws {
        guard access("/usr/bin/rsync", X_OK) == 0 else {
            Issue.record("/usr/bin/rsync missing: apt-get install rsync (.ci/run installs it)")
            return
        }
        let s = try SpoolPrueba("rsync-temporales")
        let a = SpoolPrueba.actas(1, desde: 1450)[0]
        let k = a.clave.texto
        let imagen = SpoolPrueba.imagen(1450)
        try s.soltar(k + ".jpg", imagen)
        try s.soltar(k + ".captura.uno.json", SpoolPrueba.captura(a, "uno"))
        try s.soltar(k + ".captura.dos.json", SpoolPrueba.captura(a, "dos"))
        let r = try s.unaVez()
        #expect(r.estado == 0, "\(r.stderr)")
        let corte = try #require(CortesTests.cortes(s.spool + "/publish").last)
        // In progress at the moment the command runs: an image copy, and the next corte.
        let nombre = SHA256.resumen(SpoolPrueba.imagen(1451)).description + ".jpg"
        try Data(SpoolPrueba.imagen(1451).prefix(100)).write(to: URL(fileURLWithPath: "\(s.spool)/publish/imagenes/.\(nombre).tmp"))
        let parcial = "\(s.spool)/publish/cortes/.000009_20240602_2100.partial"
        try FileManager.default.createDirectory(atPath: parcial + "/datos", withIntermediateDirectories: true)
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: parcial + "/datos/x.csv"))

        let web = s.dir + "/web"
        let (estado, salida) = try CortesTests.sh("\"$1\" \"$2\" \"$3\"",
                                                   [CortesTests.repo + "/tools/publish-rsync.sh", "\(s.spool)/publish/cortes/\(corte)", web])
        #expect(estado == 0, "\(salida)")
        let subidas = (try? FileManager.default.contentsOfDirectory(atPath: web + "/imagenes")) ?? []
        #expect(subidas == [SHA256.resumen(imagen).description + ".jpg"], "\(subidas)")
        let cortes = (try? FileManager.default.contentsOfDirectory(atPath: web + "/cortes")) ?? []
        #expect(cortes == [corte], "\(cortes)")
        let v = try Binario.ejecutar(["verify", web + "/current", "--key", s.dir + "/keys/prep.pub"])
        #expect(v.estado == 0, "\(v.stderr)")
    }
}
