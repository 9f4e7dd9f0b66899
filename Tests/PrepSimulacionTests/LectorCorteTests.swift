import Foundation
import PrepDominio
import Testing
@testable import PrepSimulacion

@Suite struct LectorCorteTests {
    static let csv = "\u{FEFF}JEFATURA DE GOBIERNO\r\n02/06/2024 21:20 (UTC-6)\r\n\r\n"
        + "ACTAS_ESPERADAS,ACTAS_REGISTRADAS,ACTAS_FUERA_CATALOGO,ACTAS_CAPTURADAS,PORCENTAJE_ACTAS_CAPTURADAS,ACTAS_CONTABILIZADAS,PORCENTAJE_ACTAS_CONTABILIZADAS,PORCENTAJE_ACTAS_INCONSISTENCIAS,ACTAS_NO_CONTABILIZADAS,LISTA_NOMINAL_ACTAS_CONTABILIZADAS,TOTAL_VOTOS_C_CS,TOTAL_VOTOS_S_CS,PORCENTAJE_PARTICIPACION_CIUDADANA\r\n"
        + "4,3,0,3,75.0000,2,50.0000,25.0000,1,1230,30,30,2.4390\r\n"
        + "CLAVE_CASILLA,CLAVE_ACTA,ID_ENTIDAD,ENTIDAD,TOTAL_VOTOS_SACADOS,PAN,MORENA,NO_REGISTRADAS,NULOS,TOTAL_VOTOS_ASENTADO,OBSERVACIONES,CONTABILIZADA\r\n"
        + "'090001B0100','090001B0100-JG',9,\"CIUDAD DE MÉXICO, CDMX\",10,4,5,0,1,10,,1\r\n"
        + "'090001C0100','090001C0100-JG',9,CIUDAD DE MÉXICO,20,Ilegible,18,1,1,20,Ilegible,1\r\n"
        + "'090002B0100','090002B0100-JG',9,CIUDAD DE MÉXICO,900,300,600,0,0,900,Excede Lista Nominal,0\r\n"
        + "'090003B0100','090003B0100-JG',9,CIUDAD DE MÉXICO,-,-,-,-,-,-,,-\r\n"

    @Test func sumaSoloLasContabilizadasYLeeElResumen() throws {
        let e = try LectorCorte.leerCSV(Array(Self.csv.utf8), eleccion: "JG", ruta: "x")
        #expect(e.filas == 4)
        #expect(e.votos == ["PAN": 4, "MORENA": 23, "NO_REGISTRADAS": 1, "NULOS": 2])
        #expect(e.resumen["ACTAS_CONTABILIZADAS"] == "2")
        #expect(e.resumen["PORCENTAJE_PARTICIPACION_CIUDADANA"] == "2.4390")
    }

    @Test func diferenciasNombraCadaCampoQueNoCoincide() throws {
        let e = try LectorCorte.leerCSV(Array(Self.csv.utf8), eleccion: "JG", ruta: "x")
        var resumen = e.resumen
        let igual = VerdadNoche.PorEleccion(eleccion: "JG", resumen: resumen,
                                            votos: [("PAN", 4), ("MORENA", 23), ("NO_REGISTRADAS", 1), ("NULOS", 2)])
        #expect(diferencias(corte: [e], verdad: [igual]).isEmpty)
        resumen["ACTAS_CONTABILIZADAS"] = "3"
        let distinta = VerdadNoche.PorEleccion(eleccion: "JG", resumen: resumen,
                                               votos: [("PAN", 5), ("MORENA", 23), ("NO_REGISTRADAS", 1), ("NULOS", 2)])
        let d = diferencias(corte: [e], verdad: [distinta])
        #expect(d == ["JG ACTAS_CONTABILIZADAS: corte 2, truth 3", "JG PAN: corte 4, truth 5"])
        let otra = VerdadNoche.PorEleccion(eleccion: "ALC", resumen: [:], votos: [])
        #expect(diferencias(corte: [e], verdad: [otra]) == ["ALC: no CSV in the corte"])
    }
}
