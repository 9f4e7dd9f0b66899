import COpenSSL
import Glibc

/// SHA-256 through OpenSSL's EVP interface: streaming, or of a whole file read with a reused buffer.
/// Never hand-rolled: a cryptographic primitive is the system library's; OpenSSL uses the CPU's SHA extensions when present.
public struct SHA256: ~Copyable {
    private let contexto: OpaquePointer

    /// An OpenSSL call failed (allocation, or a broken library): not retryable.
    public struct ErrorOpenSSL: Error, CustomStringConvertible {
        public let operacion: String
        public var description: String { "OpenSSL \(operacion) failed" }
    }

    public init() throws(ErrorOpenSSL) {
        guard let c = EVP_MD_CTX_new() else { throw ErrorOpenSSL(operacion: "EVP_MD_CTX_new") }
        guard EVP_DigestInit_ex(c, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(c)
            throw ErrorOpenSSL(operacion: "EVP_DigestInit_ex")
        }
        contexto = c
    }

    deinit { EVP_MD_CTX_free(contexto) }

    public mutating func actualizar(_ bytes: UnsafeRawBufferPointer) throws(ErrorOpenSSL) {
        guard bytes.count == 0 || EVP_DigestUpdate(contexto, bytes.baseAddress, bytes.count) == 1 else {
            throw ErrorOpenSSL(operacion: "EVP_DigestUpdate")
        }
    }

    public mutating func actualizar(_ bytes: [UInt8]) throws(ErrorOpenSSL) {
        let r: Result<Void, ErrorOpenSSL> = bytes.withUnsafeBytes { b in Result { () throws(ErrorOpenSSL) in try actualizar(b) } }
        try r.get()
    }

    /// The 32-byte digest. Consumes the hasher.
    public consuming func finalizar() throws(ErrorOpenSSL) -> [UInt8] {
        var salida = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var largo: UInt32 = 0
        guard EVP_DigestFinal_ex(contexto, &salida, &largo) == 1, largo == 32 else {
            throw ErrorOpenSSL(operacion: "EVP_DigestFinal_ex")
        }
        return Array(salida.prefix(32))
    }

    /// SHA-256 of `bytes`.
    public static func resumen(_ bytes: [UInt8]) throws(ErrorOpenSSL) -> [UInt8] {
        var h = try SHA256()
        try h.actualizar(bytes)
        return try h.finalizar()
    }

    /// Lowercase hex of any bytes (digests, keys).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digitos = Array("0123456789abcdef".utf8)
        var s = [UInt8]()
        s.reserveCapacity(64)
        for b in bytes {
            s.append(digitos[Int(b >> 4)])
            s.append(digitos[Int(b & 0x0f)])
        }
        return String(decoding: s, as: UTF8.self)
    }
}

/// Why a file could not be hashed.
public enum ErrorHash: Error, CustomStringConvertible {
    case sistema(ErrorSistema)
    case openssl(SHA256.ErrorOpenSSL)

    public var description: String {
        switch self {
        case .sistema(let e): e.description
        case .openssl(let e): e.description
        }
    }
}

extension SHA256 {
    /// SHA-256 of at most `maximo` bytes of `fd` from its current offset (`leerAcotado`: one byte
    /// more is read to tell whether the file goes on, never hashed), with a reused 256 KiB buffer
    /// (no whole-file copy in memory). `maximo` is the size the caller checked: a file that grew
    /// since says so in `lectura.masAllaDelLimite` instead of being hashed to its new end.
    /// `ruta` only names the file in errors.
    public static func deArchivo(_ fd: FileDescriptor, maximo: Int, ruta: String) throws(ErrorHash)
        -> (digest: [UInt8], lectura: LecturaAcotada) {
        var h: SHA256
        do { h = try SHA256() } catch { throw .openssl(error) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var fallo: ErrorOpenSSL?
        let lectura: LecturaAcotada
        do throws(ErrorSistema) {
            lectura = try fd.leerAcotado(maximo: maximo, en: buffer, ruta: ruta) { t throws(ErrorSistema) in
                do throws(ErrorOpenSSL) { try h.actualizar(t) } catch {
                    fallo = error
                    throw ErrorSistema("sha256", ruta, .io)
                }
            }
        } catch {
            if let fallo { throw .openssl(fallo) }
            throw .sistema(error)
        }
        do { return (try h.finalizar(), lectura) } catch { throw .openssl(error) }
    }
}
