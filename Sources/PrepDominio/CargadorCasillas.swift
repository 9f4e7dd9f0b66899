/// casillas.csv: each row checked against its key, the ámbitos, the elections and the optional
/// MECANISMO_TRASLADO and URNA_ELECTRONICA columns (docs/catalogo.md).
extension Carga {
    mutating func casillas(_ filas: [LectorCSV.Fila], proceso: Proceso?, elecciones: Set<String>?,
                           distritos: Set<Int>?, demarcaciones: Set<Int>?) -> [Casilla] {
        let a = "casillas.csv"
        var vistas: [String: Int] = [:]
        vistas.reserveCapacity(filas.count)
        var salida: [Casilla] = []
        salida.reserveCapacity(filas.count)
        for f in filas {
            let k = f.campos
            guard let clave = ClaveCasilla(k[0]) else {
                problema(a, f.linea, "CLAVE_CASILLA: expected 2-digit entidad, 4-digit sección, a capital letter, 2-digit id, 2-digit ext. contigua (e.g. 090001B0100), got \"\(k[0])\"")
                continue
            }
            if let previa = vistas[clave.texto] {
                problema(a, f.linea, "duplicate CLAVE_CASILLA \(clave.texto) (first at line \(previa))")
                continue
            }
            vistas[clave.texto] = f.linea
            var ok = true
            if let p = proceso, p.idEntidad != 0, clave.entidad != p.idEntidad {
                problema(a, f.linea, "CLAVE_CASILLA \(clave.texto): entidad \(clave.entidad) is not the process's \(p.idEntidad)")
                ok = false
            }
            let distrito = numero(k[1], "ID_DISTRITO_LOCAL", a, f.linea)
            let demarcacion = numero(k[2], "ID_DEMARCACION_TERRITORIAL", a, f.linea)
            // A mesa (M, A, P) may belong to no distrito or demarcación: id 0.
            let sinAmbito = Casilla.tiposMesa.contains(clave.tipo)
            if let d = distrito, let distritos, !distritos.contains(d), !(sinAmbito && d == 0) {
                problema(a, f.linea, "ID_DISTRITO_LOCAL \(d) is not in distritos.csv" + (sinAmbito ? " (nor 0, a mesa without distrito)" : "")); ok = false
            }
            if let d = demarcacion, let demarcaciones, !demarcaciones.contains(d), !(sinAmbito && d == 0) {
                problema(a, f.linea, "ID_DEMARCACION_TERRITORIAL \(d) is not in demarcaciones.csv" + (sinAmbito ? " (nor 0, a mesa without demarcación)" : "")); ok = false
            }
            // SECCION, TIPO_CASILLA, ID_CASILLA and EXT_CONTIGUA repeat the key, for people reading the file.
            if Carga.natural(k[3]) != clave.seccion { problema(a, f.linea, "SECCION \"\(k[3])\" does not match CLAVE_CASILLA \(clave.texto)"); ok = false }
            if k[4] != String(clave.tipo) { problema(a, f.linea, "TIPO_CASILLA \"\(k[4])\" does not match CLAVE_CASILLA \(clave.texto)"); ok = false }
            if Carga.natural(k[5]) != clave.idCasilla { problema(a, f.linea, "ID_CASILLA \"\(k[5])\" does not match CLAVE_CASILLA \(clave.texto)"); ok = false }
            if Carga.natural(k[6]) != clave.extContigua { problema(a, f.linea, "EXT_CONTIGUA \"\(k[6])\" does not match CLAVE_CASILLA \(clave.texto)"); ok = false }
            let ubicacion = numero(k[7], "UBICACION_CASILLA", a, f.linea)
            if let u = ubicacion, u != 1, u != 2 { problema(a, f.linea, "UBICACION_CASILLA: expected 1 (urbana) or 2 (no urbana), got \(u)"); ok = false }
            let ln = numero(k[8], "LISTA_NOMINAL", a, f.linea)
            let reps = numero(k[9], "REPRESENTANTES_PP_CI", a, f.linea)
            let boletas = numero(k[10], "BOLETAS_ESPECIAL", a, f.linea)
            if clave.tipo == "S", let b = boletas, b == 0 {
                problema(a, f.linea, "BOLETAS_ESPECIAL: a casilla especial (tipo S) needs its ballots > 0")
                ok = false
            }
            var es: [String] = []
            for e in k[11].split(separator: " ") {
                let s = String(e)
                guard let partes = ClaveActa.partesCodigoActa(s) else {
                    problema(a, f.linea, "ELECCIONES: \"\(s)\" is not ELECCION or ELECCION-VARIANTE (e.g. DIP-RP)"); ok = false
                    continue
                }
                if let elecciones, !elecciones.contains(partes.eleccion) { problema(a, f.linea, "ELECCIONES: unknown election \"\(partes.eleccion)\""); ok = false }
                else if es.contains(s) { problema(a, f.linea, "ELECCIONES: \(s) listed twice"); ok = false }
                else { es.append(s) }
            }
            if k[11].split(separator: " ").isEmpty { problema(a, f.linea, "ELECCIONES is empty"); ok = false }
            var mecanismo: MecanismoTraslado?
            var urna = false
            if k.count > 12 {
                if !k[12].isEmpty {
                    mecanismo = MecanismoTraslado(rawValue: k[12])
                    if mecanismo == nil { problema(a, f.linea, "MECANISMO_TRASLADO: expected D, F, I or empty, got \"\(k[12])\""); ok = false }
                }
                switch k[13] {
                case "0": urna = false
                case "1": urna = true
                default: problema(a, f.linea, "URNA_ELECTRONICA: expected 0 or 1, got \"\(k[13])\""); ok = false
                }
            }
            guard ok, let distrito, let demarcacion, let ubicacion, let ln, let reps, let boletas else { continue }
            salida.append(Casilla(clave: clave, idDistritoLocal: distrito, idDemarcacion: demarcacion, ubicacion: ubicacion,
                                  listaNominal: ln, representantes: reps, boletasEspecial: boletas, elecciones: es,
                                  urnaElectronica: urna, mecanismoTraslado: mecanismo))
        }
        return salida
    }
}
