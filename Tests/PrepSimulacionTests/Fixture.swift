import PrepDominio
@testable import PrepSimulacion

/// A small hand-built catálogo: three distritos (distrito 3 lacks PT_MORENA), two elections
/// (JG by distrito, ALC by demarcación), 40 casillas including two especiales: 80 actas.
enum Fixture {
    static let columnas: [ColumnaVoto] = [
        ColumnaVoto(id: "PAN", tipo: .partido, nombre: "PAN", color: "#0055a5"),
        ColumnaVoto(id: "PRI", tipo: .partido, nombre: "PRI", color: "#e30613"),
        ColumnaVoto(id: "MORENA", tipo: .partido, nombre: "Morena", color: "#a50021"),
        ColumnaVoto(id: "MC", tipo: .partido, nombre: "MC", color: "#ff7f00"),
        ColumnaVoto(id: "PT_MORENA", tipo: .coalicion, nombre: "PT y Morena", color: "#aa2222"),
        ColumnaVoto(id: "CAND_IND_1", tipo: .independiente, nombre: "Independiente", color: "#777777"),
        ColumnaVoto(id: "NO_REGISTRADAS", tipo: .noRegistradas, nombre: "No registradas", color: "#888888"),
        ColumnaVoto(id: "NULOS", tipo: .nulos, nombre: "Nulos", color: "#444444"),
    ]

    static let catalogo: Catalogo = {
        var casillas: [Casilla] = []
        for i in 0..<40 {
            let especial = i % 20 == 19
            let distrito = 1 + i % 3
            let clave = ClaveCasilla(entidad: 9, seccion: 100 + i / 2, tipo: especial ? "S" : (i % 2 == 0 ? "B" : "C"),
                                     idCasilla: 1, extContigua: 0)!
            casillas.append(Casilla(clave: clave, idDistritoLocal: distrito, idDemarcacion: 1 + i % 2, ubicacion: 1,
                                    listaNominal: especial ? 0 : 400 + 7 * i, representantes: 8,
                                    boletasEspecial: especial ? 750 : 0, elecciones: ["JG", "ALC"]))
        }
        return Catalogo(
            proceso: Proceso(idEntidad: 9, entidad: "CIUDAD DE MÉXICO", siglas: "CDMX", anio: 2024, descripcion: "prueba"),
            elecciones: [
                Eleccion(codigo: "JG", nombre: "JEFATURA DE GOBIERNO", geografia: .distritoLocal, columnas: columnas,
                         columnasPorAmbito: [3: [0, 1, 2, 3, 5, 6, 7]]),
                Eleccion(codigo: "ALC", nombre: "ALCALDÍAS", geografia: .demarcacion, columnas: columnas, columnasPorAmbito: [:]),
            ],
            distritos: (1...3).map { Ambito(id: $0, nombre: "DISTRITO \($0)") },
            demarcaciones: [Ambito(id: 1, nombre: "Tláhuac"), Ambito(id: 2, nombre: "Milpa Alta")],
            casillas: casillas, candidaturas: [])
    }()

    static func plan(semilla: UInt64 = 7, malas: Double = 0.05) -> PlanNoche {
        var p = ParametrosNoche()
        p.semilla = semilla
        p.malas = malas
        return PlanNoche(catalogo: catalogo, parametros: p)
    }
}
