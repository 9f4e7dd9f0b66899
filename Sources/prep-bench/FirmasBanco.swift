import Foundation
import PrepPublicacion

/// The benchmarks' capture operators (`cap1`, `cap2`): each with a key, registered in the spool's
/// `operadores.csv`, and every capture dropped with its `.sig` — the authenticated path the daemon
/// ships with. `PREP_BENCH_SIN_FIRMAS=1` drops unsigned captures to a spool without a registry
/// (what a daemon that predates operator registries takes, for pairs against it).
struct FirmasBanco: Sendable {
    private let claves: [String: ClaveSecretaSignify]

    /// Registers `cap1` and `cap2` in the folder `d` made by `Banco.carpeta` (its prep.conf gains
    /// `operators`); nil with PREP_BENCH_SIN_FIRMAS.
    static func registrar(en d: String) throws -> FirmasBanco? {
        guard ProcessInfo.processInfo.environment["PREP_BENCH_SIN_FIRMAS"] == nil else { return nil }
        var claves: [String: ClaveSecretaSignify] = [:]
        var filas: [RegistroOperadores.Operador] = []
        for op in ["cap1", "cap2"] {
            let c = try ClaveSecretaSignify.generar()
            claves[op] = c
            filas.append(.init(nombre: op, catd: "BANCO", clave: c.publica))
        }
        try Data(try RegistroOperadores(operadores: filas).bytes).write(to: URL(fileURLWithPath: d + "/operadores.csv"))
        let conf = try String(contentsOfFile: d + "/prep.conf", encoding: .utf8)
        try Data((conf + "operators = operadores.csv\n").utf8).write(to: URL(fileURLWithPath: d + "/prep.conf"))
        return FirmasBanco(claves: claves)
    }

    /// `bytes` signed by `operador`, as `signify -S` writes it.
    func firma(_ bytes: [UInt8], _ operador: String) -> [UInt8] {
        guard let c = claves[operador], let f = try? c.firmarSeparado(bytes, comentario: "verify with \(operador).pub") else {
            preconditionFailure("prep-bench: cannot sign as \(operador)")
        }
        return f
    }
}

extension Banco {
    /// Drops a capture by `operador`: its `.sig` first (when operators are registered), then the JSON.
    static func soltarCaptura(_ dir: String, _ nombre: String, _ bytes: [UInt8], _ operador: String, _ firmas: FirmasBanco?) {
        if let firmas { soltar(dir, nombre + ".sig", firmas.firma(bytes, operador)) }
        soltar(dir, nombre, bytes)
    }
}
