import Foundation
import PrepPublicacion

/// Capture operators for a test spool: one signify key each, the registry file the config names,
/// and drops signed the way a capture station signs them (`FILE.sig` beside `FILE`).
final class OperadoresPrueba: @unchecked Sendable {
    private(set) var claves: [String: ClaveSecretaSignify] = [:]

    /// A new key for each name.
    init(_ nombres: [String]) throws {
        for n in nombres { claves[n] = try ClaveSecretaSignify.generar() }
    }

    /// Writes `operadores.csv` with `registrados` (operator → the operator whose key it gets;
    /// by default its own), at `ruta`.
    func escribirRegistro(_ ruta: String, _ registrados: [(String, String)]) throws {
        var texto = "OPERADOR,CATD,CLAVE_PUBLICA\n"
        for (nombre, de) in registrados {
            guard let c = claves[de] else { continue }
            let pub = String(decoding: c.publica.archivo(comentario: nombre), as: UTF8.self).split(separator: "\n")[1]
            texto += "\(nombre),CATD-01,\(pub)\n"
        }
        try texto.write(toFile: ruta, atomically: true, encoding: .utf8)
    }

    func escribirRegistro(_ ruta: String, _ nombres: [String]) throws {
        try escribirRegistro(ruta, nombres.map { ($0, $0) })
    }

    /// `bytes` signed with `operador`'s key: what `signify -S -s OP.sec -m FILE` writes to FILE.sig.
    func firma(_ bytes: [UInt8], por operador: String) throws -> [UInt8] {
        guard let c = claves[operador] else { throw POSIXError(.ENOENT) }
        return try c.firmarSeparado(bytes, comentario: "verify with \(operador).pub")
    }
}

extension SpoolPrueba {
    /// Drops `nombre` signed by `firmante`'s key: the `.sig` first, then the file.
    func soltarFirmado(_ nombre: String, _ bytes: [UInt8], por firmante: String, _ ops: OperadoresPrueba,
                       carpeta: String? = nil) throws {
        try soltar(nombre + ".sig", try ops.firma(bytes, por: firmante), carpeta: carpeta)
        try soltar(nombre, bytes, carpeta: carpeta)
    }

    /// The reasons in `rejected/`, joined.
    var razonesRechazo: String {
        listar("rejected").filter { $0.hasSuffix(".reason") }.map { leer("rejected/" + $0) }.joined()
    }
}
