import Foundation
import Testing
import PrepDominio
import PrepSistema
@testable import PrepPublicacion
@testable import PrepSitio

@Suite struct AdaptadorSitioTests {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-adaptador-\(UUID().uuidString)")

    @Test func porPartesEsIgualQueTodoJunto() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corte = try CortePrueba.construir(en: tmp)
        let expira = MarcaTiempo(rfc3339: "2024-06-02T22:00:00-06:00")!
        let todo = MaquetadorSitio(filasPorPagina: 7).archivos(CortePrueba.modelo(corte, expira: expira))
        var porPartes: [(String, [UInt8])] = []
        let cat = corte.catalogo
        AdaptadorSitio.generar(
            catalogo: cat, meta: MetadatosSitio(corte: NombreCorte(seq: 7, hora: CortePrueba.hora), hora: CortePrueba.hora, expira: expira,
                                                simulacro: true, huellaClave: "0123456789abcdef", clavePublica: "../../prep.pub"),
            registro: { p in corte.verificadas[p].map { RegistroVerificado(acta: $0, resultado: Computo.computar($0, esperada: cat.actas[p], catalogo: cat), columnas: cat.elecciones[cat.actas[p].eleccion].columnas) } },
            fueraDeCatalogo: { ie in corte.fuera[ie].map { (clave: $0.clave.texto, registro: RegistroVerificado(acta: $0, resultado: Computo.computar($0, esperada: nil, catalogo: cat), columnas: cat.elecciones[ie].columnas)) } },
            generador: MaquetadorSitio(filasPorPagina: 7)) { porPartes.append(($0, $1)) }
        #expect(todo.count > 20)
        #expect(todo.map(\.rutaRelativa) == porPartes.map(\.0))
        for (a, b) in zip(todo, porPartes) { #expect(a.bytes == b.1, "\(a.rutaRelativa)") }
    }

    /// The counts kept from the previous corte (`TramosContados`) give the very model counted
    /// from scratch: runs with a changed acta are counted again, the others kept; with nothing
    /// changed every run is kept.
    @Test func lasCuentasGuardadasDanElMismoModelo() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corte = try CortePrueba.construir(en: tmp)
        let cat = corte.catalogo
        let meta = MetadatosSitio(corte: NombreCorte(seq: 7, hora: CortePrueba.hora), hora: CortePrueba.hora, expira: CortePrueba.hora,
                                  simulacro: true, huellaClave: "0123456789abcdef", clavePublica: "../../prep.pub")
        func registro(_ hasta: Int) -> (Int) -> RegistroVerificado? {
            { p in
                guard p < hasta else { return nil }
                return corte.verificadas[p].map { RegistroVerificado(acta: $0, resultado: Computo.computar($0, esperada: cat.actas[p], catalogo: cat), columnas: cat.elecciones[cat.actas[p].eleccion].columnas) }
            }
        }
        let sinFuera: (Int) -> [(clave: String, registro: RegistroVerificado)] = { _ in [] }
        func paginas(_ m: ModeloSitio) -> [[UInt8]] { MaquetadorSitio(filasPorPagina: 7).archivos(m).map(\.bytes) }
        let mitad = cat.actas.count / 2
        let (_, _, antes) = AdaptadorSitio.construir(catalogo: cat, meta: meta, registro: registro(mitad), fueraDeCatalogo: sinFuera, conActas: false)
        var cambios = CambiosCorte(actas: cat.actas.count, fichaSitio: "", desde: "")
        for p in mitad..<cat.actas.count where corte.verificadas[p] != nil { cambios.marcar(p) }
        #expect(cambios.alguno(0..<cat.actas.count))
        let (conMemoria, _, despues) = AdaptadorSitio.construir(catalogo: cat, meta: meta, registro: registro(cat.actas.count), fueraDeCatalogo: sinFuera,
                                                                 conActas: false, previos: antes, cambios: cambios)
        let (deCero, _, _) = AdaptadorSitio.construir(catalogo: cat, meta: meta, registro: registro(cat.actas.count), fueraDeCatalogo: sinFuera, conActas: false)
        #expect(paginas(conMemoria) == paginas(deCero))
        #expect(paginas(conMemoria) != paginas(AdaptadorSitio.construir(catalogo: cat, meta: meta, registro: registro(mitad), fueraDeCatalogo: sinFuera, conActas: false).modelo))
        // Nothing new: every run kept, and the same model again.
        let nada = CambiosCorte(actas: cat.actas.count, fichaSitio: "", desde: "")
        let (otraVez, _, _) = AdaptadorSitio.construir(catalogo: cat, meta: meta, registro: { _ in nil }, fueraDeCatalogo: sinFuera,
                                                      conActas: false, previos: despues, cambios: nada)
        #expect(paginas(otraVez) == paginas(deCero))
    }

    /// Each election counted on its own thread gives the model, runs and counts of the serial
    /// count: from scratch, and again from the counts kept with half the actas new.
    @Test func porEleccionEnParaleloEsElMismoModelo() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corte = try CortePrueba.construir(en: tmp)
        let cat = corte.catalogo
        #expect(cat.elecciones.count >= 2)
        let meta = MetadatosSitio(corte: NombreCorte(seq: 7, hora: CortePrueba.hora), hora: CortePrueba.hora, expira: CortePrueba.hora,
                                  simulacro: true, huellaClave: "0123456789abcdef", clavePublica: "../../prep.pub")
        let verificadas = corte.verificadas, fueraDe = corte.fuera
        let registro: @Sendable (Int) -> RegistroVerificado? = { p in
            verificadas[p].map { RegistroVerificado(acta: $0, resultado: Computo.computar($0, esperada: cat.actas[p], catalogo: cat), columnas: cat.elecciones[cat.actas[p].eleccion].columnas) }
        }
        let fuera: @Sendable (Int) -> [(clave: String, registro: RegistroVerificado)] = { ie in
            fueraDe[ie].map { (clave: $0.clave.texto, registro: RegistroVerificado(acta: $0, resultado: Computo.computar($0, esperada: nil, catalogo: cat), columnas: cat.elecciones[ie].columnas)) }
        }
        func paginas(_ m: ModeloSitio) -> [[UInt8]] { MaquetadorSitio(filasPorPagina: 7).archivos(m).map(\.bytes) }
        func cuentas(_ t: AdaptadorSitio.TramosContados) -> [String] {
            t.porInicio.keys.sorted().map { k in "\(k) \(t.porInicio[k]!.fin) \(t.porInicio[k]!.cuenta.votos) \(t.porInicio[k]!.cuenta.resumen.valores)" }
        }
        let hilos = HilosTrabajo(cortesia: 0)
        let serie = AdaptadorSitio.construir(catalogo: cat, meta: meta, registro: registro, fueraDeCatalogo: fuera, conActas: false)
        let paralelo = AdaptadorSitio.construir(catalogo: cat, meta: meta, registro: registro, fueraDeCatalogo: fuera,
                                                previos: nil, cambios: nil, hilos: hilos)
        #expect(paginas(paralelo.modelo) == paginas(serie.modelo))
        #expect(paralelo.rangos == serie.rangos)
        #expect(cuentas(paralelo.tramos) == cuentas(serie.tramos))
        var cambios = CambiosCorte(actas: cat.actas.count, fichaSitio: "", desde: "")
        for p in (cat.actas.count / 2)..<cat.actas.count where verificadas[p] != nil { cambios.marcar(p) }
        let serie2 = AdaptadorSitio.construir(catalogo: cat, meta: meta, registro: registro, fueraDeCatalogo: fuera, conActas: false,
                                              previos: serie.tramos, cambios: cambios)
        let paralelo2 = AdaptadorSitio.construir(catalogo: cat, meta: meta, registro: registro, fueraDeCatalogo: fuera,
                                                 previos: paralelo.tramos, cambios: cambios, hilos: hilos)
        #expect(paginas(paralelo2.modelo) == paginas(serie2.modelo))
        #expect(cuentas(paralelo2.tramos) == cuentas(serie2.tramos))
    }

    /// What a generator kept is given back only for the corte it was kept for.
    @Test func laMemoriaSoloSirveParaSuCorte() {
        let m = MemoriaSitio()
        #expect(m.leer(corte: "a") == nil)
        m.guardar(7, corte: "a")
        #expect(m.leer(corte: "a") as? Int == 7)
        #expect(m.leer(corte: "b") == nil)
        m.guardar(8, corte: "b")
        #expect(m.leer(corte: "a") == nil)
    }

    @Test func resumenIgualAlDelDominio() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let corte = try CortePrueba.construir(en: tmp)
        let cat = corte.catalogo
        let m = CortePrueba.modelo(corte, expira: CortePrueba.hora)
        for (ie, e) in cat.elecciones.enumerated() {
            let posiciones = cat.actas.indices.filter { cat.actas[$0].eleccion == ie }
            var acc = AcumuladorResumen(actasEsperadas: posiciones.count)
            for p in posiciones {
                acc.agregar(Computo.computar(corte.verificadas[p], esperada: cat.actas[p], catalogo: cat),
                            acta: corte.verificadas[p], casilla: cat.casillas[cat.actas[p].casilla])
            }
            for v in corte.fuera[ie] { acc.agregar(Computo.computar(v, esperada: nil, catalogo: cat), acta: v, casilla: nil) }
            let el = m.elecciones[ie]
            #expect(el.resultados.resumen.map(\.campo) == Resumen.encabezado)
            #expect(el.resultados.resumen.map(\.texto) == acc.resumen(perfil: cat.proceso.perfil).valores)
            for c in el.resultados.columnas { #expect(c.votos == acc.votosPorColumna[c.id, default: 0], "\(e.codigo) \(c.id)") }
            // Ámbitos add up to the election (fuera de catálogo rows belong to no ámbito).
            #expect(el.ambitos.map(\.actas.count).reduce(0, +) == posiciones.count)
        }
    }

    @Test func candidaturaDeCoalicionSumaPartidosYCombinaciones() {
        let cols = CortePrueba.columnasJG
        let e = Eleccion(codigo: "JG", nombre: "JG", geografia: .distritoLocal, columnas: cols, columnasPorAmbito: [:])
        let votos = cols.indices.map { $0 + 1 }
        let total = votos.reduce(0, +)
        let cs = [Candidatura(eleccion: "JG", idAmbito: 0, columna: "PVEM_PT_MORENA", propietaria: "X", suplente: ""),
                  Candidatura(eleccion: "JG", idAmbito: 0, columna: "MC", propietaria: "Y", suplente: "Z")]
        let r = AdaptadorSitio.agrupar(cs, e, Array(cols.indices), votos, total)
        #expect(r.map(\.propietaria) == ["X", "Y"])
        #expect(r[0].columnas == ["PVEM", "PT", "MORENA", "PVEM_PT_MORENA", "PT_MORENA"])
        #expect(r[0].votos == 4 + 5 + 7 + 10 + 11)
        #expect(r[0].porcentaje == Porcentaje.truncado(37, de: total).description)
        #expect(r[1].columnas == ["MC"] && r[1].suplente == "Z")
    }

    @Test func horaComoLaDelCSV() {
        #expect(AdaptadorSitio.textoHora(CortePrueba.hora) == "02/06/2024 21:30 (UTC-6)")
        #expect(AdaptadorSitio.textoHora(MarcaTiempo(segundosUnix: 0, desfaseMinutos: 330)) == "01/01/1970 05:30 (UTC+5:30)")
    }
}
