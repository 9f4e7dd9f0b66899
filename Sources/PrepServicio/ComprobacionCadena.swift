import PrepDominio
import PrepPublicacion
import PrepSistema
import PrepSpool

/// Before the first corte of a start, the spool's last corte is compared with the latest corte
/// the web serves (`published_source`): a standby whose spool is behind what was published (an
/// asynchronous copy, a restored backup) would otherwise publish a seq that already exists with
/// another hash, forking the signed chain. Only a published corte that verifies with this spool's
/// key can stop a start; a source that cannot be read or does not verify is a warning (the web
/// side refuses a corte that does not follow its own with `prep verify --previous` anyway).
enum ComprobacionCadena {
    /// The latest published corte, as its signed files say.
    struct Publicado: Equatable {
        let seq: Int
        /// SHA-256 of its `SHA256` file: what the next corte names as `previous_sha256`.
        let sha256: HuellaSHA256
        let host: String?
    }

    /// What the comparison found.
    enum Resultado: Equatable {
        /// The spool's chain contains the published corte: its next corte follows it.
        case sigue
        /// The next corte would fork the published chain: the reason and what to do.
        case bifurcaria(String)
    }

    /// Reads and checks the three files of the corte in `carpeta`: the signature with `clave`,
    /// and `manifest.json` being the one its `SHA256` lists.
    static func leer(_ carpeta: String, clave: ClavePublicaSignify) throws(LecturaPublicada.Fallo) -> Publicado {
        func leer(_ n: String) throws(LecturaPublicada.Fallo) -> [UInt8] {
            do { return try Directorio.actual.leerTodo(NombreArchivo(carpeta + "/" + n)) } catch {
                throw .init(description: "cannot read the published \(n): \(error.errno)")
            }
        }
        let firma = try leer("SHA256.sig"), lista = try leer("SHA256"), bytesManifiesto = try leer("manifest.json")
        do {
            guard try clave.verificarEmbebido(firma) == lista else { throw LecturaPublicada.Fallo(description: "the published SHA256 is not the one SHA256.sig signs") }
        } catch let f as LecturaPublicada.Fallo {
            throw f
        } catch {
            throw .init(description: "the published corte does not verify with this spool's key (keynum \(clave.huella)): \(error)")
        }
        do {
            let l = try ListaSHA256(analizando: lista)
            guard l.entradas["manifest.json"] == SHA256.resumen(bytesManifiesto) else {
                throw LecturaPublicada.Fallo(description: "the published manifest.json is not the one its SHA256 lists")
            }
            let m = try Manifiesto(analizando: bytesManifiesto)
            return Publicado(seq: m.seq, sha256: SHA256.resumen(lista), host: m.host)
        } catch let f as LecturaPublicada.Fallo {
            throw f
        } catch {
            throw .init(description: "the published corte is malformed: \(error)")
        }
    }

    /// The comparison itself: `ultimoSeq` is the spool's last corte (0 for none), `hashLocal(k)`
    /// the SHA-256 of its corte k's `SHA256` (nil when it has none).
    static func comparar(ultimoSeq: Int, hashLocal: (Int) -> HuellaSHA256?, publicado p: Publicado, fuente: String) -> Resultado {
        let remedio = "stop here and run prep adopt (it takes the published corte \(p.seq) as this spool's base, sets this spool's own later cortes aside in publish/apartados/, and re-registers the actas only this spool has), then start again"
        let donde = "published_source \(fuente) serves corte \(p.seq)\(p.host.map { " signed on " + $0 } ?? "")"
        if ultimoSeq < p.seq {
            return .bifurcaria("\(donde), but this spool's last corte is \(ultimoSeq == 0 ? "none" : String(ultimoSeq)): its next corte, seq \(ultimoSeq + 1), would fork the published chain (this spool is behind what was published: an asynchronous copy or a restored backup); \(remedio)")
        }
        guard let h = hashLocal(p.seq) else {
            return .bifurcaria("\(donde), and this spool has no corte \(p.seq) to compare it with; \(remedio)")
        }
        guard h == p.sha256 else {
            return .bifurcaria("\(donde), but this spool's corte \(p.seq) is another one (SHA256 \(h.description.prefix(12))…, published \(p.sha256.description.prefix(12))…): the chains already forked at or before seq \(p.seq); \(remedio)")
        }
        return .sigue
    }

    /// The SHA-256 of the `SHA256` of corte `seq` in `cortes` (nil when there is none).
    static func hashCorte(_ cortes: String, seq: Int) -> HuellaSHA256? {
        guard let nombres = try? Directorio.actual.listar(NombreArchivo(cortes)).map(\.nombre.description),
              let n = nombres.first(where: { NombreCorte($0)?.seq == seq }),
              let lista = try? Directorio.actual.leerTodo(NombreArchivo(cortes + "/" + n + "/SHA256")) else { return nil }
        return SHA256.resumen(lista)
    }

    /// The start-up check (nothing without `published_source`): throws the refusal; a source
    /// that cannot be read or checked is logged as a warning and the start goes on.
    static func alIniciar(_ config: Configuracion, cortes: ConstructorCortes, registro: Registro) throws(Servicio.Fallo) {
        guard let fuente = config.fuentePublicada else { return }
        let lectura = LecturaPublicada(fuente: fuente)
        let publicado: Publicado
        // A copy in the spool's scratch folder, gone before the spool's recovery looks there.
        let destino = config.spool + "/" + Disposicion.tmp + "/publicado"
        defer { try? Directorio.actual.borrarArbol(NombreArchivo(destino)) }
        do {
            let carpeta = try lectura.ultimo(destino: destino)
            publicado = try leer(carpeta, clave: cortes.configuracion.clave.publica)
        } catch {
            registro.aviso("warning", "cannot check the published chain (\(error)); starting anyway: a mirror refuses a corte that does not follow its own (prep verify --previous)")
            return
        }
        switch comparar(ultimoSeq: cortes.ultimoSeq, hashLocal: { hashCorte(cortes.carpetaCortes, seq: $0) }, publicado: publicado,
                        fuente: fuente.description) {
        case .sigue:
            registro.aviso("recovery", "published chain checked: corte \(publicado.seq) on \(fuente) is this spool's own (last corte here: \(cortes.ultimoSeq))")
        case .bifurcaria(let razon):
            throw Servicio.Fallo(description: "refusing to publish: \(razon)")
        }
    }
}
