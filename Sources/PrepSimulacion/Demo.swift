import Foundation  // trimmingCharacters for a child's output
import PrepDominio
import PrepPublicacion
import PrepSistema

/// `prep demo`: the whole system in one command, driving the real daemon (`prep run`) and the
/// simulator (`prep simulate`) as child processes of the running `prep`, then checking the last
/// corte (`prep verify`) and comparing its totals with the ground truth.
public struct Demo {
    /// The demo folder and the catálogo folder, both absolute (the demo's config names the catálogo).
    let dir: String, catalogo: String
    /// The night compressed into `duracion` seconds (`textoDuracion`: `--duration` as given, passed
    /// on to `prep simulate`); a corte every `intervalo` seconds (whole, 1 to `IntervaloCorte.maximoSegundos`).
    let duracion: Double, textoDuracion: String, intervalo: Double
    /// The night's parameters, and its options as given, passed on to `prep simulate` so that it
    /// plays the same plan.
    let parametros: ParametrosNoche, opcionesNoche: [String]
    /// The running binary, which the demo runs as its children; the catálogo reader (the
    /// service's: the simulator reads no catálogo files of its own).
    let prep: String, leerCatalogo: (String) throws -> Catalogo

    public init(dir: String, catalogo: String, duracion: Double, textoDuracion: String, intervalo: Double,
                parametros: ParametrosNoche, opcionesNoche: [String], prep: String = Demo.ejecutable(),
                leerCatalogo: @escaping (String) throws -> Catalogo) {
        self.dir = dir
        self.catalogo = catalogo
        self.duracion = duracion
        self.textoDuracion = textoDuracion
        self.intervalo = intervalo
        self.parametros = parametros
        self.opcionesNoche = opcionesNoche
        self.prep = prep
        self.leerCatalogo = leerCatalogo
    }

    /// The path of the running binary (`/proc/self/exe`), so every child and every printed
    /// command runs this very `prep` (after `swift run` there is no `prep` on the PATH).
    public static func ejecutable() -> String {
        (try? Directorio.actual.leerEnlace(NombreArchivo("/proc/self/exe"))) ?? CommandLine.arguments[0]
    }

    /// The signify this machine has: Debian names it `signify-openbsd`; elsewhere `signify`.
    static func signify() -> (nombre: String, hayQueInstalar: Bool) {
        let carpetas = (Entorno.variable("PATH") ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for nombre in ["signify-openbsd", "signify"] where carpetas.contains(where: { Directorio.actual.existe(NombreArchivo($0 + "/" + nombre)) }) {
            return (nombre, false)
        }
        return ("signify-openbsd", true)
    }

    /// `prep demo --clean`: removes the demo folder `dir` (absolute).
    public static func limpiar(_ dir: String) throws -> Int32 {
        guard let bytes = try CarpetaDemo.limpiar(dir) else {
            Consola.imprimir("nothing to clean: \(dir) does not exist")
            return 0
        }
        Consola.imprimir("removed \(dir) (\(CarpetaDemo.legible(bytes)) on disk)")
        return 0
    }

    /// Plays the demo; the exit status (0: the last corte verifies, equals the ground truth and
    /// is authenticated; 128 + N: stopped by signal N).
    public func ejecutar() throws -> Int32 {
        let senales = SenalesDemo(senales: try Senales.instalar())
        let carpeta = try CarpetaDemo.tomar(dir)
        defer { carpeta.soltar() }
        let inicio = Reloj.monotonoSegundos()
        do {
            return try noche(carpeta, senales)
        } catch let i as InterrupcionDemo {
            // The children are stopped by now (noche's defer).
            Consola.avisar((FileDescriptor.errorEstandar.esTerminal ? "\n" : "") + "demo: \(i) after \(ProgresoDemo.duracion(Reloj.monotonoSegundos() - inicio)); the daemon and the simulator are stopped")
            for l in carpeta.dondeEsta(prep: prep) { Consola.avisar(l) }
            return 128 + i.senal.numero
        }
    }

    /// Everything but the folder: keys, config, the daemon, the night, the checks.
    private func noche(_ c: CarpetaDemo, _ senales: SenalesDemo) throws -> Int32 {
        let keygen = try senales.correr(prep, ["keygen", "--out", c.ruta + "/keys/prep"])
        guard keygen.estado.exito else { throw ErrorSimulacion("prep keygen failed: \(keygen.salida)") }
        try escribirTexto(c.config, """
        # Written by prep demo.
        spool = spool
        catalog = \(catalogo)
        signing_key = keys/prep.sec
        operators = operadores.csv
        mode = simulacro
        corte_interval = \(Int(intervalo))s
        settle = 1s
        rescan_interval = 10s

        """)
        let plan = PlanNoche(catalogo: try leerCatalogo(catalogo), parametros: parametros)
        let verdad = VerdadNoche(plan: plan)
        try escribirTexto(c.ruta + "/truth.json", verdad.json)
        // Every operator of the night with a key, registered before the daemon starts: the
        // simulator signs every capture and sin acta declaration, as the shipped path does.
        _ = try FirmasSimuladas.preparar(plan: plan, carpeta: c.clavesOperadores, registro: c.ruta + "/operadores.csv")
        let finales = verdad.actasCapturadas + verdad.actasSinActa + verdad.actasFueraCatalogo
        Consola.avisar("demo: \(dir): \(plan.entregas.count) drops for \(finales) actas in about \(ProgresoDemo.duracion(duracion)), a corte every \(ProgresoDemo.duracion(intervalo)); Ctrl-C stops it")

        // The daemon, then the simulator: children the demo stops itself, whatever happens.
        var demonio = try HijoDemo.lanzar(prep, ["run", "--config", c.config], log: c.logDemonio)
        var simulador: HijoDemo?
        defer {
            simulador?.detener(graciaNs: 3_000_000_000)
            demonio.detener(graciaNs: 30_000_000_000)
        }
        Consola.avisar("demo: daemon running (pid \(demonio.proceso.pid)), log in \(c.logDemonio); waiting for its first corte")
        while ConteoSpool(raiz: c.spool).ultimoCorte == nil {
            try senales.esperar(ms: 200)
            guard demonio.vivo() else { throw ErrorSimulacion("prep run stopped (\(demonio.fin.map { "\($0)" } ?? "?")); see \(c.logDemonio)") }
        }
        simulador = try HijoDemo.lanzar(prep, ["simulate", "--config", c.config, "--duration", textoDuracion, "--quiet",
                                               "--operator-keys", c.clavesOperadores] + opcionesNoche,
                                        log: c.logSimulador)
        let inicio = Reloj.monotonoSegundos()
        Consola.avisar("demo: simulator running (pid \(simulador?.proceso.pid ?? 0)), log in \(c.logSimulador)")

        // Wait for the drain, however long it takes: every acta that arrived is packaged, and one
        // more corte has been made since.
        var progreso = ProgresoDemo(finales: finales, intervalo: intervalo, terminal: FileDescriptor.errorEstandar.esTerminal)
        var escrito: Double?
        var conteo = ConteoSpool(raiz: c.spool)
        // Until every drop is written and every acta verified (handed to the corte worker in the
        // turn that verified it); then the night is closed with `prep publish --final`, so the
        // last corte, the one whose site people open, is final and never "desactualizada".
        while true {
            try senales.esperar(ms: 500)
            guard demonio.vivo() else { throw ErrorSimulacion("prep run stopped (\(demonio.fin.map { "\($0)" } ?? "?")); see \(c.logDemonio)") }
            if escrito == nil, simulador?.vivo() == false {
                guard simulador?.fin?.exito == true else {
                    throw ErrorSimulacion("prep simulate failed (\(simulador?.fin.map { "\($0)" } ?? "?")); see \(c.logSimulador)")
                }
                escrito = Reloj.monotonoSegundos() - inicio
            }
            conteo = ConteoSpool(raiz: c.spool)
            progreso.mostrar(t: Reloj.monotonoSegundos() - inicio, conteo: conteo, escribiendo: escrito == nil)
            if escrito != nil, conteo.packaged + conteo.verified >= finales { break }
        }
        progreso.terminar()
        let cierre = try senales.correr(prep, ["publish", "--final", "--config", c.config])
        guard cierre.estado.exito else { throw ErrorSimulacion("prep publish --final failed: \(cierre.salida)") }
        let publicado = Reloj.monotonoSegundos() - inicio
        demonio.detener(graciaNs: 30_000_000_000)
        Consola.avisar("demo: the night took \(ProgresoDemo.duracion(publicado)): every drop written in \(ProgresoDemo.duracion(escrito ?? publicado)), "
               + "every acta published \(ProgresoDemo.duracion(publicado - (escrito ?? publicado))) later; daemon stopped")
        return try comprobar(c, senales, verdad)
    }

    /// Verifies the last corte, compares it with the ground truth and says where everything is.
    private func comprobar(_ c: CarpetaDemo, _ senales: SenalesDemo, _ verdad: VerdadNoche) throws -> Int32 {
        let cortes = ConteoSpool.cortes(raiz: c.spool)
        guard let ultima = cortes.last.map({ c.spool + "/publish/cortes/" + $0 }) else { throw ErrorSimulacion("no corte was published") }
        var argsVerify = ["verify", ultima, "--key", c.clavePublica]
        if cortes.count >= 2 { argsVerify += ["--previous", c.spool + "/publish/cortes/" + cortes[cortes.count - 2]] }
        let v = try senales.correr(prep, argsVerify)
        Consola.imprimir(prep + " " + argsVerify.joined(separator: " "))
        Consola.imprimir(v.salida.trimmingCharacters(in: .whitespacesAndNewlines))
        let d = diferencias(corte: try LectorCorte.leer(carpeta: ultima), verdad: verdad.elecciones)
        if d.isEmpty {
            let columnas = verdad.elecciones.reduce(0) { $0 + $1.votos.count }
            Consola.imprimir("ground truth: the last corte's totals equal it (\(verdad.elecciones.count) elections, every summary figure, \(columnas) vote columns)")
            for e in verdad.elecciones {
                let top = e.votos.sorted { $0.votos > $1.votos }.prefix(3).map { "\($0.columna) \($0.votos)" }.joined(separator: ", ")
                Consola.imprimir("  \(e.eleccion): \(e.resumen["ACTAS_CONTABILIZADAS"] ?? "?") actas counted of \(e.resumen["ACTAS_ESPERADAS"] ?? "?"); \(top)")
            }
        } else {
            Consola.imprimir("ground truth: \(d.count) differences:")
            for x in d.prefix(20) { Consola.imprimir("  " + x) }
        }
        Consola.imprimir("""

        results site: \(ultima)/index.html
        check its signature and every file with OpenBSD's signify\(Self.signify().hayQueInstalar ? " (Debian: apt-get install signify-openbsd)" : ""):
          cd \(ultima) && \(Self.signify().nombre) -C -p \(c.clavePublica) -x SHA256.sig
        """)
        // The shipped path is the authenticated one: every acta traced to signed captures.
        let manifiesto = try? Manifiesto(analizando: try Directorio.actual.leerTodo(NombreArchivo(ultima + "/manifest.json")))
        let autenticada = manifiesto?.operadoresAutenticados == true
        Consola.imprimir(autenticada
            ? "operators: every acta's figures come from captures signed by registered operators (\(c.ruta)/operadores.csv)"
            : "operators: the last corte does not say operators_authenticated true: some acta is not traced to signed captures")
        for l in c.dondeEsta(prep: prep) { Consola.imprimir(l) }
        return v.estado.exito && d.isEmpty && autenticada ? 0 : 1
    }
}
