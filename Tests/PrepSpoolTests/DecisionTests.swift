import Glibc
import Testing
import PrepDominio
@testable import PrepSistema
@testable import PrepSpool

/// Each rule of SPEC §6 as a state transition of `decidir` (pure: no file system).
@Suite struct DecisionTests {
    let clave = ClaveActa("090001B0100-JG")!
    let ahora = MarcaTiempo(segundosUnix: 1_717_384_450, desfaseMinutos: -360)

    func drop(_ nombre: String, sha: String = "s", n figura: Int = 1, t: Int64 = 1, carpeta: String? = nil) -> DropValido {
        let clase = ClaseDrop.de(NombreArchivo(nombre))
        var captura: Captura?
        if case .captura(let k, let op) = clase {
            captura = Captura(acta: k, operador: op, capturada: nil, acopio: nil, totales: [:], votos: ["NULOS": .votos(figura)])
        }
        var sin: DeclaracionSinActa?
        if case .sinActa(let k) = clase { sin = DeclaracionSinActa(acta: k, operador: "ana", causa: .paqueteNoEntregado) }
        return DropValido(ubicacion: Ubicacion(carpeta: carpeta.map { NombreArchivo($0) }, nombre: NombreArchivo(nombre)),
                          estado: Estado(stat()), clase: clase, clave: clase.clave!, sha256: SHA256.resumen(Array(sha.utf8)),
                          llegadaNs: t * 1_000_000_000, captura: captura, sinActa: sin)
    }

    func decide(_ item: ItemCargado?, espera: [DropValido] = [], _ nuevos: [DropValido]) -> Plan {
        decidir(clave: clave, item: item, espera: espera, nuevos: nuevos, ahora: ahora)
    }

    func item(_ p: Plan) -> ItemCargado {
        let c = p.cambio!
        return ItemCargado(fase: c.faseNueva, estado: c.estado, capturas: c.capturas)
    }

    @Test func imagenSolaEspera() {
        let p = decide(nil, [drop("090001B0100-JG.jpg")])
        #expect(p.cambio == nil)
        #expect(p.espera.count == 1)
        #expect(p.rechazos.isEmpty)
        let q = decide(nil, [drop("090001B0100-JG.captura.ana.json")])
        #expect(q.cambio == nil && q.espera.count == 1)
    }

    @Test func imagenYCapturaHacenCapturadaLuegoVerificada() {
        let p = decide(nil, espera: [drop("090001B0100-JG.captura.ana.json", t: 1)],
                       [drop("090001B0100-JG.jpg", t: 2, carpeta: "casilla-3")])
        let c = try! #require(p.cambio)
        #expect(c.faseNueva == .captured && c.faseAnterior == nil)
        #expect(c.estado.resultado == .pendiente)
        #expect(c.estado.publicada == "090001B0100-JG.jpg")
        #expect(c.estado.imagenes.first?.detalle == "CASILLA")
        #expect(c.historia.map(\.evento) == ["acopio", "captura"])
        let v = decide(item(p), [drop("090001B0100-JG.captura.beto.json", t: 3)])
        let cv = try! #require(v.cambio)
        #expect(cv.faseAnterior == .captured && cv.faseNueva == .verified)
        #expect(cv.estado.resultado == .verificada)
        #expect(cv.estado.final == "090001B0100-JG.captura.ana.json")
        #expect(cv.historia.map(\.evento) == ["captura", "verificada"])
    }

    @Test func discrepanciaYTercera() {
        let p = decide(nil, [drop("090001B0100-JG.jpg"), drop("090001B0100-JG.captura.ana.json", n: 1, t: 2),
                             drop("090001B0100-JG.captura.beto.json", n: 2, t: 3)])
        #expect(p.cambio?.faseNueva == .captured)
        #expect(p.cambio?.estado.resultado == .discrepancia)
        let t = decide(item(p), [drop("090001B0100-JG.captura.carla.json", n: 2, t: 4)])
        #expect(t.cambio?.faseNueva == .verified)
        #expect(t.cambio?.estado.resultado == .tercera)
        #expect(t.cambio?.estado.final == "090001B0100-JG.captura.carla.json")
    }

    @Test func mismoOperadorDuplicadoYSegundaImagen() {
        let p = decide(nil, [drop("090001B0100-JG.jpg", sha: "a"), drop("090001B0100-JG.captura.ana.json", t: 2)])
        let q = decide(item(p), [drop("090001B0100-JG.captura.ana.json", t: 3, carpeta: "otra"),
                                 drop("090001B0100-JG.jpg", sha: "a", t: 4, carpeta: "catd"),
                                 drop("090001B0100-JG.png", sha: "b", t: 5, carpeta: "catd")])
        #expect(q.rechazos.count == 2)
        #expect(q.rechazos.contains { $0.razon.contains("operator ana already captured") })
        #expect(q.rechazos.contains { $0.razon.contains("duplicate: same SHA-256 as captured/090001B0100-JG/090001B0100-JG.jpg") })
        #expect(q.cambio?.estado.imagenes.map(\.nombre) == ["090001B0100-JG.jpg", "090001B0100-JG.png"])
        #expect(q.cambio?.estado.publicada == "090001B0100-JG.jpg")
        #expect(q.cambio?.historia.map(\.evento) == ["imagen-adicional"])
        let r = decide(item(q), [drop("090001B0100-JG.jpg", sha: "c", t: 6)])
        #expect(r.cambio?.estado.imagenes.last?.nombre == "090001B0100-JG.2.jpg")
    }

    @Test func capturaTrasVerificadaYSinActa() {
        let s = decide(nil, [drop("090001B0100-JG.sinacta.json")])
        #expect(s.cambio?.faseNueva == .verified)
        #expect(s.cambio?.estado.resultado == .sinacta)
        let c = decide(item(s), [drop("090001B0100-JG.captura.ana.json")])
        #expect(c.cambio == nil)
        #expect(c.rechazos.first?.razon.contains("already verified") == true)
        let contra = decide(nil, espera: [drop("090001B0100-JG.jpg")], [drop("090001B0100-JG.sinacta.json", t: 2)])
        #expect(contra.cambio == nil)
        #expect(contra.rechazos.first?.razon.contains("contradicts") == true)
        #expect(contra.espera.count == 1)
        var empaquetada = item(s)
        empaquetada.fase = .packaged
        let d = decide(empaquetada, [drop("090001B0100-JG.jpg", sha: "z")])
        #expect(d.cambio?.faseNueva == .packaged)
    }

    /// Two agreeing captures that wait for their image do not make the acta verified: a third
    /// capture is refused for what is true, not as "already verified".
    @Test func capturasQueCoincidenEsperanSinSerVerificada() {
        let k = "090001B0100-JG"
        let p = decide(nil, espera: [drop("\(k).captura.ana.json", t: 1), drop("\(k).captura.luis.json", t: 2)],
                       [drop("\(k).captura.eva.json", t: 3)])
        #expect(p.cambio == nil)
        #expect(p.espera.count == 2)
        #expect(p.rechazos.count == 1)
        let razon = p.rechazos.first?.razon ?? ""
        #expect(!razon.contains("already verified"), "\(razon)")
        #expect(razon.contains("captures by ana and luis already agree (it is not verified before its image is taken)"), "\(razon)")
    }
}

/// A flood of images for one acta is capped, and deciding stays linear.
@Suite struct DecisionLimitesTests {
    let base = DecisionTests()

    @Test func unActaNoAcumulaMasDeLoPermitido() {
        var nuevos: [DropValido] = []
        for i in 0..<500 { nuevos.append(base.drop("090001B0100-JG.jpg", sha: "img\(i)", t: Int64(i + 1), carpeta: "catd-\(i)")) }
        nuevos.append(base.drop("090001B0100-JG.captura.ana.json", t: 1000))
        let p = decidir(clave: base.clave, item: nil, espera: [], nuevos: nuevos, ahora: base.ahora,
                        maxImagenes: 10)
        let c = p.cambio
        #expect(c?.estado.archivos.count == 11)
        #expect(p.rechazos.count == 490)
        #expect(p.rechazos.allSatisfy { $0.razon.contains("max_acta_images = 10") })
    }

    @Test func seisMilImagenesDistintasSeDecidenDeUnaVez() {
        // Quadratic duplicate checks made this take a minute; with sets it is one pass.
        var nuevos: [DropValido] = []
        for i in 0..<6000 { nuevos.append(base.drop("090001B0100-JG.jpg", sha: "img\(i)", t: Int64(i + 1), carpeta: "c\(i)")) }
        let p = decidir(clave: base.clave, item: nil, espera: [], nuevos: nuevos, ahora: base.ahora,
                        maxImagenes: 100_000)
        #expect(p.espera.count == 6000)
        #expect(p.rechazos.isEmpty)
    }
}
