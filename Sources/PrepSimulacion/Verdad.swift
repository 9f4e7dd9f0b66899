import PrepDominio

/// The ground truth of a played night: per election, what the last corte must show once every
/// drop has been processed: the summary figures and the votes per column over counted actas.
/// Counted with the domain's own `Computo` and `AcumuladorResumen` (Anexo 13), from the figures
/// the night decided, never from what the daemon did.
public struct VerdadNoche: Hashable, Sendable {
    public struct PorEleccion: Hashable, Sendable {
        public let eleccion: String
        /// `Resumen.encabezado` → value as published.
        public let resumen: [String: String]
        /// Every column of the election in catálogo order, with its votes over counted actas.
        public let votos: [(columna: String, votos: Int)]

        public static func == (a: PorEleccion, b: PorEleccion) -> Bool {
            a.eleccion == b.eleccion && a.resumen == b.resumen
                && a.votos.map(\.columna) == b.votos.map(\.columna) && a.votos.map(\.votos) == b.votos.map(\.votos)
        }

        public func hash(into h: inout Hasher) {
            h.combine(eleccion)
            for v in votos { h.combine(v.columna); h.combine(v.votos) }
        }
    }

    /// What the night dropped, by kind.
    public struct Entregas: Hashable, Sendable {
        public var total = 0, imagenes = 0, capturas = 0, sinActa = 0
        /// Bad drops the daemon must refuse (each ends in `rejected/`).
        public var malas = 0
        /// Temp names never renamed: the daemon must ignore them (they stay in `incoming/`).
        public var temporales = 0
    }

    public let semilla: UInt64
    public let elecciones: [PorEleccion]
    public let entregas: Entregas
    /// Actas played per fate.
    public let actasCapturadas: Int, actasSinActa: Int, actasPendientes: Int, actasFueraCatalogo: Int
    public let discrepancias: Int

    public init(plan: PlanNoche) {
        let catalogo = plan.catalogo
        let t0 = MarcaTiempo(segundosUnix: 0, desfaseMinutos: 0)
        var acumuladores = catalogo.elecciones.indices.map { e in
            AcumuladorResumen(actasEsperadas: catalogo.actas.lazy.filter { $0.eleccion == e }.count)
        }
        var capturadas = 0, sinActa = 0, pendientes = 0, fuera = 0, discrepancias = 0
        for a in plan.actas {
            let verificada: ActaVerificada?
            switch a.destino {
            case .pendiente:
                verificada = nil
                pendientes += 1
            case .sinActa(let causa):
                verificada = ActaVerificada(clave: a.clave, contenido: .sinActa(causa), imagen: nil, acopio: nil,
                                            captura: nil, verificacion: t0)
                sinActa += 1
            case .captura:
                guard let verdad = a.verdad else { continue }
                verificada = ActaVerificada(clave: a.clave, contenido: .captura(verdad.captura(a.clave, operador: a.operadores.last ?? "")),
                                            imagen: nil, acopio: nil, captura: nil, verificacion: t0)
                if a.esperada == nil { fuera += 1 } else { capturadas += 1 }
                if a.discrepancia != nil { discrepancias += 1 }
            }
            let e = a.esperada?.eleccion ?? catalogo.eleccion(codigo: a.clave.eleccion)?.indice
            guard let e else { continue }
            let r = Computo.computar(verificada, esperada: a.esperada, catalogo: catalogo)
            acumuladores[e].agregar(r, acta: verificada, casilla: a.esperada.map { catalogo.casillas[$0.casilla] })
        }
        elecciones = catalogo.elecciones.enumerated().map { e, eleccion in
            let r = acumuladores[e].resumen(perfil: catalogo.proceso.perfil)
            let votos = acumuladores[e].votosPorColumna
            return PorEleccion(eleccion: eleccion.codigo,
                               resumen: Dictionary(uniqueKeysWithValues: zip(Resumen.encabezado, r.valores)),
                               votos: eleccion.columnas.map { ($0.id, votos[$0.id] ?? 0) })
        }
        var en = Entregas()
        for e in plan.entregas {
            en.total += 1
            switch e.tipo {
            case .foto, .escaneo: en.imagenes += 1
            case .captura: en.capturas += 1
            case .sinActa: en.sinActa += 1
            case .mala(.temporalAbandonado, _): en.temporales += 1
            case .mala: en.malas += 1
            }
        }
        entregas = en
        semilla = plan.parametros.semilla
        actasCapturadas = capturadas
        actasSinActa = sinActa
        actasPendientes = pendientes
        actasFueraCatalogo = fuera
        self.discrepancias = discrepancias
    }

    /// Human-readable, stable text: one line per summary and per column.
    public var texto: String {
        var s = "ground truth (seed \(semilla)): \(actasCapturadas) actas captured, \(discrepancias) of them settled by a third capture, "
        s += "\(actasSinActa) sin acta, \(actasFueraCatalogo) fuera de catálogo, \(actasPendientes) never arrive\n"
        s += "drops: \(entregas.total) (\(entregas.imagenes) images, \(entregas.capturas) captures, \(entregas.sinActa) sin acta, "
        s += "\(entregas.malas) bad, \(entregas.temporales) temp names left behind)\n"
        for e in elecciones {
            for campo in Resumen.encabezado { s += "\(e.eleccion) \(campo) \(e.resumen[campo] ?? "")\n" }
            for v in e.votos { s += "\(e.eleccion) votos \(v.columna) \(v.votos)\n" }
        }
        return s
    }

    /// Stable JSON (members in a fixed order, the votes in catálogo order), read back by `VerdadLeida`.
    public var json: String {
        func objeto(_ m: [(String, Int)]) -> ValorJSON { .objeto(m.map { (clave: $0.0, valor: .entero($0.1)) }) }
        let documento: ValorJSON = .objeto([
            (clave: "version", valor: .entero(1)),
            (clave: "semilla", valor: .numero(String(semilla))),
            (clave: "actas", valor: objeto([
                ("capturadas", actasCapturadas), ("discrepancias", discrepancias), ("sin_acta", actasSinActa),
                ("fuera_catalogo", actasFueraCatalogo), ("pendientes", actasPendientes),
            ])),
            (clave: "entregas", valor: objeto([
                ("total", entregas.total), ("imagenes", entregas.imagenes), ("capturas", entregas.capturas),
                ("sin_acta", entregas.sinActa), ("malas", entregas.malas), ("temporales", entregas.temporales),
            ])),
            (clave: "elecciones", valor: .arreglo(elecciones.map { e in
                .objeto([
                    (clave: "eleccion", valor: .texto(e.eleccion)),
                    (clave: "resumen", valor: .objeto(Resumen.encabezado.map { (clave: $0, valor: .texto(e.resumen[$0] ?? "")) })),
                    (clave: "votos", valor: objeto(e.votos.map { ($0.columna, $0.votos) })),
                ])
            })),
        ])
        return EscritorJSON.texto(documento, estilo: .sangrado)
    }
}
