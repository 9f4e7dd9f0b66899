import Foundation
@testable import PrepDominio
@testable import PrepPublicacion
import PrepPruebas
import PrepSistema
import Testing

/// A corte that copies the unchanged rows of the last corte's CSVs publishes exactly the
/// bytes of a corte rendered from scratch, also when the last corte's files were changed or removed
/// behind the daemon's back.
@Suite struct CorteIncrementalTests {
    /// The actas of `catalogo` in three waves (every kind of row: captured, sin acta, fuera de
    /// catálogo when `fuera` names one), with their image files written into `spool`.
    static func oleadas(_ catalogo: Catalogo, spool: String, fuera: String?) throws -> [[(ActaVerificada, String?)]] {
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        var olas: [[(ActaVerificada, String?)]] = [[], [], []]
        for (i, acta) in catalogo.actas.enumerated() {
            let k = acta.clave.texto
            if i % 5 == 3 {
                olas[i % 3].append((Fixture.sinActa(k, .casillaNoInstalada), nil))
                continue
            }
            let votos = Dictionary(uniqueKeysWithValues: catalogo.columnas(de: acta).enumerated().map { j, c in
                (c.id, j % 7 == 6 ? Cifra.ilegible : Cifra.votos(3 * j + i % 11))
            })
            let (a, ruta) = try Fixture.capturada(k, votos, carpeta: spool, origen: i % 2 == 0 ? .catd : .casilla,
                                                  totales: .votos(votos.values.reduce(0) { $0 + $1.valor }))
            olas[i % 3].append((a, ruta))
        }
        if let fuera {
            let (a, ruta) = try Fixture.capturada(fuera, [:], carpeta: spool)
            olas[1].append((a, ruta))
        }
        return olas
    }

    /// Publishes the waves twice, one corte after each: `incremental` as the daemon does, `desdeCero`
    /// with the reuse state dropped before every corte (every row rendered), and compares each pair
    /// of cortes (`iguales`). `alterar` then runs on the incremental publisher's folder (after corte
    /// n, n = 1, 2, 3).
    static func ambos(_ catalogo: Catalogo, _ raiz: String, fuera: String?,
                      alterar: (Int, CortePublicado, ConstructorCortes) throws -> Void = { _, _, _ in }) throws -> [(CortePublicado, CortePublicado)] {
        let olas = try oleadas(catalogo, spool: raiz + "/spool", fuera: fuera)
        let incremental = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/a"), catalogo: catalogo)
        let desdeCero = try ConstructorCortes(configuracion: Fixture.configuracion(raiz + "/b"), catalogo: catalogo)
        var pares: [(CortePublicado, CortePublicado)] = []
        for (n, ola) in olas.enumerated() {
            for (a, ruta) in ola {
                try incremental.registrar(a, rutaImagen: ruta)
                try desdeCero.registrar(a, rutaImagen: ruta)
            }
            let hora = MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 900 * Int64(n + 1), desfaseMinutos: 0)
            desdeCero.estado.filasCSV = []
            let b = try desdeCero.publicarCorte(ahora: hora)
            let a = try incremental.publicarCorte(ahora: hora)
            pares.append((a, b))
            try iguales(a, b)
            try alterar(n + 1, a, incremental)
        }
        #expect(incremental.estado.filasCSV.count == catalogo.elecciones.count)
        return pares
    }

    /// Every file of two cortes is the same, byte for byte; in `manifest.json` and `SHA256` only
    /// what depends on the wall clock (`generated`, hence `previous_sha256` and manifest.json's hash)
    /// may differ.
    static func iguales(_ a: CortePublicado, _ b: CortePublicado, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(a.registradas == b.registradas && a.nombre == b.nombre, sourceLocation: sourceLocation)
        try CortesIguales.comparar(a, b, sourceLocation: sourceLocation)
    }

    @Test(arguments: ["ine-2024", "iecm-2024"])
    func incrementalIgualDesdeCero(_ perfil: String) throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let catalogo = perfil == "ine-2024" ? Fixture.catalogo : CatalogoUniverso.catalogo
        #expect(catalogo.proceso.perfil.nombre == perfil)
        let pares = try Self.ambos(catalogo, raiz, fuera: perfil == "ine-2024" ? "090003B0100-JG" : nil)
        #expect(pares.count == 3)
        // The last corte holds every acta: the reuse was not a no-op.
        #expect(pares[2].0.registradas == catalogo.actas.count + (perfil == "ine-2024" ? 1 : 0))
    }

    /// The last corte's CSV changed on disk (same length, one byte of a reused row), or removed:
    /// the next corte renders its rows again instead of copying them, and still publishes the
    /// same bytes as from scratch.
    @Test(arguments: ["ine-2024", "iecm-2024"])
    func archivoAnteriorAlteradoOBorrado(_ perfil: String) throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let catalogo = perfil == "ine-2024" ? Fixture.catalogo : CatalogoUniverso.catalogo
        var alterados = 0
        let pares = try Self.ambos(catalogo, raiz, fuera: nil) { n, corte, p in
            let filas = p.estado.filasCSV
            for (ie, el) in catalogo.elecciones.enumerated() {
                let ruta = corte.ruta + "/datos/" + catalogo.proceso.archivoActas(el)
                if n == 1 {
                    // A byte in the middle of the first acta row, one the next corte would copy.
                    let largo = try #require(filas[ie].largos.first)
                    guard largo > 0 else { continue }
                    var bytes = try Directorio.actual.leerTodo(NombreArchivo(ruta))
                    let j = filas[ie].inicioFilas + Int(largo) / 2
                    bytes[j] = bytes[j] == 0x58 ? 0x59 : 0x58
                    try FileManager.default.removeItem(atPath: ruta)
                    try Data(bytes).write(to: URL(fileURLWithPath: ruta))
                    alterados += 1
                } else {
                    try FileManager.default.removeItem(atPath: ruta)
                }
            }
        }
        #expect(alterados > 0 && pares.count == 3)
    }
}
