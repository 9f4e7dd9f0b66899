import PrepDominio
import PrepSistema

/// Synthetic verified actas for the corte benchmarks (never real data):
/// deterministic figures derived from the acta's position, with a sprinkling of sin acta,
/// `Ilegible`, `Sin dato` and over-the-lista-nominal actas so every CSV value shows up.
public enum ActaSintetica {
    /// The bytes of a tiny image for the acta (JPEG magic, then the key).
    public static func imagen(_ clave: ClaveActa) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xE0] + Array(clave.texto.utf8)
    }

    /// The verified acta number `i` of the catálogo, with the image `bytesImagen` (its SHA-256
    /// computed here); `momento` is its verification time.
    public static func acta(_ i: Int, catalogo: Catalogo, bytesImagen: [UInt8], momento: MarcaTiempo) throws -> ActaVerificada {
        let esperada = catalogo.actas[i]
        if i % 97 == 13 {
            let causas = CausaSinActa.allCases
            return ActaVerificada(clave: esperada.clave, contenido: .sinActa(causas[i % causas.count]), imagen: nil,
                                  acopio: nil, captura: nil, verificacion: momento)
        }
        let casilla = catalogo.casillas[esperada.casilla]
        let columnas = catalogo.columnas(de: esperada)
        var azar = Azar(semilla: UInt64(truncatingIfNeeded: i))
        func siguiente(_ n: Int) -> Int { azar.entre(0...max(0, n - 1)) }
        let tope = max(10, (casilla.esEspecial ? casilla.boletasEspecial : casilla.listaNominal) * 6 / 10)
        var votos: [String: Cifra] = [:]
        var suma = 0
        for c in columnas {
            let n = siguiente(max(2, tope / max(1, columnas.count) * 2))
            votos[c.id] = .votos(n)
            suma += n
        }
        if i % 53 == 7, let c = columnas.first { votos[c.id] = .ilegible }
        if i % 59 == 11, let c = columnas.last { votos[c.id] = .sinDato }
        if i % 211 == 5, let c = columnas.first { votos[c.id] = .votos(casilla.listaNominal + casilla.representantes + 5000) }
        let totales: [Total: Cifra] = [.boletasSobrantes: .votos(max(0, casilla.listaNominal - suma)), .personasVotaron: .votos(suma),
                                       .representantesVotaron: .votos(siguiente(5)), .votosSacados: .votos(suma),
                                       .totalAsentado: .votos(suma)]
        let acopio = MarcaTiempo(segundosUnix: momento.segundosUnix - 600, desfaseMinutos: momento.desfaseMinutos)
        let captura = MarcaTiempo(segundosUnix: momento.segundosUnix - 120, desfaseMinutos: momento.desfaseMinutos)
        let c = Captura(acta: esperada.clave, operador: "sim", capturada: captura, acopio: acopio, totales: totales, votos: votos)
        let hash = SHA256.resumen(bytesImagen)
        return ActaVerificada(clave: esperada.clave, contenido: .captura(c),
                              imagen: ImagenActa(sha256: hash, extension_: "jpg", origen: i % 3 == 0 ? .casilla : .catd),
                              acopio: acopio, captura: captura, verificacion: momento)
    }
}
