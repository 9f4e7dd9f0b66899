import PrepSistema

/// Key files on disk: `prep keygen` writes them, the daemon and `prep verify` read them.
public enum ArchivoClaves {
    /// Writes `PREFIX.sec` (mode 0600) and `PREFIX.pub` for a new key pair; refuses to replace
    /// either file. Both are fsynced, and their folder too.
    public static func generar(prefijo: String, comentario: String = "prep") throws(ErrorPublicacion) -> ClaveSecretaSignify {
        let sec = prefijo + ".sec", pub = prefijo + ".pub"
        for r in [sec, pub] where Directorio.actual.existe(NombreArchivo(r)) {
            throw ErrorPublicacion("\(r) already exists; not overwriting a key")
        }
        do {
            let clave = try ClaveSecretaSignify.generar()
            try Directorio.actual.escribirArchivo(NombreArchivo(sec), try clave.archivo(comentario: "\(comentario) secret key"), sincronizar: true, permisos: 0o600)
            // The umask may have narrowed it further; never widened.
            try Directorio.actual.cambiarPermisos(NombreArchivo(sec), 0o600)
            do {
                try Directorio.actual.escribirArchivo(NombreArchivo(pub), clave.publica.archivo(comentario: "\(comentario) public key"), sincronizar: true)
            } catch {
                try? Directorio.actual.borrar(NombreArchivo(sec))
                throw error
            }
            let barra = prefijo.lastIndex(of: "/")
            try Directorio.actual.sincronizar(sub: NombreArchivo(barra.map { String(prefijo[..<$0]).isEmpty ? "/" : String(prefijo[..<$0]) } ?? "."))
            return clave
        } catch let e as ErrorSignify {
            throw ErrorPublicacion("cannot make a key: \(e)")
        } catch {
            throw ErrorPublicacion("cannot write the key: \(error)")
        }
    }

    /// Reads a secret key, refusing one that the group or others may read or write (as ssh
    /// does) and an encrypted one.
    public static func leerSecreta(_ ruta: String) throws(ErrorPublicacion) -> ClaveSecretaSignify {
        do {
            let modo = try Directorio.actual.estado(NombreArchivo(ruta), seguir: true).permisos
            guard modo & 0o077 == 0 else {
                throw ErrorPublicacion("secret key \(ruta) has permissions \(octal(modo)): it must not be accessible by group or others (chmod 600 \(ruta))")
            }
            return try ClaveSecretaSignify(archivo: try Directorio.actual.leerTodo(NombreArchivo(ruta)))
        } catch let e as ErrorPublicacion {
            throw e
        } catch let e as ErrorSignify {
            throw ErrorPublicacion("secret key \(ruta): \(e)")
        } catch {
            throw ErrorPublicacion("secret key \(ruta): \(error)")
        }
    }

    /// Signs the file at `ruta` with the secret key read from `rutaClave` and writes `ruta.sig`,
    /// a detached signify signature, byte for byte what `signify -S -s KEY -m FILE` writes (its
    /// comment names `NAME.pub` for `NAME.sec`), atomically: a daemon watching the folder never
    /// sees half a signature. Returns the signature's path.
    public static func firmarArchivo(_ ruta: String, clave: ClaveSecretaSignify, rutaClave: String) throws(ErrorPublicacion) -> String {
        let destino = ruta + ".sig"
        var nombre = Substring(rutaClave.split(separator: "/").last ?? "")
        if nombre.hasSuffix(".sec") { nombre = nombre.dropLast(4) }
        do {
            let bytes = try Directorio.actual.leerTodo(NombreArchivo(ruta))
            let firma = try clave.firmarSeparado(bytes, comentario: "verify with \(nombre).pub")
            try Directorio.actual.escribirAtomico(NombreArchivo(destino), firma)
            return destino
        } catch let e as ErrorSignify {
            throw ErrorPublicacion("cannot sign \(ruta): \(e)")
        } catch {
            throw ErrorPublicacion("cannot sign \(ruta): \(error)")
        }
    }

    /// Reads a public key file.
    public static func leerPublica(_ ruta: String) throws(ErrorPublicacion) -> ClavePublicaSignify {
        do {
            return try ClavePublicaSignify(archivo: try Directorio.actual.leerTodo(NombreArchivo(ruta)))
        } catch let e as ErrorSignify {
            throw ErrorPublicacion("public key \(ruta): \(e)")
        } catch {
            throw ErrorPublicacion("public key \(ruta): \(error)")
        }
    }

    static func octal(_ m: UInt32) -> String {
        let s = String(m, radix: 8)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
