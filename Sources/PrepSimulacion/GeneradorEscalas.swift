import PrepDominio

extension GeneradorCatalogo {
    /// The 16 demarcaciones territoriales (real names), ids in alphabetical order, with how many of
    /// the 33 synthetic distritos fall in each and whether part of it is rural.
    static let demarcacionesCDMX: [(nombre: String, distritos: Int, rural: Bool)] = [
        ("Álvaro Obregón", 3, false), ("Azcapotzalco", 1, false), ("Benito Juárez", 2, false), ("Coyoacán", 3, false),
        ("Cuajimalpa de Morelos", 1, true), ("Cuauhtémoc", 2, false), ("Gustavo A. Madero", 4, false),
        ("Iztacalco", 1, false), ("Iztapalapa", 6, false), ("La Magdalena Contreras", 1, true),
        ("Miguel Hidalgo", 1, false), ("Milpa Alta", 1, true), ("Tláhuac", 1, true), ("Tlalpan", 2, true),
        ("Venustiano Carranza", 2, false), ("Xochimilco", 2, true),
    ]
    static let tlahuac = 13
    static let cuajimalpa = 5
    /// Reference §6: PAN broke Va X la CDMX in these districts (only PRI-PRD went together).
    static let vaRota: Set<Int> = [12, 13, 17, 20, 21, 25, 26, 30]
    /// Synthetic choice: the three districts where only MORENA-PT went together.
    static let soloPTMorena: Set<Int> = [7, 15, 24]
    /// Reference §6: MORENA ran alone in district 31 (and in Tláhuac for the alcaldía).
    static let morenaSola = 31
    /// Synthetic independents (CAND_IND_1) in diputaciones of these districts.
    static let independientesDIP: Set<Int> = [9, 22]

    static func cdmx() -> [String: [UInt8]] {
        var rng = Azar(semilla: 0x0009_2024_C0DE)
        var a: [String: [UInt8]] = [:]
        a["proceso.csv"] = con("proceso.csv", [[
            "9", "CIUDAD DE MÉXICO", "CDMX", "2024",
            "Muestra sintética con la forma del proceso local CDMX 2023-2024, generada por 'prep sample-catalog --scale cdmx': casillas, listas nominales y candidaturas NO son datos reales",
        ]])
        a["elecciones.csv"] = con("elecciones.csv", [
            ["JG", "JEFATURA DE GOBIERNO", "DISTRITO_LOCAL"],
            ["DIP", "DIPUTACIONES LOCALES DE MAYORÍA RELATIVA", "DISTRITO_LOCAL"],
            ["ALC", "ALCALDÍAS", "DEMARCACION_TERRITORIAL"],
        ])
        a["columnas.csv"] = con("columnas.csv", filasColumnas("JG", independientes: 0)
            + filasColumnas("DIP", independientes: 1) + filasColumnas("ALC", independientes: 1))

        // Distrito → demarcación, in the order of the table above.
        var demarcacionDe: [Int] = [0]
        for (i, d) in demarcacionesCDMX.enumerated() { demarcacionDe += Array(repeating: i + 1, count: d.distritos) }
        a["distritos.csv"] = con("distritos.csv", (1...33).map { [String($0), "DISTRITO " + dos($0)] })
        a["demarcaciones.csv"] = con("demarcaciones.csv", demarcacionesCDMX.enumerated().map { [String($0 + 1), $1.nombre] })

        // Which columns each acta shows, and who postulates.
        var ambito: [[String]] = []
        var candidaturas: [[String]] = []
        for p in postulantes(va: combinacionesVa, sigamos: combinacionesSigamos, independientes: []) {
            candidaturas.append(["JG", "0", p, "Candidatura Ficticia JG " + p, ""])
        }
        for d in 1...33 {
            let va = vaRota.contains(d) ? ["PRI_PRD"] : combinacionesVa
            let sig = d == morenaSola ? [] : soloPTMorena.contains(d) ? ["PT_MORENA"] : combinacionesSigamos
            let ind = independientesDIP.contains(d) ? [1] : []
            if va != combinacionesVa || sig != combinacionesSigamos || ind.isEmpty {
                ambito.append(["DIP", String(d), columnasAplicables(va: va, sigamos: sig, independientes: ind)])
            }
            for p in postulantes(va: va, sigamos: sig, independientes: ind) {
                candidaturas.append(["DIP", String(d), p, "Candidatura Ficticia DIP \(dos(d)) \(p)", "Suplencia Ficticia DIP \(dos(d)) \(p)"])
            }
        }
        for m in 1...16 {
            let sig = m == tlahuac ? [] : combinacionesSigamos
            let ind = m == cuajimalpa ? [1] : []
            if sig != combinacionesSigamos || ind.isEmpty {
                ambito.append(["ALC", String(m), columnasAplicables(va: combinacionesVa, sigamos: sig, independientes: ind)])
            }
            for p in postulantes(va: combinacionesVa, sigamos: sig, independientes: ind) {
                candidaturas.append(["ALC", String(m), p, "Candidatura Ficticia ALC \(dos(m)) \(p)", ""])
            }
        }
        a["columnas_ambito.csv"] = con("columnas_ambito.csv", ambito)
        a["candidaturas.csv"] = con("candidaturas.csv", candidaturas)

        // Casillas: 5,520 secciones spread evenly over the 33 distritos; one básica each, 0–4
        // contiguas (mean 1.38), 26 extraordinarias and 15 especiales in sections drawn at random.
        let secciones = 5_520
        var extraordinarias = Set<Int>(), especiales = Set<Int>()
        while extraordinarias.count < 26 { extraordinarias.insert(rng.entre(1...secciones)) }
        while especiales.count < 15 { especiales.insert(rng.entre(1...secciones)) }
        var casillas: [[String]] = []
        casillas.reserveCapacity(13_300)
        for s in 1...secciones {
            let distrito = (s - 1) * 33 / secciones + 1
            let dem = demarcacionDe[distrito]
            let rural = demarcacionesCDMX[dem - 1].rural
            func fila(_ tipo: Character, _ id: Int, _ ext: Int, ln: Int, boletas: Int) -> [String] {
                filaCasilla(entidad: 9, seccion: s, tipo: tipo, id: id, ext: ext, distrito: distrito, demarcacion: dem,
                            ubicacion: rural && rng.entre(0...99) < 30 ? 2 : 1, ln: ln, reps: rng.entre(6...14),
                            boletas: boletas, elecciones: "JG DIP ALC")
            }
            casillas.append(fila("B", 1, 0, ln: rng.entre(455...725), boletas: 0))
            let contiguas = rng.ponderado([15, 46, 27, 10, 2])
            for c in stride(from: 1, through: contiguas, by: 1) { casillas.append(fila("C", c, 0, ln: rng.entre(455...725), boletas: 0)) }
            if extraordinarias.contains(s) { casillas.append(fila("E", 1, 0, ln: rng.entre(300...600), boletas: 0)) }
            if especiales.contains(s) { casillas.append(fila("S", 1, 0, ln: 0, boletas: 1_000)) }
        }
        a["casillas.csv"] = con("casillas.csv", casillas)
        return a
    }

    /// National scale for benchmarks: 300 distritos in 32 entidades (as demarcaciones), elections
    /// PRES and DIP by distrito and SEN by entidad; ≈170,000 casillas.
    static func nacional() -> [String: [UInt8]] {
        var rng = Azar(semilla: 0x2024_0602_0000_0515)
        var a: [String: [UInt8]] = [:]
        a["proceso.csv"] = con("proceso.csv", [[
            "0", "NACIONAL", "NAC", "2024",
            "Muestra sintética de escala nacional para pruebas de rendimiento, generada por 'prep sample-catalog --scale national': NO son datos reales",
        ]])
        a["elecciones.csv"] = con("elecciones.csv", [
            ["PRES", "PRESIDENCIA DE LA REPÚBLICA", "DISTRITO_LOCAL"],
            ["SEN", "SENADURÍAS", "DEMARCACION_TERRITORIAL"],
            ["DIP", "DIPUTACIONES FEDERALES", "DISTRITO_LOCAL"],
        ])
        a["columnas.csv"] = con("columnas.csv", filasColumnas("PRES", independientes: 0)
            + filasColumnas("SEN", independientes: 0) + filasColumnas("DIP", independientes: 0))
        a["distritos.csv"] = con("distritos.csv", (1...300).map { [String($0), "DISTRITO \(dos($0))"] })
        a["demarcaciones.csv"] = con("demarcaciones.csv", (1...32).map { [String($0), "ENTIDAD \(dos($0))"] })
        var ambito: [[String]] = []
        var candidaturas: [[String]] = []
        for p in postulantes(va: combinacionesVa, sigamos: combinacionesSigamos, independientes: []) {
            candidaturas.append(["PRES", "0", p, "Candidatura Ficticia PRES " + p, ""])
        }
        for e in 1...32 {
            for p in postulantes(va: combinacionesVa, sigamos: combinacionesSigamos, independientes: []) {
                candidaturas.append(["SEN", String(e), p, "Candidatura Ficticia SEN \(dos(e)) \(p)", "Suplencia Ficticia SEN \(dos(e)) \(p)"])
            }
        }
        for d in 1...300 {
            // Every tenth district: the coalitions broke (only PRI-PRD and PT-MORENA went together).
            let rota = d % 10 == 0
            let va = rota ? ["PRI_PRD"] : combinacionesVa
            let sig = rota ? ["PT_MORENA"] : combinacionesSigamos
            if rota { ambito.append(["DIP", String(d), columnasAplicables(va: va, sigamos: sig, independientes: [])]) }
            for p in postulantes(va: va, sigamos: sig, independientes: []) {
                candidaturas.append(["DIP", String(d), p, "Candidatura Ficticia DIP \(d) \(p)", "Suplencia Ficticia DIP \(d) \(p)"])
            }
        }
        a["columnas_ambito.csv"] = con("columnas_ambito.csv", ambito)
        a["candidaturas.csv"] = con("candidaturas.csv", candidaturas)

        var casillas: [[String]] = []
        casillas.reserveCapacity(171_000)
        var seccionEnEntidad = [Int](repeating: 0, count: 33)
        for d in 1...300 {
            let entidad = (d - 1) * 32 / 300 + 1
            for _ in 0..<306 {
                seccionEnEntidad[entidad] += 1
                let s = seccionEnEntidad[entidad]
                func fila(_ tipo: Character, _ id: Int, ln: Int, boletas: Int) -> [String] {
                    filaCasilla(entidad: entidad, seccion: s, tipo: tipo, id: id, ext: 0, distrito: d, demarcacion: entidad,
                                ubicacion: rng.entre(0...99) < 33 ? 2 : 1, ln: ln, reps: rng.entre(6...14),
                                boletas: boletas, elecciones: "PRES SEN DIP")
                }
                casillas.append(fila("B", 1, ln: rng.entre(400...750), boletas: 0))
                let contiguas = rng.ponderado([35, 50, 10, 5])
                for c in stride(from: 1, through: contiguas, by: 1) { casillas.append(fila("C", c, ln: rng.entre(400...750), boletas: 0)) }
                if rng.entre(0...99) < 1 { casillas.append(fila("E", 1, ln: rng.entre(200...600), boletas: 0)) }
                if rng.entre(0...999) < 13 { casillas.append(fila("S", 1, ln: 0, boletas: 1_000)) }
            }
        }
        a["casillas.csv"] = con("casillas.csv", casillas)
        return a
    }
}
