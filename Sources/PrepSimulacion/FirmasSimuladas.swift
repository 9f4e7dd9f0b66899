import PrepDominio
import PrepPublicacion
import PrepSistema

/// The capture operators of a simulated night, each with a signify key (`OPERATOR.sec` and
/// `.pub` in one folder), so the simulator signs every capture and sin acta declaration as a
/// capture station does (SPEC §4.1), and the registry (`operadores.csv`) the daemon checks them
/// against. Secret keys never leave the folder.
public struct FirmasSimuladas: Sendable {
    private let claves: [String: ClaveSecretaSignify]

    /// Every operator name the plan's captures and declarations use, sorted.
    public static func operadores(_ plan: PlanNoche) -> [String] {
        var nombres: Set<String> = []
        for a in plan.actas {
            switch a.destino {
            case .sinActa: nombres.insert(a.operadores.first ?? "catd")
            default: nombres.formUnion(a.operadores)
            }
        }
        return nombres.sorted()
    }

    /// Loads (or makes, for an operator without one) the key of every operator the plan uses,
    /// in `carpeta`; and writes the registry at `registro` when it does not exist yet (an
    /// existing one is the operator's to keep: it is never overwritten).
    public static func preparar(plan: PlanNoche, carpeta: String, registro: String?) throws -> FirmasSimuladas {
        try Directorio.actual.crearCarpetas(NombreArchivo(carpeta))
        try Directorio.actual.cambiarPermisos(NombreArchivo(carpeta), 0o700)
        var claves: [String: ClaveSecretaSignify] = [:]
        var registrados: [RegistroOperadores.Operador] = []
        for nombre in operadores(plan) {
            let prefijo = carpeta + "/" + nombre
            let clave = Directorio.actual.existe(NombreArchivo(prefijo + ".sec"))
                ? try ArchivoClaves.leerSecreta(prefijo + ".sec")
                : try ArchivoClaves.generar(prefijo: prefijo, comentario: nombre)
            claves[nombre] = clave
            registrados.append(.init(nombre: nombre, catd: "SIMULACRO", clave: clave.publica))
        }
        if let registro, !Directorio.actual.existe(NombreArchivo(registro)) {
            try Directorio.actual.escribirAtomico(NombreArchivo(registro), try RegistroOperadores(operadores: registrados).bytes)
        }
        return FirmasSimuladas(claves: claves)
    }

    /// `bytes` signed by `operador` (what `signify -S -s OPERATOR.sec -m FILE` writes); nil for an
    /// operator without a key (the night's bad drops, which are refused whatever they carry).
    public func firma(_ bytes: [UInt8], operador: String) throws -> [UInt8]? {
        guard let c = claves[operador] else { return nil }
        return try c.firmarSeparado(bytes, comentario: "verify with \(operador).pub")
    }
}

extension PlanNoche {
    /// The operator who signs drop `e`: a capture's or a sin acta declaration's; nil for images
    /// and bad drops.
    func firmante(de e: Entrega) -> String? {
        switch e.tipo {
        case .captura(let i, let k): return actas[i].operadores.indices.contains(k) ? actas[i].operadores[k] : nil
        case .sinActa(let i): return actas[i].operadores.first ?? "catd"
        case .foto, .escaneo, .mala: return nil
        }
    }
}
