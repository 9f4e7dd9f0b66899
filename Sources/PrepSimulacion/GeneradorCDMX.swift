import PrepDominio

/// The shipped CDMX sample (`prep sample-catalog --scale cdmx`): the shape of the IECM's real 2024
/// universe with synthetic figures, published in `iecm-2024` (docs/catalogo.md, docs/perfiles.md).
extension GeneradorCatalogo {
    /// The 16 alcaldías with the institute's ids and names (leeme_ALC.txt:136–153, as
    /// `computos_bd-alcalde` spells them: no accents), in alphabetical order, with how many of the 33
    /// synthetic distritos fall in each and whether part of it is rural.
    static let alcaldiasCDMX: [(id: Int, nombre: String, distritos: Int, rural: Bool)] = [
        (10, "ALVARO OBREGON", 3, false), (2, "AZCAPOTZALCO", 1, false), (14, "BENITO JUAREZ", 2, false),
        (3, "COYOACAN", 3, false), (4, "CUAJIMALPA DE MORELOS", 1, true), (15, "CUAUHTEMOC", 2, false),
        (5, "GUSTAVO A MADERO", 4, false), (6, "IZTACALCO", 1, false), (7, "IZTAPALAPA", 6, false),
        (8, "LA MAGDALENA CONTRERAS", 1, true), (16, "MIGUEL HIDALGO", 1, false), (9, "MILPA ALTA", 1, true),
        (11, "TLAHUAC", 1, true), (12, "TLALPAN", 2, true), (17, "VENUSTIANO CARRANZA", 2, false),
        (13, "XOCHIMILCO", 2, true),
    ]
    static let tlahuac = 11
    static let cuajimalpa = 4
    /// Reference §6: PAN broke Va X la CDMX in these districts (only PRI-PRD went together).
    static let vaRota: Set<Int> = [12, 13, 17, 20, 21, 25, 26, 30]
    /// The specimen's distrito 7 and two synthetic ones: only the candidatura común MORENA_PT.
    static let soloPTMorena: Set<Int> = [7, 15, 24]
    /// Reference §6: MORENA ran alone in district 31 (and in Tláhuac for the alcaldía).
    static let morenaSola = 31
    /// Synthetic candidaturas sin partido (CSP) in diputaciones of these districts.
    static let independientesDIP: Set<Int> = [9, 22]
    /// The drill's counts of special rows among 13,424 JG actas (the README of reference/iecm2024).
    static let cuantasCDMX = (extraordinarias: 11, especiales: 43, urnas: 10, anticipadas: 53, prision: 7)

    /// The leeme's vote columns of each election (leeme_GUB.txt:93, leeme_DIP_LOC.txt:89,
    /// leeme_ALC.txt:87; NO_REGISTRADAS as the export spells it): parties, then candidatura sin
    /// partido and candidaturas comunes, then the coalition combinations.
    static func columnasIECM(_ e: String) -> [[String]] {
        var filas = partidos.map { [e, $0.0, "partido", $0.1, $0.2] }
        func fila(_ id: String, _ tipo: String, _ nombre: String, _ color: String) { filas.append([e, id, tipo, nombre, color]) }
        if e != "JG" { fila("CSP", "independiente", "Candidatura sin partido", "#7b5ea7") }
        if e == "DIP" { fila("MORENA_PT", "candidatura_comun", "Candidatura común MORENA-PT", "#b5646a") }
        if e != "JG" { fila("MORENA_PT_VERDE", "candidatura_comun", "Candidatura común MORENA-PT-VERDE", "#b5646a") }
        for c in combinacionesVa { fila(c, "coalicion", "Combinación " + c.replacing("_", with: "-"), "#6a7fb5") }
        if e == "JG" { for c in combinacionesSigamos { fila(c, "coalicion", "Combinación " + c.replacing("_", with: "-"), "#b5646a") } }
        fila("NO_REGISTRADAS", "no_registradas", "Candidaturas no registradas", "#9e9e9e")
        fila("NULOS", "nulos", "Votos nulos", "#616161")
        return filas
    }

    /// Columns shown and postulantes of a DIP distrito or an ALC alcaldía: Va X la CDMX whole or
    /// broken, the candidatura común MORENA_PT_VERDE, MORENA_PT only, or each party alone, and a CSP.
    static func ambitoIECM(_ e: String, va: [String], comun: String?, csp: Bool) -> (columnas: String, postulantes: [String]) {
        var columnas = partidos.map(\.0)
        if csp { columnas.append("CSP") }
        if let comun { columnas.append(comun) }
        columnas += va + ["NO_REGISTRADAS", "NULOS"]
        var p: [String] = va.contains("PAN_PRI_PRD") ? ["PAN_PRI_PRD"] : va.contains("PRI_PRD") ? ["PAN", "PRI_PRD"] : ["PAN", "PRI", "PRD"]
        switch comun {
        case "MORENA_PT_VERDE": p.append("MORENA_PT_VERDE")
        case "MORENA_PT": p += ["PVEM", "MORENA_PT"]
        default: p += ["PVEM", "PT", "MORENA"]
        }
        p.append("MC")
        if csp { p.append("CSP") }
        return (columnas.joined(separator: " "), p)
    }

    static func cdmx() -> [String: [UInt8]] {
        var rng = Azar(semilla: 0x0009_2024_C0DE)
        var a: [String: [UInt8]] = [:]
        a["proceso.csv"] = con("proceso.csv", [[
            "9", "CIUDAD DE MÉXICO", "CDMX", "2024",
            "Muestra sintética con la forma del proceso local CDMX 2023-2024, generada por 'prep sample-catalog --scale cdmx': casillas, listas nominales y candidaturas NO son datos reales",
            "iecm-2024",
        ]], opcionales: true)
        a["elecciones.csv"] = con("elecciones.csv", [
            ["JG", "JEFATURA DE GOBIERNO", "DISTRITO_LOCAL"],
            ["DIP", "DIPUTACIONES LOCALES", "DISTRITO_LOCAL"],
            ["ALC", "ALCALDÍAS", "DEMARCACION_TERRITORIAL"],
        ])
        a["columnas.csv"] = con("columnas.csv", columnasIECM("JG") + columnasIECM("DIP") + columnasIECM("ALC"))

        // Distrito → alcaldía id, in the order of the table above.
        var alcaldiaDe: [Int] = [0]
        var rural: [Int: Bool] = [:]
        for d in alcaldiasCDMX {
            alcaldiaDe += Array(repeating: d.id, count: d.distritos)
            rural[d.id] = d.rural
        }
        a["distritos.csv"] = con("distritos.csv", (1...33).map { [String($0), "DISTRITO " + dos($0)] })
        a["demarcaciones.csv"] = con("demarcaciones.csv", alcaldiasCDMX.sorted { $0.id < $1.id }.map { [String($0.id), $0.nombre] })

        var ambito: [[String]] = []
        var candidaturas: [[String]] = []
        for p in postulantes(va: combinacionesVa, sigamos: combinacionesSigamos, independientes: []) {
            candidaturas.append(["JG", "0", p, "Candidatura Ficticia JG " + p, ""])
        }
        for d in 1...33 {
            let comun: String? = d == morenaSola ? nil : soloPTMorena.contains(d) ? "MORENA_PT" : "MORENA_PT_VERDE"
            let x = ambitoIECM("DIP", va: vaRota.contains(d) ? ["PRI_PRD"] : combinacionesVa, comun: comun, csp: independientesDIP.contains(d))
            ambito.append(["DIP", String(d), x.columnas])  // no distrito shows both candidaturas comunes
            for p in x.postulantes {
                candidaturas.append(["DIP", String(d), p, "Candidatura Ficticia DIP \(dos(d)) \(p)", "Suplencia Ficticia DIP \(dos(d)) \(p)"])
            }
        }
        for m in alcaldiasCDMX.map(\.id).sorted() {
            let x = ambitoIECM("ALC", va: combinacionesVa, comun: m == tlahuac ? nil : "MORENA_PT_VERDE", csp: m == cuajimalpa)
            if m != cuajimalpa { ambito.append(["ALC", String(m), x.columnas]) }
            for p in x.postulantes { candidaturas.append(["ALC", String(m), p, "Candidatura Ficticia ALC \(dos(m)) \(p)", ""]) }
        }
        a["columnas_ambito.csv"] = con("columnas_ambito.csv", ambito)
        a["candidaturas.csv"] = con("candidaturas.csv", candidaturas)
        a["casillas.csv"] = con("casillas.csv", casillasCDMX(&rng, alcaldiaDe: alcaldiaDe, rural: rural), opcionales: true)
        return a
    }

    /// 5,520 secciones spread evenly over the 33 distritos, one básica each, 0–4 contiguas; the
    /// drill's numbers of extraordinarias and especiales (some with urna electrónica, every one
    /// with both DIP actas) in sections drawn at random; then the mesas: one M (voto en el
    /// extranjero, no distrito: `090000M0100`, JG and DIP), 53 A and 7 P (sección 0000, spread
    /// over the alcaldías). Traslado mechanisms F, I, D or none, drawn per casilla.
    static func casillasCDMX(_ rng: inout Azar, alcaldiaDe: [Int], rural: [Int: Bool]) -> [[String]] {
        let secciones = 5_520
        let n = cuantasCDMX
        var extraordinarias = Set<Int>(), especiales = Set<Int>(), urnas = Set<Int>()
        while extraordinarias.count < n.extraordinarias { extraordinarias.insert(rng.entre(1...secciones)) }
        while especiales.count < n.especiales { especiales.insert(rng.entre(1...secciones)) }
        let ordenEspeciales = especiales.sorted()
        while urnas.count < n.urnas { urnas.insert(ordenEspeciales[rng.entre(0...(ordenEspeciales.count - 1))]) }
        var casillas: [[String]] = []
        casillas.reserveCapacity(13_400)
        for s in 1...secciones {
            let distrito = (s - 1) * 33 / secciones + 1
            let alc = alcaldiaDe[distrito]
            func fila(_ tipo: Character, _ id: Int, ln: Int, boletas: Int, actas: String = "JG DIP ALC", urna: Bool = false) -> [String] {
                filaCasilla(entidad: 9, seccion: s, tipo: tipo, id: id, ext: 0, distrito: distrito, demarcacion: alc,
                            ubicacion: rural[alc] == true && rng.entre(0...99) < 30 ? 2 : 1, ln: ln, reps: rng.entre(6...14),
                            boletas: boletas, elecciones: actas)
                    + [["", "F", "F", "F", "F", "F", "I", "D"][rng.entre(0...7)], urna ? "1" : "0"]
            }
            casillas.append(fila("B", 1, ln: rng.entre(455...725), boletas: 0))
            let contiguas = rng.ponderado([15, 46, 27, 10, 2])
            for c in stride(from: 1, through: contiguas, by: 1) { casillas.append(fila("C", c, ln: rng.entre(455...725), boletas: 0)) }
            if extraordinarias.contains(s) { casillas.append(fila("E", 1, ln: rng.entre(300...600), boletas: 0)) }
            if especiales.contains(s) {
                casillas.append(fila("S", 1, ln: 0, boletas: 1_000, actas: "JG DIP DIP-RP ALC", urna: urnas.contains(s)))
            }
        }
        func mesa(_ tipo: Character, _ id: Int, distrito: Int, ln: Int) -> [String] {
            filaCasilla(entidad: 9, seccion: 0, tipo: tipo, id: id, ext: 0, distrito: distrito, demarcacion: alcaldiaDe[distrito],
                        ubicacion: 1, ln: ln, reps: 0, boletas: 0, elecciones: tipo == "M" ? "JG DIP" : "JG DIP ALC") + ["", "0"]
        }
        casillas.append(mesa("M", 1, distrito: 0, ln: rng.entre(5_000...9_000)))
        for i in 1...n.anticipadas { casillas.append(mesa("A", i, distrito: (i - 1) % 33 + 1, ln: rng.entre(10...60))) }
        for i in 1...n.prision { casillas.append(mesa("P", i, distrito: (i * 5 - 1) % 33 + 1, ln: rng.entre(40...160))) }
        return casillas
    }
}
