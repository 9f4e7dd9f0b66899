/// The loaded catálogo: every election, casilla and expected acta, indexed for look-up.
/// Built once at start-up (by `CargadorCatalogo` from `etc/`), then read-only and shared.
public struct Catalogo: Sendable {
    public let proceso: Proceso
    public let elecciones: [Eleccion]
    public let distritos: [Ambito]
    public let demarcaciones: [Ambito]
    public let casillas: [Casilla]
    public let candidaturas: [Candidatura]
    /// Every expected acta: elections in catálogo order, and within one election in INE's row
    /// order (ID_ENTIDAD, ámbito id, SECCION, TIPO_CASILLA, ID_CASILLA, EXT_CONTIGUA).
    public let actas: [ActaEsperada]
    private let indiceActas: TablaActas
    private let indiceElecciones: [String: Int]
    /// One per (election, ámbito with its own column list) and one per election for every column.
    private let plantillas: [PlantillaVotos]
    /// Per acta (same positions as `actas`): its index in `plantillas`.
    private let plantillaDeActa: [Int32]

    /// Builds the expected actas and indexes. TIPO_ACTA is the process's profile's code for the
    /// election, casilla type, acta variant and urna electrónica (`2E` for a casilla especial and
    /// `2` otherwise in `ine-2024`; `A03ERP`, `A05UEMR`… in `iecm-2024`).
    public init(proceso: Proceso, elecciones: [Eleccion], distritos: [Ambito], demarcaciones: [Ambito],
                casillas: [Casilla], candidaturas: [Candidatura]) {
        self.proceso = proceso
        self.elecciones = elecciones
        self.distritos = distritos
        self.demarcaciones = demarcaciones
        self.casillas = casillas
        self.candidaturas = candidaturas
        var indiceElecciones: [String: Int] = [:]
        for (i, e) in elecciones.enumerated() { indiceElecciones[e.codigo] = i }
        self.indiceElecciones = indiceElecciones

        // A profile that sets mesas apart publishes them first, M then A then P (leeme).
        let rangoMesa: (Casilla) -> Int = proceso.perfil.mesasAparte
            ? { Casilla.tiposMesa.firstIndex(of: $0.clave.tipo) ?? Casilla.tiposMesa.count } : { _ in 0 }
        var actas: [ActaEsperada] = []
        actas.reserveCapacity(casillas.count * max(1, elecciones.count))
        for (ie, eleccion) in elecciones.enumerated() {
            // (casilla, variant) of every acta of this election.
            var deEsta: [(casilla: Int, variante: String?)] = []
            let prefijo = eleccion.codigo + "-"
            for (ic, c) in casillas.enumerated() {
                for codigo in c.elecciones {
                    if codigo == eleccion.codigo { deEsta.append((ic, nil)) }
                    else if codigo.hasPrefix(prefijo), let p = ClaveActa.partesCodigoActa(codigo) { deEsta.append((ic, p.variante)) }
                }
            }
            let g = eleccion.geografia
            deEsta.sort { a, b in
                let x = casillas[a.casilla], y = casillas[b.casilla]
                if x.clave.entidad != y.clave.entidad { return x.clave.entidad < y.clave.entidad }
                if rangoMesa(x) != rangoMesa(y) { return rangoMesa(x) < rangoMesa(y) }
                if x.ambito(g) != y.ambito(g) { return x.ambito(g) < y.ambito(g) }
                if x.clave.seccion != y.clave.seccion { return x.clave.seccion < y.clave.seccion }
                if x.clave.tipo != y.clave.tipo { return x.clave.tipo < y.clave.tipo }
                if x.clave.idCasilla != y.clave.idCasilla { return x.clave.idCasilla < y.clave.idCasilla }
                if x.clave.extContigua != y.clave.extContigua { return x.clave.extContigua < y.clave.extContigua }
                return (a.variante ?? "") < (b.variante ?? "")
            }
            let d = proceso.perfil.disposicion(eleccion)
            for (ic, variante) in deEsta {
                let c = casillas[ic]
                guard let clave = ClaveActa(casilla: c.clave, eleccion: eleccion.codigo, variante: variante) else { continue }
                actas.append(ActaEsperada(clave: clave, casilla: ic, eleccion: ie,
                                          tipoActa: d.tipoActa(c.clave.tipo, variante: variante, urna: c.urnaElectronica)))
            }
        }
        self.actas = actas
        self.indiceActas = TablaActas(actas)

        // Templates: built once per (election, ámbito) instead of per capture.
        var plantillas: [PlantillaVotos] = []
        var porClave: [Int: [Int: Int]] = [:]  // election → ámbito (-1: every column) → template
        var plantillaDeActa: [Int32] = []
        plantillaDeActa.reserveCapacity(actas.count)
        for a in actas {
            let e = elecciones[a.eleccion]
            let ambito = casillas[a.casilla].ambito(e.geografia)
            let lista = e.columnasPorAmbito[ambito]
            let clave = lista == nil ? -1 : ambito
            if let p = porClave[a.eleccion]?[clave] {
                plantillaDeActa.append(Int32(p))
            } else {
                porClave[a.eleccion, default: [:]][clave] = plantillas.count
                plantillaDeActa.append(Int32(plantillas.count))
                plantillas.append(PlantillaVotos(e, lista: lista))
            }
        }
        self.plantillas = plantillas
        self.plantillaDeActa = plantillaDeActa
    }

    /// The expected acta with this key; nil when it is fuera de catálogo.
    public func acta(_ clave: ClaveActa) -> ActaEsperada? {
        indiceActas.posicion(clave, en: actas).map { actas[$0] }
    }

    /// The vote-column template of the acta at `posicion` in `actas`.
    func plantillaVotos(posicion: Int) -> PlantillaVotos { plantillas[Int(plantillaDeActa[posicion])] }

    /// Position of the acta in `actas`; nil when fuera de catálogo.
    public func posicion(_ clave: ClaveActa) -> Int? { indiceActas.posicion(clave, en: actas) }

    /// The election with this code and its index; nil when the catálogo has none.
    public func eleccion(codigo: String) -> (indice: Int, eleccion: Eleccion)? {
        indiceElecciones[codigo].map { ($0, elecciones[$0]) }
    }

    /// The vote columns the acta shows, in catálogo order (NO_REGISTRADAS and NULOS last).
    public func columnas(de acta: ActaEsperada) -> [ColumnaVoto] {
        let e = elecciones[acta.eleccion]
        return e.indicesColumnas(ambito: casillas[acta.casilla].ambito(e.geografia)).map { e.columnas[$0] }
    }

    /// The name of a distrito or demarcación; nil when unknown.
    public func nombreAmbito(_ id: Int, _ geografia: Geografia) -> String? {
        (geografia == .distritoLocal ? distritos : demarcaciones).first { $0.id == id }?.nombre
    }
}
