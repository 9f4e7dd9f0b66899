import PrepDominio
import PrepPublicacion

/// `prep verify`'s check of the results site: every figure every page shows (the hooks of
/// docs/sitio.md) equals what the signed CSVs give, counted again from their rows with the
/// domain's `AcumuladorResumen` and the corte's profile — never taken from another page.
///
/// - The overview's section of an election and the election's page: the CSV's preamble and the
///   votes of its counted rows.
/// - An ámbito's pages: the rows its acta tables list (each listed once in its election, all of
///   them together the election's expected actas, each with the CSV's CONTABILIZADA and
///   CODIGO_INTEGRIDAD), counted as the CSV counts them. Which ámbito an acta belongs to is the
///   catálogo's; the CSV does not say it for every row (the IECM writes N/A for mesas).
/// - The corte time on every page: the manifest's; on an ámbito's pages, which do not depend on
///   the corte, the one `corte.js` they load: the manifest's time, `expires` and `final`.
/// - The lookup files of "Consulta tu casilla": each value its CSV row's (`ComprobadorConsulta`).
public struct ComprobadorPaginas: ComprobadorSitio {
    public init() {}

    public func comprobar(archivos: [String: [UInt8]], elecciones: [CifrasCSV], manifiesto: Manifiesto) throws(ErrorVerificacion) {
        let perfil = manifiesto.perfil
        let hora = AdaptadorSitio.textoHora(manifiesto.corte)
        var porNombre: [String: CifrasCSV] = [:]
        for e in elecciones { porNombre[MaquetadorSitio.nombreArchivo(e.codigo)] = e }
        let corteJS = String(describing: MaquetadorSitio.archivoCorte)
        if archivos[corteJS] != nil { try Self.comprobarCorte(archivos[corteJS], manifiesto: manifiesto) }
        // Each ámbito's pages, gathered first: its figures are those of all its pages' rows.
        var ambitos: [String: [Int: [(ruta: String, pagina: Int, cifras: [LecturaPagina.Cifra])]]] = [:]
        for ruta in archivos.keys.sorted() where ruta.hasSuffix(".html") {
            guard let bytes = archivos[ruta] else { continue }
            let todo = bytes[...]
            // Each page's figures are read once, and reused by the checks of its whole page.
            let cifras = LecturaPagina.cifras(todo)
            for c in cifras where c.gancho == "campo" && c.clave == "CORTE" && c.texto != hora {
                throw .pagina("\(ruta): the corte time shows \(c.texto), the manifest's is \(hora)")
            }
            if archivos[corteJS] == nil, Self.cargaCorte(todo) {
                throw .pagina("\(ruta): takes the corte time from \(corteJS), which the corte does not have")
            }
            for lista in LecturaPagina.listas(todo) { try Self.comprobarOrden(lista, ruta) }
            if ruta == "index.html" {
                for (codigo, parte) in LecturaPagina.secciones(todo) {
                    guard let e = porNombre[codigo] else { throw .pagina("\(ruta): a section for election \(codigo), which has no CSV") }
                    let (resumen, votos) = e.cifrasEleccion(perfil: perfil)
                    try Self.comparar(parte, resumen: resumen, votos: votos, donde: "\(ruta) (\(e.codigo))", fuente: e.archivo)
                }
                try Self.sinCifras(LecturaPagina.cifras(LecturaPagina.fueraDeSecciones(todo)[...]), ruta)
            } else if ruta.hasPrefix("resultados/"), let (nombre, ambito, pagina) = Self.ambito(ruta) {
                guard porNombre[nombre] != nil else { throw .pagina("\(ruta): a page for election \(nombre), which has no CSV") }
                ambitos[nombre, default: [:]][ambito, default: []].append((ruta, pagina, cifras))
            } else if ruta.hasPrefix("resultados/"), let e = porNombre[String(ruta.dropFirst(11).dropLast(5))] {
                let (resumen, votos) = e.cifrasEleccion(perfil: perfil)
                try Self.comparar(todo, mostradas: cifras, resumen: resumen, votos: votos, donde: ruta, fuente: e.archivo)
            } else {
                try Self.sinCifras(cifras, ruta)
            }
        }
        var listadas: [String: Set<String>] = [:]
        for e in elecciones.sorted(by: { $0.archivo < $1.archivo }) {
            listadas[e.codigo] = try comprobarAmbitos(ambitos[MaquetadorSitio.nombreArchivo(e.codigo)] ?? [:], e, archivos: archivos, perfil: perfil)
        }
        // The lookup files show the same rows field by field: each against its CSV row.
        if var consulta = try ComprobadorConsulta(archivos: archivos, elecciones: elecciones) {
            try consulta.comprobar(archivos)
            try consulta.comprobarCompletas(listadas)
        }
    }

    /// `corte.js` says this corte: the manifest's time as the pages print it, its `expires` (in
    /// milliseconds, and as printed) and whether it is final.
    static func comprobarCorte(_ bytes: [UInt8]?, manifiesto: Manifiesto) throws(ErrorVerificacion) {
        let ruta = String(describing: MaquetadorSitio.archivoCorte)
        let v = try ComprobadorConsulta.leer(ruta, bytes, funcion: "prepCorte")
        let hora = AdaptadorSitio.textoHora(manifiesto.corte)
        let vigencia = AdaptadorSitio.textoHora(manifiesto.expira.en(desfaseMinutos: manifiesto.corte.desfaseMinutos))
        let final: Bool? = if case .booleano(let b) = v["final"] { b } else { nil }
        let esperado = [("hora", hora), ("vigencia", vigencia), ("expira", String(manifiesto.expira.segundosUnix * 1000)),
                        ("final", String(manifiesto.final))]
        let leido = [v["hora"]?.comoTexto, v["vigencia"]?.comoTexto, v["expira"]?.comoEntero.map(String.init), final.map(String.init)]
        for ((campo, e), l) in zip(esperado, leido) where l != e {
            throw .pagina("\(ruta): \(campo) shows \(l ?? "nothing"), the manifest's is \(e)")
        }
    }

    /// Whether a page loads `corte.js` (`<script src="…corte.js">`).
    static func cargaCorte(_ pagina: ArraySlice<UInt8>) -> Bool {
        let buscado = Array("corte.js\"></script>".utf8)
        guard buscado.count <= pagina.count else { return false }
        var i = pagina.startIndex
        while i <= pagina.endIndex - buscado.count {
            if pagina[i] == buscado[0], pagina[i..<(i + buscado.count)].elementsEqual(buscado) { return true }
            i += 1
        }
        return false
    }

    /// One election's ámbito pages: their rows partition the election's expected actas, each
    /// shown as the CSV has it, and each ámbito's figures are those of its rows. Returns the keys
    /// they list.
    private func comprobarAmbitos(_ paginas: [Int: [(ruta: String, pagina: Int, cifras: [LecturaPagina.Cifra])]], _ e: CifrasCSV,
                                  archivos: [String: [UInt8]], perfil: PerfilPublicacion) throws(ErrorVerificacion) -> Set<String> {
        var dondeEsta: [String: String] = [:]
        var listadas = 0
        for id in paginas.keys.sorted() {
            let suyas = (paginas[id] ?? []).sorted { $0.pagina < $1.pagina }
            guard let primera = suyas.first, primera.pagina == 1 else {
                throw .pagina("\(suyas.first?.ruta ?? e.archivo): ámbito \(id) of \(e.codigo) has no first page")
            }
            var claves: [String] = []
            for p in suyas {
                for a in LecturaPagina.actas((archivos[p.ruta] ?? [])[...]) {
                    if let otra = dondeEsta[a.clave] { throw .pagina("\(p.ruta): acta \(a.clave) is also listed on \(otra)") }
                    dondeEsta[a.clave] = p.ruta
                    try Self.comprobarActa(a, e, donde: p.ruta)
                    claves.append(a.clave)
                }
            }
            listadas += claves.count
            let (resumen, votos) = e.cifras(claves: claves, esperadas: claves.count, perfil: perfil)
            for p in suyas {
                try Self.comparar((archivos[p.ruta] ?? [])[...], mostradas: p.cifras, resumen: resumen, votos: votos, donde: p.ruta,
                                  fuente: "the rows of \(e.archivo) this ámbito's pages list")
            }
        }
        let enCSV = e.filas.filter { $0.value.resultado.contabilizada != .fueraDeCatalogo }.map(\.key) + e.pendientes
        if let falta = enCSV.filter({ dondeEsta[$0] == nil }).min() {
            throw .pagina("\(e.archivo): acta \(falta) is on no ámbito page of \(e.codigo)")
        }
        let esperadas = e.resumen.first ?? ""
        guard String(listadas) == esperadas else {
            throw .pagina("the ámbito pages of \(e.codigo) list \(listadas) actas, \(e.archivo) expects \(esperadas)")
        }
        return Set(dondeEsta.keys)
    }

    /// A listed acta as the CSV has it: registered with its CONTABILIZADA and image code, or pending.
    private static func comprobarActa(_ a: LecturaPagina.Acta, _ e: CifrasCSV, donde: String) throws(ErrorVerificacion) {
        guard let f = e.filas[a.clave] else {
            guard a.estado == AdaptadorSitio.estadoPendiente else {
                throw .pagina("\(donde): acta \(a.clave) shows '\(a.estado)', \(e.archivo) has no row registered for it")
            }
            return
        }
        guard a.estado != AdaptadorSitio.estadoPendiente else {
            throw .pagina("\(donde): acta \(a.clave) shows as pending, \(e.archivo) has it registered")
        }
        guard a.contabilizada == f.resultado.contabilizada.rawValue else {
            throw .pagina("\(donde): acta \(a.clave) shows CONTABILIZADA \(a.contabilizada), \(e.archivo) gives \(f.resultado.contabilizada.rawValue)")
        }
        guard a.codigo == (f.codigo.map { "\($0)" } ?? "-") else {
            throw .pagina("\(donde): acta \(a.clave) shows CODIGO_INTEGRIDAD \(a.codigo), \(e.archivo) gives \(f.codigo.map { "\($0)" } ?? "none")")
        }
    }

    /// Every figure shown against the scope's: a summary field, a column's votes and share, a
    /// candidacy's votes and share (the columns its hook names). Shares are of all counted votes.
    /// `mostradas`: the figures of `parte` when already read.
    static func comparar(_ parte: ArraySlice<UInt8>, mostradas: [LecturaPagina.Cifra]? = nil, resumen: [String], votos: [String: Int],
                         donde: String, fuente: String) throws(ErrorVerificacion) {
        let mostradas = mostradas ?? LecturaPagina.cifras(parte)
        let total = votos.values.reduce(0, +)
        // A votes table lists every column that has votes in its scope.
        if let vistas = LecturaPagina.columnasDeTablas(parte),
           let oculta = votos.filter({ $0.value > 0 && !vistas.contains($0.key) }).map(\.key).min() {
            throw .pagina("\(donde): does not show column \(oculta), which has \(votos[oculta] ?? 0) votes in \(fuente)")
        }
        func suma(_ ids: String) throws(ErrorVerificacion) -> Int {
            var s = 0
            for id in ids.split(separator: " ") {
                guard let v = votos[String(id)] else { throw .pagina("\(donde): shows votes of column \(id), which \(fuente) does not have") }
                s += v
            }
            return s
        }
        for m in mostradas {
            let esperado: String
            switch m.gancho {
            case "campo" where m.clave == "CORTE": continue
            case "campo":
                guard let i = Resumen.encabezado.firstIndex(of: m.clave), i < resumen.count else {
                    throw .pagina("\(donde): shows a figure '\(m.clave)' that is not a summary field")
                }
                esperado = resumen[i]
            case "votos", "votos-candidatura": esperado = String(try suma(m.clave))
            case "porcentaje", "porcentaje-candidatura": esperado = Porcentaje.truncado(try suma(m.clave), de: total).description
            default: continue
            }
            let leido = m.texto.allSatisfy { $0.isNumber || $0 == "," } ? String(m.texto.filter { $0 != "," }) : m.texto
            guard leido == esperado else {
                let nombre = m.gancho == "campo" ? m.clave : "\(m.gancho) \(m.clave)"
                throw .pagina("\(donde): \(nombre) shows \(m.texto), \(fuente) gives \(esperado)")
            }
        }
    }

    /// A list by votes is in order of votes, and says "first" of exactly the contenders with the
    /// most (nulos and no registradas never lead); the figures themselves are checked as any other.
    static func comprobarOrden(_ lista: [LecturaPagina.Puesto], _ ruta: String) throws(ErrorVerificacion) {
        func votos(_ p: LecturaPagina.Puesto) -> Int { Int(p.votos.filter { $0 != "," }) ?? -1 }
        for (a, b) in zip(lista, lista.dropFirst()) where votos(a) < votos(b) {
            throw .pagina("\(ruta): the list by votes puts \(a.clave) (\(a.votos)) before \(b.clave) (\(b.votos))")
        }
        let compiten = lista.filter { $0.clave != "NULOS" && $0.clave != "NO_REGISTRADAS" }
        let maxima = compiten.map(votos).max() ?? 0
        for p in lista where p.primero != (maxima > 0 && votos(p) == maxima && compiten.contains(p)) {
            throw .pagina("\(ruta): \(p.clave) with \(p.votos) votes is \(p.primero ? "" : "not ")marked first; the most any contender has is \(maxima)")
        }
    }

    /// A part of a page that belongs to no election shows no figure but the corte time.
    private static func sinCifras(_ cifras: [LecturaPagina.Cifra], _ ruta: String) throws(ErrorVerificacion) {
        if let c = cifras.first(where: { !($0.gancho == "campo" && $0.clave == "CORTE") }) {
            throw .pagina("\(ruta): shows \(c.gancho) \(c.clave) outside any election's part")
        }
    }

    /// `resultados/E-NN.html` or `resultados/E-NN-P.html` → (E, NN, P).
    static func ambito(_ ruta: String) -> (String, Int, Int)? {
        guard ruta.hasSuffix(".html") else { return nil }
        let partes = ruta.dropFirst(11).dropLast(5).split(separator: "-", omittingEmptySubsequences: false)
        guard partes.count == 2 || partes.count == 3, let id = Int(partes[1]), partes[1].count >= 2 else { return nil }
        let pagina = partes.count == 3 ? Int(partes[2]) : 1
        guard let pagina, pagina >= 1 else { return nil }
        return (String(partes[0]), id, pagina)
    }
}
