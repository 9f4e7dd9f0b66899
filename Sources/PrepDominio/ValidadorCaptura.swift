/// Every problem found in a capture or *sin acta* JSON, each naming its field
/// (`votos.PRD: expected a whole number ≥ 0, "ilegible" or "sin dato", got -3`). `description`
/// joins them with "; " into the one line that goes to `rejected/*.reason`.
public struct ProblemasCaptura: Error, Hashable, Sendable, CustomStringConvertible {
    public let problemas: [String]
    public init(_ problemas: [String]) { self.problemas = problemas }
    public var description: String { problemas.joined(separator: "; ") }
}

/// Checks a `KEY.captura.OPERATOR.json` or `KEY.sinacta.json` against SPEC §5 and the catálogo.
public enum ValidadorCaptura {
    /// The largest figure accepted: no casilla gets near it, and it keeps sums far from overflow.
    public static let cifraMaxima = 999_999_999

    /// Validates a capture for acta `clave` by `operador` (both from the file name).
    ///
    /// The vote columns must be exactly those the catálogo gives the acta. For a fuera-de-catálogo
    /// acta (its election exists, its casilla does not) any subset of the election's columns that
    /// includes NO_REGISTRADAS and NULOS is accepted, since no catálogo says which apply.
    public static func validar(_ bytes: [UInt8], clave: ClaveActa, operador: String,
                               catalogo: Catalogo) -> Result<Captura, ProblemasCaptura> {
        let c: CintaJSON
        switch LectorJSON.cinta(bytes) {
        case .failure(let e): return .failure(ProblemasCaptura([e.description]))
        case .success(let x): c = x
        }
        guard c.nodos[0].tipo == .objeto else {
            return .failure(ProblemasCaptura(["expected a JSON object, got \(c.valor(0).resumen)"]))
        }
        var v = RevisionCinta(c: c, ventana: catalogo.proceso.ventanaTiempos)
        var version: Int?, acta: Int?, oper: Int?, capturada: Int?, acopio: Int?, totales: Int?, votos: Int?, documento: Int?
        var j = 1
        for _ in 0..<c.nodos[0].entero {
            let valor = j + 1
            if c.esTexto(j, "version") { version = valor }
            else if c.esTexto(j, "acta") { acta = valor }
            else if c.esTexto(j, "operador") { oper = valor }
            else if c.esTexto(j, "capturada") { capturada = valor }
            else if c.esTexto(j, "acopio") { acopio = valor }
            else if c.esTexto(j, "totales") { totales = valor }
            else if c.esTexto(j, "votos") { votos = valor }
            else if c.esTexto(j, "tipo_documento") { documento = valor }
            else { v.problema("\(c.texto(j)): unknown member (expected version, acta, operador, capturada, acopio, totales, votos, tipo_documento)") }
            j = c.siguiente(valor)
        }
        v.version(version)
        v.igual("acta", acta, clave.texto)
        v.igual("operador", oper, operador)
        let tCapturada = v.tiempo("capturada", capturada)
        let tAcopio = v.tiempo("acopio", acopio)
        var tipoDocumento: TipoDocumento?
        if let documento {
            tipoDocumento = TipoDocumento.allCases.first { c.esTexto(documento, $0.rawValue) }
            if tipoDocumento == nil {
                v.problema("tipo_documento: expected one of \(TipoDocumento.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), got \(c.valor(documento).resumen)")
            }
        }
        let posicion = catalogo.posicion(clave)

        // Control totals: the five (on a mesa's or an urna electrónica's acta only TOTAL_VOTOS_ASENTADO
        // is required, the others may be given). Filled in through the template's indices: no total
        // is hashed per capture; a placeholder left for a total not given is removed below.
        let plantillaTotales = PlantillaTotales.comun
        var cifrasTotales = plantillaTotales.totales
        if let objeto = v.objeto("totales", totales) {
            var vistos = (false, false, false, false, false)
            var k = objeto + 1
            for n in 0..<c.nodos[objeto].entero {
                let pista = n < Revision.totales.count ? Revision.totales[n] : nil
                let t: Total? = if let pista, c.esTexto(k, pista.rawValue) { pista } else { Total(rawValue: c.texto(k)) }
                if let t {
                    switch t {
                    case .boletasSobrantes: vistos.0 = true
                    case .personasVotaron: vistos.1 = true
                    case .representantesVotaron: vistos.2 = true
                    case .votosSacados: vistos.3 = true
                    case .totalAsentado: vistos.4 = true
                    }
                    if let cifra = v.cifra("totales.", k, k + 1) { cifrasTotales.values[plantillaTotales.indice(t)] = cifra }
                } else {
                    v.problema("totales.\(c.texto(k)): unknown total (expected \(Total.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                k = c.siguiente(k + 1)
            }
            let presentes = [vistos.0, vistos.1, vistos.2, vistos.3, vistos.4]
            let exigidos = Captura.totalesExigidos(posicion.map { catalogo.casillas[catalogo.actas[$0].casilla] })
            for (t, visto) in zip(Revision.totales, presentes) where !visto {
                if exigidos.contains(t) { v.problema("totales.\(t.rawValue): missing") } else { cifrasTotales[t] = nil }
            }
        }

        // Vote columns: exactly the acta's.
        var cifrasVotos: [String: Cifra] = [:]
        // For an expected acta: its columns, already keyed (see `PlantillaVotos`).
        let plantilla = posicion.map { catalogo.plantillaVotos(posicion: $0) }
        if let ie = posicion.map({ catalogo.actas[$0].eleccion }) ?? catalogo.eleccion(codigo: clave.eleccion)?.indice {
            // The fields needed, not a copy of the whole `Eleccion` (a copy retains and releases
            // each of its references, for every capture).
            let todas = catalogo.elecciones[ie].columnas
            let geografia = catalogo.elecciones[ie].geografia
            // nil: every column of the election.
            var lista: [Int]?
            if let plantilla {
                lista = plantilla.lista
                cifrasVotos = plantilla.votos
            }
            let cuantas = lista?.count ?? todas.count
            if let objeto = v.objeto("votos", votos) {
                let miembros = c.nodos[objeto].entero
                if plantilla == nil { cifrasVotos.reserveCapacity(miembros) }
                var vistas = [Bool](repeating: false, count: todas.count)
                var siguiente = 0
                var k = objeto + 1
                for _ in 0..<miembros {
                    defer { k = c.siguiente(k + 1) }
                    // Captures usually list the columns in catálogo order: try the next one first.
                    let pista = siguiente < cuantas ? (lista?[siguiente] ?? siguiente) : -1
                    guard let i = pista >= 0 && c.esTexto(k, todas[pista].id) ? pista : todas.firstIndex(where: { c.esTexto(k, $0.id) }) else {
                        v.problema("votos.\(c.texto(k)): unknown column (not a column of \(catalogo.elecciones[ie].codigo))")
                        continue
                    }
                    guard i == pista || lista?.contains(i) ?? true else {
                        let lugar = geografia == .distritoLocal ? "distrito" : "demarcación"
                        let ambito = posicion.map { catalogo.casillas[catalogo.actas[$0].casilla].ambito(geografia) } ?? 0
                        v.problema("votos.\(todas[i].id): not a column of this acta (\(catalogo.elecciones[ie].codigo) in \(lugar) \(ambito) does not show it)")
                        continue
                    }
                    vistas[i] = true
                    if i == pista { siguiente += 1 }
                    // The catálogo's own string is the key: no string is built per figure. An
                    // expected acta's column is already in the template: no hashing either.
                    if let cifra = v.cifra("votos.", k, k + 1) {
                        if let indice = plantilla?.indices[i] { cifrasVotos.values[indice] = cifra } else { cifrasVotos[todas[i].id] = cifra }
                    }
                }
                if posicion != nil {
                    // Two loops rather than `lista ?? Array(todas.indices)`, an array per capture.
                    if let lista {
                        for i in lista where !vistas[i] { v.problema("votos.\(todas[i].id): missing") }
                    } else {
                        for i in todas.indices where !vistas[i] { v.problema("votos.\(todas[i].id): missing") }
                    }
                } else {
                    for (i, col) in todas.enumerated() where (col.tipo == .noRegistradas || col.tipo == .nulos) && !vistas[i] {
                        v.problema("votos.\(col.id): missing")
                    }
                }
            }
        } else {
            v.problema("acta: election \(clave.eleccion) is not in the catálogo")
            _ = v.objeto("votos", votos)
        }

        guard v.problemas.isEmpty else { return .failure(ProblemasCaptura(v.problemas)) }
        return .success(Captura(acta: clave, operador: operador, capturada: tCapturada, acopio: tAcopio,
                                totales: cifrasTotales, votos: cifrasVotos, documento: tipoDocumento))
    }

    /// Validates a `KEY.sinacta.json`: `{"version":1,"acta":KEY,"operador":…,"causa":C}`. The
    /// operator is whoever the file names; the key's election must be in the catálogo.
    public static func validarSinActa(_ bytes: [UInt8], clave: ClaveActa,
                                      catalogo: Catalogo) -> Result<DeclaracionSinActa, ProblemasCaptura> {
        let raiz: [(clave: String, valor: ValorJSON)]
        switch leerObjeto(bytes) {
        case .failure(let p): return .failure(p)
        case .success(let m): raiz = m
        }
        var v = Revision()
        var version: ValorJSON?, acta: ValorJSON?, oper: ValorJSON?, causa: ValorJSON?
        for (k, valor) in raiz {
            switch k {
            case "version": version = valor
            case "acta": acta = valor
            case "operador": oper = valor
            case "causa": causa = valor
            default: v.problema("\(k): unknown member (expected version, acta, operador, causa)")
            }
        }
        v.version(version)
        v.igual("acta", acta, clave.texto)
        var operador = ""
        switch oper {
        case nil: v.problema("operador: missing")
        case .texto(let s)? where esOperador(s): operador = s
        case let o?: v.problema("operador: expected a name of 1 to 32 of a-z 0-9 _ -, got \(o.resumen)")
        }
        var causaSinActa: CausaSinActa?
        let causas = CausaSinActa.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        switch causa {
        case nil: v.problema("causa: missing")
        case .texto(let s)? where CausaSinActa(rawValue: s) != nil: causaSinActa = CausaSinActa(rawValue: s)
        case let c?: v.problema("causa: expected one of \(causas), got \(c.resumen)")
        }
        if catalogo.eleccion(codigo: clave.eleccion) == nil {
            v.problema("acta: election \(clave.eleccion) is not in the catálogo")
        }
        guard v.problemas.isEmpty, let causaSinActa else { return .failure(ProblemasCaptura(v.problemas)) }
        return .success(DeclaracionSinActa(acta: clave, operador: operador, causa: causaSinActa))
    }

    /// OPERATOR: `[a-z0-9_-]{1,32}` (SPEC §4).
    public static func esOperador(_ s: String) -> Bool {
        let u = s.utf8
        return (1...32).contains(u.count) && u.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 45 }
    }

    private static func leerObjeto(_ bytes: [UInt8]) -> Result<[(clave: String, valor: ValorJSON)], ProblemasCaptura> {
        switch LectorJSON.leer(bytes) {
        case .failure(let e):
            return .failure(ProblemasCaptura([e.description]))
        case .success(.objeto(let m)):
            return .success(m)
        case .success(let otro):
            return .failure(ProblemasCaptura(["expected a JSON object, got \(otro.resumen)"]))
        }
    }
}

/// The problems found so far while checking a *sin acta* document (a `ValorJSON` tree), and the
/// pieces shared with `RevisionCinta`.
private struct Revision {
    var problemas: [String] = []
    static let totales = Total.allCases

    mutating func problema(_ p: String) { problemas.append(p) }

    mutating func version(_ valor: ValorJSON?) {
        switch valor {
        case nil: problema("version: missing")
        case .entero(1)?: break
        case let x?: problema("version: expected 1, got \(x.resumen)")
        }
    }

    mutating func igual(_ campo: String, _ valor: ValorJSON?, _ esperado: String) {
        switch valor {
        case nil: problema("\(campo): missing")
        case .texto(let s)? where s == esperado: break
        case let x?: problema("\(campo): expected \"\(esperado)\" (from the file name), got \(x.resumen)")
        }
    }

    /// Digits only (the JSON grammar already refused leading zeros); up to 18 digits.
    static func natural(_ s: String) -> Int? {
        var n = 0
        var digitos = 0
        for c in s.utf8 {
            guard c >= 48, c <= 57 else { return nil }
            digitos += 1
            if digitos > 18 { return Int.max }
            n = n * 10 + Int(c - 48)
        }
        return digitos == 0 ? nil : n
    }
}

/// The field checks of `Revision`, over a `CintaJSON` (node indices instead of values).
private struct RevisionCinta {
    let c: CintaJSON
    /// The instants a time may name (`Proceso.ventanaTiempos`).
    let ventana: ClosedRange<Int64>
    var problemas: [String] = []

    mutating func problema(_ p: String) { problemas.append(p) }

    mutating func version(_ i: Int?) {
        guard let i else { return problema("version: missing") }
        let n = c.nodos[i]
        if n.tipo == .entero, n.entero == 1 { return }
        problema("version: expected 1, got \(c.valor(i).resumen)")
    }

    mutating func igual(_ campo: String, _ i: Int?, _ esperado: String) {
        guard let i else { return problema("\(campo): missing") }
        if c.esTexto(i, esperado) { return }
        problema("\(campo): expected \"\(esperado)\" (from the file name), got \(c.valor(i).resumen)")
    }

    mutating func tiempo(_ campo: String, _ i: Int?) -> MarcaTiempo? {
        guard let i else { return nil }
        let n = c.nodos[i]
        var t: MarcaTiempo?
        if n.tipo == .texto {
            t = c.bytes.withUnsafeBufferPointer {
                MarcaTiempo.leer(rfc3339: UnsafeBufferPointer(rebasing: $0[Int(n.inicio)..<Int(n.fin)]))
            }
        } else if n.tipo == .textoDecodificado {
            t = MarcaTiempo(rfc3339: c.texto(i))
        }
        if let t {
            if ventana.contains(t.segundosUnix) { return t }
            let desde = MarcaTiempo(segundosUnix: ventana.lowerBound, desfaseMinutos: 0)
            let hasta = MarcaTiempo(segundosUnix: ventana.upperBound, desfaseMinutos: 0)
            problema("\(campo): \(t.rfc3339) is outside this process's time window (\(desde.rfc3339) to \(hasta.rfc3339)); a clock or a default date is wrong")
            return nil
        }
        problema("\(campo): expected an RFC 3339 time such as 2024-06-02T21:20:31-06:00, got \(c.valor(i).resumen)")
        return nil
    }

    mutating func objeto(_ campo: String, _ i: Int?) -> Int? {
        guard let i else {
            problema("\(campo): missing")
            return nil
        }
        if c.nodos[i].tipo == .objeto { return i }
        problema("\(campo): expected an object, got \(c.valor(i).resumen)")
        return nil
    }

    /// A whole number ≥ 0, "ilegible" or "sin dato"; the member's name is built only for a problem.
    mutating func cifra(_ prefijo: StaticString, _ clave: Int, _ i: Int) -> Cifra? {
        let n = c.nodos[i]
        if n.tipo == .entero, n.entero <= ValidadorCaptura.cifraMaxima { return .votos(n.entero) }
        if c.esTexto(i, "ilegible") { return .ilegible }
        if c.esTexto(i, "sin dato") { return .sinDato }
        let campo = prefijo.description + c.texto(clave)
        let valor = c.valor(i)
        if n.tipo == .entero || (n.tipo == .numero && Revision.natural(valor.resumen) != nil) {
            problema("\(campo): expected a whole number from 0 to \(ValidadorCaptura.cifraMaxima), got \(valor.resumen)")
        } else {
            problema("\(campo): expected a whole number ≥ 0, \"ilegible\" or \"sin dato\", got \(valor.resumen)")
        }
        return nil
    }
}
