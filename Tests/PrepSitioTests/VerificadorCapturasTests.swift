import Foundation
import Testing
import PrepDominio
import PrepPruebas
import PrepSistema
import PrepSimulacion
@testable import PrepPublicacion

/// `prep verify`'s capture check, as an auditor runs it on a corte that lists the signed captures
/// behind every acta: passes when every figure is two agreeing captures by two registered
/// operators (or the third that decided), and names the first acta where it is not.
@Suite(.serialized) struct VerificadorCapturasTests {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-capturas-\(UUID().uuidString)")

    /// A capture JSON (SPEC §5) with the figures of `c`, by `operador`; `cambiar` makes its last
    /// vote column 77777.
    static func json(_ c: Captura, _ operador: String, cambiar: Bool = false) -> [UInt8] {
        var votos = c.votos
        if cambiar, let ultima = votos.keys.sorted().last { votos[ultima] = .votos(77777) }
        return Contenido.captura(Captura(acta: c.acta, operador: operador, capturada: c.capturada, acopio: c.acopio,
                                         totales: c.totales, votos: votos), operador: operador)
    }

    struct Montaje {
        let corte: CortePrueba.Corte
        let capturas: URL
        var respaldos: [RespaldoActa]
        let operadores: [String: ClaveSecretaSignify]
        var registro: [UInt8]
    }

    /// Publishes `bytes` signed by `clave` as the publisher does, `capturas/HASH.json.sig` with the
    /// JSON embedded after the signature, or (`separada`) as cortes made before that did: the JSON
    /// as `HASH.json` beside its detached `HASH.json.sig`. Returns HASH.
    static func publicar(_ bytes: [UInt8], _ clave: ClaveSecretaSignify, en carpeta: URL, separada: Bool = false) throws -> HuellaSHA256 {
        let h = SHA256.resumen(bytes)
        let firma = try clave.firmarSeparado(bytes, comentario: "verify with op.pub")
        if separada { try Data(bytes).write(to: carpeta.appendingPathComponent("\(h).json")) }
        try Data(separada ? firma : firma + bytes).write(to: carpeta.appendingPathComponent("\(h).json.sig"))
        return h
    }

    /// The corte of `CortePrueba` with two signed captures behind every acta (three behind the
    /// first, whose first capture differs), a signed declaration behind each sin acta.
    static func montar(en tmp: URL) throws -> Montaje {
        let c = try CortePrueba.construir(en: tmp)
        let capturas = c.publish.appendingPathComponent("capturas")
        try FileManager.default.createDirectory(at: capturas, withIntermediateDirectories: true)
        let ops = try Dictionary(uniqueKeysWithValues: ["cap01", "cap02", "cap03"].map { ($0, try ClaveSecretaSignify.generar()) })
        var respaldos: [RespaldoActa] = []
        var primera = true
        for v in c.verificadas.compactMap({ $0 }) + c.fuera.joined() {
            switch v.contenido {
            case .sinActa(let causa):
                let d = Array(#"{"version":1,"acta":"\#(v.clave.texto)","operador":"cap03","causa":"\#(causa.rawValue)"}"#.utf8)
                respaldos.append(RespaldoActa(clave: v.clave.texto, resultado: .sinacta, capturas: [try publicar(d, ops["cap03"]!, en: capturas)]))
            case .captura(let cap):
                if primera {
                    primera = false
                    // (published as before signatures were embedded: readers take both layouts)
                    let hs = [try publicar(json(cap, "cap01", cambiar: true), ops["cap01"]!, en: capturas, separada: true),
                              try publicar(json(cap, "cap02"), ops["cap02"]!, en: capturas, separada: true),
                              try publicar(json(cap, "cap03"), ops["cap03"]!, en: capturas, separada: true)]
                    respaldos.append(RespaldoActa(clave: v.clave.texto, resultado: .tercera, capturas: hs))
                } else {
                    respaldos.append(RespaldoActa(clave: v.clave.texto, resultado: .verificada, capturas: [
                        try publicar(json(cap, "cap01"), ops["cap01"]!, en: capturas), try publicar(json(cap, "cap02"), ops["cap02"]!, en: capturas)]))
                }
            }
        }
        let registro = try RegistroOperadores(operadores: ops.keys.sorted().map {
            RegistroOperadores.Operador(nombre: $0, catd: "07", clave: ops[$0]!.publica)
        }).bytes
        let m = Montaje(corte: c, capturas: capturas, respaldos: respaldos, operadores: ops, registro: registro)
        try escribir(m)
        return m
    }

    /// Writes the two listed files into the corte, says in its manifest that every acta is
    /// authenticated, and signs its list again.
    static func escribir(_ m: Montaje) throws {
        let carpeta = m.corte.carpeta
        try FileManager.default.createDirectory(at: carpeta.appendingPathComponent("capturas"), withIntermediateDirectories: true)
        var manifiesto = try Manifiesto(analizando: Array(try Data(contentsOf: carpeta.appendingPathComponent("manifest.json"))))
        manifiesto.operadoresAutenticados = true
        let archivos = [RespaldoActa.archivo: RespaldoActa.bytes(m.respaldos), RespaldoActa.archivoOperadores: m.registro,
                        "manifest.json": manifiesto.bytes]
        var entradas = try ListaSHA256(analizando: Array(try Data(contentsOf: carpeta.appendingPathComponent("SHA256")))).entradas
        for (ruta, bytes) in archivos {
            try Data(bytes).write(to: carpeta.appendingPathComponent(ruta))
            entradas[ruta] = SHA256.resumen(bytes)
        }
        let lista = ListaSHA256(entradas: entradas).bytes
        try Data(lista).write(to: carpeta.appendingPathComponent("SHA256"))
        try Data(try m.corte.clave.firmarEmbebido(lista, comentario: "re-signed")).write(to: carpeta.appendingPathComponent("SHA256.sig"))
    }

    static func fallo(_ m: Montaje) -> String {
        do {
            let i = try VerificadorCorte.verificar(carpeta: m.corte.carpeta.path, clave: m.corte.clave.publica, ahora: CortePrueba.hora)
            return "verified \(i.capturas)"
        } catch { return error.description }
    }

    @Test func cadaCifraVieneDeDosCapturasFirmadas() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        var m = try Self.montar(en: tmp)
        let total = m.respaldos.reduce(0) { $0 + $1.capturas.count }
        #expect(Self.fallo(m) == "verified \(total)")
        let original = m.respaldos

        // Both captures signed by one station with one key, under two operators' names.
        let i = try #require(m.respaldos.firstIndex { $0.resultado == .verificada })
        let acta = m.respaldos[i].clave
        let cap = try #require(m.corte.verificadas.compactMap { $0 }.first { $0.clave.texto == acta })
        guard case .captura(let c) = cap.contenido else { Issue.record("not a capture"); return }
        m.respaldos[i] = RespaldoActa(clave: acta, resultado: .verificada, capturas: [
            try Self.publicar(Self.json(c, "cap01"), m.operadores["cap01"]!, en: m.capturas),
            // (other bytes than the real cap02 capture: a file has one signature)
            try Self.publicar(Self.json(c, "cap02") + [32], m.operadores["cap01"]!, en: m.capturas)])
        try Self.escribir(m)
        #expect(Self.fallo(m).hasSuffix("signed with operator cap01's key, but the drop claims operator cap02"), "\(Self.fallo(m))")

        // The same operator twice.
        m.respaldos[i] = RespaldoActa(clave: acta, resultado: .verificada, capturas: [
            try Self.publicar(Self.json(c, "cap01") + [32], m.operadores["cap01"]!, en: m.capturas), original[i].capturas[0]])
        try Self.escribir(m)
        #expect(Self.fallo(m) == "acta \(acta): two of its captures are by operator cap01; two figures agree only from two distinct keys")

        // Two properly signed captures whose figures are not the published ones.
        m.respaldos[i] = RespaldoActa(clave: acta, resultado: .verificada, capturas: [
            try Self.publicar(Self.json(c, "cap01", cambiar: true), m.operadores["cap01"]!, en: m.capturas),
            try Self.publicar(Self.json(c, "cap02", cambiar: true), m.operadores["cap02"]!, en: m.capturas)])
        try Self.escribir(m)
        #expect(Self.fallo(m).contains("acta \(acta) publishes "), "\(Self.fallo(m))")

        // A published acta with no captures named.
        m.respaldos = original
        m.respaldos.remove(at: i)
        try Self.escribir(m)
        #expect(Self.fallo(m).hasSuffix("acta \(acta) is published, but capturas/actas.csv names no capture for it"))

        // An operator revoked from the registry that signed.
        m.respaldos = original
        m.registro = try RegistroOperadores(operadores: ["cap01", "cap03"].map {
            RegistroOperadores.Operador(nombre: $0, catd: "07", clave: m.operadores[$0]!.publica)
        }).bytes
        try Self.escribir(m)
        #expect(Self.fallo(m).hasSuffix("operator cap02 is not registered (or was revoked)"), "\(Self.fallo(m))")

        // A capture file changed after it was published.
        m.registro = try RegistroOperadores(operadores: m.operadores.keys.sorted().map {
            RegistroOperadores.Operador(nombre: $0, catd: "07", clave: m.operadores[$0]!.publica)
        }).bytes
        try Self.escribir(m)
        #expect(Self.fallo(m) == "verified \(total)")
        let tercera = try #require(m.respaldos.first { $0.resultado == .tercera })
        let separada = m.capturas.appendingPathComponent("\(tercera.capturas[2]).json")
        let antes = try Data(contentsOf: separada)
        try Data("{}".utf8).write(to: separada)
        #expect(Self.fallo(m).hasSuffix("\(tercera.capturas[2]).json does not hash to its name"), "\(Self.fallo(m))")
        try antes.write(to: separada)
        // The same in a capture published with its JSON embedded after the signature.
        let embebida = m.capturas.appendingPathComponent("\(m.respaldos[i].capturas[0]).json.sig")
        let archivo = Array(try Data(contentsOf: embebida))
        try Data(CapturaPublicada.separar(archivo).firma + Array("{}".utf8)).write(to: embebida)
        #expect(Self.fallo(m).hasSuffix("\(m.respaldos[i].capturas[0]).json.sig does not hash to its name"), "\(Self.fallo(m))")
    }
}

/// The publisher's side: registered actas with their signed captures become `capturas/` copies
/// and the two listed files of every corte, across a restart, and `prep verify` follows them.
@Suite(.serialized) struct PublicacionCapturasTests {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-pubcap-\(UUID().uuidString)")

    @Test func cadaCorteNombraLasCapturasFirmadas() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let cat = CortePrueba.catalogo()
        let spool = tmp.appendingPathComponent("spool"), publish = tmp.appendingPathComponent("publish")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let ops = try ["cap01", "cap02"].map { ($0, try ClaveSecretaSignify.generar()) }
        let registro = try RegistroOperadores(operadores: ops.map { RegistroOperadores.Operador(nombre: $0.0, catd: "07", clave: $0.1.publica) })
        let clave = try ClaveSecretaSignify.generar()
        var config = ConfiguracionCortes(carpeta: publish.path, modo: .simulacro, desfaseMinutos: -360, intervaloSegundos: 900,
                                         catalogoSHA256: HuellaSHA256(palabras: (0xabab_abab_abab_abab, 0xabab_abab_abab_abab, 0xabab_abab_abab_abab, 0xabab_abab_abab_abab)), clave: clave)
        config.operadores = registro
        /// Two signed captures of `a`'s figures, written in the spool as a station drops them.
        func fuente(_ a: ActaEsperada, firmadas: Bool = true) throws -> (ActaVerificada, FuenteRespaldo) {
            let cols = cat.columnas(de: a)
            var votos: [String: Cifra] = [:]
            for (i, c) in cols.enumerated() { votos[c.id] = .votos(i + 1) }
            let cap = Captura(acta: a.clave, operador: "cap01", capturada: nil, acopio: nil,
                              totales: Dictionary(uniqueKeysWithValues: Total.allCases.map { ($0, Cifra.votos(cols.count * (cols.count + 1) / 2)) }),
                              votos: votos)
            var capturas: [CapturaEnSpool] = []
            for (op, sec) in ops {
                let bytes = VerificadorCapturasTests.json(cap, op)
                let ruta = spool.appendingPathComponent("\(a.clave.texto).captura.\(op).json")
                try Data(bytes).write(to: ruta)
                if firmadas { try Data(try sec.firmarSeparado(bytes, comentario: "c")).write(to: URL(fileURLWithPath: ruta.path + ".sig")) }
                capturas.append(CapturaEnSpool(sha256: SHA256.resumen(bytes), bytes: bytes.count, ruta: ruta.path,
                                               rutaFirma: firmadas ? ruta.path + ".sig" : nil))
            }
            let v = ActaVerificada(clave: a.clave, contenido: .captura(cap), imagen: nil, acopio: nil, captura: nil, verificacion: CortePrueba.hora)
            return (v, FuenteRespaldo(resultado: .verificada, capturas: capturas))
        }
        func verificar(_ ruta: String) throws -> InformeVerificacion {
            try VerificadorCorte.verificar(carpeta: ruta, clave: clave.publica, ahora: CortePrueba.hora)
        }
        let p = try ConstructorCortes(configuracion: config, catalogo: cat)
        for a in cat.actas.prefix(6) {
            let (v, f) = try fuente(a)
            try p.registrar(v, rutaImagen: nil, respaldo: f)
        }
        let c1 = try p.publicarCorte(ahora: CortePrueba.hora)
        let m1 = try Manifiesto(analizando: Array(try Data(contentsOf: URL(fileURLWithPath: c1.ruta + "/manifest.json"))))
        #expect(m1.operadoresAutenticados == true)
        let i1 = try verificar(c1.ruta)
        #expect(i1.capturas == 12 && i1.avisos.isEmpty, "\(i1.avisos)")
        let publicadas = try FileManager.default.contentsOfDirectory(atPath: publish.path + "/capturas")
        #expect(publicadas.count == 12 && publicadas.allSatisfy { $0.hasSuffix(".json.sig") }, "each capture once, its signature and JSON in one file: \(publicadas)")
        // Each is what `signify -S -e` writes: stock signify checks it with its operator's key and
        // gives back the very JSON its name is the SHA-256 of.
        let pub = tmp.appendingPathComponent("cap01.pub")
        try Data(ops[0].1.publica.archivo(comentario: "cap01 public key")).write(to: pub)
        let deCap01 = try #require(publicadas.first { n in
            (try? ClavePublicaSignify.keynum(deFirma: Array(Data(contentsOf: publish.appendingPathComponent("capturas/" + n))))) == ops[0].1.publica.keynum
        })
        let extraida = tmp.appendingPathComponent("extraida.json")
        let sg = try Ejecucion.ejecutar("/usr/bin/signify-openbsd", ["-V", "-e", "-p", pub.path, "-x", publish.path + "/capturas/" + deCap01, "-m", extraida.path])
        #expect(sg.estado == 0, "\(sg.todo)")
        #expect(SHA256.resumen(Array(try Data(contentsOf: extraida))).description + ".json.sig" == deCap01)
        // The same check, stand-alone in Python with PyNaCl (docs/verificar_capturas.py).
        let receta = Repositorio.docs + "/verificar_capturas.py"
        let py = try Ejecucion.ejecutar("/usr/bin/python3", [receta, c1.ruta])
        #expect(py.estado == 0 && py.stdout == "ok: 6 of 6 published actas backed by signed captures\n", "\(py.todo)")
        // A capture's signature replaced by the other operator's: both checkers refuse it.
        let lista = try String(contentsOfFile: c1.ruta + "/" + RespaldoActa.archivo, encoding: .utf8)
        #expect(lista.hasPrefix("CLAVE_ACTA,RESULTADO,CAPTURAS,OPERADORES\n") && lista.contains(",cap01 cap02\n"), "\(lista.prefix(300))")
        let primera = try #require(lista.split(separator: "\n").dropFirst().first?.split(separator: ",")[2].split(separator: " ").first)
        let ruta = URL(fileURLWithPath: publish.path + "/capturas/" + primera + ".json.sig")
        let firmaBuena = try Data(contentsOf: ruta)
        let json = CapturaPublicada.separar(Array(firmaBuena)).mensaje
        try FileManager.default.removeItem(at: ruta)
        try Data(try ops[1].1.firmarSeparado(json, comentario: "x") + json).write(to: ruta)
        let mal = try Ejecucion.ejecutar("/usr/bin/python3", [receta, c1.ruta])
        #expect(mal.estado != 0 && mal.todo.contains("claims cap01, signed by cap02"), "\(mal.todo)")
        #expect(throws: ErrorVerificacion.self) { try verificar(c1.ruta) }
        try FileManager.default.removeItem(at: ruta)
        try firmaBuena.write(to: ruta)

        // An acta whose captures carry no signature (taken before a registry): published, not
        // authenticated, and the manifest says so.
        let (v7, f7) = try fuente(cat.actas[6], firmadas: false)
        try p.registrar(v7, rutaImagen: nil, respaldo: f7)
        let c2 = try p.publicarCorte(ahora: MarcaTiempo(segundosUnix: CortePrueba.hora.segundosUnix + 900, desfaseMinutos: -360))
        let i2 = try verificar(c2.ruta)
        #expect(i2.manifiesto.operadoresAutenticados == false && i2.capturas == 12)
        #expect(i2.avisos.contains("1 published actas have no signed captures listed: their operators are not authenticated"))

        // A restart: the captures listed come back from the latest corte; a copy no corte lists is
        // removed; an operator revoked since still verifies the captures it signed.
        try Data("{}".utf8).write(to: publish.appendingPathComponent("capturas/" + String(repeating: "0", count: 64) + ".json"))
        config.operadores = try RegistroOperadores(operadores: [RegistroOperadores.Operador(nombre: "cap01", catd: "07", clave: ops[0].1.publica)])
        let q = try ConstructorCortes(configuracion: config, catalogo: cat)
        #expect(q.copiasDescartadas.count == 1)
        let c3 = try q.publicarCorte(ahora: MarcaTiempo(segundosUnix: CortePrueba.hora.segundosUnix + 1800, desfaseMinutos: -360))
        let i3 = try verificar(c3.ruta)
        #expect(i3.capturas == 12, "\(i3.avisos)")
        _ = try VerificadorCorte.verificar(carpeta: c3.ruta, clave: clave.publica, anterior: c2.ruta, ahora: CortePrueba.hora)
    }
}
