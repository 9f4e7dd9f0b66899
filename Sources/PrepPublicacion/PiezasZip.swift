import PrepDominio
import PrepSistema

extension ConstructorCortes {
    /// The deflated pieces of the last corte's zip (`iecm-2024`), read back at a restart so that
    /// the first corte deflates only what changed, like any next corte (`Estado.piezasZip`: per
    /// election, by its CSV's path). The zip is trusted only as the signed list `lista` names it:
    /// its bytes are read and must hash to the listed value. Inside it, each election's zip is
    /// cut back into the pieces this writer made (`MemoriaDeflate.recordar`, which checks each
    /// one); an election whose zip cannot be is simply deflated whole at the next corte.
    static func recuperarPiezasZip(carpeta: String, lista: ListaSHA256, corte: MarcaTiempo,
                                   catalogo: Catalogo) -> [String: MemoriaDeflate] {
        let p = catalogo.proceso
        let ruta = "datos/" + nombreZip(corte, p, etiqueta: nil)
        guard p.perfil.zip, let esperado = lista.entradas[ruta],
              let bytes = try? Directorio.actual.leerTodo(NombreArchivo(carpeta + "/" + ruta)), SHA256.resumen(bytes) == esperado,
              let paquetes = try? ArchivoZip.entradas(bytes) else { return [:] }
        // The election of each inner zip: the one whose CSV it holds.
        let porCSV = Dictionary(catalogo.elecciones.map { el in
            (EscritorCSV.nombreArchivo(p, el), "datos/" + EscritorCSV.nombreArchivo(p, el))
        }, uniquingKeysWith: { a, _ in a })
        let recuperadas = enParalelo(paquetes.count, minimo: 2) { i -> (String, MemoriaDeflate)? in
            guard let guardadas = try? ArchivoZip.guardadas(paquetes[i].bytes),
                  let clave = guardadas.lazy.compactMap({ porCSV[$0.nombre] }).first else { return nil }
            var memoria = MemoriaDeflate()
            for g in guardadas where g.metodo == 8 { _ = memoria.recordar(comprimido: g.datos, tamano: g.tamano, nivel: ArchivoZip.nivel) }
            return (clave, memoria)
        }
        var piezas: [String: MemoriaDeflate] = [:]
        for case let (clave, memoria)? in recuperadas { piezas[clave] = memoria }
        return piezas
    }
}
