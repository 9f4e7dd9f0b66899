/// The zeroed capture JSON of one expected acta (`prep template KEY`): exactly its vote columns in
/// catálogo order and every control total, all at 0. What capture-station software is written against.
public enum PlantillaCaptura {
    /// Members in a stable order, one total or column a line. `operador` must be a valid OPERATOR.
    public static func json(_ acta: ActaEsperada, catalogo: Catalogo, operador: String) -> String {
        var s = "{\n"
        s += "  \"version\": 1,\n"
        s += "  \"acta\": \"\(acta.clave.texto)\",\n"
        s += "  \"operador\": \"\(operador)\",\n"
        s += "  \"totales\": {\n"
        s += Total.allCases.map { "    \"\($0.rawValue)\": 0" }.joined(separator: ",\n")
        s += "\n  },\n"
        s += "  \"votos\": {\n"
        s += catalogo.columnas(de: acta).map { "    \"\($0.id)\": 0" }.joined(separator: ",\n")
        s += "\n  }\n}\n"
        return s
    }
}
