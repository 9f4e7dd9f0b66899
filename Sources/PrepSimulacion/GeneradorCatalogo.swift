import PrepDominio

/// Makes synthetic catálogos in the format `CargadorCatalogo` reads (docs/catalogo.md): a
/// CDMX-2024-like sample (shipped under `etc/catalogo/`) and a national-scale one for benchmarks.
/// Deterministic: the same bytes on every run and machine. Pure: returns file name → bytes.
public enum GeneradorCatalogo {
    public enum Escala: String, CaseIterable, Sendable {
        /// 33 distritos locales, 16 alcaldías, ≈13,300 casillas and mesas, JG/DIP/ALC in `iecm-2024`: ≈39,900 actas.
        case cdmx
        /// 300 distritos in 32 entidades, ≈170,000 casillas, PRES/SEN/DIP: ≈510,000 actas.
        case national
    }

    public static func generar(_ escala: Escala) -> [String: [UInt8]] {
        switch escala {
        case .cdmx: cdmx()
        case .national: nacional()
        }
    }

    // MARK: Shared pieces

    static let partidos: [(String, String, String)] = [
        ("PAN", "Partido Acción Nacional", "#0059b3"),
        ("PRI", "Partido Revolucionario Institucional", "#e30613"),
        ("PRD", "Partido de la Revolución Democrática", "#ffcc00"),
        ("PVEM", "Partido Verde Ecologista de México", "#4caf50"),
        ("PT", "Partido del Trabajo", "#d52b1e"),
        ("MC", "Movimiento Ciudadano", "#ff7f00"),
        ("MORENA", "Morena", "#a4262c"),
    ]
    /// Va X la CDMX combinations, then Sigamos Haciendo Historia combinations (reference §6).
    static let combinacionesVa = ["PAN_PRI_PRD", "PAN_PRI", "PAN_PRD", "PRI_PRD"]
    static let combinacionesSigamos = ["PVEM_PT_MORENA", "PVEM_PT", "PVEM_MORENA", "PT_MORENA"]

    static func filasColumnas(_ eleccion: String, independientes: Int) -> [[String]] {
        var filas = partidos.map { [eleccion, $0.0, "partido", $0.1, $0.2] }
        for c in combinacionesVa { filas.append([eleccion, c, "coalicion", "Combinación " + c.replacing("_", with: "-"), "#6a7fb5"]) }
        for c in combinacionesSigamos { filas.append([eleccion, c, "coalicion", "Combinación " + c.replacing("_", with: "-"), "#b5646a"]) }
        for i in stride(from: 1, through: independientes, by: 1) {
            filas.append([eleccion, "CAND_IND_\(i)", "independiente", "Candidatura sin partido \(i)", "#7b5ea7"])
        }
        filas.append([eleccion, "NO_REGISTRADAS", "no_registradas", "Candidaturas no registradas", "#9e9e9e"])
        filas.append([eleccion, "NULOS", "nulos", "Votos nulos", "#616161"])
        return filas
    }

    /// The columns an acta shows given which combinations apply and which independents run.
    static func columnasAplicables(va: [String], sigamos: [String], independientes: [Int]) -> String {
        var s = partidos.map(\.0) + va + sigamos
        s += independientes.map { "CAND_IND_\($0)" }
        s += ["NO_REGISTRADAS", "NULOS"]
        return s.joined(separator: " ")
    }

    /// Who postulates a candidacy, given the combinations that apply: the full coalition when all its
    /// parties go together, the partial combination plus the party left alone, or each party alone.
    static func postulantes(va: [String], sigamos: [String], independientes: [Int]) -> [String] {
        var p: [String] = []
        if va.contains("PAN_PRI_PRD") { p.append("PAN_PRI_PRD") }
        else if va.contains("PRI_PRD") { p += ["PAN", "PRI_PRD"] }
        else { p += ["PAN", "PRI", "PRD"] }
        if sigamos.contains("PVEM_PT_MORENA") { p.append("PVEM_PT_MORENA") }
        else if sigamos.contains("PT_MORENA") { p += ["PVEM", "PT_MORENA"] }
        else { p += ["PVEM", "PT", "MORENA"] }
        p.append("MC")
        p += independientes.map { "CAND_IND_\($0)" }
        return p
    }

    static func dos(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// Writes rows as RFC 4180 CSV with LF line ends, quoting only fields that need it.
    static func csv(_ filas: [[String]]) -> [UInt8] {
        var b: [UInt8] = []
        b.reserveCapacity(filas.count * 64)
        for f in filas {
            for (i, campo) in f.enumerated() {
                if i > 0 { b.append(0x2C) }
                CampoCSV.anexar(campo, a: &b)
            }
            b.append(0x0A)
        }
        return b
    }

    /// A file with its header (and its optional columns when `opcionales`) and rows.
    static func con(_ archivo: String, _ filas: [[String]], opcionales: Bool = false) -> [UInt8] {
        let extra = opcionales ? CargadorCatalogo.opcionales[archivo] ?? [] : []
        return csv([(CargadorCatalogo.encabezados[archivo] ?? []) + extra] + filas)
    }

    /// One casilla row of casillas.csv.
    static func filaCasilla(entidad: Int, seccion: Int, tipo: Character, id: Int, ext: Int, distrito: Int,
                            demarcacion: Int, ubicacion: Int, ln: Int, reps: Int, boletas: Int, elecciones: String) -> [String] {
        let sec = String(seccion)
        let clave = dos(entidad) + String(repeating: "0", count: 4 - sec.count) + sec + String(tipo) + dos(id) + dos(ext)
        return [clave, String(distrito), String(demarcacion), String(seccion), String(tipo), dos(id), dos(ext),
                String(ubicacion), String(ln), String(reps), String(boletas), elecciones]
    }
}
