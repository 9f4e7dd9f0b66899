import PrepPublicacion

/// `prep sign FILE --key OPERATOR.sec`.
let comandoSign = Comando(
    nombre: "sign",
    resumen: "sign a capture or sin acta drop as its operator (FILE.sig, signify's format)",
    descripcion: """
    Writes FILE.sig beside FILE: a detached Ed25519 signature in OpenBSD signify's format,
    byte for byte what
      signify-openbsd -S -s OPERATOR.sec -m FILE
    writes. A capture station signs each capture or sin acta JSON with its operator's key (made by
    prep keygen and registered in operadores.csv) and drops FILE.sig with FILE; the daemon counts a
    capture only when its signature verifies with the key registered for the operator it names.
    Exit status: 0 signed, 1 the file could not be signed (the reason on standard error), 2 bad usage.
    """,
    opciones: [
        .posicional("FILE", "the drop to sign"),
        .valor("key", "SEC", "the operator's secret key (signify format, unencrypted)", obligatoria: true),
    ],
    ejecutar: { args in
        guard let ruta = args.posicionales.first, let rutaClave = args.valor("key") else {
            avisar("prep sign: missing FILE or --key SEC")
            return 2
        }
        do {
            let clave = try ArchivoClaves.leerSecreta(rutaClave)
            imprimir(try ArchivoClaves.firmarArchivo(ruta, clave: clave, rutaClave: rutaClave))
            return 0
        } catch {
            avisar("prep sign: \(error)")
            return 1
        }
    }
)
