import PrepDominio
import PrepServicio
import PrepSistema

/// `prep catalog [--election E] [--config FILE] [--catalog DIR]`: the expected actas, one a line.
let comandoCatalogo = Comando(
    nombre: "catalog",
    resumen: "list the expected actas with their lista nominal",
    descripcion: """
    Prints every expected acta of the catálogo, one a line, in publication order:
    KEY<TAB>LISTA_NOMINAL<TAB>REPRESENTANTES_PP_CI
    """,
    opciones: [.valor("election", "E", "only the actas of election E (e.g. JG)"), .config, .catalogo],
    ejecutar: { args in
        let catalogo: Catalogo
        do {
            catalogo = try leerCatalogo(ruta: configuracionConCatalogo(args).catalogo)
        } catch {
            avisar("prep catalog: \(error)")
            return 1
        }
        var indice: Int?
        if let e = args.valor("election") {
            guard let (i, _) = catalogo.eleccion(codigo: e) else {
                avisar("prep catalog: election '\(e)' is not in the catálogo (it has \(catalogo.elecciones.map(\.codigo).joined(separator: ", ")))")
                return 1
            }
            indice = i
        }
        var salida: [UInt8] = []
        salida.reserveCapacity(catalogo.actas.count * 32)
        for a in catalogo.actas where indice == nil || a.eleccion == indice {
            let c = catalogo.casillas[a.casilla]
            salida.append(contentsOf: a.clave.texto.utf8)
            salida.append(0x09)
            salida.append(contentsOf: String(c.listaNominal).utf8)
            salida.append(0x09)
            salida.append(contentsOf: String(c.representantes).utf8)
            salida.append(0x0A)
        }
        do {
            try FileDescriptor.salidaEstandar.escribirTodo(salida)
        } catch {
            avisar("prep catalog: writing standard output: \(error)")
            return 1
        }
        return 0
    }
)
