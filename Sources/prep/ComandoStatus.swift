import PrepDominio
import PrepServicio
import PrepSpool

/// `prep status [--json] [--root DIR] [--config FILE]`.
let comandoStatus = Comando(
    nombre: "status",
    resumen: "actas per phase and election, discrepancies, rejected drops, oldest waiting, last corte",
    descripcion: """
    Reads the spool's folders (a daemon need not be running) and prints: drops
    waiting in incoming/, actas in captured/ (discrepancies, waiting for a second
    capture), verified/ and packaged/, per election; rejected drops; the oldest
    waiting drop and captured acta; the last corte.
    """,
    opciones: [.bandera("json", "one JSON object instead of text"), .raiz, .config],
    ejecutar: { args in
        let config: Configuracion
        do { config = try configuracion(args) } catch {
            avisar("prep status: \(error)")
            return 1
        }
        do {
            let e = try EstadoSpool.calcular(raiz: config.spool, desfaseMinutos: config.desfaseUTCMinutos)
            imprimir(args.tiene("json") ? e.json : e.texto)
            return 0
        } catch {
            avisar("prep status: \(error)")
            return 1
        }
    }
)

/// `prep show KEY [--root DIR] [--config FILE]`.
let comandoShow = Comando(
    nombre: "show",
    resumen: "one acta: phase, images and hashes, captures, history",
    descripcion: """
    Prints everything the spool holds about acta KEY: its phase, its images with
    their SHA-256, its captures and operators, its history, and any drop for it
    still waiting in incoming/ or refused into rejected/ (with the reason).
    Exit status 1 when the spool has nothing for KEY.
    """,
    opciones: [.posicional("KEY", "the acta (CLAVE_CASILLA-ELECCION, e.g. 090001B0100-JG)"), .raiz, .config],
    ejecutar: { args in
        let texto = args.posicionales[0]
        guard let clave = ClaveActa(texto) else {
            avisar("prep show: '\(texto)' is not an acta key (CLAVE_CASILLA-ELECCION, e.g. 090001B0100-JG)")
            return 2
        }
        let config: Configuracion
        do { config = try configuracion(args) } catch {
            avisar("prep show: \(error)")
            return 1
        }
        do {
            guard let t = try FichaActa.texto(raiz: config.spool, clave: clave) else {
                avisar("prep show: acta \(clave) is not in the spool \(config.spool) (not in any phase, incoming/ or rejected/)")
                return 1
            }
            imprimir(t)
            return 0
        } catch {
            avisar("prep show: \(error)")
            return 1
        }
    }
)
