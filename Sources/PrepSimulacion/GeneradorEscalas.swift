import PrepDominio

extension GeneradorCatalogo {
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
