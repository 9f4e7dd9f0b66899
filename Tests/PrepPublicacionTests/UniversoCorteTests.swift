import Foundation
@testable import PrepDominio
@testable import PrepPublicacion
import PrepPruebas
import PrepSistema
import Testing

/// Published: a corte in `iecm-2024` of `CatalogoUniverso` has one row of every
/// kind of acta of the real universe, spelled as the institute's leeme spells it, reads back after
/// a restart byte for byte, and verifies.
@Suite struct UniversoCorteTests {
    /// Registers an acta of every kind (mesa M with only TOTAL_VOTOS_ASENTADO, a copy RPP, both DIP
    /// actas of an especial, an urna electrónica) and publishes.
    static func corte(_ raiz: String) throws -> (ConstructorCortes, CortePublicado) {
        let cat = CatalogoUniverso.catalogo
        let spool = raiz + "/spool"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let p = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/publish"), catalogo: cat)
        for acta in cat.actas where acta.clave.texto != "090001E0100-JG" {
            let k = acta.clave.texto
            let votos = Dictionary(uniqueKeysWithValues: cat.columnas(de: acta).map { ($0.id, Cifra.votos(3)) })
            var (a, ruta) = try Fixture.capturada(k, votos, carpeta: spool)
            guard case .captura(let c) = a.contenido else { continue }
            let casilla = cat.casillas[acta.casilla]
            let totales = Captura.totalesExigidos(casilla).count == 1 ? [.totalAsentado: .votos(3 * votos.count)] : c.totales
            let documento: TipoDocumento? = k == "090001B0100-DIP" ? .representantes : nil
            a = ActaVerificada(clave: a.clave, contenido: .captura(Captura(acta: c.acta, operador: c.operador, capturada: c.capturada,
                                                                           acopio: c.acopio, totales: totales, votos: c.votos,
                                                                           documento: documento)),
                               imagen: a.imagen, acopio: a.acopio, captura: a.captura, verificacion: a.verificacion)
            try p.registrar(a, rutaImagen: ruta)
        }
        try p.registrar(Fixture.sinActa("090001E0100-JG", .casillaNoInstalada), rutaImagen: nil)
        return (p, try p.publicarCorte(ahora: MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 600, desfaseMinutos: 0)))
    }

    /// The acta rows of a published file by CLAVE_ACTA, as header → value.
    static func filas(_ ruta: String) throws -> [String: [String: String]] {
        let filas = try LectorCSV.filas(try Directorio.actual.leerTodo(NombreArchivo(ruta))).get()
        let encabezado = filas[6].campos
        var salida: [String: [String: String]] = [:]
        for f in filas.dropFirst(7) { salida[f.campos[1]] = Dictionary(uniqueKeysWithValues: zip(encabezado, f.campos)) }
        return salida
    }

    @Test func unaFilaDeCadaTipoComoElLeeme() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, c) = try Self.corte(raiz)
        let gub = try Self.filas(c.ruta + "/datos/CDMX_GUB_2024.csv")
        let m = try #require(gub["090000M0100A01"])
        #expect(m["DISTRITO_LOCAL"] == "N/A" && m["SECCION"] == "N/A" && m["ID_CASILLA"] == "N/A" && m["TIPO_CASILLA"] == "M")
        #expect(m["TOTAL_BOLETAS_SOBRANTES"] == "N/A" && m["PERSONAS_VOTARON"] == "N/A" && m["TOTAL_VOTOS_ASENTADO"] == "12")
        #expect(m["REPRESENTANTES_PP_CI"] == "N/A" && m["TIPO_DOCUMENTO"] == "ACTA VRME" && m["LISTA_NOMINAL"] == "300")
        #expect(gub["090004A0100A01VA"]?["TIPO_DOCUMENTO"] == "ACTA VA" && gub["090005P0100A01PPP"]?["TIPO_DOCUMENTO"] == "ACTA VPPP")
        let ue = try #require(gub["090003S0100A04UE"])
        #expect(ue["TIPO_DOCUMENTO"] == "ACTA UE" && ue["MECANISMO_TRASLADO"] == "I" && ue["TOTAL_VOTOS_SACADOS"] == "N/A")
        #expect(gub["090001B0100A02"]?["MECANISMO_TRASLADO"] == "F" && gub["090002S0100A02E"]?["MECANISMO_TRASLADO"] == "")
        #expect(gub["090001E0100A02"]?["MECANISMO_TRASLADO"] == "D" && gub["090001E0100A02"]?["OBSERVACIONES"] == "SIN ACTA POR CASILLA NO INSTALADA")
        let dip = try Self.filas(c.ruta + "/datos/CDMX_DIP_LOC_2024.csv")
        #expect(dip["090002S0100A03EMR"] != nil && dip["090002S0100A03ERP"] != nil, "both DIP actas of an especial, each its row")
        #expect(dip["090003S0100A05UEMR"] != nil && dip["090003S0100A05UERP"] != nil)
        #expect(dip["090001B0100A03"]?["TIPO_DOCUMENTO"] == "RPP", "the copy the capture names")
        #expect(dip["090001B0100A03"]?["MORENA_PT_VERDE"] == "3" && dip["090001B0100A03"]?["CSP"] == "3")
        let texto = String(decoding: try Directorio.actual.leerTodo(NombreArchivo(c.ruta + "/datos/CDMX_GUB_2024.csv")), as: UTF8.self)
        let claves = texto.split(separator: "\n").dropFirst(7).map { $0.prefix(11) }
        #expect(Array(claves.prefix(3)) == ["090000M0100", "090004A0100", "090005P0100"], "mesas first, M first (leeme)")
        let alc = try Self.filas(c.ruta + "/datos/CDMX_ALC_2024.csv")
        #expect(alc["090004A0100A03VA"]?["ID_ALCALDIA"] == "N/A" && alc["090004A0100A03VA"]?["ALCALDIA"] == "N/A")
        #expect(alc["090003S0100A06UE"] != nil && alc.count == 6)
    }

    @Test func reinicioYVerificacionConElUniverso() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (p, c1) = try Self.corte(raiz)
        let ahora = MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 1500, desfaseMinutos: 0)
        let c2 = try p.publicarCorte(ahora: ahora)
        let q = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/publish"), catalogo: CatalogoUniverso.catalogo)
        #expect(q.tomarPorReleer().isEmpty, "every row reads back, RP and copies included")
        let c3 = try q.publicarCorte(ahora: ahora)
        for e in ["GUB", "DIP_LOC", "ALC"] {
            let a = try Directorio.actual.leerTodo(NombreArchivo(c2.ruta + "/datos/CDMX_\(e)_2024.csv"))
            let b = try Directorio.actual.leerTodo(NombreArchivo(c3.ruta + "/datos/CDMX_\(e)_2024.csv"))
            #expect(a == b, "\(e) read back byte for byte")
        }
        _ = try VerificadorCorte.verificar(carpeta: c3.ruta, clave: Fixture.clavePrueba.publica, anterior: c2.ruta, ahora: Fixture.t0)
        _ = c1
    }
}
