import Foundation
@testable import PrepDominio
@testable import PrepPublicacion
import PrepPruebas
import PrepSistema
import Testing

/// Retention (`keep_cortes`): the newest cortes stay whole, older ones are reduced to what the
/// chain and an audit need, a reduced corte still verifies (as reduced) and chains, a reduction
/// cut short by a crash is finished and verifies at every step, and a restart reads the newest
/// corte, which is never reduced.
@Suite struct RetencionTests {
    /// A few pages in a folder, as the results site writes them: retention removes them.
    struct SitioPrueba: GeneradorSitio {
        func generar(_ datos: DatosCorte) throws -> [ArchivoGenerado] {
            [ArchivoGenerado(ruta: "index.html", bytes: Array("<p>\(datos.nombre)</p>".utf8)),
             ArchivoGenerado(ruta: "consulta/09.json", bytes: Array("{}".utf8))]
        }
    }

    static func catalogo(_ perfil: String) -> Catalogo { perfil == "ine-2024" ? Fixture.catalogo : CatalogoUniverso.catalogo }

    /// A publisher keeping `conservar` cortes whole, and `n` cortes made by it (the actas of the
    /// catálogo in waves, so every corte differs).
    static func cortes(_ raiz: String, perfil: String, conservar: Int?, n: Int) throws -> (ConstructorCortes, [CortePublicado]) {
        let catalogo = catalogo(perfil)
        var c = Fixture.configuracion(raiz + "/publish")
        c.sitio = SitioPrueba()
        c.conservarCortes = conservar
        let p = try ConstructorCortes(configuracion: c, catalogo: catalogo)
        let olas = try CorteIncrementalTests.oleadas(catalogo, spool: raiz + "/spool", fuera: nil)
        var hechos: [CortePublicado] = []
        for k in 0..<n {
            if k < olas.count { for (a, ruta) in olas[k] { try p.registrar(a, rutaImagen: ruta) } }
            hechos.append(try p.publicarCorte(ahora: hora(k)))
        }
        return (p, hechos)
    }

    static func hora(_ k: Int) -> MarcaTiempo {
        MarcaTiempo(segundosUnix: Fixture.t0.segundosUnix + 900 * Int64(k + 1), desfaseMinutos: 0)
    }

    static func reducido(_ c: CortePublicado) -> Bool {
        Directorio.actual.existe(NombreArchivo(c.ruta + "/" + DisposicionCorte.marcaRetencion))
    }

    static func archivos(_ c: CortePublicado) throws -> [String] { try RetencionCortes.archivos(c.ruta).sorted() }

    /// `prep verify` of every corte, each with the one before it as `--previous`.
    @discardableResult
    static func verificarCadena(_ cortes: [CortePublicado]) throws -> [InformeVerificacion] {
        var informes: [InformeVerificacion] = []
        for (k, c) in cortes.enumerated() {
            informes.append(try VerificadorCorte.verificar(carpeta: c.ruta, clave: Fixture.clavePrueba.publica,
                                                           anterior: k > 0 ? cortes[k - 1].ruta : nil, ahora: hora(k)))
        }
        return informes
    }

    @Test(arguments: ["ine-2024", "iecm-2024"])
    func conservaEnterasLasUltimasYReduceLasDemas(_ perfil: String) throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, hechos) = try Self.cortes(raiz, perfil: perfil, conservar: 3, n: 7)
        #expect(hechos.map(Self.reducido) == [true, true, true, true, false, false, false])
        // The corte that reduced the oldest ones says so, one line each.
        #expect(hechos[3].retencion.reducidos.count == 1 && hechos[3].retencion.reducidos[0].contains(hechos[0].nombre.description))
        #expect(hechos.allSatisfy { $0.retencion.avisos.isEmpty })
        let zip = Self.catalogo(perfil).proceso.perfil.zip
        for c in hechos.prefix(4) {
            let quedan = try Self.archivos(c)
            let datos = quedan.filter { $0.hasPrefix("datos/") }
            #expect(quedan.filter { !$0.hasPrefix("datos/") } == ["RETENCION", "SHA256", "SHA256.sig", "manifest.json"])
            if zip {
                // The CSVs are in the zip, byte for byte: no copy of them stays.
                #expect(!datos.contains { BaseReducida.esCSVEleccion($0) } && datos.contains { $0.hasSuffix(".zip") })
                #expect(!datos.contains { $0.hasSuffix(".gz") })
            } else {
                #expect(datos.filter { $0.hasSuffix(".csv.gz") }.count == Self.catalogo(perfil).elecciones.count)
                #expect(!datos.contains { BaseReducida.esCSVEleccion($0) })
            }
        }
        for c in hechos.suffix(3) {
            let quedan = try Self.archivos(c)
            #expect(quedan.contains("index.html") && quedan.contains("consulta/09.json") && !quedan.contains("RETENCION"))
        }
        // Every corte verifies, the reduced ones as reduced, and the chain runs through them.
        let informes = try Self.verificarCadena(hechos)
        #expect(informes.map { $0.retirados != nil } == [true, true, true, true, false, false, false])
        #expect(informes.allSatisfy { $0.filas > 0 } && informes[0].retirados ?? 0 >= 2)
    }

    @Test func sinRetencionNadaSeReduce() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (p, hechos) = try Self.cortes(raiz, perfil: "ine-2024", conservar: nil, n: 4)
        #expect(!hechos.contains(where: Self.reducido))
        let antes = try Self.verificarCadena(hechos)
        // A reload that sets it reduces at the next corte; the rows and images checked are the same.
        p.cambiarRetencion(2)
        let otro = try p.publicarCorte(ahora: Self.hora(4))
        #expect(hechos.map(Self.reducido) == [true, true, true, false] && !Self.reducido(otro))
        let despues = try Self.verificarCadena(hechos + [otro])
        #expect(despues.prefix(4).map(\.filas) == antes.map(\.filas) && despues.prefix(4).map(\.imagenes) == antes.map(\.imagenes))
    }

    /// With no time to spare, a pass reduces one corte, oldest first, and says how many it left.
    @Test func unaPasadaSinTiempoReduceUnaYDejaLasDemas() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, hechos) = try Self.cortes(raiz, perfil: "ine-2024", conservar: nil, n: 5)
        let retencion = RetencionCortes(carpeta: raiz + "/publish", conservar: 2, desfaseMinutos: -360, presupuestoSegundos: 0)
        var r = retencion.aplicar(ahora: Self.hora(6))
        #expect(r.reducidos.count == 1 && r.pendientes == 2, "\(r)")
        #expect(hechos.map(Self.reducido) == [true, false, false, false, false])
        r = retencion.aplicar(ahora: Self.hora(6))
        #expect(r.reducidos.count == 1 && r.pendientes == 1, "\(r)")
        r = retencion.aplicar(ahora: Self.hora(6))
        #expect(r.reducidos.count == 1 && r.pendientes == 0, "\(r)")
        #expect(hechos.map(Self.reducido) == [true, true, true, false, false])
        try Self.verificarCadena(hechos)
    }

    /// The corte `latest` names is never reduced, however old (a crash between a corte's rename
    /// and the swap of `latest` leaves it behind until the next start).
    @Test func latestNuncaSeReduce() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, hechos) = try Self.cortes(raiz, perfil: "ine-2024", conservar: nil, n: 4)
        try Directorio.actual.cambiarEnlace(NombreArchivo(raiz + "/publish/latest"), destino: "cortes/" + hechos[1].nombre.description)
        let r = RetencionCortes(carpeta: raiz + "/publish", conservar: 2, desfaseMinutos: -360).aplicar(ahora: Self.hora(5))
        #expect(r.reducidos.count == 1)
        #expect(hechos.map(Self.reducido) == [true, false, false, false])
    }

    /// A reduced corte whose kept database was changed, or lost its CSV in every form, fails.
    @Test(arguments: ["ine-2024", "iecm-2024"])
    func unCorteReducidoAlteradoNoVerifica(_ perfil: String) throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, hechos) = try Self.cortes(raiz, perfil: perfil, conservar: 2, n: 3)
        let c = hechos[0]
        #expect(Self.reducido(c))
        let clave = Fixture.clavePrueba.publica
        if perfil == "ine-2024" {
            let gz = try #require(try Self.archivos(c).first { $0.hasSuffix(".csv.gz") })
            // Another CSV, validly gzipped: its bytes are not the signed ones.
            let otro = try Directorio.actual.leerTodo(NombreArchivo(hechos[2].ruta + "/" + String(gz.dropLast(3))))
            let tmp = raiz + "/otro.csv"
            try Data(otro).write(to: URL(fileURLWithPath: tmp))
            let (estado, _) = try Fixture.ejecutar("/bin/sh", ["-c", "gzip -c \(tmp) > \(c.ruta)/\(gz)"])
            #expect(estado == 0)
            #expect(throws: ErrorVerificacion.archivos("\(gz.dropLast(3)).gz: its content is not the \(gz.dropLast(3)) that SHA256 lists")) {
                try VerificadorCorte.verificar(carpeta: c.ruta, clave: clave, ahora: Self.hora(0))
            }
            try FileManager.default.removeItem(atPath: c.ruta + "/" + gz)
            #expect(throws: ErrorVerificacion.archivos("\(gz.dropLast(3)): removed by retention, but neither \(gz.dropLast(3)).gz nor the corte's zip holds it")) {
                try VerificadorCorte.verificar(carpeta: c.ruta, clave: clave, ahora: Self.hora(0))
            }
        } else {
            let zip = try #require(try Self.archivos(c).first { $0.hasSuffix(".zip") })
            try FileManager.default.removeItem(atPath: c.ruta + "/" + zip)
            #expect(throws: ErrorVerificacion.archivos("\(zip): listed in SHA256 but missing (a corte reduced by retention keeps it)")) {
                try VerificadorCorte.verificar(carpeta: c.ruta, clave: clave, ahora: Self.hora(0))
            }
        }
        // Without the marker, the same absences are a corte with files missing.
        let (_, otros) = try Self.cortes(raiz + "/b", perfil: perfil, conservar: 2, n: 3)
        try FileManager.default.removeItem(atPath: otros[0].ruta + "/RETENCION")
        #expect(throws: ErrorVerificacion.self) {
            try VerificadorCorte.verificar(carpeta: otros[0].ruta, clave: clave, ahora: Self.hora(0))
        }
    }

    /// A crash at each step of a reduction: the marker alone; the marker and a .gz beside its CSV;
    /// a hidden leftover in cortes/. At each the corte verifies (as reduced), and the next pass,
    /// or the next start, finishes the job.
    @Test func reduccionInterrumpidaSeTermina() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, hechos) = try Self.cortes(raiz, perfil: "ine-2024", conservar: nil, n: 4)
        let publish = raiz + "/publish"
        let retencion = RetencionCortes(carpeta: publish, conservar: 2, desfaseMinutos: -360)
        // Corte 1: only the marker made it to disk.
        try Directorio.actual.escribirArchivo(NombreArchivo(hechos[0].ruta + "/RETENCION"), Array("reduced\n".utf8))
        // Corte 2: the marker and one CSV's .gz (made by retention itself), the CSV still there.
        let lista = try ListaSHA256(analizando: try Directorio.actual.leerTodo(NombreArchivo(hechos[1].ruta + "/SHA256")))
        let csv = try #require(lista.rutas.first(where: BaseReducida.esCSVEleccion))
        try Directorio.actual.escribirArchivo(NombreArchivo(hechos[1].ruta + "/RETENCION"), Array("reduced\n".utf8))
        try retencion.comprimir(hechos[1].ruta, nombre: hechos[1].nombre.description, csv: csv, sha256: try #require(lista.entradas[csv]))
        #expect(Directorio.actual.existe(NombreArchivo(hechos[1].ruta + "/" + csv)))
        // A hidden leftover of a gzip being written.
        try Directorio.actual.escribirArchivo(NombreArchivo(publish + "/cortes/.\(hechos[2].nombre).retencion.gz"), [1, 2, 3])
        let informes = try Self.verificarCadena(hechos)
        #expect(informes.map { $0.retirados != nil } == [true, true, false, false])

        // A restart: the hidden leftover goes; the newest corte is read back.
        let q = try ConstructorCortes(configuracion: Fixture.configuracion(publish), catalogo: Fixture.catalogo)
        #expect(q.ultimoSeq == 4)
        #expect(!(try Directorio.actual.listar(NombreArchivo(publish + "/cortes"))).contains { $0.nombre.description.hasPrefix(".") })
        // The next pass finishes both (its keep_cortes would not reach corte 2 otherwise: 4 cortes, keep 3).
        let r = RetencionCortes(carpeta: publish, conservar: 3, desfaseMinutos: -360).aplicar(ahora: Self.hora(5))
        #expect(r.avisos.isEmpty && r.reducidos.count == 2)
        for c in hechos.prefix(2) {
            #expect(try Self.archivos(c).filter { !$0.hasPrefix("datos/") } == ["RETENCION", "SHA256", "SHA256.sig", "manifest.json"])
            #expect(!(try Self.archivos(c)).contains(where: BaseReducida.esCSVEleccion))
        }
        // A second pass has nothing to do.
        #expect(RetencionCortes(carpeta: publish, conservar: 3, desfaseMinutos: -360).aplicar(ahora: Self.hora(5)).reducidos.isEmpty)
        try Self.verificarCadena(hechos)
    }

    /// A stop cuts a pass short at every point it can (`seguir` says no after 0, 1, 2, … answers):
    /// the pass ends there, says which reduction it left, and the corte verifies as it is left;
    /// the next pass finishes the job and the whole chain verifies.
    @Test func unaParadaCortaLaPasadaYLaSiguienteLaTermina() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        // How many times a whole pass asks (reducing two cortes).
        let (_, muestra) = try Self.cortes(raiz + "/muestra", perfil: "ine-2024", conservar: nil, n: 4)
        var preguntas = 0
        let entera = RetencionCortes(carpeta: raiz + "/muestra/publish", conservar: 2, desfaseMinutos: -360)
            .aplicar(ahora: Self.hora(5), seguir: { preguntas += 1; return true })
        #expect(entera.reducidos.count == 2 && entera.interrumpida == nil && muestra.prefix(2).allSatisfy(Self.reducido))
        #expect(preguntas > 6, "asked before each step and file: \(preguntas)")
        for k in 0..<preguntas {
            let carpeta = raiz + "/k\(k)"
            let (_, hechos) = try Self.cortes(carpeta, perfil: "ine-2024", conservar: nil, n: 4)
            let retencion = RetencionCortes(carpeta: carpeta + "/publish", conservar: 2, desfaseMinutos: -360)
            var n = 0
            let cortada = retencion.aplicar(ahora: Self.hora(5), seguir: { n += 1; return n <= k })
            #expect(cortada.reducidos.count < 2 && (cortada.interrumpida != nil || cortada.pendientes > 0), "stopped after \(k) answers: \(cortada)")
            if let l = cortada.interrumpida { #expect(l.contains("its reduction is left for the next start, the daemon is stopping"), "\(l)") }
            try Self.verificarCadena(hechos)
            let siguiente = retencion.aplicar(ahora: Self.hora(5))
            #expect(siguiente.avisos.isEmpty && siguiente.interrumpida == nil, "\(siguiente)")
            #expect(hechos.map(Self.reducido) == [true, true, false, false], "stopped after \(k) answers")
            for c in hechos.prefix(2) {
                #expect(try Self.archivos(c).filter { !$0.hasPrefix("datos/") } == ["RETENCION", "SHA256", "SHA256.sig", "manifest.json"])
            }
            try Self.verificarCadena(hechos)
        }
    }

    /// After a restart the publisher reads the newest corte (never reduced) back and the next
    /// corte chains to it; the newest corte reduced by hand stops the start with a reason.
    @Test func reinicioTrasReducir() throws {
        let raiz = Fixture.temporal()
        defer { try? FileManager.default.removeItem(atPath: raiz) }
        let (_, hechos) = try Self.cortes(raiz, perfil: "iecm-2024", conservar: 2, n: 4)
        var c = Fixture.configuracion(raiz + "/publish")
        c.conservarCortes = 2
        let q = try ConstructorCortes(configuracion: c, catalogo: CatalogoUniverso.catalogo)
        #expect(q.ultimoSeq == 4)
        let quinto = try q.publicarCorte(ahora: Self.hora(4))
        #expect(quinto.nombre.seq == 5 && Self.reducido(hechos[2]) && !Self.reducido(hechos[3]))
        try Self.verificarCadena(hechos + [quinto])
        // The newest corte reduced behind the daemon's back: no start from it.
        try FileManager.default.removeItem(atPath: quinto.ruta)
        try Directorio.actual.escribirArchivo(NombreArchivo(hechos[3].ruta + "/RETENCION"), [])
        #expect(throws: ErrorPublicacion.self) { try ConstructorCortes(configuracion: c, catalogo: CatalogoUniverso.catalogo) }
    }
}
