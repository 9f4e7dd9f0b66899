import PrepDominio
import PrepServicio
import PrepSpool

/// `prep retirar KEY --motivo TEXT [--root DIR] [--config FILE] [--timeout SECONDS]`: withdraws an
/// acta not yet published from captured/ or verified/ into rejected/ (`Retiro`).
let comandoRetirar = Comando(
    nombre: "retirar",
    resumen: "withdraw an acta not yet published (quarantined or stuck) into rejected/",
    descripcion: """
    Moves acta KEY's item, with its history, out of captured/ or verified/ into
    rejected/ (a folder named like every rejected entry, beside a one-line
    .reason holding --motivo), so that a rescan or new captures for the acta can
    be dropped and are taken as a new item. The history gets a 'retirada' line
    and the daemon logs it. When a daemon holds the spool it is asked (SIGUSR2)
    and does it between two batches, forgetting the acta; otherwise this command
    takes the spool's lock, recovers the spool as a start would, and does it.
    Refused, moving nothing (exit 1): an acta with no item in captured/ or
    verified/, a packaged (published) acta, and a verified acta a corte already
    has. Corrections of published actas are a later feature.
    Prints the item's new place (rejected/NAME).
    """,
    opciones: [
        .clave,
        .valor("motivo", "TEXT", "why it is withdrawn (kept in rejected/NAME.reason and its history)", obligatoria: true),
        .raiz, .config, .valor("timeout", "SECONDS", "how long to wait for a running daemon's answer (default: 60)"),
    ],
    ejecutar: { args in
        guard let clave = claveActa(args.posicionales[0], comando: "retirar") else { return 2 }
        guard let motivo = args.valor("motivo"), !motivo.allSatisfy(\.isWhitespace) else {
            avisar("prep retirar: --motivo wants the reason, in words")
            return 2
        }
        guard let limite = Int(args.valor("timeout") ?? "60"), limite > 0 else {
            avisar("prep retirar: --timeout wants a whole number of seconds")
            return 2
        }
        let config: Configuracion
        do { config = try configuracion(args) } catch {
            avisar("prep retirar: \(error)")
            return 1
        }
        do {
            switch try PeticionRetiro.ejecutar(config, clave: clave, motivo: motivo, limiteSegundos: limite) {
            case .retirada(let donde):
                imprimir(config.spool + "/" + donde)
                return 0
            case .rechazada(let razon):
                avisar("prep retirar: \(razon)")
                return 1
            }
        } catch {
            avisar("prep retirar: \(error)")
            return 1
        }
    }
)
