import PrepDominio

/// The bytes of each drop, made on the spot: pictures of the acta key, capture and sin-acta JSON.
public enum Contenido {
    /// The PREP Casilla photo: a JPEG showing the key and `PREP CASILLA`.
    public static func foto(_ clave: ClaveActa) -> [UInt8] {
        let escala = 8
        let ancho = redondear8(Lienzo.anchoTexto(clave.texto, escala: escala) + 2 * escala)
        var l = Lienzo(ancho: ancho, alto: 8 * escala + 2 * 7 * escala + 2 * escala, fondo: 235)
        l.escribir(clave.texto, x: escala, y: escala, escala: escala, gris: 20)
        l.escribir("PREP CASILLA", x: escala, y: 9 * escala, escala: escala, gris: 90)
        return JPEG.codificar(l)
    }

    /// The CATD scan: a PNG showing `CATD NN`, the key and a strip that depends on the key.
    public static func escaneo(_ clave: ClaveActa, distrito: Int) -> [UInt8] {
        let escala = 2
        let ancho = Lienzo.anchoTexto(clave.texto, escala: escala) + 8 * escala
        var l = Lienzo(ancho: ancho, alto: 40 * escala, fondo: 255)
        l.escribir("CATD " + PlanNoche.dosDigitos(distrito), x: 4 * escala, y: 3 * escala, escala: escala)
        l.escribir(clave.texto, x: 4 * escala, y: 14 * escala, escala: escala)
        // A strip of bars from the key's bytes, like the QR label a CATD sticks on.
        var x = 4 * escala
        for b in clave.texto.utf8 {
            l.rellenar(x: x, y: 27 * escala, ancho: Int(b % 5) + 1, alto: 8 * escala, gris: 0)
            x += 7
        }
        return PNG.codificar(l)
    }

    /// A capture JSON (SPEC §5) with the figures in catálogo order.
    public static func captura(_ clave: ClaveActa, operador: String, cifras: CifrasActa, capturada: MarcaTiempo?) -> [UInt8] {
        capturaCruda(clave.texto, operador: operador, totales: cifras.totales.map { $0.map(json) }, columnas: cifras.columnas,
                     votos: cifras.votos.map(json), capturada: capturada)
    }

    /// A capture JSON (SPEC §5) with the figures of a domain `Captura` (its vote columns in name
    /// order), by `operador` (the capture's own operator is not used).
    public static func captura(_ c: Captura, operador: String) -> [UInt8] {
        let columnas = c.votos.keys.sorted()
        return capturaCruda(c.acta.texto, operador: operador, totales: Total.allCases.map { c.totales[$0].map(json) },
                            columnas: columnas, votos: columnas.map { c.votos[$0].map(json) ?? "0" }, capturada: c.capturada)
    }

    /// A capture JSON from figures already written as JSON values (so a bad drop can say `-5`).
    static func capturaCruda(_ acta: String, operador: String, totales: [String?], columnas: [String], votos: [String],
                             capturada: MarcaTiempo?) -> [UInt8] {
        var s = "{\"version\":1,\"acta\":\"" + acta + "\",\"operador\":\"" + operador + "\""
        if let capturada { s += ",\"capturada\":\"" + capturada.rfc3339 + "\"" }
        s += ",\"totales\":{"
        var primero = true
        for (i, t) in Total.allCases.enumerated() {
            guard let valor = totales[i] else { continue }  // not on this acta
            s += (primero ? "" : ",") + "\"" + t.rawValue + "\":" + valor
            primero = false
        }
        s += "},\"votos\":{"
        for (i, c) in columnas.enumerated() {
            s += (i == 0 ? "" : ",") + "\"" + c + "\":" + votos[i]
        }
        s += "}}\n"
        return Array(s.utf8)
    }

    /// A `KEY.sinacta.json` declaration (SPEC §4).
    public static func sinActa(_ clave: ClaveActa, operador: String, causa: String) -> [UInt8] {
        Array("{\"version\":1,\"acta\":\"\(clave.texto)\",\"operador\":\"\(operador)\",\"causa\":\"\(causa)\"}\n".utf8)
    }

    static func json(_ c: Cifra) -> String {
        switch c {
        case .votos(let n): String(n)
        case .ilegible: "\"ilegible\""
        case .sinDato: "\"sin dato\""
        }
    }

    private static func redondear8(_ n: Int) -> Int { (n + 7) / 8 * 8 }
}

extension PlanNoche {
    /// The bytes of one drop. `ahora` stamps captures' `capturada` (nil: left out).
    public func bytes(de e: Entrega, ahora: MarcaTiempo?) -> [UInt8] {
        switch e.tipo {
        case .foto(let i):
            return Contenido.foto(actas[i].clave)
        case .escaneo(let i):
            return Contenido.escaneo(actas[i].clave, distrito: actas[i].distrito)
        case .captura(let i, let k):
            let a = actas[i]
            // The second operator (k == 1) typed the discrepancy, if any; the third settles it.
            let cifras = (k == 1 ? a.discrepancia : nil) ?? a.verdad
            guard let cifras else { return [] }
            return Contenido.captura(a.clave, operador: a.operadores[k], cifras: cifras, capturada: ahora)
        case .sinActa(let i):
            let a = actas[i]
            guard case .sinActa(let causa) = a.destino else { return [] }
            return Contenido.sinActa(a.clave, operador: a.operadores.first ?? "catd", causa: causa.rawValue)
        case .mala(_, let k):
            return contenidoMalas[k]
        }
    }
}
