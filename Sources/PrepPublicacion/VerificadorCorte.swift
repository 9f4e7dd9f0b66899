import PrepDominio
import PrepSistema

/// What a successful verification found worth saying (never a failure: those throw).
public struct InformeVerificacion: Sendable {
    public let manifiesto: Manifiesto
    public let archivos: Int
    public let imagenes: Int
    public let filas: Int
    /// Signed captures checked against the rows they back (0 for a corte that publishes none).
    public var capturas = 0
    /// A corte reduced by retention: how many listed files it no longer holds (the site,
    /// `capturas/*.csv`, CSVs kept compressed); nil for a whole corte.
    public var retirados: Int?
    /// E.g. the corte is past its `expires`.
    public let avisos: [String]
    /// Time spent hashing the images (the bulk of a national verification).
    public let segundosImagenes: Double
}

/// `prep verify`: checks a corte folder as any consumer could, and names the first failure.
/// Order: signature of `SHA256.sig`, the `SHA256` file equal to the signed list, every listed
/// file present with its hash and no unlisted file, the manifest (seq against the folder name
/// and the previous corte, chain hash, expiry as a warning), every CSV's rows (figures,
/// TOTAL_VOTOS_CALCULADO, observation spellings) and its 13 summary figures recomputed from the
/// rows with the domain's `AcumuladorResumen`, the manifest counts, every figure of the site's
/// pages against the CSVs (through a `ComprobadorSitio`, when given and the corte has pages), and
/// every image the CSVs name present in `imagenes/` and hashing to its name.
/// Independent work runs on every core — the listed files (each read once; the CSVs are checked
/// from the bytes that were hashed), the CSVs beside the listing of `imagenes/`, the images in
/// blocks — and the failure named is still the first in that order, whichever finished first.
public enum VerificadorCorte {
    /// - `imagenes`: the images folder; default `carpeta/../../imagenes` (the publish and web host layout).
    /// - `ahora`: for the expiry warning.
    /// - `sitio`: checks every figure the corte's pages show against the CSVs (`prep verify` passes
    ///   the results site's); nil checks the database alone.
    /// - `capturas`: the published captures folder; default `carpeta/../../capturas`. Checked
    ///   when the corte lists the captures behind its actas (`capturas/actas.csv`).
    public static func verificar(carpeta dada: String, clave: ClavePublicaSignify, anterior: String? = nil,
                                 imagenes: String? = nil, capturas: String? = nil, ahora: MarcaTiempo,
                                 sitio: (any ComprobadorSitio)? = nil) throws(ErrorVerificacion) -> InformeVerificacion {
        // `publish/latest` is resolved once: a daemon swapping it to a newer corte meanwhile
        // must not make this check read half of one corte and half of the next.
        let carpeta = (try? Directorio.rutaReal(dada)) ?? dada
        @Sendable func leer(_ ruta: String) throws(ErrorVerificacion) -> [UInt8] {
            do { return try Directorio.actual.leerTodo(NombreArchivo(ruta)) } catch { throw .sistema("cannot read \(error.ruta): \(error.errno)") }
        }
        let bytesFirma = try leer(carpeta + "/SHA256.sig")
        let firmado: [UInt8]
        do { firmado = try clave.verificarEmbebido(bytesFirma) } catch { throw .firma("SHA256.sig: \(error)") }
        let bytesLista = try leer(carpeta + "/SHA256")
        guard bytesLista == firmado else { throw .firma("SHA256 differs from the list SHA256.sig signs") }
        let lista = try ListaSHA256(analizando: bytesLista)

        let presentes = try archivosBajo(carpeta)
        var enCarpeta = Set(presentes).subtracting(["SHA256", "SHA256.sig"])
        // A corte reduced by retention (its marker present) may lack listed files; what it keeps
        // is checked as strictly as a whole corte's, and its CSVs are read back from their .gz or
        // the zip (`BaseReducida`).
        let reducido = enCarpeta.remove(DisposicionCorte.marcaRetencion) != nil
        let comprimidos = reducido ? BaseReducida.comprimidos(enCarpeta, lista: lista) : []
        enCarpeta.subtract(comprimidos.map { $0 + ".gz" })
        if let extra = enCarpeta.subtracting(lista.entradas.keys).sorted().first {
            throw .archivos("\(extra): file not listed in SHA256")
        }
        let ausentes = Set(lista.entradas.keys).subtracting(enCarpeta)
        if let falta = ausentes.filter({ !reducido || !BaseReducida.puedeFaltar($0) }).sorted().first {
            throw .archivos("\(falta): listed in SHA256 but missing" + (reducido ? " (a corte reduced by retention keeps it)" : ""))
        }
        // Every listed file read once, on every core, and hashed from memory; what is parsed below
        // is those same bytes. The first failure in path order is the one reported.
        let presentesListadas = lista.rutas.filter { enCarpeta.contains($0) }
        let lecturas = enParalelo(presentesListadas.count, minimo: 2) { k in
            Result { () throws(ErrorVerificacion) in
                try leerVerificado(carpeta + "/" + presentesListadas[k], sha256: lista.entradas[presentesListadas[k]])
            }
        }
        var porRuta: [String: [UInt8]] = [:]
        for (ruta, r) in zip(presentesListadas, lecturas) {
            guard let bytes = try r.get() else { throw .archivos("\(ruta): SHA-256 does not match SHA256") }
            porRuta[ruta] = bytes
        }
        if reducido {
            try BaseReducida.reponer(&porRuta, carpeta: carpeta, lista: lista, ausentes: ausentes, comprimidos: comprimidos)
        }
        // The files whose signed bytes are at hand: every listed one, or what a reduced corte keeps.
        let rutas = lista.rutas.filter { porRuta[$0] != nil }
        let leidos = porRuta
        @Sendable func verificado(_ ruta: String) throws(ErrorVerificacion) -> [UInt8] {
            if let b = leidos[ruta] { return b }
            return try leer(carpeta + "/" + ruta)
        }

        let manifiesto = try Manifiesto(analizando: try verificado("manifest.json"))
        var avisos: [String] = []
        // `publish/latest` names its corte through the link, resolved above.
        let nombreCarpeta = String(carpeta.split(separator: "/").last ?? "")
        if let nc = NombreCorte(nombreCarpeta) {
            guard nc.seq == manifiesto.seq else {
                throw .cadena("manifest seq \(manifiesto.seq) does not match the folder name \(nombreCarpeta)")
            }
            guard NombreCorte(seq: manifiesto.seq, hora: manifiesto.corte).description == nombreCarpeta else {
                throw .cadena("manifest corte time \(manifiesto.corte) does not match the folder name \(nombreCarpeta)")
            }
        } else {
            avisos.append("folder name '\(nombreCarpeta)' is not SEQ_YYYYMMDD_HHMM; seq checked from the manifest only")
        }
        guard manifiesto.keynum == clave.huella else {
            throw .manifiesto("manifest names signing key \(manifiesto.keynum), verified with \(clave.huella)")
        }
        if let anterior {
            let listaAnterior = try leer(anterior + "/SHA256")
            let firmaAnterior = try leer(anterior + "/SHA256.sig")
            let firmadoAnterior: [UInt8]
            do { firmadoAnterior = try clave.verificarEmbebido(firmaAnterior) } catch {
                throw .cadena("previous corte \(anterior): SHA256.sig: \(error)")
            }
            guard firmadoAnterior == listaAnterior else {
                throw .cadena("previous corte \(anterior): SHA256 differs from the list its SHA256.sig signs")
            }
            let previo = try Manifiesto(analizando: try leer(anterior + "/manifest.json"))
            guard manifiesto.seq == previo.seq + 1 else {
                throw .cadena("seq \(manifiesto.seq) does not follow the previous corte's seq \(previo.seq) (replayed or out of order)")
            }
            guard manifiesto.anteriorSHA256 == SHA256.resumen(listaAnterior) else {
                throw .cadena("previous_sha256 does not match the previous corte's SHA256 file")
            }
            guard manifiesto.corte >= previo.corte else { throw .cadena("corte time is earlier than the previous corte's") }
        } else if manifiesto.seq == 1, manifiesto.anteriorSHA256 != nil {
            throw .cadena("the first corte (seq 1) must have previous_sha256 null")
        } else if manifiesto.seq > 1, manifiesto.anteriorSHA256 == nil {
            throw .cadena("seq \(manifiesto.seq) has no previous_sha256")
        }
        // A final corte closes the night: it never expires.
        if ahora > manifiesto.expira, !manifiesto.final {
            avisos.append("corte expired at \(manifiesto.expira): it is not the current publication")
        }

        // Every election CSV (not the candidaturas ones), each on a core of its own, alongside the
        // listing of the images folder (needed as soon as a row names an image); failures are
        // reported in the sequential order: CSVs in path order, then the folder.
        var total = Conteos()
        var filas = 0
        let perfil = manifiesto.perfil
        let corteLinea = lineaCorte(manifiesto.corte, perfil: perfil)
        let csvs = rutas.filter { $0.hasPrefix("datos/") && $0.hasSuffix(".csv") && !$0.contains("_CANDIDATURAS_") }
        let carpetaImagenes = imagenes ?? carpeta + "/../../imagenes"
        // The rows are kept for the page check only when there are pages to check. A reduced corte
        // has none to check: its pages are on their way out (a reduction cut short by a stop or a
        // crash leaves some, perhaps without the `corte.js` they load), and what remains of them is
        // held to its signed hash like every other file.
        let recoger = sitio != nil && !reducido && rutas.contains { $0.hasSuffix(".html") }
        let tareas = enParalelo(csvs.count + 1, minimo: 2) { k -> TareaVerificacion in
            guard k > 0 else { return .imagenes(CarpetaImagenes.abrir(carpetaImagenes)) }
            return .csv(Result { () throws(ErrorVerificacion) in
                var propias: [HuellaSHA256] = []
                let (c, n, cifras) = try comprobarCSV(try verificado(csvs[k - 1]), archivo: csvs[k - 1], perfil: perfil,
                                                      lineaCorte: corteLinea, imagenes: &propias, recoger: recoger)
                return (c, n, propias, cifras)
            })
        }
        var listado: Result<CarpetaImagenes, ErrorSistema>?
        var referidas: [HuellaSHA256] = []
        var errorCSV: ErrorVerificacion?
        var elecciones: [CifrasCSV] = []
        for t in tareas {
            switch t {
            case .imagenes(let r): listado = r
            case .csv(.failure(let e)): if errorCSV == nil { errorCSV = e }
            case .csv(.success(let (c, n, propias, cifras))):
                total = total + c
                filas += n
                referidas += propias
                if let cifras { elecciones.append(cifras) }
            }
        }
        defer { if case .success(let c) = listado { c.cerrar() } }
        if let errorCSV { throw errorCSV }
        if perfil.zip { try comprobarZip(rutas: rutas, leer: verificado) }
        if let declarado = manifiesto.conteos["total"], declarado != total {
            throw .resumen("manifest.json counts do not match the CSV rows")
        }
        if recoger { try sitio?.comprobar(archivos: leidos, elecciones: elecciones, manifiesto: manifiesto) }
        var capturasRevisadas = 0
        if reducido {
            // Retention removes the captures list with the site, and a reduction cut short may
            // leave one of its two files: what remains is held to its signed hash, as above.
        } else if leidos[RespaldoActa.archivo] != nil {
            let r = try VerificadorCapturas.verificar(leidos: leidos, csvs: csvs, perfil: perfil,
                                                      carpeta: capturas ?? carpeta + "/../../capturas",
                                                      todas: manifiesto.operadoresAutenticados == true)
            capturasRevisadas = r.capturas
            if r.sinCapturas > 0 {
                avisos.append("\(r.sinCapturas) published actas have no signed captures listed: their operators are not authenticated")
            }
        } else if manifiesto.operadoresAutenticados == true {
            throw .capturas("manifest.json says operators_authenticated, but the corte has no \(RespaldoActa.archivo)")
        }
        if manifiesto.operadoresAutenticados == false, leidos[RespaldoActa.archivo] == nil {
            avisos.append("operators are not authenticated in this corte (no operator registry): its figures are not traced to signed captures")
        }

        // Each image once, in digest order (the order failures are ranked in).
        referidas.sort()
        var unicas: [HuellaSHA256] = []
        unicas.reserveCapacity(referidas.count)
        for h in referidas where unicas.last != h { unicas.append(h) }
        referidas = []
        let inicioImagenes = Self.reloj()
        if !unicas.isEmpty {
            let carpetaAbierta: CarpetaImagenes
            switch listado {
            case .success(let c): carpetaAbierta = c
            case .failure(let error): throw .imagen("cannot list images folder \(carpetaImagenes): \(error.errno)")
            case nil: throw .imagen("cannot list images folder \(carpetaImagenes)")
            }
            // Both sorted by digest: one walk finds each image's name, or the first one missing.
            let enCarpeta = carpetaAbierta.entradas
            var nombres: [(huella: HuellaSHA256, sufijo: String)] = []
            nombres.reserveCapacity(unicas.count)
            var j = 0
            for h in unicas {
                while j < enCarpeta.count, enCarpeta[j].huella < h { j += 1 }
                guard j < enCarpeta.count, enCarpeta[j].huella == h else {
                    throw .imagen("image \(h) named in CODIGO_INTEGRIDAD is missing from \(carpetaImagenes)")
                }
                nombres.append(enCarpeta[j])
            }
            if let malo = carpetaAbierta.primeraMala(nombres) { throw .imagen(malo) }
        }
        var informe = InformeVerificacion(manifiesto: manifiesto, archivos: lista.entradas.count, imagenes: unicas.count,
                                          filas: filas, avisos: avisos, segundosImagenes: Self.reloj() - inicioImagenes)
        informe.capturas = capturasRevisadas
        informe.retirados = reducido ? ausentes.count : nil
        return informe
    }

    /// A profile with zip packaging: exactly one `datos/*.zip`, holding one zip per election, each
    /// with a `leeme.txt` and files byte for byte equal to the `datos/` files of the same name;
    /// every election CSV and candidaturas file of `datos/` is in one of them. `leer` gives a
    /// file of the corte by its path in it.
    static func comprobarZip(rutas: [String], leer: (String) throws(ErrorVerificacion) -> [UInt8]) throws(ErrorVerificacion) {
        let zips = rutas.filter { $0.hasPrefix("datos/") && $0.hasSuffix(".zip") }
        guard zips.count == 1, let zip = zips.first else { throw .archivos("datos/: expected one zip package, found \(zips.count)") }
        var cubiertos: Set<String> = []
        for paquete in try ArchivoZip.entradas(try leer(zip)) {
            let dentro: [ArchivoZip.Entrada]
            do { dentro = try ArchivoZip.entradas(paquete.bytes) } catch { throw .archivos("\(zip) › \(paquete.nombre): \(error)") }
            guard dentro.contains(where: { $0.nombre == "leeme.txt" && !$0.bytes.isEmpty }) else {
                throw .archivos("\(zip) › \(paquete.nombre): no leeme.txt")
            }
            for a in dentro where a.nombre != "leeme.txt" {
                let ruta = "datos/" + a.nombre
                guard rutas.contains(ruta), try leer(ruta) == a.bytes else {
                    throw .archivos("\(zip) › \(paquete.nombre) › \(a.nombre) differs from \(ruta)")
                }
                cubiertos.insert(ruta)
            }
        }
        if let falta = rutas.filter({ $0.hasPrefix("datos/") && $0.hasSuffix(".csv") && !cubiertos.contains($0) }).first {
            throw .archivos("\(falta) is in no package of \(zip)")
        }
    }

    /// Recomputes one CSV's summary from its rows and compares it with the preamble. With
    /// `recoger`, also returns the rows read back (`CifrasCSV`) for the page check.
    static func comprobarCSV(_ bytes: [UInt8], archivo: String, perfil: PerfilPublicacion = .predeterminado, lineaCorte: String,
                             imagenes: inout [HuellaSHA256], recoger: Bool = false) throws(ErrorVerificacion) -> (Conteos, Int, CifrasCSV?) {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        guard bom == perfil.bom else { throw .csv(bom ? "\(archivo): a UTF-8 BOM, which profile \(perfil.nombre) does not write" : "\(archivo): no UTF-8 BOM") }
        let codigo = CifrasCSV.codigo(archivo: archivo, perfil: perfil)
        var l = try LecturaCSV(bytes, archivo: archivo, perfil: perfil, eleccion: codigo)
        var filasLeidas: [String: CifrasCSV.Fila] = [:], pendientes: Set<String> = [], lineas: [String: Range<Int>] = [:]
        guard l.lineaCorte == lineaCorte else {
            throw .csv("\(archivo): corte line '\(l.lineaCorte)' is not the manifest's '\(lineaCorte)'")
        }
        guard let esperadas = Int(l.resumen[0]) else { throw .resumen("\(archivo): ACTAS_ESPERADAS is not a number") }
        var acumulador = AcumuladorResumen(actasEsperadas: esperadas)
        var enCatalogo = 0, filas = 0
        let iTipo = l.col.tipoCasilla, iLN = l.col.listaNominal, iCodigo = l.col.codigo
        while try l.siguiente() {
            filas += 1
            let r = try l.resultado()
            var casilla: Casilla?
            if r.contabilizada != .fueraDeCatalogo {
                enCatalogo += 1
                guard let clave = ClaveCasilla(l.clave(l.col.claveCasilla)) else {
                    throw .csv("\(archivo) line \(l.linea): CLAVE_CASILLA is not a casilla key")
                }
                guard l.lector.bytesDe(iTipo).elementsEqual(String(clave.tipo).utf8) else {
                    throw .csv("\(archivo) line \(l.linea): TIPO_CASILLA does not match CLAVE_CASILLA")
                }
                guard let ln = l.lector.entero(iLN) else { throw .csv("\(archivo) line \(l.linea): LISTA_NOMINAL is not a number") }
                casilla = Casilla(clave: clave, idDistritoLocal: 0, idDemarcacion: 0, ubicacion: 0, listaNominal: ln,
                                  representantes: 0, boletasEspecial: 0, elecciones: [])
            }
            acumulador.agregar(r, acta: nil, casilla: casilla)
            let codigo = l.vacia(iCodigo) ? nil : Result { () throws(HuellaSHA256.Invalida) in try HuellaSHA256(hex: l.lector.bytesDe(iCodigo)) }
            if recoger {
                guard let clave = l.claveActa()?.texto else { throw .csv("\(archivo) line \(l.linea): no acta key") }
                if r.contabilizada == .pendiente {
                    pendientes.insert(clave)
                } else {
                    var votos: [Int] = []
                    if r.totalCalculado != nil { for v in l.col.votos { votos.append(try l.cifra(v.indice)?.valor ?? 0) } }
                    filasLeidas[clave] = CifrasCSV.Fila(resultado: r, casilla: casilla, votos: votos,
                                                        codigo: try? codigo?.get())
                    lineas[clave] = l.lector.registro
                }
            }
            switch codigo {
            case .success(let h): imagenes.append(h)
            case .failure(let error): throw .csv("\(archivo) line \(l.linea): CODIGO_INTEGRIDAD: \(error)")
            case nil: break
            }
        }
        // A profile that publishes registered actas only has fewer catálogo rows than expected ones.
        guard perfil.filasPendientes ? enCatalogo == esperadas : enCatalogo <= esperadas else {
            throw .resumen("\(archivo): ACTAS_ESPERADAS is \(esperadas) but the file has \(enCatalogo) catálogo rows")
        }
        let resumen = acumulador.resumen(perfil: perfil)
        for (k, (dicho, calculado)) in zip(l.resumen, resumen.valores).enumerated() where dicho != calculado {
            throw .resumen("\(archivo): \(Resumen.encabezado[k]) is \(dicho) in the summary but the rows give \(calculado)")
        }
        let cifras = recoger ? CifrasCSV(archivo: archivo, codigo: codigo ?? "", resumen: l.resumen, lineaCorte: l.lineaCorte,
                                         columnas: l.col.votos.map(\.id), filas: filasLeidas, pendientes: pendientes,
                                         encabezado: l.encabezado, papeles: papeles(l), bytes: bytes, lineas: lineas) : nil
        return (Conteos(resumen), filas, cifras)
    }

    /// The role of each column the CSV reader found, by header name.
    static func papeles(_ l: LecturaCSV) -> [String: PapelCampo] {
        let c = l.col
        var r: [String: PapelCampo] = [:]
        for i in c.totales { r[l.encabezado[i]] = .total }
        for v in c.votos { r[v.id] = .voto }
        for (i, p) in [(c.calculado, PapelCampo.calculado), (c.observaciones, .observaciones), (c.contabilizada, .contabilizada),
                       (c.codigo, .codigo), (c.acopio, .acopio), (c.captura, .captura), (c.verificacion, .verificacion)] {
            r[l.encabezado[i]] = p
        }
        return r
    }

    static func reloj() -> Double { Reloj.monotonoSegundos() }

    /// Every regular file under `ruta`, as paths relative to it (`datos/x.csv`). Anything else
    /// (a symbolic link, a FIFO) is a failure: a corte holds only plain files and folders.
    static func archivosBajo(_ ruta: String, prefijo: String = "") throws(ErrorVerificacion) -> [String] {
        var salida: [String] = []
        let entradas: [Directorio.Entrada]
        do { entradas = try Directorio.actual.listar(NombreArchivo(ruta)) } catch { throw .archivos("\(error)") }
        for e in entradas {
            let completo = ruta + "/" + e.nombre.description
            let tipo: TipoArchivo
            do { tipo = try Directorio.actual.estado(NombreArchivo(completo)).tipo } catch { throw .archivos("\(error)") }
            switch tipo {
            case .directorio: salida += try archivosBajo(completo, prefijo: prefijo + e.nombre.description + "/")
            case .regular: salida.append(prefijo + e.nombre.description)
            default: throw .archivos("\(completo): not a regular file or folder")
            }
        }
        return salida
    }

    /// The whole file at `ruta` (a final symbolic link is not followed), or nil when its SHA-256
    /// is not `sha256`.
    static func leerVerificado(_ ruta: String, sha256: HuellaSHA256?) throws(ErrorVerificacion) -> [UInt8]? {
        let fd: FileDescriptor
        do { fd = try FileDescriptor.cwd.abrir(ruta, [.soloLectura, .sinSeguirEnlace]) } catch {
            throw .sistema("cannot open \(ruta): \(error.errno)")
        }
        defer { try? fd.cerrar() }
        let bytes: [UInt8]
        do { bytes = try fd.leerHastaElFinal(ruta: ruta) } catch { throw .sistema("\(error)") }
        return SHA256.resumen(bytes) == sha256 ? bytes : nil
    }
}

/// One of the jobs `prep verify` runs side by side: the images folder's listing, or one CSV's check.
enum TareaVerificacion: Sendable {
    case imagenes(Result<CarpetaImagenes, ErrorSistema>)
    case csv(Result<(Conteos, Int, [HuellaSHA256], CifrasCSV?), ErrorVerificacion>)
}
