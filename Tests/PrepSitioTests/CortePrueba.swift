import Foundation
import PrepDominio
import PrepPruebas
import PrepSistema
@testable import PrepPublicacion
@testable import PrepSitio

/// A small but complete synthetic corte for the site tests: a CDMX-like catálogo (JG by distrito,
/// ALC by demarcación with an independent in one demarcación), verified actas of every kind
/// (counted, ilegible, excede, sin acta, casilla especial, pending, fuera de catálogo) with their
/// images, published by the real corte builder (`ConstructorCortes`) with the site as its hook: CSVs,
/// LEEME, manifest, site, `SHA256` and its signature, exactly as the daemon writes them.
enum CortePrueba {
    static let columnasJG: [ColumnaVoto] = [
        ColumnaVoto(id: "PAN", tipo: .partido, nombre: "Partido Acción Nacional", color: "#0055a5"),
        ColumnaVoto(id: "PRI", tipo: .partido, nombre: "Partido Revolucionario Institucional", color: "#d81e05"),
        ColumnaVoto(id: "PRD", tipo: .partido, nombre: "Partido de la Revolución Democrática", color: "#ffcb01"),
        ColumnaVoto(id: "PVEM", tipo: .partido, nombre: "Partido Verde Ecologista de México", color: "#50b747"),
        ColumnaVoto(id: "PT", tipo: .partido, nombre: "Partido del Trabajo", color: "#e6332a"),
        ColumnaVoto(id: "MC", tipo: .partido, nombre: "Movimiento Ciudadano", color: "#ff8300"),
        ColumnaVoto(id: "MORENA", tipo: .partido, nombre: "Morena", color: "#a50021"),
        ColumnaVoto(id: "PAN_PRI_PRD", tipo: .coalicion, nombre: "PAN, PRI y PRD", color: "#3c5a9a"),
        ColumnaVoto(id: "PAN_PRI", tipo: .coalicion, nombre: "PAN y PRI", color: "#3c5a9a"),
        ColumnaVoto(id: "PVEM_PT_MORENA", tipo: .coalicion, nombre: "PVEM, PT y Morena", color: "#8c1d2f"),
        ColumnaVoto(id: "PT_MORENA", tipo: .coalicion, nombre: "PT y Morena", color: "#8c1d2f"),
        ColumnaVoto(id: "NO_REGISTRADAS", tipo: .noRegistradas, nombre: "Candidaturas no registradas", color: "#6b6b6b"),
        ColumnaVoto(id: "NULOS", tipo: .nulos, nombre: "Votos nulos", color: "#333333"),
    ]
    static let columnasALC: [ColumnaVoto] = [
        ColumnaVoto(id: "PAN", tipo: .partido, nombre: "Partido Acción Nacional", color: "#0055a5"),
        ColumnaVoto(id: "MORENA", tipo: .partido, nombre: "Morena", color: "#a50021"),
        ColumnaVoto(id: "MC", tipo: .partido, nombre: "Movimiento Ciudadano", color: "#ff8300"),
        ColumnaVoto(id: "CI_1", tipo: .independiente, nombre: "Vecinos & <Barrio>", color: "#5b3a8c"),
        ColumnaVoto(id: "NO_REGISTRADAS", tipo: .noRegistradas, nombre: "Candidaturas no registradas", color: "#6b6b6b"),
        ColumnaVoto(id: "NULOS", tipo: .nulos, nombre: "Votos nulos", color: "#333333"),
    ]

    static func catalogo() -> Catalogo {
        var casillas: [Casilla] = []
        for d in 1...3 {
            for s in 0..<8 {
                let seccion = d * 100 + s
                for (tipo, n) in [("B", 1), ("C", 1), ("C", 2)] where !(tipo == "C" && n == 2 && s % 2 == 1) {
                    let clave = ClaveCasilla(entidad: 9, seccion: seccion, tipo: Character(tipo), idCasilla: n, extContigua: 0)!
                    casillas.append(Casilla(clave: clave, idDistritoLocal: d, idDemarcacion: (s % 3) + 1, ubicacion: 1,
                                            listaNominal: 550 + (seccion * 7) % 120, representantes: 8 + s % 4,
                                            boletasEspecial: 0, elecciones: ["JG", "ALC"]))
                }
            }
        }
        casillas.append(Casilla(clave: ClaveCasilla("090201S0100")!, idDistritoLocal: 2, idDemarcacion: 2, ubicacion: 1,
                                listaNominal: 0, representantes: 10, boletasEspecial: 1000, elecciones: ["JG", "ALC"]))
        return Catalogo(
            proceso: Proceso(idEntidad: 9, entidad: "CIUDAD DE MÉXICO", siglas: "CDMX", anio: 2024,
                             descripcion: "Muestra sintética para pruebas: no son datos reales."),
            elecciones: [
                Eleccion(codigo: "JG", nombre: "JEFATURA DE GOBIERNO", geografia: .distritoLocal, columnas: columnasJG, columnasPorAmbito: [:]),
                Eleccion(codigo: "ALC", nombre: "ALCALDÍAS", geografia: .demarcacion, columnas: columnasALC,
                         columnasPorAmbito: [1: [0, 1, 2, 4, 5], 3: [0, 1, 2, 4, 5]]),
            ],
            distritos: [Ambito(id: 1, nombre: "Gustavo A. Madero"), Ambito(id: 2, nombre: "Coyoacán & Tlalpan"), Ambito(id: 3, nombre: "Iztapalapa")],
            demarcaciones: [Ambito(id: 1, nombre: "Azcapotzalco"), Ambito(id: 2, nombre: "Coyoacán"), Ambito(id: 3, nombre: "Cuajimalpa de Morelos")],
            casillas: casillas,
            candidaturas: [
                Candidatura(eleccion: "JG", idAmbito: 0, columna: "PAN", propietaria: "Ana Ruiz & Asociados", suplente: ""),
                Candidatura(eleccion: "JG", idAmbito: 0, columna: "PRI", propietaria: "Ana Ruiz & Asociados", suplente: ""),
                Candidatura(eleccion: "JG", idAmbito: 0, columna: "PRD", propietaria: "Ana Ruiz & Asociados", suplente: ""),
                Candidatura(eleccion: "JG", idAmbito: 0, columna: "PVEM", propietaria: "Beatriz Núñez", suplente: ""),
                Candidatura(eleccion: "JG", idAmbito: 0, columna: "PT", propietaria: "Beatriz Núñez", suplente: ""),
                Candidatura(eleccion: "JG", idAmbito: 0, columna: "MORENA", propietaria: "Beatriz Núñez", suplente: ""),
                Candidatura(eleccion: "JG", idAmbito: 0, columna: "MC", propietaria: "Carlos Peña", suplente: ""),
                Candidatura(eleccion: "ALC", idAmbito: 2, columna: "PAN", propietaria: "Diana Soto", suplente: "Elena Vaca"),
                Candidatura(eleccion: "ALC", idAmbito: 2, columna: "MORENA", propietaria: "Fabián Ortiz", suplente: "Gil Mora"),
                Candidatura(eleccion: "ALC", idAmbito: 2, columna: "CI_1", propietaria: "Hugo <Independiente>", suplente: "Iris Luna"),
            ])
    }

    /// Deterministic pseudo-random numbers (a linear congruential generator): the same corte every run.
    struct Azar {
        var s: UInt64
        mutating func siguiente(_ n: Int) -> Int {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Int((s >> 33) % UInt64(n))
        }
    }

    struct Corte {
        let catalogo: Catalogo
        /// Verified acta per position in `catalogo.actas`.
        let verificadas: [ActaVerificada?]
        let fuera: [[ActaVerificada]]
        /// `publish/cortes/NAME`.
        let carpeta: URL
        let publish: URL
        /// The key the corte was signed with (to re-sign a tampered copy).
        let clave: ClaveSecretaSignify
    }

    static let hora = MarcaTiempo(rfc3339: "2024-06-02T21:30:00-06:00")!

    /// The shipped CDMX-like sample (`etc/catalogo`, as `prep sample-catalog --scale cdmx` makes it).
    /// The shipped sample as an `ine-2024` catálogo (the site tests read INE's layout: every
    /// expected acta a row, `'KEY'`); the sample's own `iecm-2024` site is `SitioIECMTests`'.
    static func muestraCDMX() throws -> Catalogo { try MuestraCDMX.catalogoINE() }

    /// Builds the corte's actas, registers them with a `ConstructorCortes` whose site hook is
    /// `SitioResultados`, and publishes one corte as of `ahora` under `raiz/publish/`.
    /// `registrar` says which expected actas have been verified (most of them, of several kinds);
    /// the others stay pending.
    /// `firmadas`: operators cap01, cap02 and cap03 are registered, and every acta comes with
    /// signed captures (two agreeing ones by cap01 and cap02; a sin acta declared by cap03), as
    /// the spool hands them to the corte builder.
    static func construir(en raiz: URL, catalogo cat: Catalogo = catalogo(), ahora: MarcaTiempo = hora,
                          firmadas: Bool = false, registrar: (Casilla) -> Bool = { _ in true },
                          sitio: (any GeneradorSitio)? = nil) throws -> Corte {
        var azar = Azar(s: 20240602)
        let spool = raiz.appendingPathComponent("spool")
        let publish = raiz.appendingPathComponent("publish")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        var rutas: [String: String] = [:]

        func imagen(_ clave: String) throws -> ImagenActa {
            let bytes = Array("\u{89}PNG\r\n\u{1a}\n imagen de \(clave)".utf8)
            let hex = SHA256.resumen(bytes)
            let ruta = spool.appendingPathComponent("\(clave).png")
            try Data(bytes).write(to: ruta)
            rutas[clave] = ruta.path
            return ImagenActa(sha256: hex, extension_: "png", origen: .catd)
        }

        func captura(_ clave: ClaveActa, _ columnas: [ColumnaVoto], tipo: Int) -> Captura {
            var votos: [String: Cifra] = [:]
            for (i, c) in columnas.enumerated() {
                var v = Cifra.votos(azar.siguiente(c.tipo == .coalicion ? 6 : 45))
                if c.id == "MORENA" { v = .votos(60 + azar.siguiente(80)) }
                if tipo == 3, i == 1 { v = .ilegible }
                if tipo == 4, c.id == "MORENA" { v = .votos(2_000) }
                if tipo == 5, i == 0 { v = .sinDato }
                votos[c.id] = v
            }
            let suma = votos.values.reduce(0) { $0 + $1.valor }
            let totales = Dictionary(uniqueKeysWithValues: Total.allCases.map { ($0, Cifra.votos(suma)) })
            return Captura(acta: clave, operador: "cap01", capturada: nil, acopio: nil, totales: totales, votos: votos)
        }

        var verificadas: [ActaVerificada?] = []
        for (k, a) in cat.actas.enumerated() {
            let tipo = k % 11
            switch tipo {
            case _ where !registrar(cat.casillas[a.casilla]):
                verificadas.append(nil)
            case 0, 7:
                verificadas.append(nil)
            case 2:
                verificadas.append(ActaVerificada(clave: a.clave, contenido: .sinActa(.paqueteNoEntregado), imagen: nil,
                                                  acopio: nil, captura: nil, verificacion: hora))
            default:
                verificadas.append(ActaVerificada(clave: a.clave, contenido: .captura(captura(a.clave, cat.columnas(de: a), tipo: tipo)),
                                                  imagen: try imagen(a.clave.texto), acopio: hora, captura: hora, verificacion: hora))
            }
        }
        var fuera: [[ActaVerificada]] = []
        for e in cat.elecciones {
            let clave = ClaveActa("099999B0100-\(e.codigo)")!
            fuera.append([ActaVerificada(clave: clave, contenido: .captura(captura(clave, e.columnas, tipo: 1)),
                                         imagen: try imagen(clave.texto), acopio: hora, captura: hora, verificacion: hora)])
        }

        let clave = try ClaveSecretaSignify.generar()
        var configuracion = ConfiguracionCortes(carpeta: publish.path, modo: .simulacro, desfaseMinutos: -360, intervaloSegundos: 900,
                                                catalogoSHA256: HuellaSHA256(palabras: (0xabab_abab_abab_abab, 0xabab_abab_abab_abab, 0xabab_abab_abab_abab, 0xabab_abab_abab_abab)), clave: clave,
                                                sitio: sitio ?? SitioResultados(clave: clave.publica))
        let operadores = firmadas ? try Dictionary(uniqueKeysWithValues: ["cap01", "cap02", "cap03"].map { ($0, try ClaveSecretaSignify.generar()) }) : [:]
        if firmadas {
            configuracion.operadores = try RegistroOperadores(operadores: operadores.keys.sorted().map {
                RegistroOperadores.Operador(nombre: $0, catd: "07", clave: operadores[$0]!.publica)
            })
        }
        /// A capture document signed by `operador`, where the spool keeps it.
        func firmada(_ bytes: [UInt8], _ operador: String) throws -> CapturaEnSpool {
            let h = SHA256.resumen(bytes)
            let ruta = spool.appendingPathComponent("\(h).json")
            try Data(bytes).write(to: ruta)
            try Data(try operadores[operador]!.firmarSeparado(bytes, comentario: "verify with \(operador).pub")).write(to: URL(fileURLWithPath: ruta.path + ".sig"))
            return CapturaEnSpool(sha256: h, bytes: bytes.count, ruta: ruta.path, rutaFirma: ruta.path + ".sig")
        }
        let publicador = try ConstructorCortes(configuracion: configuracion, catalogo: cat)
        for v in verificadas.compactMap({ $0 }) + fuera.joined() {
            var respaldo: FuenteRespaldo?
            if firmadas {
                switch v.contenido {
                case .sinActa(let causa):
                    let d = Array(#"{"version":1,"acta":"\#(v.clave.texto)","operador":"cap03","causa":"\#(causa.rawValue)"}"#.utf8)
                    respaldo = FuenteRespaldo(resultado: .sinacta, capturas: [try firmada(d, "cap03")])
                case .captura(let c):
                    respaldo = FuenteRespaldo(resultado: .verificada, capturas: [
                        try firmada(VerificadorCapturasTests.json(c, "cap01"), "cap01"), try firmada(VerificadorCapturasTests.json(c, "cap02"), "cap02")])
                }
            }
            try publicador.registrar(v, rutaImagen: rutas[v.clave.texto], respaldo: respaldo)
        }
        let publicado = try publicador.publicarCorte(ahora: ahora)
        return Corte(catalogo: cat, verificadas: verificadas, fuera: fuera,
                     carpeta: URL(fileURLWithPath: publicado.ruta), publish: publish, clave: clave)
    }

    /// The site's model for this corte, through the adapter the corte builder uses.
    static func modelo(_ c: Corte, expira: MarcaTiempo) -> ModeloSitio {
        let cat = c.catalogo
        let meta = MetadatosSitio(corte: NombreCorte(seq: 7, hora: hora), hora: hora, expira: expira, simulacro: true,
                                  huellaClave: "0123456789abcdef", clavePublica: "../../prep.pub")
        return AdaptadorSitio.modelo(
            catalogo: cat, meta: meta,
            registro: { p in
                c.verificadas[p].map { v in
                    RegistroVerificado(acta: v, resultado: Computo.computar(v, esperada: cat.actas[p], catalogo: cat),
                                       columnas: cat.elecciones[cat.actas[p].eleccion].columnas)
                }
            },
            fueraDeCatalogo: { ie in
                c.fuera[ie].map { v in
                    (clave: v.clave.texto, registro: RegistroVerificado(acta: v, resultado: Computo.computar(v, esperada: nil, catalogo: cat),
                                                                          columnas: cat.elecciones[ie].columnas))
                }
            })
    }
}
