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
        let raiz: [(clave: String, valor: ValorJSON)]
        switch leerObjeto(bytes) {
        case .failure(let p): return .failure(p)
        case .success(let m): raiz = m
        }
        var v = Revision()
        var version: ValorJSON?, acta: ValorJSON?, oper: ValorJSON?, capturada: ValorJSON?, acopio: ValorJSON?
        var totales: ValorJSON?, votos: ValorJSON?
        for (k, valor) in raiz {
            switch k {
            case "version": version = valor
            case "acta": acta = valor
            case "operador": oper = valor
            case "capturada": capturada = valor
            case "acopio": acopio = valor
            case "totales": totales = valor
            case "votos": votos = valor
            default: v.problema("\(k): unknown member (expected version, acta, operador, capturada, acopio, totales, votos)")
            }
        }
        v.version(version)
        v.igual("acta", acta, clave.texto)
        v.igual("operador", oper, operador)
        let tCapturada = v.tiempo("capturada", capturada)
        let tAcopio = v.tiempo("acopio", acopio)

        // Control totals: exactly the five.
        var cifrasTotales: [Total: Cifra] = [:]
        if let miembros = v.objeto("totales", totales) {
            for (k, valor) in miembros {
                guard let t = Total(rawValue: k) else {
                    v.problema("totales.\(k): unknown total (expected \(Total.allCases.map(\.rawValue).joined(separator: ", ")))")
                    continue
                }
                if let c = v.cifra("totales.\(k)", valor) { cifrasTotales[t] = c }
            }
            for t in Total.allCases where !miembros.contains(where: { $0.clave == t.rawValue }) {
                v.problema("totales.\(t.rawValue): missing")
            }
        }

        // Vote columns: exactly the acta's.
        var cifrasVotos: [String: Cifra] = [:]
        if let (_, eleccion) = catalogo.eleccion(codigo: clave.eleccion) {
            let esperada = catalogo.acta(clave)
            let todas = eleccion.columnas
            let indices: [Int]
            var ambito = 0
            if let esperada {
                ambito = catalogo.casillas[esperada.casilla].ambito(eleccion.geografia)
                indices = eleccion.indicesColumnas(ambito: ambito)
            } else {
                indices = Array(todas.indices)
            }
            if let miembros = v.objeto("votos", votos) {
                cifrasVotos.reserveCapacity(miembros.count)
                var vistas = [Bool](repeating: false, count: todas.count)
                for (k, valor) in miembros {
                    guard let i = todas.firstIndex(where: { $0.id == k }) else {
                        v.problema("votos.\(k): unknown column (not a column of \(eleccion.codigo))")
                        continue
                    }
                    guard indices.contains(i) else {
                        let lugar = eleccion.geografia == .distritoLocal ? "distrito" : "demarcación"
                        v.problema("votos.\(k): not a column of this acta (\(eleccion.codigo) in \(lugar) \(ambito) does not show it)")
                        continue
                    }
                    vistas[i] = true
                    if let c = v.cifra("votos.\(k)", valor) { cifrasVotos[k] = c }
                }
                if esperada != nil {
                    for i in indices where !vistas[i] { v.problema("votos.\(todas[i].id): missing") }
                } else {
                    for (i, c) in todas.enumerated() where (c.tipo == .noRegistradas || c.tipo == .nulos) && !vistas[i] {
                        v.problema("votos.\(c.id): missing")
                    }
                }
            }
        } else {
            v.problema("acta: election \(clave.eleccion) is not in the catálogo")
            _ = v.objeto("votos", votos)
        }

        guard v.problemas.isEmpty else { return .failure(ProblemasCaptura(v.problemas)) }
        return .success(Captura(acta: clave, operador: operador, capturada: tCapturada, acopio: tAcopio,
                                totales: cifrasTotales, votos: cifrasVotos))
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

/// The problems found so far while checking one document, and the field checks.
private struct Revision {
    var problemas: [String] = []

    mutating func problema(_ p: String) { problemas.append(p) }

    mutating func version(_ valor: ValorJSON?) {
        switch valor {
        case nil: problema("version: missing")
        case .numero("1")?: break
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

    mutating func tiempo(_ campo: String, _ valor: ValorJSON?) -> MarcaTiempo? {
        guard let valor else { return nil }
        if case .texto(let s) = valor, let t = MarcaTiempo(rfc3339: s) { return t }
        problema("\(campo): expected an RFC 3339 time such as 2024-06-02T21:20:31-06:00, got \(valor.resumen)")
        return nil
    }

    mutating func objeto(_ campo: String, _ valor: ValorJSON?) -> [(clave: String, valor: ValorJSON)]? {
        switch valor {
        case nil: problema("\(campo): missing")
        case .objeto(let m)?: return m
        case let x?: problema("\(campo): expected an object, got \(x.resumen)")
        }
        return nil
    }

    /// A whole number ≥ 0, "ilegible" or "sin dato".
    mutating func cifra(_ campo: String, _ valor: ValorJSON) -> Cifra? {
        switch valor {
        case .numero(let n):
            if let x = Revision.natural(n) {
                if x <= ValidadorCaptura.cifraMaxima { return .votos(x) }
                problema("\(campo): expected a whole number from 0 to \(ValidadorCaptura.cifraMaxima), got \(n)")
                return nil
            }
        case .texto("ilegible"): return .ilegible
        case .texto("sin dato"): return .sinDato
        default: break
        }
        problema("\(campo): expected a whole number ≥ 0, \"ilegible\" or \"sin dato\", got \(valor.resumen)")
        return nil
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
