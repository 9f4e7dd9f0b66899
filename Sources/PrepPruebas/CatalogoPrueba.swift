import PrepDominio

/// Every hand-built catálogo of the tests, in one place: `pequeno` for rule tables and cortes
/// (through `FixturaCatalogo`), `noche` for the simulator's plan.
public enum CatalogoPrueba {
    static let proceso = Proceso(idEntidad: 9, entidad: "CIUDAD DE MÉXICO", siglas: "CDMX", anio: 2024, descripcion: "prueba")

    static let columnas: [ColumnaVoto] = [
        ColumnaVoto(id: "PAN", tipo: .partido, nombre: "Partido Acción Nacional", color: "#0055a5"),
        ColumnaVoto(id: "MORENA", tipo: .partido, nombre: "Morena", color: "#a50021"),
        ColumnaVoto(id: "PT_MORENA", tipo: .coalicion, nombre: "PT y Morena", color: "#aa2222"),
        ColumnaVoto(id: "NO_REGISTRADAS", tipo: .noRegistradas, nombre: "Candidaturas no registradas", color: "#888888"),
        ColumnaVoto(id: "NULOS", tipo: .nulos, nombre: "Votos nulos", color: "#444444"),
    ]

    static func casilla(_ clave: ClaveCasilla?, distrito: Int, demarcacion: Int, ln: Int, reps: Int, boletas: Int) -> Casilla {
        guard let clave else { preconditionFailure("test fixture: bad casilla key") }
        return Casilla(clave: clave, idDistritoLocal: distrito, idDemarcacion: demarcacion, ubicacion: 1, listaNominal: ln,
                       representantes: reps, boletasEspecial: boletas, elecciones: ["JG", "ALC"])
    }

    /// Three casillas, six actas; see `FixturaCatalogo`. Names carry a comma, a quote and accents
    /// so that every CSV and site writer has something to escape.
    public static let pequeno = Catalogo(
        proceso: proceso,
        elecciones: [
            Eleccion(codigo: "JG", nombre: "JEFATURA DE GOBIERNO", geografia: .distritoLocal,
                     columnas: columnas, columnasPorAmbito: [2: [0, 1, 3, 4]]),
            Eleccion(codigo: "ALC", nombre: "ALCALDÍAS", geografia: .demarcacion, columnas: columnas, columnasPorAmbito: [:]),
        ],
        distritos: [Ambito(id: 1, nombre: "DISTRITO 01"), Ambito(id: 2, nombre: "DISTRITO 02, SUR")],
        demarcaciones: [Ambito(id: 7, nombre: "Tláhuac")],
        casillas: [
            casilla(ClaveCasilla("090001B0100"), distrito: 1, demarcacion: 7, ln: 600, reps: 10, boletas: 0),
            casilla(ClaveCasilla("090001S0100"), distrito: 1, demarcacion: 7, ln: 0, reps: 10, boletas: 1000),
            casilla(ClaveCasilla("090002B0100"), distrito: 2, demarcacion: 7, ln: 500, reps: 4, boletas: 0),
        ],
        candidaturas: [Candidatura(eleccion: "JG", idAmbito: 0, columna: "PAN", propietaria: "Ana \"N\" Pérez", suplente: "")])

    /// Three distritos (distrito 3 lacks PT_MORENA), JG by distrito and ALC by demarcación, 40
    /// casillas including two especiales: 80 actas, enough for a night's mix of fates.
    public static let noche: Catalogo = {
        let columnas: [ColumnaVoto] = [
            ColumnaVoto(id: "PAN", tipo: .partido, nombre: "PAN", color: "#0055a5"),
            ColumnaVoto(id: "PRI", tipo: .partido, nombre: "PRI", color: "#e30613"),
            ColumnaVoto(id: "MORENA", tipo: .partido, nombre: "Morena", color: "#a50021"),
            ColumnaVoto(id: "MC", tipo: .partido, nombre: "MC", color: "#ff7f00"),
            ColumnaVoto(id: "PT_MORENA", tipo: .coalicion, nombre: "PT y Morena", color: "#aa2222"),
            ColumnaVoto(id: "CAND_IND_1", tipo: .independiente, nombre: "Independiente", color: "#777777"),
            ColumnaVoto(id: "NO_REGISTRADAS", tipo: .noRegistradas, nombre: "No registradas", color: "#888888"),
            ColumnaVoto(id: "NULOS", tipo: .nulos, nombre: "Nulos", color: "#444444"),
        ]
        let casillas = (0..<40).map { i in
            let especial = i % 20 == 19
            return casilla(ClaveCasilla(entidad: 9, seccion: 100 + i / 2, tipo: especial ? "S" : (i % 2 == 0 ? "B" : "C"),
                                        idCasilla: 1, extContigua: 0),
                           distrito: 1 + i % 3, demarcacion: 1 + i % 2, ln: especial ? 0 : 400 + 7 * i, reps: 8,
                           boletas: especial ? 750 : 0)
        }
        return Catalogo(
            proceso: proceso,
            elecciones: [
                Eleccion(codigo: "JG", nombre: "JEFATURA DE GOBIERNO", geografia: .distritoLocal, columnas: columnas,
                         columnasPorAmbito: [3: [0, 1, 2, 3, 5, 6, 7]]),
                Eleccion(codigo: "ALC", nombre: "ALCALDÍAS", geografia: .demarcacion, columnas: columnas, columnasPorAmbito: [:]),
            ],
            distritos: (1...3).map { Ambito(id: $0, nombre: "DISTRITO \($0)") },
            demarcaciones: [Ambito(id: 1, nombre: "Tláhuac"), Ambito(id: 2, nombre: "Milpa Alta")],
            casillas: casillas, candidaturas: [])
    }()
}
