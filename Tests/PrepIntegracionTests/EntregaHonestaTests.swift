import Foundation
import PrepPruebas
import Glibc
import PrepDominio
import Testing

/// Writers that follow SPEC §4 to the letter: every drop arrives by rename, so none of them may
/// ever wait for `settle`.
@Suite(.serialized, .enHiloPropio) struct EntregaHonestaTests {
    /// The SPEC §4 way at a steady rate: each acta's image renamed into `incoming/catd-07/`, then
    /// its two captures renamed into `incoming/captura/`, each from a dot-name in the same folder.
    /// Every acta is verified well within `settle` of its last drop: its `historia` shows the
    /// `verificada` line at most settle/2 after the latest `acopio`/`captura` line (the arrival
    /// times, from the drops' ctimes), whatever the batches the daemon happened to make. `settle`
    /// is ten minutes, so a drop that waited for it could not be verified within the test's wait:
    /// the proof is the event (verified), not a latency a loaded machine could miss.
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
        let porSegundo = 30.0
        let t0 = Date()
        for (i, a) in actas.enumerated() {
            let k = a.clave.texto
            let objetivo = t0.addingTimeInterval(Double(i) / porSegundo)
            let falta = objetivo.timeIntervalSinceNow
            if falta > 0 { usleep(UInt32(falta * 1e6)) }
            try s.soltar("\(k).jpg", SpoolPrueba.imagen(i), carpeta: "catd-07")
            try s.soltar("\(k).captura.cap1.json", SpoolPrueba.captura(a, "cap1"), carpeta: "captura")
            try s.soltar("\(k).captura.cap2.json", SpoolPrueba.captura(a, "cap2"), carpeta: "captura")
        }
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
