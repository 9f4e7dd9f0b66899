import Foundation
import Testing
import PrepDominio
import PrepSistema
@testable import PrepSpool

/// A fake rule set: a capture is valid when its bytes are `{"n":N}`; its NULOS is N.
struct ReglasFalsas: ReglasActa {
    func validarCaptura(_ bytes: [UInt8], clave: ClaveActa, operador: String) -> Result<Captura, RazonRechazo> {
        let t = String(decoding: bytes, as: UTF8.self)
        guard t.hasPrefix("{\"n\":"), t.hasSuffix("}"), let n = Int(t.dropFirst(5).dropLast()) else {
            return .failure(RazonRechazo("invalid capture"))
        }
        return .success(Captura(acta: clave, operador: operador, capturada: nil, acopio: nil, totales: [:], votos: ["NULOS": .votos(n)]))
    }
    func validarSinActa(_ bytes: [UInt8], clave: ClaveActa) -> Result<DeclaracionSinActa, RazonRechazo> {
        .success(DeclaracionSinActa(acta: clave, operador: "x", causa: .casillaNoInstalada))
    }
}

@Suite struct ClaseDropTests {
    @Test(arguments: [
        ("090001B0100-JG.jpg", "imagen"), ("090001B0100-JG.JPEG", "imagen"), ("090001B0100-JG.Pdf", "imagen"),
        ("090001B0100-JG.captura.cap017.json", "captura"), ("090001B0100-JG.sinacta.json", "sinacta"),
        (".090001B0100-JG.jpg", "temporal"), ("090001B0100-JG.jpg.part", "temporal"), ("x.tmp", "temporal"),
        ("090001B0100-JG.gif", "invalido"), ("090001B0100-JG..jpg", "invalido"), ("090001B0100-JG copy.jpg", "invalido"),
        ("090001B0100-JG.captura.CAP.json", "invalido"), ("090001B0100-jg.jpg", "invalido"), ("hello", "invalido"),
        ("090001B0100-JG.captura.a.b.json", "invalido"),
        ("090001B0100-JG.captura.cap017.json.sig", "firma"), ("090001B0100-JG.sinacta.json.sig", "firma"),
        ("090001B0100-JG.jpg.sig", "invalido"), ("090001B0100-JG.sig", "invalido"), ("090001B0100-JG.captura.X.json.sig", "invalido"),
    ])
    func clasifica(_ nombre: String, _ clase: String) {
        let c = ClaseDrop.de(NombreArchivo(nombre))
        let obtenida: String
        switch c {
        case .imagen: obtenida = "imagen"
        case .captura: obtenida = "captura"
        case .sinActa: obtenida = "sinacta"
        case .temporal: obtenida = "temporal"
        case .invalido: obtenida = "invalido"
        case .firma: obtenida = "firma"
        }
        #expect(obtenida == clase, "\(nombre)")
    }

    @Test func firmas() {
        #expect(ClaseDrop.firmaCorrecta([0xFF, 0xD8, 0xFF, 0xE0], extension_: "jpg"))
        #expect(!ClaseDrop.firmaCorrecta([0xFF, 0xD8], extension_: "jpg"))
        #expect(ClaseDrop.firmaCorrecta([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], extension_: "png"))
        #expect(ClaseDrop.firmaCorrecta(Array("MM\0*".utf8), extension_: "tiff"))
        #expect(ClaseDrop.firmaCorrecta(Array("%PDF-1.7".utf8), extension_: "pdf"))
        #expect(!ClaseDrop.firmaCorrecta(Array("%PDF-1.7".utf8), extension_: "jpg"))
        #expect(ClaseDrop.de(NombreArchivo(bytes: [0x30, 0xFF])) == .invalido("name is not valid UTF-8"))
    }
}

@Suite struct EstadoItemTests {
    @Test func idaYVuelta() throws {
        var e = EstadoItem(clave: try #require(ClaveActa("090001B0100-JG")))
        e.resultado = .tercera
        e.final = "090001B0100-JG.captura.c.json"
        e.publicada = "090001B0100-JG.jpg"
        e.acopio = MarcaTiempo(segundosUnix: 1_717_384_450, desfaseMinutos: -360)
        e.archivos = [.init(clase: .imagen, nombre: "090001B0100-JG.jpg", sha256: SHA256.resumen(Array("ab".utf8)), bytes: 3,
                            llegada: MarcaTiempo(segundosUnix: 1, desfaseMinutos: -360), detalle: "CASILLA",
                            origen: NombreArchivo(bytes: Array("incoming/casilla 1/x".utf8) + [0xFF]))]
        let b = e.codificar()
        #expect(String(decoding: b, as: UTF8.self).contains("incoming/casilla%201/x%FF"))
        #expect(try EstadoItem.decodificar(b) == e)
        #expect(throws: EstadoItem.Ilegible.self) { try EstadoItem.decodificar(Array("nope".utf8)) }
    }

    /// A recorded digest must be the daemon's own form (64 lowercase hex digits): anything else
    /// is an unreadable state that says which line and why, never a digest no file can match.
    @Test func huellaQueNoEsHexRechazada() throws {
        let cabecera = "prep-item 2\nacta 090001B0100-JG\nresultado pendiente\n"
        func razon(_ sha: String) -> String? {
            let linea = "archivo imagen 090001B0100-JG.jpg \(sha) 3 2024-06-02T21:14:10-06:00 CATD incoming/x.jpg\n"
            return #expect(throws: EstadoItem.Ilegible.self) { try EstadoItem.decodificar(Array((cabecera + linea + "historia\n").utf8)) }?.razon
        }
        let bien = SHA256.resumen(Array("ab".utf8)).description
        #expect(razon(bien.uppercased())?.hasSuffix("uppercase hex digit at character 1 (digests are lowercase)") == true)
        #expect(razon(String(bien.dropLast()))?.hasSuffix("63 characters, not 64 lowercase hex digits") == true)
        #expect(razon(String(bien.dropLast()) + "x")?.hasSuffix("character 64 is not a hex digit") == true)
        #expect(razon(bien + "0")?.contains("file line 'archivo imagen 090001B0100-JG.jpg \(bien)0 3") == true)
    }
}
