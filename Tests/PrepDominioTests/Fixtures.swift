@testable import PrepDominio
import PrepPruebas

/// The shared small catálogo (`FixturaCatalogo`: JG and ALC, a básica with LN 600 and 10 reps, an
/// especial with 1,000 ballots, distrito 2 without PT_MORENA) and the domain tests' own helpers.
enum Fixture: FixturaCatalogo {
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
}
