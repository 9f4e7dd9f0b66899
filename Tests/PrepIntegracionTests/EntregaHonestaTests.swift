import Foundation
import PrepPruebas
import Glibc
import PrepDominio
import Testing

/// Writers that follow SPEC §4 to the letter: every drop arrives by rename, so none of them may
/// ever wait for `settle`.
@Suite(.serialized, .enHiloPropio) struct EntregaHonestaTests {
    /// The SPEC §4 way at a steady rate, by a station process (`estacion`): each acta's image
    /// renamed into `incoming/catd-07/`, then its two captures renamed into `incoming/captura/`,
    /// each from a dot-name in the same folder.
    /// Every acta is verified well within `settle` of its last drop: its history shows the
    /// `verificada` line at most settle/2 after the latest `acopio`/`captura` line (the arrival
    /// times, from the drops' ctimes), whatever the batches the daemon happened to make. `settle`
    /// is ten minutes, so a drop that waited for it could not be verified within the test's wait:
    /// the proof is the event (verified), not a latency a loaded machine could miss.
    /// The station: a process of its own, as a CATD's scanner and capture stations are, writing
    /// each drop (`LIST`: `N FOLDER NAME` lines, acta N at N / RATE seconds) under a dot-name in
    /// its folder, closing it, and renaming it. Not this test process: a drop it had open could be
    /// inherited by a process another test spawns at that moment (browsers, daemons, signify),
    /// whose exit closes it after the rename, a late close the daemon rightly takes for a writer
    /// still at work, and settles. Python opens files non-inheritable and spawns nothing.
    static let estacion = """
        import os, sys, time
        incoming, origen, lista, por_segundo = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
        t0 = time.monotonic()
        for linea in open(lista):
            n, carpeta, nombre = linea.split()
            falta = t0 + int(n) / por_segundo - time.monotonic()
            if falta > 0:
                time.sleep(falta)
            datos = open(os.path.join(origen, nombre), 'rb').read()
            parcial = os.path.join(incoming, carpeta, '.' + nombre + '.part')
            with open(parcial, 'wb') as f:
                f.write(datos)
            os.rename(parcial, os.path.join(incoming, carpeta, nombre))
        """

    @Test func dropsPorRenombreEnSubcarpetasNoEsperanSettle() throws {
        let settle: Int64 = 600
        let s = try SpoolPrueba("honesta", settle: "\(settle)s")
        // The stations' shares exist before the night, as in a deployment: a file renamed into a
        // folder the daemon has not watched yet is found by a scan, and then must settle.
        for carpeta in ["catd-07", "captura"] {
            try FileManager.default.createDirectory(atPath: s.spool + "/incoming/" + carpeta, withIntermediateDirectories: true)
        }
        try s.iniciar(verbose: false)
        #expect(s.esperar { s.textoLog.contains(" ready ") })
        let actas = SpoolPrueba.actas(60)
        // Each drop's bytes staged outside the spool; the station writes and renames them.
        let origen = s.dir + "/estacion"
        try FileManager.default.createDirectory(atPath: origen, withIntermediateDirectories: true)
        var lista = ""
        for (i, a) in actas.enumerated() {
            let k = a.clave.texto
            for (carpeta, nombre, bytes) in [("catd-07", "\(k).jpg", SpoolPrueba.imagen(i)),
                                             ("captura", "\(k).captura.cap1.json", SpoolPrueba.captura(a, "cap1")),
                                             ("captura", "\(k).captura.cap2.json", SpoolPrueba.captura(a, "cap2"))] {
                try Data(bytes).write(to: URL(fileURLWithPath: origen + "/" + nombre))
                lista += "\(i) \(carpeta) \(nombre)\n"
            }
        }
        try Data(lista.utf8).write(to: URL(fileURLWithPath: origen + ".lista"))
        let estacion = try Ejecucion.ejecutar("/usr/bin/python3", ["-c", Self.estacion, s.spool + "/incoming", origen, origen + ".lista", "30"])
        #expect(estacion.estado == 0, "\(estacion.todo)")
        #expect(s.esperar(30) { s.listar("verified").count == actas.count }, "\(s.textoLog)")
        var tardias: [String] = []
        for a in actas {
            let k = a.clave.texto
            var llegada: Int64 = 0
            var verificada: Int64?
            for linea in s.leer("verified/\(k)/estado").split(separator: "\n") {
                let partes = linea.split(separator: " ", maxSplits: 2)
                guard partes.count >= 2, let t = MarcaTiempo(rfc3339: partes[0]) else { continue }
                switch partes[1] {
                case "acopio", "captura": llegada = max(llegada, t.segundosUnix)
                case "verificada": verificada = t.segundosUnix
                default: break
                }
            }
            guard let verificada else {
                tardias.append("\(k): not verified")
                continue
            }
            if verificada - llegada > settle / 2 { tardias.append("\(k): verified \(verificada - llegada) s after its last drop") }
        }
        #expect(tardias.count == 0, "\(tardias.count) of \(actas.count) actas waited: \(tardias.prefix(5))")
        #expect(s.listar("rejected").isEmpty)
        #expect(s.detener() == 0)
    }
}
