import COpenSSL

/// Ed25519 (RFC 8032, pure, deterministic) through OpenSSL's EVP interface: what signs a corte.
/// Keys are raw 32-byte seeds and public keys, as signify and libsodium store them.
public enum Ed25519 {
    public static let largoSemilla = 32
    public static let largoClavePublica = 32
    public static let largoFirma = 64

    /// The public key of a 32-byte seed.
    public static func clavePublica(semilla: [UInt8]) throws(SHA256.ErrorOpenSSL) -> [UInt8] {
        let pkey = try clavePrivada(semilla)
        defer { EVP_PKEY_free(pkey) }
        var pub = [UInt8](repeating: 0, count: largoClavePublica)
        var largo = pub.count
        guard EVP_PKEY_get_raw_public_key(pkey, &pub, &largo) == 1, largo == largoClavePublica else {
            throw SHA256.ErrorOpenSSL(operacion: "EVP_PKEY_get_raw_public_key")
        }
        return pub
    }

    /// The 64-byte signature of `mensaje` (one shot: OpenSSL has no streaming Ed25519).
    public static func firmar(semilla: [UInt8], mensaje: [UInt8]) throws(SHA256.ErrorOpenSSL) -> [UInt8] {
        let pkey = try clavePrivada(semilla)
        defer { EVP_PKEY_free(pkey) }
        guard let ctx = EVP_MD_CTX_new() else { throw SHA256.ErrorOpenSSL(operacion: "EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        // The digest must be NULL for Ed25519.
        guard EVP_DigestSignInit(ctx, nil, nil, nil, pkey) == 1 else {
            throw SHA256.ErrorOpenSSL(operacion: "EVP_DigestSignInit")
        }
        var firma = [UInt8](repeating: 0, count: largoFirma)
        var largo = firma.count
        guard EVP_DigestSign(ctx, &firma, &largo, mensaje, mensaje.count) == 1, largo == largoFirma else {
            throw SHA256.ErrorOpenSSL(operacion: "EVP_DigestSign")
        }
        return firma
    }

    /// A public key made into OpenSSL's form once, to check many signatures with it: making it
    /// anew for each check (`EVP_PKEY_new_raw_public_key`) is about 7 % of a check's time
    /// (116 against 108 µs here), and a registered operator's key checks every drop they sign.
    ///
    /// Sendable: the key is only read once made, and OpenSSL 3 lets threads verify with one
    /// `EVP_PKEY` at once; each check has its own context.
    public final class ClavePublica: @unchecked Sendable {
        private let pkey: OpaquePointer

        /// nil unless `clave` is 32 bytes OpenSSL takes as an Ed25519 public key.
        public init?(_ clave: [UInt8]) {
            guard clave.count == largoClavePublica,
                  let p = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, clave, clave.count) else { return nil }
            pkey = p
        }

        deinit { EVP_PKEY_free(pkey) }

        /// Whether `firma` is a valid signature of `mensaje` by this key. Malformed input is
        /// simply not valid.
        public func verificar(mensaje: [UInt8], firma: [UInt8]) -> Bool {
            guard firma.count == largoFirma, let ctx = EVP_MD_CTX_new() else { return false }
            defer { EVP_MD_CTX_free(ctx) }
            guard EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey) == 1 else { return false }
            return EVP_DigestVerify(ctx, firma, firma.count, mensaje, mensaje.count) == 1
        }
    }

    /// A fresh random seed from OpenSSL's CSPRNG.
    public static func semillaAleatoria() throws(SHA256.ErrorOpenSSL) -> [UInt8] {
        try bytesAleatorios(largoSemilla)
    }

    /// `n` bytes from OpenSSL's CSPRNG (`RAND_bytes`).
    public static func bytesAleatorios(_ n: Int) throws(SHA256.ErrorOpenSSL) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: n)
        guard RAND_bytes(&b, Int32(n)) == 1 else { throw SHA256.ErrorOpenSSL(operacion: "RAND_bytes") }
        return b
    }

    private static func clavePrivada(_ semilla: [UInt8]) throws(SHA256.ErrorOpenSSL) -> OpaquePointer {
        guard semilla.count == largoSemilla,
              let pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, semilla, semilla.count)
        else { throw SHA256.ErrorOpenSSL(operacion: "EVP_PKEY_new_raw_private_key") }
        return pkey
    }
}

/// SHA-512 one shot through OpenSSL (signify's secret-key checksum).
public enum SHA512 {
    public static func resumen(_ bytes: [UInt8]) throws(SHA256.ErrorOpenSSL) -> [UInt8] {
        var salida = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var largo: UInt32 = 0
        guard EVP_Digest(bytes, bytes.count, &salida, &largo, EVP_sha512(), nil) == 1, largo == 64 else {
            throw SHA256.ErrorOpenSSL(operacion: "EVP_Digest(sha512)")
        }
        return Array(salida.prefix(64))
    }
}
