import PrepPublicacion

/// `prep keygen --out PREFIX`.
let comandoKeygen = Comando(
    nombre: "keygen",
    resumen: "make a signing key pair in signify's format",
    descripcion: """
    Writes PREFIX.sec (mode 0600, unencrypted so the daemon can sign unattended) and
    PREFIX.pub in OpenBSD signify's format. Refuses to overwrite either file.
    Publish PREFIX.pub out of band: anyone checks a corte with
      signify-openbsd -C -p PREFIX.pub -x SHA256.sig     (inside the corte folder)
      prep verify CORTE --key PREFIX.pub
    """,
    opciones: [.valor("out", "PREFIX", "where to write the pair: PREFIX.sec and PREFIX.pub", obligatoria: true)],
    ejecutar: { args in
        guard let prefijo = args.valor("out"), !prefijo.isEmpty else {
            avisar("prep keygen: --out PREFIX must not be empty")
            return 2
        }
        do {
            let clave = try ArchivoClaves.generar(prefijo: prefijo)
            imprimir("wrote \(prefijo).sec and \(prefijo).pub (keynum \(clave.publica.huella))")
            return 0
        } catch {
            avisar("prep keygen: \(error)")
            return 1
        }
    }
)
