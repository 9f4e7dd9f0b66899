/// Every problem found in a catálogo, each as `file:line: reason` (line 0 when the problem is the
/// file as a whole). Loading never stops at the first problem.
public struct ProblemasCatalogo: Error, Hashable, Sendable, CustomStringConvertible {
    public let problemas: [String]

    public init(_ problemas: [String]) { self.problemas = problemas }

    /// One problem a line; past 100 the rest are counted, not listed.
    public var description: String {
        let mostrados = problemas.prefix(100)
        var s = mostrados.joined(separator: "\n")
        if problemas.count > mostrados.count { s += "\n… and \(problemas.count - mostrados.count) more problems" }
        return s
    }
}

/// Reads the catálogo from its CSV files (docs/catalogo.md) into a `Catalogo`, refusing a bad one.
/// Pure: file name → bytes in, catálogo or every problem out. The file system glue is the caller's.
public enum CargadorCatalogo {
    /// The files of a catálogo folder, in the order they are read. All are required.
    public static let archivos = [
        "proceso.csv", "elecciones.csv", "columnas.csv", "columnas_ambito.csv", "distritos.csv",
        "demarcaciones.csv", "candidaturas.csv", "casillas.csv",
    ]

    /// The header row each file must have, column for column.
    public static let encabezados: [String: [String]] = [
        "proceso.csv": ["ID_ENTIDAD", "ENTIDAD", "SIGLAS", "ANIO", "DESCRIPCION"],
        "elecciones.csv": ["ELECCION", "NOMBRE", "GEOGRAFIA"],
        "columnas.csv": ["ELECCION", "COLUMNA", "TIPO", "NOMBRE", "COLOR"],
        "columnas_ambito.csv": ["ELECCION", "ID_AMBITO", "COLUMNAS"],
        "distritos.csv": ["ID_DISTRITO_LOCAL", "DISTRITO_LOCAL"],
        "demarcaciones.csv": ["ID_DEMARCACION_TERRITORIAL", "DEMARCACION_TERRITORIAL"],
        "candidaturas.csv": ["ELECCION", "ID_AMBITO", "COLUMNA", "PROPIETARIA", "SUPLENTE"],
        "casillas.csv": ["CLAVE_CASILLA", "ID_DISTRITO_LOCAL", "ID_DEMARCACION_TERRITORIAL", "SECCION", "TIPO_CASILLA",
                         "ID_CASILLA", "EXT_CONTIGUA", "UBICACION_CASILLA", "LISTA_NOMINAL", "REPRESENTANTES_PP_CI",
                         "BOLETAS_ESPECIAL", "ELECCIONES"],
    ]

    /// Optional trailing columns a file's header may add (absent: the defaults of docs/catalogo.md),
    /// so every catálogo written before them still loads.
    public static let opcionales: [String: [String]] = [
        "proceso.csv": ["PERFIL"],
        "casillas.csv": ["MECANISMO_TRASLADO", "URNA_ELECTRONICA"],
    ]

    /// The bytes whose SHA-256 identifies the catálogo (the manifest's catálogo hash): for each file of
    /// `archivos` in sorted name order, its name, a NUL byte, its length in decimal, a LF, its bytes.
    public static func bytesHuella(archivos contenido: [String: [UInt8]]) -> [UInt8] {
        var salida: [UInt8] = []
        salida.reserveCapacity(contenido.values.reduce(0) { $0 + $1.count } + 512)
        for nombre in archivos.sorted() {
            let bytes = contenido[nombre] ?? []
            salida.append(contentsOf: nombre.utf8)
            salida.append(0)
            salida.append(contentsOf: String(bytes.count).utf8)
            salida.append(0x0A)
            salida.append(contentsOf: bytes)
        }
        return salida
    }

    /// Loads and checks the catálogo. Every problem found is reported.
    public static func cargar(archivos contenido: [String: [UInt8]]) -> Result<Catalogo, ProblemasCatalogo> {
        var c = Carga()
        var tablas: [String: [LectorCSV.Fila]] = [:]
        for nombre in archivos {
            guard let bytes = contenido[nombre] else {
                c.problema(nombre, 0, "missing file")
                continue
            }
            switch LectorCSV.filas(bytes) {
            case .failure(let e):
                c.problema(nombre, e.linea, e.motivo)
            case .success(let filas):
                guard let cabeza = filas.first else {
                    c.problema(nombre, 0, "empty file: expected the header " + (encabezados[nombre] ?? []).joined(separator: ","))
                    continue
                }
                var esperado = encabezados[nombre] ?? []
                // proceso.csv may add PERFIL, casillas.csv MECANISMO_TRASLADO,URNA_ELECTRONICA (docs/catalogo.md).
                let extra = opcionales[nombre] ?? []
                if !extra.isEmpty, cabeza.campos == esperado + extra { esperado = cabeza.campos }
                guard cabeza.campos == esperado else {
                    let opcion = extra.isEmpty ? "" : " (optionally followed by ," + extra.joined(separator: ",") + ")"
                    c.problema(nombre, cabeza.linea, "header must be " + (encabezados[nombre] ?? []).joined(separator: ",") + opcion)
                    continue
                }
                var datos: [LectorCSV.Fila] = []
                datos.reserveCapacity(filas.count - 1)
                for f in filas.dropFirst() {
                    if f.campos.count != esperado.count {
                        c.problema(nombre, f.linea, "expected \(esperado.count) fields, got \(f.campos.count)")
                    } else {
                        datos.append(f)
                    }
                }
                tablas[nombre] = datos
            }
        }
        return c.construir(tablas)
    }
}

/// The state of one load: the problems so far and what has been read.
struct Carga {
    var problemas: [String] = []

    mutating func problema(_ archivo: String, _ linea: Int, _ motivo: String) {
        problemas.append("\(archivo):\(linea): \(motivo)")
    }

    /// A whole number ≥ 0 of at most 9 digits; nil (and a problem) otherwise.
    mutating func numero(_ s: String, _ campo: String, _ archivo: String, _ linea: Int) -> Int? {
        if let n = Carga.natural(s) { return n }
        problema(archivo, linea, "\(campo): expected a whole number ≥ 0, got \"\(s)\"")
        return nil
    }

    /// A whole number ≥ 0 of at most 9 digits, as the catálogo's numeric fields are.
    static func natural(_ s: String) -> Int? { LectorCSV.natural(s.utf8, digitos: 9) }

    /// Column ids: `[A-Z0-9_-]`, starting with a letter, at most 40 bytes (they become CSV headers and JSON keys).
    static func esIdColumna(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let p = u.first, (65...90).contains(p), u.count <= 40 else { return false }
        return u.allSatisfy { (65...90).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 45 }
    }

    static func esColor(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 7 && u[0] == 35 && u.dropFirst().allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// What elecciones.csv defines: the codes in file order, and each one's name, geography and line.
    typealias DatosEleccion = [String: (nombre: String, geografia: Geografia, linea: Int)]
    /// The ids of the distritos and demarcaciones, nil for a file that could not be read.
    typealias IdsAmbito = (distritos: Set<Int>?, demarcaciones: Set<Int>?)

    /// Builds the catálogo from its files' rows, each file checked in turn against what the
    /// earlier ones defined.
    mutating func construir(_ t: [String: [LectorCSV.Fila]]) -> Result<Catalogo, ProblemasCatalogo> {
        let proceso = self.proceso(t["proceso.csv"])
        let distritos = ambitos(t["distritos.csv"], "distritos.csv")
        let demarcaciones = ambitos(t["demarcaciones.csv"], "demarcaciones.csv")
        // A file that could not be read at all was reported already: references to it are not checked.
        let ids: IdsAmbito = (t["distritos.csv"] == nil ? nil : Set(distritos.map(\.id)),
                              t["demarcaciones.csv"] == nil ? nil : Set(demarcaciones.map(\.id)))
        let (codigos, datosEleccion) = self.elecciones(t["elecciones.csv"], perfil: proceso?.perfil)
        let eleccionesLegibles = t["elecciones.csv"] != nil
        let columnas = self.columnas(t["columnas.csv"] ?? [], codigos: codigos, datos: datosEleccion, legibles: eleccionesLegibles)
        let porAmbito = columnasPorAmbito(t["columnas_ambito.csv"] ?? [], columnas: columnas, datos: datosEleccion,
                                          legibles: eleccionesLegibles, ids: ids)
        let elecciones = codigos.compactMap { e -> Eleccion? in
            guard let d = datosEleccion[e] else { return nil }
            return Eleccion(codigo: e, nombre: d.nombre, geografia: d.geografia, columnas: columnas[e] ?? [],
                            columnasPorAmbito: porAmbito[e] ?? [:])
        }
        let candidaturas = self.candidaturas(t["candidaturas.csv"] ?? [], columnas: columnas, datos: datosEleccion,
                                             legibles: eleccionesLegibles, ids: ids)
        let casillas = self.casillas(t["casillas.csv"] ?? [], proceso: proceso,
                                     elecciones: eleccionesLegibles ? Set(codigos) : nil,
                                     distritos: ids.distritos, demarcaciones: ids.demarcaciones)
        if t["casillas.csv"] != nil, casillas.isEmpty, problemas.isEmpty { problema("casillas.csv", 0, "no casilla defined") }

        guard problemas.isEmpty, let proceso else { return .failure(ProblemasCatalogo(problemas)) }
        return .success(Catalogo(proceso: proceso, elecciones: elecciones, distritos: distritos, demarcaciones: demarcaciones,
                                 casillas: Self.ordenarListas(casillas, codigos: codigos), candidaturas: candidaturas))
    }

    /// proceso.csv: its one row.
    mutating func proceso(_ filas: [LectorCSV.Fila]?) -> Proceso? {
        guard let filas else { return nil }
        var proceso: Proceso?
        if filas.count != 1 {
            problema("proceso.csv", filas.dropFirst().first?.linea ?? 1, "expected exactly one row, got \(filas.count)")
        }
        if let f = filas.first {
            let id = numero(f.campos[0], "ID_ENTIDAD", "proceso.csv", f.linea)
            let anio = numero(f.campos[3], "ANIO", "proceso.csv", f.linea)
            if let id, id > 99 { problema("proceso.csv", f.linea, "ID_ENTIDAD: expected 0 to 99, got \(id)") }
            if f.campos[1].isEmpty { problema("proceso.csv", f.linea, "ENTIDAD is empty") }
            if f.campos[2].isEmpty { problema("proceso.csv", f.linea, "SIGLAS is empty") }
            var perfil = PerfilPublicacion.predeterminado
            if f.campos.count > 5 {
                if let p = PerfilPublicacion.conocidos[f.campos[5]] { perfil = p } else {
                    problema("proceso.csv", f.linea, "PERFIL: expected one of \(PerfilPublicacion.conocidos.keys.sorted().joined(separator: ", ")), got \"\(f.campos[5])\"")
                }
            }
            if let id, let anio {
                proceso = Proceso(idEntidad: id, entidad: f.campos[1], siglas: f.campos[2], anio: anio, descripcion: f.campos[4],
                                  perfil: perfil)
            }
        }
        return proceso
    }

    /// elecciones.csv: the election codes in file order and what each one is.
    mutating func elecciones(_ filas: [LectorCSV.Fila]?, perfil: PerfilPublicacion?) -> ([String], DatosEleccion) {
        var codigos: [String] = []
        var datosEleccion: [String: (nombre: String, geografia: Geografia, linea: Int)] = [:]
        for f in filas ?? [] {
            let codigo = f.campos[0]
            guard ClaveActa.esCodigoEleccion(codigo) else {
                problema("elecciones.csv", f.linea, "ELECCION: expected [A-Z][A-Z0-9]{1,7}, got \"\(codigo)\"")
                continue
            }
            if let previa = datosEleccion[codigo] {
                problema("elecciones.csv", f.linea, "duplicate election \(codigo) (first at line \(previa.linea))")
                continue
            }
            guard let g = Geografia(rawValue: f.campos[2]) else {
                problema("elecciones.csv", f.linea, "GEOGRAFIA: expected DISTRITO_LOCAL or DEMARCACION_TERRITORIAL, got \"\(f.campos[2])\"")
                continue
            }
            if f.campos[1].isEmpty { problema("elecciones.csv", f.linea, "NOMBRE is empty") }
            if let p = perfil, !p.elecciones.isEmpty, p.elecciones[codigo] == nil {
                problema("elecciones.csv", f.linea, "election \(codigo) has no layout in profile \(p.nombre) (it knows \(p.elecciones.keys.sorted().joined(separator: ", ")))")
            }
            codigos.append(codigo)
            datosEleccion[codigo] = (f.campos[1], g, f.linea)
        }
        if filas != nil, codigos.isEmpty { problema("elecciones.csv", 0, "no election defined") }
        return (codigos, datosEleccion)
    }

    /// columnas.csv: each election's vote columns, in order, NO_REGISTRADAS and NULOS last.
    mutating func columnas(_ filas: [LectorCSV.Fila], codigos: [String], datos datosEleccion: DatosEleccion, legibles eleccionesLegibles: Bool) -> [String: [ColumnaVoto]] {
        var columnas: [String: [ColumnaVoto]] = [:]
        var lineaColumna: [String: Int] = [:]
        for f in filas {
            let e = f.campos[0], id = f.campos[1]
            guard datosEleccion[e] != nil else {
                if eleccionesLegibles { problema("columnas.csv", f.linea, "unknown election \"\(e)\"") }
                continue
            }
            guard Carga.esIdColumna(id) else {
                problema("columnas.csv", f.linea, "COLUMNA: expected [A-Z][A-Z0-9_-]{0,39}, got \"\(id)\"")
                continue
            }
            if let previa = lineaColumna[e + "\0" + id] {
                problema("columnas.csv", f.linea, "duplicate column \(id) of \(e) (first at line \(previa))")
                continue
            }
            guard let tipo = TipoColumna(rawValue: f.campos[2]) else {
                problema("columnas.csv", f.linea, "TIPO: expected partido, coalicion, candidatura_comun, independiente, no_registradas or nulos, got \"\(f.campos[2])\"")
                continue
            }
            if !Carga.esColor(f.campos[4]) { problema("columnas.csv", f.linea, "COLOR: expected #rrggbb (lowercase hex), got \"\(f.campos[4])\"") }
            if (tipo == .noRegistradas) != (id == "NO_REGISTRADAS") || (tipo == .nulos) != (id == "NULOS") {
                problema("columnas.csv", f.linea, "the column of type no_registradas must be NO_REGISTRADAS and the one of type nulos NULOS")
            }
            lineaColumna[e + "\0" + id] = f.linea
            columnas[e, default: []].append(ColumnaVoto(id: id, tipo: tipo, nombre: f.campos[3], color: f.campos[4]))
        }
        for e in codigos {
            let cols = columnas[e] ?? []
            let n = cols.count
            if n < 2 || cols[n - 2].id != "NO_REGISTRADAS" || cols[n - 1].id != "NULOS"
                || cols.dropLast(2).contains(where: { $0.tipo == .noRegistradas || $0.tipo == .nulos }) {
                problema("columnas.csv", 0, "election \(e): NO_REGISTRADAS and NULOS must be its last two columns, in that order")
            }
        }
        return columnas
    }

    /// columnas_ambito.csv: per election and ámbito, the indices of the columns it has.
    mutating func columnasPorAmbito(_ filas: [LectorCSV.Fila], columnas: [String: [ColumnaVoto]], datos datosEleccion: DatosEleccion,
                                    legibles eleccionesLegibles: Bool, ids: IdsAmbito) -> [String: [Int: [Int]]] {
        var porAmbito: [String: [Int: [Int]]] = [:]
        var lineaAmbito: [String: Int] = [:]
        for f in filas {
            let e = f.campos[0]
            guard let datos = datosEleccion[e] else {
                if eleccionesLegibles { problema("columnas_ambito.csv", f.linea, "unknown election \"\(e)\"") }
                continue
            }
            guard let ambito = numero(f.campos[1], "ID_AMBITO", "columnas_ambito.csv", f.linea) else { continue }
            let ids = datos.geografia == .distritoLocal ? ids.distritos : ids.demarcaciones
            if let ids, !ids.contains(ambito) {
                problema("columnas_ambito.csv", f.linea, "ID_AMBITO \(ambito) is not a \(datos.geografia == .distritoLocal ? "distrito" : "demarcación") of the catálogo")
            }
            if let previa = lineaAmbito["\(e) \(ambito)"] {
                problema("columnas_ambito.csv", f.linea, "duplicate ámbito \(ambito) of \(e) (first at line \(previa))")
                continue
            }
            lineaAmbito["\(e) \(ambito)"] = f.linea
            let cols = columnas[e] ?? []
            var indices: [Int] = []
            var ok = true
            for nombre in f.campos[2].split(separator: " ") {
                guard let i = cols.firstIndex(where: { $0.id == nombre }) else {
                    problema("columnas_ambito.csv", f.linea, "column \(nombre) is not defined for \(e) in columnas.csv")
                    ok = false
                    continue
                }
                if indices.contains(i) {
                    problema("columnas_ambito.csv", f.linea, "column \(nombre) listed twice")
                    ok = false
                }
                indices.append(i)
            }
            guard ok else { continue }
            if indices != indices.sorted() {
                problema("columnas_ambito.csv", f.linea, "COLUMNAS must follow the order of columnas.csv")
            }
            if !cols.isEmpty, !(indices.contains(cols.count - 1) && indices.contains(cols.count - 2)) {
                problema("columnas_ambito.csv", f.linea, "COLUMNAS must include NO_REGISTRADAS and NULOS")
            }
            porAmbito[e, default: [:]][ambito] = indices.sorted()
        }
        return porAmbito
    }

    /// candidaturas.csv: who runs in each column of each ámbito.
    mutating func candidaturas(_ filas: [LectorCSV.Fila], columnas: [String: [ColumnaVoto]], datos datosEleccion: DatosEleccion,
                               legibles eleccionesLegibles: Bool, ids: IdsAmbito) -> [Candidatura] {
        var candidaturas: [Candidatura] = []
        for f in filas {
            let e = f.campos[0]
            guard let d = datosEleccion[e] else {
                if eleccionesLegibles { problema("candidaturas.csv", f.linea, "unknown election \"\(e)\"") }
                continue
            }
            guard let ambito = numero(f.campos[1], "ID_AMBITO", "candidaturas.csv", f.linea) else { continue }
            if ambito != 0, let ids = d.geografia == .distritoLocal ? ids.distritos : ids.demarcaciones, !ids.contains(ambito) {
                problema("candidaturas.csv", f.linea, "ID_AMBITO \(ambito) is not a \(d.geografia == .distritoLocal ? "distrito" : "demarcación") of the catálogo (0 = the whole entidad)")
            }
            if !(columnas[e] ?? []).contains(where: { $0.id == f.campos[2] }) {
                problema("candidaturas.csv", f.linea, "column \(f.campos[2]) is not defined for \(e) in columnas.csv")
                continue
            }
            if f.campos[3].isEmpty { problema("candidaturas.csv", f.linea, "PROPIETARIA is empty") }
            candidaturas.append(Candidatura(eleccion: e, idAmbito: ambito, columna: f.campos[2],
                                            propietaria: f.campos[3], suplente: f.campos[4]))
        }
        return candidaturas
    }

    /// The casillas with each one's election list in the catálogo's election order (an election's
    /// variants after it).
    static func ordenarListas(_ casillas: [Casilla], codigos: [String]) -> [Casilla] {
        let orden = Dictionary(uniqueKeysWithValues: codigos.enumerated().map { ($1, $0) })
        func rango(_ codigo: String) -> (Int, String) {
            let p = ClaveActa.partesCodigoActa(codigo)
            return (orden[p?.eleccion ?? codigo] ?? 0, p?.variante ?? "")
        }
        // Casillas with the same list share one array (a national catálogo has a handful of
        // distinct lists): no array of its own per casilla.
        var listas: [[String]: [String]] = [:]
        return casillas.map { c -> Casilla in
            if let compartida = listas[c.elecciones] { return c.con(elecciones: compartida) }
            let es = c.elecciones.sorted { rango($0) < rango($1) }
            listas[c.elecciones] = es
            return c.con(elecciones: es)
        }
    }

    mutating func ambitos(_ filas: [LectorCSV.Fila]?, _ archivo: String) -> [Ambito] {
        var vistos: [Int: Int] = [:]
        var salida: [Ambito] = []
        for f in filas ?? [] {
            guard let id = numero(f.campos[0], "id", archivo, f.linea) else { continue }
            if let previa = vistos[id] {
                problema(archivo, f.linea, "duplicate id \(id) (first at line \(previa))")
                continue
            }
            if id == 0 { problema(archivo, f.linea, "id 0 is reserved for the whole entidad") }
            if f.campos[1].isEmpty { problema(archivo, f.linea, "name is empty") }
            vistos[id] = f.linea
            salida.append(Ambito(id: id, nombre: f.campos[1]))
        }
        if filas != nil, salida.isEmpty, vistos.isEmpty { problema(archivo, 0, "no row defined") }
        return salida.sorted { $0.id < $1.id }
    }
}
