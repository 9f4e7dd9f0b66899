import Foundation
import Testing
import PrepDominio
import PrepPruebas
import PrepSistema
@testable import PrepPublicacion

/// `prep verify`'s capture check, as an auditor runs it on a corte that lists the signed captures
/// behind every acta: passes when every figure is two agreeing captures by two registered
/// operators (or the third that decided), and names the first acta where it is not.
@Suite(.serialized) struct VerificadorCapturasTests {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("prep-capturas-\(UUID().uuidString)")

    /// A capture JSON (SPEC §5) with the figures of `c`, by `operador`.
    static func json(_ c: Captura, _ operador: String, cambiar: Bool = false) -> [UInt8] {
        func cifra(_ x: Cifra) -> String {
            switch x {
            case .votos(let n): String(n)
            case .ilegible: "\"ilegible\""
            case .sinDato: "\"sin dato\""
            }
        }
        let totales = c.totales.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\"\($0.key.rawValue)\":\(cifra($0.value))" }
        var votos = c.votos.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\(cifra($0.value))" }
        if cambiar, let i = votos.indices.last { votos[i] = "\"\(c.votos.keys.sorted().last ?? "")\":77777" }
        return Array(#"{"version":1,"acta":"\#(c.acta.texto)","operador":"\#(operador)","totales":{\#(totales.joined(separator: ","))},"votos":{\#(votos.joined(separator: ","))}}"#.utf8)
    }

    struct Montaje {
        let corte: CortePrueba.Corte
        let capturas: URL
        var respaldos: [RespaldoActa]
        let operadores: [String: ClaveSecretaSignify]
        var registro: [UInt8]
    }

    /// Publishes `bytes` signed by `clave` as `capturas/HASH.json` and its `.sig`; returns HASH.
    static func publicar(_ bytes: [UInt8], _ clave: ClaveSecretaSignify, en carpeta: URL) throws -> String {
        let h = SHA256.hex(try SHA256.resumen(bytes))
        try Data(bytes).write(to: carpeta.appendingPathComponent(h + ".json"))
        try Data(try clave.firmarSeparado(bytes, comentario: "verify with op.pub")).write(to: carpeta.appendingPathComponent(h + ".json.sig"))
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
                    let hs = [try publicar(json(cap, "cap01", cambiar: true), ops["cap01"]!, en: capturas),
                              try publicar(json(cap, "cap02"), ops["cap02"]!, en: capturas),
                              try publicar(json(cap, "cap03"), ops["cap03"]!, en: capturas)]
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

    /// Writes the two listed files into the corte and signs its list again.
    static func escribir(_ m: Montaje) throws {
        let carpeta = m.corte.carpeta
        try FileManager.default.createDirectory(at: carpeta.appendingPathComponent("capturas"), withIntermediateDirectories: true)
        let archivos = [RespaldoActa.archivo: RespaldoActa.bytes(m.respaldos), RespaldoActa.archivoOperadores: m.registro]
        var entradas = try ListaSHA256(analizando: Array(try Data(contentsOf: carpeta.appendingPathComponent("SHA256")))).entradas
        for (ruta, bytes) in archivos {
            try Data(bytes).write(to: carpeta.appendingPathComponent(ruta))
            entradas[ruta] = SHA256.hex(try SHA256.resumen(bytes))
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
        var i = try #require(m.respaldos.firstIndex { $0.resultado == .verificada })
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
        i = try #require(m.respaldos.firstIndex { $0.resultado == .tercera })
        try Data("{}".utf8).write(to: m.capturas.appendingPathComponent(m.respaldos[i].capturas[2] + ".json"))
        #expect(Self.fallo(m).hasSuffix("does not hash to its name"))
    }
}
