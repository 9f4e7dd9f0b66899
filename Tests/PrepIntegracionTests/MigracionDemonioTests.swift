import Foundation
import PrepPruebas
import Glibc
import Testing

/// A spool an older `prep` left (each item's history in a file `historia` of its own) under the
/// daemon of this version: `prep show` reads it before any start, the start folds every item into
/// one `estado`, and the next capture extends that history.
@Suite(.serialized, .enHiloPropio) struct MigracionDemonioTests {
    @Test func unSpoolAntiguoSigueSuHistoriaTrasMigrar() throws {
        let s = try SpoolPrueba("migracion")
        try s.iniciar()
        let a = SpoolPrueba.actas(1, desde: 40)[0]
        let k = a.clave.texto
        try s.soltar("\(k).jpg", SpoolPrueba.imagen(40))
        try s.soltar("\(k).captura.cap001.json", SpoolPrueba.captura(a, "cap001"))
        #expect(s.esperar { s.leer("captured/\(k)/estado").contains("\nhistoria\n") }, "\(s.textoLog)")
        #expect(s.detener() == 0)

        // Made into the older layout, as an older `prep` would have left it.
        let partes = s.leer("captured/\(k)/estado").components(separatedBy: "\nhistoria\n")
        try #require(partes.count == 2)
        let viejo = "prep-item 1" + partes[0].dropFirst("prep-item 2".count) + "\n"
        try Data(viejo.utf8).write(to: URL(fileURLWithPath: "\(s.spool)/captured/\(k)/estado"))
        try Data(partes[1].utf8).write(to: URL(fileURLWithPath: "\(s.spool)/captured/\(k)/historia"))
        try FileManager.default.removeItem(atPath: "\(s.spool)/formato")
        #expect(partes[1].contains(" acopio ") && partes[1].contains(" captura "))

        // prep show reads it before any start of this version.
        let antes = try Binario.ejecutar(["show", k, "--config", s.config])
        #expect(antes.estado == 0 && antes.stdout.contains("result: pendiente"), "\(antes.todo)")
        #expect(antes.stdout.contains(" acopio \(k).jpg"), "\(antes.todo)")

        // The start folds it; the next capture's lines follow the old ones.
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" recovery 1 items of the older layout folded") }, "\(s.textoLog)")
        #expect(!s.existe("captured/\(k)/historia"))
        #expect(s.leer("formato") == "prep-spool 2\n")
        try s.soltar("\(k).captura.cap002.json", SpoolPrueba.captura(a, "cap002"))
        #expect(s.esperar { s.existe("verified/\(k)") }, "\(s.textoLog)")
        let despues = s.leer("verified/\(k)/estado").components(separatedBy: "\nhistoria\n")
        #expect(despues.count == 2)
        #expect(despues.last?.hasPrefix(partes[1]) == true, "\(despues)")
        #expect(despues.last?.contains(" verificada ") == true, "\(despues)")
        #expect(Set(s.listar("verified/\(k)")) == ["estado", "\(k).jpg", "\(k).captura.cap001.json", "\(k).captura.cap002.json"])
        #expect(!s.textoLog.contains("cuarentena"), "\(s.textoLog)")
        #expect(s.detener() == 0)
    }
}
