@testable import PrepDominio

/// A tiny hand-written catálogo for rule tables: one election JG by distrito, two distritos
/// (distrito 2 lacks the PT_MORENA column), a básica (LN 600, 10 reps) and an especial (1,000 ballots).
enum Fixture {
    static let columnas: [ColumnaVoto] = [
        ColumnaVoto(id: "PAN", tipo: .partido, nombre: "Partido Acción Nacional", color: "#0055a5"),
        ColumnaVoto(id: "MORENA", tipo: .partido, nombre: "Morena", color: "#a50021"),
        ColumnaVoto(id: "PT_MORENA", tipo: .coalicion, nombre: "PT y Morena", color: "#aa2222"),
        ColumnaVoto(id: "NO_REGISTRADAS", tipo: .noRegistradas, nombre: "Candidaturas no registradas", color: "#888888"),
        ColumnaVoto(id: "NULOS", tipo: .nulos, nombre: "Votos nulos", color: "#444444"),
    ]

    static func casilla(_ clave: String, distrito: Int = 1, ln: Int = 600, reps: Int = 10, boletas: Int = 0) -> Casilla {
        Casilla(clave: ClaveCasilla(clave)!, idDistritoLocal: distrito, idDemarcacion: 1, ubicacion: 1,
                listaNominal: ln, representantes: reps, boletasEspecial: boletas, elecciones: ["JG"])
    }

    static let catalogo = Catalogo(
        proceso: Proceso(idEntidad: 9, entidad: "CIUDAD DE MÉXICO", siglas: "CDMX", anio: 2024, descripcion: "prueba"),
        elecciones: [Eleccion(codigo: "JG", nombre: "JEFATURA DE GOBIERNO", geografia: .distritoLocal,
                              columnas: columnas, columnasPorAmbito: [2: [0, 1, 3, 4]])],
        distritos: [Ambito(id: 1, nombre: "DISTRITO 01"), Ambito(id: 2, nombre: "DISTRITO 02")],
        demarcaciones: [Ambito(id: 1, nombre: "Tláhuac")],
        casillas: [
            casilla("090001B0100"),
            casilla("090001S0100", ln: 0, reps: 10, boletas: 1000),
            casilla("090002B0100", distrito: 2, ln: 500, reps: 4),
        ],
        candidaturas: [])

    static func clave(_ s: String) -> ClaveActa { ClaveActa(s)! }

    /// A capture of `acta` with these vote figures and every total at `totales`.
    static func captura(_ acta: String, _ votos: [String: Cifra], totales: Cifra = .votos(0), operador: String = "cap01") -> Captura {
        Captura(acta: clave(acta), operador: operador, capturada: nil, acopio: nil,
                totales: Dictionary(uniqueKeysWithValues: Total.allCases.map { ($0, totales) }), votos: votos)
    }

    static let t0 = MarcaTiempo(segundosUnix: 1_717_384_831, desfaseMinutos: -360)

    static func verificada(_ c: Captura) -> ActaVerificada {
        ActaVerificada(clave: c.acta, contenido: .captura(c), imagen: nil, acopio: nil, captura: nil, verificacion: t0)
    }

    static func sinActa(_ acta: String, _ causa: CausaSinActa) -> ActaVerificada {
        ActaVerificada(clave: clave(acta), contenido: .sinActa(causa), imagen: nil, acopio: nil, captura: nil, verificacion: t0)
    }

    /// Vote figures for the five JG columns of distrito 1.
    static func votos(_ pan: Cifra, _ morena: Cifra, _ ptm: Cifra, _ nr: Cifra, _ nulos: Cifra) -> [String: Cifra] {
        ["PAN": pan, "MORENA": morena, "PT_MORENA": ptm, "NO_REGISTRADAS": nr, "NULOS": nulos]
    }
}
