import PrepDominio
import PrepPruebas
@testable import PrepSimulacion

/// The simulator tests' catálogo (`CatalogoPrueba.noche`: 40 casillas, 80 actas) and a night on it.
enum Fixture {
    static let catalogo = CatalogoPrueba.noche

    static func plan(semilla: UInt64 = 7, malas: Double = 0.05) -> PlanNoche {
        var p = ParametrosNoche()
        p.semilla = semilla
        p.malas = malas
        return PlanNoche(catalogo: catalogo, parametros: p)
    }
}
