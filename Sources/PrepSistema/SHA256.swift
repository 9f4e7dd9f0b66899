import COpenSSL
import Glibc

/// SHA-256 through OpenSSL's EVP interface: streaming, or of a whole file read with a reused buffer.
/// Never hand-rolled: a cryptographic primitive is the system library's; OpenSSL uses the CPU's SHA extensions when present.
///
/// It does not throw: SHA-256 of bytes in memory can only fail when OpenSSL cannot allocate a
/// context or is broken, which no caller can mend, and a digest that is not one must never be
/// used; the process stops with the failed call named (`fallaOpenSSL`), as Swift does when
/// memory runs out.
public struct SHA256: ~Copyable {
    private let contexto: OpaquePointer

    /// An OpenSSL call failed where a caller can do something about it (a key, a signature).
    public struct ErrorOpenSSL: Error, CustomStringConvertible {
        public let operacion: String
        public init(operacion: String) { self.operacion = operacion }
        public var description: String { "OpenSSL \(operacion) failed" }
    }

    public init() {
        guard let c = EVP_MD_CTX_new() else { fallaOpenSSL("EVP_MD_CTX_new") }
        guard EVP_DigestInit_ex(c, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(c)
            fallaOpenSSL("EVP_DigestInit_ex")
        }
        contexto = c
    }

    deinit { EVP_MD_CTX_free(contexto) }

    public mutating func actualizar(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 0 || EVP_DigestUpdate(contexto, bytes.baseAddress, bytes.count) == 1 else {
            fallaOpenSSL("EVP_DigestUpdate")
        }
    }

    public mutating func actualizar(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { actualizar($0) }
    }

    /// The 32-byte digest. Consumes the hasher.
    public consuming func finalizar() -> [UInt8] {
        var salida = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var largo: UInt32 = 0
        guard EVP_DigestFinal_ex(contexto, &salida, &largo) == 1, largo == 32 else { fallaOpenSSL("EVP_DigestFinal_ex") }
        return Array(salida.prefix(32))
    }

    /// SHA-256 of `bytes`.
    public static func resumen(_ bytes: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.actualizar(bytes)
        return h.finalizar()
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

/// A digest call of OpenSSL failed (no memory for a context, or a broken library): the process
/// stops, naming it. Never a digest that is not one.
func fallaOpenSSL(_ operacion: String) -> Never {
    preconditionFailure("OpenSSL \(operacion) failed computing SHA-256: out of memory or a broken libcrypto")
}

extension SHA256 {
    /// SHA-256 of at most `maximo` bytes of `fd` from its current offset (`leerAcotado`: one byte
    /// more is read to tell whether the file goes on, never hashed), with a reused 256 KiB buffer
    /// (no whole-file copy in memory). `maximo` is the size the caller checked: a file that grew
    /// since says so in `lectura.masAllaDelLimite` instead of being hashed to its new end.
    /// `ruta` only names the file in errors.
    public static func deArchivo(_ fd: FileDescriptor, maximo: Int, ruta: String) throws(ErrorSistema)
        -> (digest: [UInt8], lectura: LecturaAcotada) {
        var h = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        let lectura = try fd.leerAcotado(maximo: maximo, en: buffer, ruta: ruta) { t in h.actualizar(t) }
        return (h.finalizar(), lectura)
    }
}
