import COpenSSL
import Glibc
import PrepDominio

/// SHA-256 through OpenSSL's EVP interface: streaming, or of a whole file read with a reused buffer.
/// Each digest comes out as the domain's `HuellaSHA256`, read into a stack buffer (no array per digest).
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

    /// The digest. Consumes the hasher.
    public consuming func finalizar() -> HuellaSHA256 { terminar(contexto) }

    /// SHA-256 of `bytes`.
    public static func resumen(_ bytes: [UInt8]) -> HuellaSHA256 {
        var h = SHA256()
        h.actualizar(bytes)
        return h.finalizar()
    }
}

/// The digest a context holds, read into a stack buffer: no array per digest.
private func terminar(_ contexto: OpaquePointer) -> HuellaSHA256 {
    let r: HuellaSHA256? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) { salida in
        var largo: UInt32 = 0
        guard let base = salida.baseAddress, EVP_DigestFinal_ex(contexto, base, &largo) == 1, largo == 32 else { return nil }
        return HuellaSHA256(bytes: UnsafeRawBufferPointer(start: base, count: 32))
    }
    guard let r else { fallaOpenSSL("EVP_DigestFinal_ex") }
    return r
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
        -> (digest: HuellaSHA256, lectura: LecturaAcotada) {
        var h = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        let lectura = try fd.leerAcotado(maximo: maximo, en: buffer, ruta: ruta) { t in h.actualizar(t) }
        return (h.finalizar(), lectura)
    }
}

/// SHA-256 of many small inputs one after another (every image of a corte), with no allocation
/// per input: the algorithm is fetched from OpenSSL once and its context reused (`SHA256` fetches
/// and allocates for each hasher). One per thread: it is not shared.
public struct SHA256Repetido: ~Copyable {
    private let algoritmo: OpaquePointer
    private let contexto: OpaquePointer

    public init() {
        guard let a = EVP_MD_fetch(nil, "SHA256", nil) else { fallaOpenSSL("EVP_MD_fetch") }
        guard let c = EVP_MD_CTX_new() else {
            EVP_MD_free(a)
            fallaOpenSSL("EVP_MD_CTX_new")
        }
        algoritmo = a
        contexto = c
    }

    deinit {
        EVP_MD_CTX_free(contexto)
        EVP_MD_free(algoritmo)
    }

    /// Starts a new input, forgetting any unfinished one.
    public mutating func empezar() {
        guard EVP_DigestInit_ex(contexto, algoritmo, nil) == 1 else { fallaOpenSSL("EVP_DigestInit_ex") }
    }

    public mutating func actualizar(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 0 || EVP_DigestUpdate(contexto, bytes.baseAddress, bytes.count) == 1 else {
            fallaOpenSSL("EVP_DigestUpdate")
        }
    }

    /// The digest of the input since `empezar()`.
    public mutating func terminar() -> HuellaSHA256 { PrepSistema.terminar(contexto) }
}
