import Foundation
import PrepDominio
import PrepSistema

/// The capture operators the daemon accepts signed drops from (`operadores.csv`, SPEC §4.1): one
/// row per operator, `OPERADOR,CATD,CLAVE_PUBLICA`, the key being the base64 line of the
/// operator's signify `.pub` file (`prep keygen` or `signify -G` makes it). A capture counts only
/// when its `.sig` verifies with the key registered for the operator its name and JSON claim, so
/// each operator name has one key and each key one operator: two agreeing captures are then two
/// people's, not one station's claiming two names.
public struct RegistroOperadores: Sendable, Equatable {
    /// One registered operator.
    public struct Operador: Sendable, Equatable {
        /// The OPERATOR of drop names (`[a-z0-9_-]{1,32}`, SPEC §4).
        public let nombre: String
        /// The CATD (district office) the operator captures for, as the institute names it.
        public let catd: String
        public let clave: ClavePublicaSignify

        public init(nombre: String, catd: String, clave: ClavePublicaSignify) {
            self.nombre = nombre
            self.catd = catd
            self.clave = clave
        }
    }

    /// In file order.
    public let operadores: [Operador]
    private let porNombre: [String: Int]
    private let porKeynum: [[UInt8]: Int]

    /// The header of the file, in this order.
    public static let encabezado = ["OPERADOR", "CATD", "CLAVE_PUBLICA"]

    /// `historico`: the registry a corte publishes, which also keeps the keys of operators revoked
    /// or given a new key since they signed a published capture: a name may then have several
    /// keys (the last is its current one), a key still one name.
    public init(operadores: [Operador], historico: Bool = false) throws(ErrorPublicacion) {
        var porNombre: [String: Int] = [:], porKeynum: [[UInt8]: Int] = [:]
        for (i, o) in operadores.enumerated() {
            if porNombre[o.nombre] != nil, !historico { throw ErrorPublicacion("operator \(o.nombre) is registered twice") }
            if let j = porKeynum[o.clave.keynum] {
                throw ErrorPublicacion("operators \(operadores[j].nombre) and \(o.nombre) have the same key (keynum \(o.clave.huella)): one key, one person")
            }
            porNombre[o.nombre] = i
            porKeynum[o.clave.keynum] = i
        }
        self.operadores = operadores
        self.porNombre = porNombre
        self.porKeynum = porKeynum
    }

    /// Parses the file's bytes; a bad row is `archivo:LINE: reason`.
    public init(analizando bytes: [UInt8], archivo: String, historico: Bool = false) throws(ErrorPublicacion) {
        var lector = LectorCSV(bytes, lineasVacias: .omitir)
        var filas: [Operador] = []
        var primera = true
        while true {
            let hay: Bool
            do { hay = try lector.siguiente() } catch { throw ErrorPublicacion("\(archivo):\(error.linea): \(error.motivo)") }
            guard hay else { break }
            let campos = lector.textos.map { $0.trimmingCharacters(in: .whitespaces) }
            let linea = lector.linea
            if primera {
                primera = false
                let sinBOM = campos.enumerated().map { $0.offset == 0 && $0.element.hasPrefix("\u{FEFF}") ? String($0.element.dropFirst()) : $0.element }
                guard sinBOM == Self.encabezado else {
                    throw ErrorPublicacion("\(archivo):\(linea): the header must be \(Self.encabezado.joined(separator: ","))")
                }
                continue
            }
            guard campos.count == 3 else { throw ErrorPublicacion("\(archivo):\(linea): \(campos.count) fields, expected 3") }
            let nombre = campos[0]
            guard ValidadorCaptura.esOperador(nombre) else {
                throw ErrorPublicacion("\(archivo):\(linea): OPERADOR '\(nombre)' is not a drop name's operator ([a-z0-9_-]{1,32})")
            }
            guard !campos[1].isEmpty else { throw ErrorPublicacion("\(archivo):\(linea): CATD is empty") }
            let clave: ClavePublicaSignify
            do {
                clave = try ClavePublicaSignify(archivo: Array("untrusted comment: \(nombre)\n\(campos[2])\n".utf8))
            } catch {
                throw ErrorPublicacion("\(archivo):\(linea): CLAVE_PUBLICA is not the base64 line of a signify public key: \(error)")
            }
            filas.append(Operador(nombre: nombre, catd: campos[1], clave: clave))
        }
        guard !primera else { throw ErrorPublicacion("\(archivo): empty; it needs the header \(Self.encabezado.joined(separator: ","))") }
        do { try self.init(operadores: filas, historico: historico) } catch { throw ErrorPublicacion("\(archivo): \(error)") }
    }

    /// The registered operator of that name.
    public func operador(_ nombre: String) -> Operador? { porNombre[nombre].map { operadores[$0] } }

    /// The registered operator whose key has that keynum.
    public func operador(keynum: [UInt8]) -> Operador? { porKeynum[keynum].map { operadores[$0] } }

    /// Checks that `firma` (a detached `.sig`) is `operadorDeclarado`'s signature of `bytes`,
    /// naming what is wrong: no such operator (unregistered or revoked), a signature by another
    /// registered operator's key, or one that does not verify.
    public func comprobar(_ bytes: [UInt8], firma: [UInt8], operadorDeclarado: String) throws(ErrorPublicacion) -> Operador {
        guard operador(operadorDeclarado) != nil else {
            throw ErrorPublicacion("operator \(operadorDeclarado) is not registered (or was revoked)")
        }
        let keynum: [UInt8]
        do { keynum = try ClavePublicaSignify.keynum(deFirma: firma) } catch { throw ErrorPublicacion("signature: \(error)") }
        guard let o = operador(keynum: keynum) else {
            throw ErrorPublicacion("signed with a key no operator has (keynum \(ClavePublicaSignify.hex(keynum: keynum))), not \(operadorDeclarado)'s")
        }
        guard o.nombre == operadorDeclarado else {
            throw ErrorPublicacion("signed with operator \(o.nombre)'s key, but the drop claims operator \(operadorDeclarado)")
        }
        do { try o.clave.verificarSeparado(firma, mensaje: bytes) } catch {
            throw ErrorPublicacion("signature by \(operadorDeclarado)'s key does not verify: \(error)")
        }
        return o
    }

    /// This registry with the operators of `otros` whose keys it lacks (a historical registry).
    public func uniendo(_ otros: [Operador]) -> RegistroOperadores {
        let nuevos = otros.filter { porKeynum[$0.clave.keynum] == nil }
        return (try? RegistroOperadores(operadores: nuevos + operadores, historico: true)) ?? self
    }

    /// The file's bytes (as `prep` publishes it in a corte): header, then one row per operator.
    public var bytes: [UInt8] {
        var b = Array((Self.encabezado.joined(separator: ",") + "\n").utf8)
        for o in operadores {
            let pub = o.clave.archivo(comentario: "")
            b += Array(o.nombre.utf8) + [44]
            CampoCSV.anexar(o.catd, a: &b)
            b.append(44)
            b += pub.split(separator: 10).dropFirst().first ?? []
            b.append(10)
        }
        return b
    }
}
