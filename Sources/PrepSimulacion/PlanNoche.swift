import PrepDominio

/// An election night, decided up front from a catálogo and a seed: every acta's fate and true
/// figures, and every drop with its folder, name, moment and way of writing. Deterministic: the
/// same catálogo, parameters and seed give the same plan, byte for byte.
public struct PlanNoche: Sendable {
    public let catalogo: Catalogo
    public let parametros: ParametrosNoche
    /// Catálogo actas first (in catálogo order, pending ones included), then fuera de catálogo.
    public let actas: [ActaSimulada]
    /// Every drop, sorted by `instante`.
    public let entregas: [Entrega]
    /// The bytes of bad drop k (`Entrega.Tipo.mala(_, k)`).
    public let contenidoMalas: [[UInt8]]

    public init(catalogo: Catalogo, parametros p: ParametrosNoche) {
        self.catalogo = catalogo
        self.parametros = p
        var azar = Azar(semilla: p.semilla)
        var azarReparto = azar.derivar(1)
        var azarCifras = azar.derivar(2)
        var azarTiempos = azar.derivar(3)
        var azarMalas = azar.derivar(4)
        let operadores = (1...240).map { "cap" + Self.tresDigitos($0) }
        // 1. Who plays which part.
        let reparto = Reparto(catalogo: catalogo, parametros: p, azar: &azarReparto)
        // 2. Each catálogo acta's fate and figures.
        var actas = Self.actasDelCatalogo(catalogo, reparto: reparto, parametros: p, operadores: operadores, azar: &azarCifras)
        // 3. A few fuera-de-catálogo actas.
        actas += Self.fueraDeCatalogo(actas, catalogo: catalogo, parametros: p, operadores: operadores, azar: &azarCifras)
        self.actas = actas
        // 4. The drops and their moments.
        (entregas, contenidoMalas) = Self.entregas(de: actas, catalogo: catalogo, parametros: p,
                                                   azarTiempos: &azarTiempos, azarMalas: &azarMalas)
    }

    /// Who plays which part: a shuffled order of the catálogo actas, cut in slices (not played,
    /// pending, sin acta, captured), and among the captured ones independent draws for the
    /// special cases.
    struct Reparto {
        var noJugadas: Set<Int>, pendientes: Set<Int>
        var sinActa: [Int: CausaSinActa]
        var discrepantes: Set<Int>, conIlegible: Set<Int>, conSinDato: Set<Int>, excedidas: Set<Int>

        init(catalogo: Catalogo, parametros p: ParametrosNoche, azar azarReparto: inout Azar) {
            let n = catalogo.actas.count
            let jugables = min(n, p.maxActas ?? n)
            var orden = Array(0..<n)
            orden.shuffle(using: &azarReparto)
            // Every kind of acta (each TIPO_ACTA of each election: mesas M, A, P, urna electrónica, the
            // RP acta of a casilla especial…) plays even in a small night: the first of each kind in
            // the shuffled order goes to the end of the played slice, among the captured ones.
            if jugables < n {
                var vistos: Set<String> = []
                let especiales = orden.filter { vistos.insert("\(catalogo.actas[$0].eleccion) \(catalogo.actas[$0].tipoActa)").inserted }
                    .prefix(jugables / 2)
                let apartadas = Set(especiales)
                let resto = orden.filter { !apartadas.contains($0) }
                orden = Array(resto[..<(jugables - especiales.count)]) + especiales + resto[(jugables - especiales.count)...]
            }
            func cuantas(_ share: Double, de total: Int) -> Int {
                let k = Int((share * Double(total)).rounded())
                return min(total, k == 0 && share > 0 && total >= 50 ? 1 : k)
            }
            noJugadas = Set(orden[jugables...])
            var jugadas = Array(orden[..<jugables])
            let kPend = cuantas(p.pendientes, de: jugables)
            pendientes = Set(jugadas.prefix(kPend))
            jugadas.removeFirst(kPend)
            let kSin = max(cuantas(p.sinActa, de: jugables), jugables >= 50 && p.sinActa > 0 ? 3 : 0)
            var sinActa: [Int: CausaSinActa] = [:]
            for (i, a) in jugadas.prefix(min(kSin, jugadas.count)).enumerated() {
                sinActa[a] = CausaSinActa.allCases[i % CausaSinActa.allCases.count]
            }
            jugadas.removeFirst(min(kSin, jugadas.count))
            // Among those captured, independent draws for the special cases.
            func muestra(_ share: Double) -> Set<Int> {
                Set(jugadas.shuffled(using: &azarReparto).prefix(cuantas(share, de: jugadas.count)))
            }
            discrepantes = muestra(p.discrepancias)
            conIlegible = muestra(p.ilegibles)
            conSinDato = muestra(p.ilegibles)
            excedidas = muestra(p.excedeListaNominal)
            self.sinActa = sinActa
        }
    }

    /// Each catálogo acta's fate and figures, in catálogo order; turnout and swing per distrito,
    /// so the map has some colour.
    static func actasDelCatalogo(_ catalogo: Catalogo, reparto r: Reparto, parametros p: ParametrosNoche, operadores: [String],
                                 azar azarCifras: inout Azar) -> [ActaSimulada] {
        let n = catalogo.actas.count
        var participacionDistrito: [Int: Double] = [:]
        var giroDistrito: [Int: Double] = [:]
        for d in catalogo.distritos {
            participacionDistrito[d.id] = azarCifras.uniforme(0.60...0.70)
            giroDistrito[d.id] = azarCifras.uniforme(-0.6...0.6)
        }

        var actas: [ActaSimulada] = []
        actas.reserveCapacity(n)
        for (i, esperada) in catalogo.actas.enumerated() {
            let casilla = catalogo.casillas[esperada.casilla]
            let distrito = casilla.idDistritoLocal
            if r.noJugadas.contains(i) || r.pendientes.contains(i) {
                actas.append(ActaSimulada(clave: esperada.clave, esperada: esperada, distrito: distrito, destino: .pendiente,
                                          verdad: nil, discrepancia: nil, operadores: [], foto: false, escaneo: false))
                continue
            }
            if let causa = r.sinActa[i] {
                actas.append(ActaSimulada(clave: esperada.clave, esperada: esperada, distrito: distrito, destino: .sinActa(causa),
                                          verdad: nil, discrepancia: nil, operadores: ["catd" + Self.dosDigitos(distrito)],
                                          foto: false, escaneo: false))
                continue
            }
            let columnas = catalogo.columnas(de: esperada)
            var verdad = Self.cifras(casilla: casilla, columnas: columnas, participacion: participacionDistrito[distrito] ?? 0.65,
                                     giro: giroDistrito[distrito] ?? 0, excede: r.excedidas.contains(i), azar: &azarCifras)
            if r.conIlegible.contains(i) { Self.borrar(&verdad, con: .ilegible, azar: &azarCifras) }
            if r.conSinDato.contains(i) { Self.borrar(&verdad, con: .sinDato, azar: &azarCifras) }
            let discrepancia = r.discrepantes.contains(i) ? Self.alterar(verdad, azar: &azarCifras) : nil
            var ops = operadores.shuffled(using: &azarCifras)
            ops.removeLast(ops.count - (discrepancia == nil ? 2 : 3))
            var foto = azarCifras.bernoulli(p.foto), escaneo = azarCifras.bernoulli(p.escaneo)
            if !foto && !escaneo { escaneo = true }
            if p.escaneo <= 0 { (foto, escaneo) = (true, false) } else if p.foto <= 0 { (foto, escaneo) = (false, true) }
            actas.append(ActaSimulada(clave: esperada.clave, esperada: esperada, distrito: distrito, destino: .captura,
                                      verdad: verdad, discrepancia: discrepancia, operadores: ops, foto: foto, escaneo: escaneo))
        }
        return actas
    }

    /// A few fuera-de-catálogo actas: new contiguas of played casillas, all the election's columns.
    static func fueraDeCatalogo(_ actas: [ActaSimulada], catalogo: Catalogo, parametros p: ParametrosNoche, operadores: [String],
                                azar azarCifras: inout Azar) -> [ActaSimulada] {
        var fuera: [ActaSimulada] = []
        let capturadas = actas.indices.filter { actas[$0].destino == .captura }
        let kFuera = capturadas.isEmpty ? 0 : (p.fueraDeCatalogo ?? max(1, capturadas.count / 1000))
        var usadas = Set<String>()
        var intentos = 0
        while usadas.count < kFuera, intentos < kFuera * 50 {
            intentos += 1
            guard let base = capturadas.randomElement(using: &azarCifras), let esperada = actas[base].esperada else { continue }
            let casilla = catalogo.casillas[esperada.casilla]
            let eleccion = catalogo.elecciones[esperada.eleccion]
            guard let cc = ClaveCasilla(entidad: casilla.clave.entidad, seccion: casilla.clave.seccion, tipo: "C",
                                        idCasilla: azarCifras.entero(80...99), extContigua: 0),
                  let clave = ClaveActa(casilla: cc, eleccion: eleccion.codigo),
                  catalogo.acta(clave) == nil, !usadas.contains(clave.texto) else { continue }
            usadas.insert(clave.texto)
            let ficticia = Casilla(clave: cc, idDistritoLocal: casilla.idDistritoLocal, idDemarcacion: casilla.idDemarcacion,
                                   ubicacion: 1, listaNominal: 500, representantes: 10, boletasEspecial: 0, elecciones: [])
            let verdad = Self.cifras(casilla: ficticia, columnas: eleccion.columnas, participacion: 0.65, giro: 0,
                                     excede: false, azar: &azarCifras)
            var ops = operadores.shuffled(using: &azarCifras)
            ops.removeLast(ops.count - 2)
            fuera.append(ActaSimulada(clave: clave, esperada: nil, distrito: casilla.idDistritoLocal, destino: .captura,
                                      verdad: verdad, discrepancia: nil, operadores: ops, foto: false, escaneo: true))
        }
        return fuera
    }

    /// Every drop of the night and the bytes of the bad ones, stretched so the last falls at the end.
    static func entregas(de actas: [ActaSimulada], catalogo: Catalogo, parametros p: ParametrosNoche,
                         azarTiempos: inout Azar, azarMalas: inout Azar) -> ([Entrega], [[UInt8]]) {
        var entregas: [Entrega] = []
        for (i, a) in actas.enumerated() {
            entregas += Self.entregas(de: a, indice: i, parametros: p, azar: &azarTiempos)
        }
        let (malas, contenido) = Self.malas(cuantas: Int((Double(entregas.count) * p.malas / max(0.0001, 1 - p.malas)).rounded()),
                                            plan: actas, catalogo: catalogo, azar: &azarMalas)
        entregas += malas
        // Stretch so the last drop falls at the end of the night; stable order for ties.
        let ultimo = entregas.map(\.instante).max() ?? 1
        let escala = ultimo > 0 ? 1 / ultimo : 1
        let ordenadas = entregas.enumerated().sorted { x, y in
            x.element.instante != y.element.instante ? x.element.instante < y.element.instante : x.offset < y.offset
        }.map { e in
            Entrega(carpeta: e.element.carpeta, nombre: e.element.nombre, instante: min(1, e.element.instante * escala),
                    modo: e.element.modo, tipo: e.element.tipo)
        }
        return (ordenadas, contenido)
    }

    // MARK: - Figures

    static func cifras(casilla: Casilla, columnas: [ColumnaVoto], participacion: Double, giro: Double,
                       excede: Bool, azar: inout Azar) -> CifrasActa {
        let umbral = Computo.umbral(casilla)
        let representantesVotaron = min(casilla.representantes, azar.entero(0...2))
        var total: Int
        if excede {
            total = umbral + azar.entero(1...max(1, umbral / 10))
        } else if casilla.esEspecial {
            total = Int(Double(casilla.boletasEspecial) * azar.uniforme(0.45...0.95)) + representantesVotaron
        } else {
            total = Int(Double(casilla.listaNominal) * min(0.95, max(0.3, participacion + azar.uniforme(-0.07...0.07))))
                + representantesVotaron
        }
        total = excede ? total : min(total, umbral)
        let votos = GeneradorVotos.repartir(total, columnas, giro: giro + azar.uniforme(-0.3...0.3), azar: &azar)
        let capacidad = (casilla.esEspecial ? casilla.boletasEspecial : casilla.listaNominal) + casilla.representantes
        let totales: [Int] = [max(0, capacidad - total), max(0, total - representantesVotaron), representantesVotaron, total, total]
        let exigidos = Captura.totalesExigidos(casilla)
        let muestra = zip(Total.allCases, totales).map { t, n -> Cifra? in exigidos.count == 5 || t == .totalAsentado ? .votos(n) : nil }
        return CifrasActa(totales: muestra, columnas: columnas.map(\.id), votos: votos.map { .votos($0) })
    }

    /// One figure (a vote column nine times in ten, else a total) becomes ilegible or sin dato.
    static func borrar(_ c: inout CifrasActa, con cifra: Cifra, azar: inout Azar) {
        if azar.bernoulli(0.9), !c.votos.isEmpty {
            c.votos[azar.entero(0...(c.votos.count - 1))] = cifra
        } else {
            let mostrados = c.totales.indices.filter { c.totales[$0] != nil }
            c.totales[mostrados[azar.entero(0...(mostrados.count - 1))]] = cifra
        }
    }

    /// The second operator's mistake: one vote figure off by a few, or read as ilegible.
    static func alterar(_ c: CifrasActa, azar: inout Azar) -> CifrasActa? {
        guard !c.votos.isEmpty else { return nil }
        var otra = c
        let k = azar.entero(0...(c.votos.count - 1))
        switch c.votos[k] {
        case .votos(let v) where azar.bernoulli(0.85): otra.votos[k] = .votos(v + azar.entero(1...9))
        case .ilegible: otra.votos[k] = .votos(azar.entero(0...20))
        default: otra.votos[k] = .ilegible
        }
        return otra
    }

    // MARK: - Drops of one acta

    static func entregas(de a: ActaSimulada, indice i: Int, parametros p: ParametrosNoche, azar: inout Azar) -> [Entrega] {
        let nn = dosDigitos(a.distrito)
        let cierre = 0.02 + 0.4 * (azar.uniforme() * azar.uniforme()).squareRoot() * azar.uniforme()
        let llegadaPaquete = cierre + 0.05 + 0.45 * azar.uniforme()
        func modoImagen(_ azar: inout Azar) -> ModoEscritura {
            azar.bernoulli(p.imagenesEnSitio) ? .enSitio : (azar.bernoulli(0.5) ? .renombrarParte : .renombrarOculto)
        }
        func modoJSON(_ azar: inout Azar) -> ModoEscritura {
            azar.bernoulli(p.jsonEnSitio) ? .enSitio : (azar.bernoulli(0.5) ? .renombrarParte : .renombrarOculto)
        }
        switch a.destino {
        case .pendiente:
            return []
        case .sinActa:
            return [Entrega(carpeta: "catd-" + nn, nombre: a.clave.texto + ".sinacta.json", instante: llegadaPaquete,
                            modo: modoJSON(&azar), tipo: .sinActa(i))]
        case .captura:
            var r: [Entrega] = []
            var primera = Double.infinity
            if a.foto {
                let t = cierre + 0.01 * azar.uniforme()
                primera = t
                // The app names its photos .jpg, now and then in capitals (SPEC: any case).
                let ext = azar.bernoulli(0.1) ? ".JPG" : ".jpg"
                r.append(Entrega(carpeta: "casilla-" + nn, nombre: a.clave.texto + ext, instante: t, modo: modoImagen(&azar), tipo: .foto(i)))
            }
            if a.escaneo {
                primera = min(primera, llegadaPaquete)
                r.append(Entrega(carpeta: "catd-" + nn, nombre: a.clave.texto + ".png", instante: llegadaPaquete,
                                 modo: modoImagen(&azar), tipo: .escaneo(i)))
            }
            var t = primera
            for (k, op) in a.operadores.enumerated() {
                t += 0.003 + 0.02 * azar.uniforme()
                r.append(Entrega(carpeta: "captura-" + nn, nombre: a.clave.texto + ".captura." + op + ".json", instante: t,
                                 modo: modoJSON(&azar), tipo: .captura(i, k)))
            }
            return r
        }
    }

    static func dosDigitos(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
    static func tresDigitos(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : String(n) }
}
