import Foundation
import PrepSistema

/// Why a signify file or signature was refused: one line saying what and why.
public enum ErrorSignify: Error, Equatable, CustomStringConvertible {
    /// The file is not in signify's format (comment line, base64 line, struct size, algorithm).
    case formato(String)
    /// A passphrase-protected secret key: prep needs an unattended key (`prep keygen` / `signify -G -n`).
    case cifrada
    /// The secret key's checksum does not match its bytes (corrupt file).
    case sumaControl
    /// The signature was made by another key (keynum differs).
    case otraClave(firma: String, clave: String)
    /// The signature does not verify.
    case firmaInvalida
    case openssl(String)

    public var description: String {
        switch self {
        case .formato(let s): "not a signify file: \(s)"
        case .cifrada: "the secret key is passphrase-protected; prep needs an unencrypted key (prep keygen, or signify -G -n)"
        case .sumaControl: "the secret key's checksum does not match (corrupt key file)"
        case .otraClave(let f, let c): "signed with another key (signature keynum \(f), key keynum \(c))"
        case .firmaInvalida: "signature verification failed"
        case .openssl(let s): s
        }
    }
}

/// The line signify requires before the base64 line of every file.
let prefijoComentario = Array("untrusted comment: ".utf8)

/// Splits a signify file into its comment, its decoded base64 struct and whatever follows
/// (the message of an embedded signature).
func partesSignify(_ archivo: [UInt8], largo: Int, que: String) throws(ErrorSignify) -> (comentario: String, datos: [UInt8], resto: [UInt8]) {
    guard archivo.starts(with: prefijoComentario),
          let fin1 = archivo.firstIndex(of: 10) else {
        throw .formato("\(que): first line must begin with 'untrusted comment: '")
    }
    guard fin1 - prefijoComentario.count <= 1023 else { throw .formato("\(que): comment too long") }
    let comentario = String(decoding: archivo[prefijoComentario.count..<fin1], as: UTF8.self)
    guard let fin2 = archivo[(fin1 + 1)...].firstIndex(of: 10) else {
        throw .formato("\(que): missing base64 line")
    }
    guard let datos = Data(base64Encoded: Data(archivo[(fin1 + 1)..<fin2])) else {
        throw .formato("\(que): second line is not base64")
    }
    guard datos.count == largo else { throw .formato("\(que): \(datos.count) bytes, expected \(largo)") }
    let d = [UInt8](datos)
    guard d[0] == UInt8(ascii: "E"), d[1] == UInt8(ascii: "d") else {
        throw .formato("\(que): algorithm is not Ed")
    }
    return (comentario, d, Array(archivo[(fin2 + 1)...]))
}

func lineasSignify(_ comentario: String, _ datos: [UInt8]) -> [UInt8] {
    var s = prefijoComentario
    s += Array(comentario.utf8)
    s.append(10)
    s += Array(Data(datos).base64EncodedString().utf8)
    s.append(10)
    return s
}

/// A signify public key (42 bytes: `Ed` ‖ keynum ‖ Ed25519 public key).
public struct ClavePublicaSignify: Hashable, Sendable {
    /// 8 random bytes that tie signatures to this key.
    public let keynum: [UInt8]
    public let clave: [UInt8]
    /// `clave` in OpenSSL's form, made once (nil: not a key OpenSSL takes; nothing verifies).
    private let paraVerificar: Ed25519.ClavePublica?

    public init(keynum: [UInt8], clave: [UInt8]) {
        self.keynum = keynum
        self.clave = clave
        paraVerificar = Ed25519.ClavePublica(clave)
    }

    /// Parses a `.pub` file.
    public init(archivo: [UInt8]) throws(ErrorSignify) {
        let p = try partesSignify(archivo, largo: 42, que: "public key")
        self.init(keynum: Array(p.datos[2..<10]), clave: Array(p.datos[10..<42]))
    }

    /// The same key: the same keynum and public key bytes.
    public static func == (a: ClavePublicaSignify, b: ClavePublicaSignify) -> Bool {
        a.keynum == b.keynum && a.clave == b.clave
    }

    public func hash(into h: inout Hasher) {
        h.combine(keynum)
        h.combine(clave)
    }

    /// The `.pub` file's bytes.
    public func archivo(comentario: String) -> [UInt8] {
        lineasSignify(comentario, Array("Ed".utf8) + keynum + clave)
    }

    /// Lowercase hex of the keynum: what the manifest and the messages name the key by.
    public var huella: String { Self.hex(keynum: keynum) }

    /// Lowercase hex of an 8-byte keynum (not a digest: `HuellaSHA256` prints those).
    public static func hex(keynum: [UInt8]) -> String {
        let digitos = Array("0123456789abcdef".utf8)
        return String(decoding: keynum.flatMap { [digitos[Int($0 >> 4)], digitos[Int($0 & 15)]] }, as: UTF8.self)
    }

    /// Verifies an embedded signature file (comment, base64 signature, message) and returns the
    /// signed message.
    public func verificarEmbebido(_ archivoFirma: [UInt8]) throws(ErrorSignify) -> [UInt8] {
        let p = try partesSignify(archivoFirma, largo: 74, que: "signature")
        try verificar(p.datos, mensaje: p.resto)
        return p.resto
    }

    /// Verifies a detached signature file (comment, base64 signature: what `signify -S -s KEY
    /// -m FILE` writes as `FILE.sig`) of `mensaje`.
    public func verificarSeparado(_ archivoFirma: [UInt8], mensaje: [UInt8]) throws(ErrorSignify) {
        let p = try partesSignify(archivoFirma, largo: 74, que: "signature")
        guard p.resto.isEmpty else { throw .formato("signature: bytes after the signature line (an embedded signature?)") }
        try verificar(p.datos, mensaje: mensaje)
    }

    /// The keynum of a signature file (detached or embedded), to find the key that made it.
    public static func keynum(deFirma archivoFirma: [UInt8]) throws(ErrorSignify) -> [UInt8] {
        Array(try partesSignify(archivoFirma, largo: 74, que: "signature").datos[2..<10])
    }

    private func verificar(_ datos: [UInt8], mensaje: [UInt8]) throws(ErrorSignify) {
        let keynumFirma = Array(datos[2..<10])
        guard keynumFirma == keynum else {
            throw .otraClave(firma: Self.hex(keynum: keynumFirma), clave: huella)
        }
        guard paraVerificar?.verificar(mensaje: mensaje, firma: Array(datos[10..<74])) ?? false else {
            throw .firmaInvalida
        }
    }
}

/// An unencrypted signify secret key (104 bytes: `Ed` `BK` kdfrounds=0 salt checksum keynum
/// seed‖public key). Kept in memory only by the process that signs.
public struct ClaveSecretaSignify: Sendable {
    public let keynum: [UInt8]
    public let semilla: [UInt8]
    public let publica: ClavePublicaSignify

    /// A new random key pair.
    public static func generar() throws(ErrorSignify) -> ClaveSecretaSignify {
        do {
            let semilla = try Ed25519.semillaAleatoria()
            let keynum = try Ed25519.bytesAleatorios(8)
            let pub = try Ed25519.clavePublica(semilla: semilla)
            return ClaveSecretaSignify(keynum: keynum, semilla: semilla, publica: ClavePublicaSignify(keynum: keynum, clave: pub))
        } catch { throw .openssl(error.description) }
    }

    init(keynum: [UInt8], semilla: [UInt8], publica: ClavePublicaSignify) {
        self.keynum = keynum
        self.semilla = semilla
        self.publica = publica
    }

    /// Parses a `.sec` file; refuses an encrypted one or one whose checksum or public half is wrong.
    public init(archivo: [UInt8]) throws(ErrorSignify) {
        let p = try partesSignify(archivo, largo: 104, que: "secret key")
        let d = p.datos
        guard d[2] == UInt8(ascii: "B"), d[3] == UInt8(ascii: "K") else { throw .formato("secret key: KDF is not BK") }
        guard d[4..<8].allSatisfy({ $0 == 0 }) else { throw .cifrada }
        let secreto = Array(d[40..<104])
        let suma: [UInt8]
        do { suma = try SHA512.resumen(secreto) } catch { throw .openssl(error.description) }
        guard Array(suma.prefix(8)) == Array(d[24..<32]) else { throw .sumaControl }
        let semilla = Array(secreto.prefix(32))
        let pub: [UInt8]
        do { pub = try Ed25519.clavePublica(semilla: semilla) } catch { throw .openssl(error.description) }
        guard pub == Array(secreto[32..<64]) else { throw .sumaControl }
        keynum = Array(d[32..<40])
        self.semilla = semilla
        publica = ClavePublicaSignify(keynum: keynum, clave: pub)
    }

    /// The `.sec` file's bytes (kdfrounds 0: stored in clear, like `signify -G -n`).
    public func archivo(comentario: String) throws(ErrorSignify) -> [UInt8] {
        let secreto = semilla + publica.clave
        let suma: [UInt8], sal: [UInt8]
        do {
            suma = try SHA512.resumen(secreto)
            sal = try Ed25519.bytesAleatorios(16)
        } catch { throw .openssl(error.description) }
        let d = Array("EdBK".utf8) + [0, 0, 0, 0] + sal + Array(suma.prefix(8)) + keynum + secreto
        return lineasSignify(comentario, d)
    }

    /// An embedded signature file of `mensaje` (`signify -S -e`): comment, base64 signature,
    /// then the message verbatim. This is the form `signify -C` reads.
    public func firmarEmbebido(_ mensaje: [UInt8], comentario: String) throws(ErrorSignify) -> [UInt8] {
        try firmarSeparado(mensaje, comentario: comentario) + mensaje
    }

    /// A detached signature file of `mensaje`, byte for byte what `signify -S -s KEY -m FILE`
    /// writes as `FILE.sig` for the same comment (Ed25519 signatures are deterministic).
    public func firmarSeparado(_ mensaje: [UInt8], comentario: String) throws(ErrorSignify) -> [UInt8] {
        let firma: [UInt8]
        do { firma = try Ed25519.firmar(semilla: semilla, mensaje: mensaje) } catch { throw .openssl(error.description) }
        return lineasSignify(comentario, Array("Ed".utf8) + keynum + firma)
    }
}
