import PrepDominio
import PrepServicio

/// `prep template KEY [--operator NAME] [--config FILE] [--catalog DIR]`: the zeroed capture JSON
/// of one acta.
let comandoPlantilla = Comando(
    nombre: "template",
    resumen: "print a zeroed capture JSON for an acta",
    descripcion: """
    Prints the capture JSON (version 1) for acta KEY with exactly the vote columns
    the catálogo gives that acta and every total at 0: what capture-station
    software integrates against. Save it as KEY.captura.NAME.json once filled in.
    """,
    opciones: [
        .clave,
        .valor("operator", "NAME", "the operador member (default: operador); [a-z0-9_-]{1,32}"),
        .config,
        .catalogo,
    ],
    ejecutar: { args in
        guard let clave = claveActa(args.posicionales[0], comando: "template") else { return 1 }
        let operador = args.valor("operator") ?? "operador"
        guard ValidadorCaptura.esOperador(operador) else {
            avisar("prep template: operator '\(operador)' must be 1 to 32 of a-z 0-9 _ -")
            return 2
        }
        let catalogo: Catalogo
        do {
            catalogo = try leerCatalogo(ruta: configuracionConCatalogo(args).catalogo)
        } catch {
            avisar("prep template: \(error)")
            return 1
        }
        guard let acta = catalogo.acta(clave) else {
            let motivo = catalogo.eleccion(codigo: clave.eleccion) == nil
                ? "election \(clave.eleccion) is not in the catálogo"
                : "casilla \(clave.casilla) has no \(clave.eleccion) acta in the catálogo"
            avisar("prep template: \(clave) is not an expected acta: \(motivo)")
            return 1
        }
        print(PlantillaCaptura.json(acta, catalogo: catalogo, operador: operador), terminator: "")
        return 0
    }
)
