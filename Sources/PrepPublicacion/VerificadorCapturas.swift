import PrepDominio
import PrepSistema

/// `prep verify`'s check of where each published figure comes from (SPEC §4.1): every registered
/// acta of the corte's CSVs has a line in `capturas/actas.csv`, and its figures are exactly those
/// of two agreeing captures signed by two distinct registered operators (or of the third that
/// decided a discrepancy), or it is the sin acta one operator declared and signed. The operators'
/// keys are the corte's own `capturas/operadores.csv`; the captures are read from the published
/// captures folder, each checked against its SHA-256 name and its signature.
enum VerificadorCapturas {
    /// One registered row: its key and figures, or its sin acta cause.
    struct Fila: Sendable {
        let clave: String
        let archivo: String
        let linea: Int
        let causa: CausaSinActa?
        let totales: [Total: Cifra]
        let votos: [String: Cifra]
    }

    /// - `leidos`: the corte's files by path (already checked against the signed `SHA256`).
    /// - `csvs`: the election CSVs' paths. `carpeta`: the captures folder.
    /// - `todas`: the manifest says every acta is authenticated, so every registered row must be
    ///   listed; otherwise the listed ones are checked and the others counted.
    /// Returns how many captures were checked and how many published actas have none listed.
    static func verificar(leidos: [String: [UInt8]], csvs: [String], perfil: PerfilPublicacion,
                          carpeta: String, todas: Bool) throws(ErrorVerificacion) -> (capturas: Int, sinCapturas: Int) {
        guard let bytesRegistro = leidos[RespaldoActa.archivoOperadores] else {
            throw .archivos("\(RespaldoActa.archivo) without \(RespaldoActa.archivoOperadores)")
        }
        let registro: RegistroOperadores
        do { registro = try RegistroOperadores(analizando: bytesRegistro, archivo: RespaldoActa.archivoOperadores) } catch {
            throw .csv(error.description)
        }
        var respaldos: [String: RespaldoActa] = [:]
        for r in try RespaldoActa.leer(leidos[RespaldoActa.archivo] ?? []) {
            guard respaldos.updateValue(r, forKey: r.clave) == nil else { throw .csv("\(RespaldoActa.archivo): acta \(r.clave) listed twice") }
        }
        var filas: [Fila] = []
        for archivo in csvs { filas += try filasRegistradas(leidos[archivo] ?? [], archivo: archivo, perfil: perfil) }
        if todas, let f = filas.first(where: { respaldos[$0.clave] == nil }) {
            throw .capturas("\(f.archivo) line \(f.linea): acta \(f.clave) is published, but \(RespaldoActa.archivo) names no capture for it")
        }
        let publicadas = Set(filas.map(\.clave))
        if let sobra = respaldos.keys.filter({ !publicadas.contains($0) }).min() {
            throw .capturas("\(RespaldoActa.archivo): acta \(sobra) has captures but no published row")
        }
        // Each acta on its own: signatures and hashes on every core; the first failure in CSV order wins.
        let bloques = stride(from: 0, to: filas.count, by: 256).map { $0..<min(filas.count, $0 + 256) }
        let (todas, porClave) = (filas, respaldos)
        let resultados = enParalelo(bloques.count, minimo: 2) { k -> ErrorVerificacion? in
            for i in bloques[k] {
                guard let r = porClave[todas[i].clave] else { continue }
                do throws(ErrorVerificacion) { try comprobar(todas[i], r, registro: registro, carpeta: carpeta) } catch { return error }
            }
            return nil
        }
        if let e = resultados.compactMap({ $0 }).first { throw e }
        return (respaldos.values.reduce(0) { $0 + $1.capturas.count }, filas.count - respaldos.count)
    }

    /// The registered rows of one election CSV, with their figures as published.
    static func filasRegistradas(_ bytes: [UInt8], archivo: String, perfil: PerfilPublicacion) throws(ErrorVerificacion) -> [Fila] {
        var l = try LecturaCSV(bytes, archivo: archivo, perfil: perfil, eleccion: CifrasCSV.codigo(archivo: archivo, perfil: perfil))
        var r: [Fila] = []
        let causas: [(Observacion, CausaSinActa)] = CausaSinActa.allCases.map { (Observacion($0), $0) }
        while try l.siguiente() {
            let res = try l.resultado()
            guard res.contabilizada != .pendiente else { continue }
            guard let clave = l.claveActa()?.texto else { throw .csv("\(archivo) line \(l.linea): no acta key") }
            let causa = res.totalCalculado == nil ? causas.first { res.observaciones.contains($0.0) }?.1 : nil
            var totales: [Total: Cifra] = [:], votos: [String: Cifra] = [:]
            if causa == nil {
                for (t, k) in zip(Total.allCases, l.col.totales) { if let c = try l.cifra(k) { totales[t] = c } }
                for v in l.col.votos { if let c = try l.cifra(v.indice) { votos[v.id] = c } }
            }
            r.append(Fila(clave: clave, archivo: archivo, linea: l.linea, causa: causa, totales: totales, votos: votos))
        }
        return r
    }

    /// One acta against its captures.
    static func comprobar(_ f: Fila, _ r: RespaldoActa, registro: RegistroOperadores, carpeta: String) throws(ErrorVerificacion) {
        var documentos: [DocumentoFirmado] = []
        for (i, hash) in r.capturas.enumerated() {
            let d = try documento(hash, carpeta: carpeta, registro: registro, acta: f.clave)
            if i < r.operadores.count, r.operadores[i] != d.operador {
                throw .capturas("acta \(f.clave): \(RespaldoActa.archivo) names operator \(r.operadores[i]) for capture \(hash), which operator \(d.operador) signed")
            }
            if documentos.contains(where: { $0.operador == d.operador }) {
                throw .capturas("acta \(f.clave): two of its captures are by operator \(d.operador); two figures agree only from two distinct keys")
            }
            documentos.append(d)
        }
        switch (r.resultado, f.causa) {
        case (.sinacta, let causa?):
            guard case .sinActa(_, _, let declarada) = documentos[0], declarada == causa else {
                throw .capturas("acta \(f.clave): published as sin acta (\(causa.rawValue)), its signed declaration says otherwise")
            }
        case (.verificada, nil):
            guard let a = cifras(documentos[0]), let b = cifras(documentos[1]), a.totales == b.totales, a.votos == b.votos else {
                throw .capturas("acta \(f.clave): its two captures do not agree, yet it is published as verificada")
            }
            try iguales(f, a, que: "its two agreeing captures")
        case (.tercera, nil):
            guard let a = cifras(documentos[0]), let b = cifras(documentos[1]), let c = cifras(documentos[2]) else {
                throw .capturas("acta \(f.clave): a sin acta declaration among its captures")
            }
            guard a.totales != b.totales || a.votos != b.votos else {
                throw .capturas("acta \(f.clave): its first two captures agree, so no third capture could decide")
            }
            try iguales(f, c, que: "the third capture that decided")
        default:
            throw .capturas("acta \(f.clave): published \(f.causa == nil ? "with figures" : "as sin acta") but \(RespaldoActa.archivo) says \(r.resultado.rawValue)")
        }
    }

    static func cifras(_ d: DocumentoFirmado) -> (totales: [Total: Cifra], votos: [String: Cifra])? {
        guard case .captura(_, _, let t, let v) = d else { return nil }
        return (t, v)
    }

    /// The row's figures equal the capture's, cell by cell (a column the acta does not have is
    /// absent from both).
    static func iguales(_ f: Fila, _ c: (totales: [Total: Cifra], votos: [String: Cifra]), que: String) throws(ErrorVerificacion) {
        for t in Total.allCases where f.totales[t] != c.totales[t] {
            throw .capturas("\(f.archivo) line \(f.linea): acta \(f.clave) publishes \(t.rawValue) \(f.totales[t]?.textoPublicado ?? "none"), \(que) say \(c.totales[t]?.textoPublicado ?? "none")")
        }
        for col in Set(f.votos.keys).union(c.votos.keys).sorted() where f.votos[col] != c.votos[col] {
            throw .capturas("\(f.archivo) line \(f.linea): acta \(f.clave) publishes \(col) \(f.votos[col]?.textoPublicado ?? "none"), \(que) say \(c.votos[col]?.textoPublicado ?? "none")")
        }
    }

    /// A published capture: its bytes hash to its name, its signature is its operator's, and it
    /// is about this acta.
    static func documento(_ hash: HuellaSHA256, carpeta: String, registro: RegistroOperadores, acta: String) throws(ErrorVerificacion) -> DocumentoFirmado {
        let bytes: [UInt8], firma: [UInt8], ruta: String
        do { (firma, bytes, ruta) = try CapturaPublicada.leer(hash, en: carpeta) } catch {
            throw .capturas("acta \(acta): cannot read its capture \(error.ruta): \(error.errno)")
        }
        guard SHA256.resumen(bytes) == hash else {
            throw .capturas("acta \(acta): \(ruta) does not hash to its name")
        }
        let d: DocumentoFirmado
        switch DocumentoFirmado.leer(bytes) {
        case .success(let x): d = x
        case .failure(let p): throw .capturas("acta \(acta): \(ruta): \(p.problemas.joined(separator: "; "))")
        }
        guard d.acta == acta else { throw .capturas("acta \(acta): \(ruta) is a capture of acta \(d.acta)") }
        do { _ = try registro.comprobar(bytes, firma: firma, operadorDeclarado: d.operador) } catch {
            throw .capturas("acta \(acta): \(ruta): \(error)")
        }
        return d
    }
}
