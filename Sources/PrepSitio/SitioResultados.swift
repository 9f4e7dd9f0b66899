import PrepDominio
import PrepPublicacion

/// A corte's row as the site reads it.
extension FilaActa: RegistroSitio {
    public var esSinActa: Bool { contabilizada != .fueraDeCatalogo && resultado.totalCalculado == nil }

    public func votos(columna i: Int) -> Int { cifra(columna: i)?.valor ?? 0 }
}

/// The results site as the corte builder's `GeneradorSitio` hook: every page from the corte's
/// own `DatosCorte` (the values its CSVs are written from), plus the public key as `prep.pub`
/// so that `signify -C -p prep.pub -x SHA256.sig` runs as is inside the corte folder (its
/// fingerprint, shown on every page, is what readers compare with the one published elsewhere).
public struct SitioResultados: GeneradorSitio {
    public let clave: ClavePublicaSignify
    public let maquetador: MaquetadorSitio

    public init(clave: ClavePublicaSignify, maquetador: MaquetadorSitio = MaquetadorSitio()) {
        self.clave = clave
        self.maquetador = maquetador
    }

    /// Name of the public key inside the corte folder.
    public static let archivoClave = "prep.pub"

    public func generar(_ datos: DatosCorte) throws -> [ArchivoGenerado] {
        var r: [ArchivoGenerado] = []
        generar(datos) { r.append($0) }
        return r
    }

    public func generar(_ datos: DatosCorte, emitir: (ArchivoGenerado) throws -> Void) rethrows {
        let cat = datos.catalogo
        let p = cat.proceso
        try emitir(ArchivoGenerado(ruta: Self.archivoClave,
                                   bytes: clave.archivo(comentario: "PREP \(p.siglas) \(p.anio) public key (keynum \(clave.huella))")))
        // Election index → its table.
        var tabla: [Int: Int] = [:]
        for (i, t) in datos.tablas.enumerated() { tabla[t.indice] = i }
        let meta = MetadatosSitio(corte: datos.nombre, hora: datos.corte, expira: datos.expira,
                                  simulacro: datos.modo == .simulacro, huellaClave: clave.huella,
                                  clavePublica: Self.archivoClave,
                                  descargas: [Descarga(ruta: datos.archivoDocumentacion, descripcion: datos.catalogo.proceso.perfil.zip
                                                           ? "paquete zip de cada elección: base de datos, candidaturas y leeme.txt"
                                                           : "descripción de cada columna y de sus valores")]
                                      + MetadatosSitio.descargasComunes.filter { $0.ruta != "datos/LEEME.txt" },
                                  final: datos.final)
        var metadatos = meta
        metadatos.operadoresAutenticados = datos.operadoresAutenticados
        try AdaptadorSitio.generar(
            catalogo: cat, meta: metadatos,
            registro: { pos -> FilaActa? in
                guard let it = tabla[cat.actas[pos].eleccion] else { return nil }
                let t = datos.tablas[it]
                return t.fila(pos - t.primera)
            },
            fueraDeCatalogo: { ie in
                guard let it = tabla[ie] else { return [] }
                return datos.tablas[it].fuera.map { (clave: $0.clave.texto, registro: $0.fila) }
            },
            generador: maquetador) { ruta, bytes in try emitir(ArchivoGenerado(ruta: ruta, bytes: bytes)) }
        try IndiceConsulta.generar(datos) { ruta, bytes in try emitir(ArchivoGenerado(ruta: ruta, bytes: bytes)) }
    }
}
