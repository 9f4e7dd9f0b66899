/// The zeroed capture JSON of one expected acta (`prep template KEY`): exactly its vote columns in
/// catálogo order and every control total it shows (a mesa's or an urna electrónica's acta: only
/// TOTAL_VOTOS_ASENTADO), all at 0. What capture-station software is written against.
public enum PlantillaCaptura {
    /// Members in a stable order, one total or column a line. `operador` must be a valid OPERATOR.
    public static func json(_ acta: ActaEsperada, catalogo: Catalogo, operador: String) -> String {
        let documento: ValorJSON = .objeto([
            (clave: "version", valor: .entero(1)),
            (clave: "acta", valor: .texto(acta.clave.texto)),
            (clave: "operador", valor: .texto(operador)),
            (clave: "totales", valor: .objeto(Captura.totalesExigidos(catalogo.casillas[acta.casilla]).map { (clave: $0.rawValue, valor: .entero(0)) })),
            (clave: "votos", valor: .objeto(catalogo.columnas(de: acta).map { (clave: $0.id, valor: .entero(0)) })),
        ])
        return EscritorJSON.texto(documento, estilo: .sangrado)
    }
}
