import PrepDominio
import PrepServicio
import PrepSimulacion
import PrepSistema
import PrepSpool

/// `prep simulate`: plays an election night into a spool's `incoming/` as the real writers do,
/// then prints the ground truth the last corte must show.
let comandoSimulate = Comando(
    nombre: "simulate",
    resumen: "play an election night into a spool and print its ground truth",
    descripcion: """
    Plays an election night from the catálogo into DIR/incoming/: PREP Casilla photos
    (incoming/casilla-NN/KEY.jpg) early, CATD scans (incoming/catd-NN/KEY.png) later, two
    captures per acta by different operators (incoming/captura-NN/), about 3% disagreeing
    and settled by a third, about 1% with an ilegible and 1% with a sin dato figure, some
    actas over the lista nominal, sin acta declarations of each cause, a few fuera de
    catálogo, some never arriving, and a share of bad drops. Writers mix temp name + rename
    with slow writes in place. With --operator-keys, every capture and sin acta declaration
    comes with its operator's signature (FILE.sig), as a daemon with an operator registry
    (the config's operators) requires. Then prints the ground truth: per election the summary and
    the votes per column that the last corte must show once the daemon has taken everything.
    """,
    opciones: [
        .config,
        .valor("root", "DIR", "spool root (overrides the config's 'spool'; default: ./spool)"),
        .catalogo,
        .valor("rate", "N", "at most N drops per second (default: no limit)"),
        .valor("duration", "D", "compress the night into D (e.g. 90s, 2m, 1h; default: no schedule, as fast as --rate allows)"),
        .semilla,
        .malas,
        .maxActas,
        .valor("writers", "N", "writers working at once (default: 16)"),
        .valor("truth", "FILE", "also write the ground truth as JSON to FILE"),
        .valor("operator-keys", "DIR", "sign every capture and sin acta drop with DIR/OPERATOR.sec (made for each operator without one), and write the config's operators registry if it does not exist"),
        .bandera("plan-only", "print the ground truth without writing anything"),
        .bandera("quiet", "no progress line on standard error"),
    ],
    ejecutar: { args in
        let nombre = "prep simulate"
        do {
            var p = ParametrosNoche()
            if let s = args.valor("seed") {
                guard let v = UInt64(s) else { throw ErrorUso(mensaje: "--seed: expected a whole number ≥ 0, got '\(s)'") }
                p.semilla = v
            }
            if let s = args.valor("bad-share") {
                guard let v = Double(s), (0...0.5).contains(v) else {
                    throw ErrorUso(mensaje: "--bad-share: expected a number from 0 to 0.5, got '\(s)'")
                }
                p.malas = v
            }
            if let s = args.valor("max-actas") {
                guard let v = Int(s), v >= 0 else { throw ErrorUso(mensaje: "--max-actas: expected a whole number ≥ 0, got '\(s)'") }
                p.maxActas = v
            }
            var o = OpcionesEscritura()
            if let s = args.valor("rate") {
                guard let v = Double(s), v > 0 else { throw ErrorUso(mensaje: "--rate: expected a number > 0, got '\(s)'") }
                o.ritmo = v
            }
            if let s = args.valor("duration") {
                guard let v = Duracion.segundos(s) else {
                    throw ErrorUso(mensaje: "--duration: expected a duration like 90s, 2m or 1h, got '\(s)'")
                }
                o.duracion = v
            }
            if let s = args.valor("writers") {
                guard let v = Int(s), (1...256).contains(v) else { throw ErrorUso(mensaje: "--writers: expected 1 to 256, got '\(s)'") }
                o.escritores = v
            }
            let config = try configuracionConCatalogo(args)
            let catalogo = try leerCatalogo(ruta: config.catalogo)
            let plan = PlanNoche(catalogo: catalogo, parametros: p)
            let verdad = VerdadNoche(plan: plan)
            if let ruta = args.valor("truth") {
                try escribirTexto(ruta, verdad.json)
            }
            if !args.tiene("plan-only") {
                let raiz = config.spool
                let silencio = args.tiene("quiet")
                // A \r progress line only makes sense on a terminal.
                let enTerminal = FileDescriptor.errorEstandar.esTerminal
                var escritor = Escritor(raiz: raiz, plan: plan, opciones: o)
                if let claves = args.valor("operator-keys") {
                    escritor.firmas = try FirmasSimuladas.preparar(plan: plan, carpeta: claves, registro: config.operadores)
                }
                let r = try escritor.ejecutar(progreso: silencio || !enTerminal ? nil : { hechas, total in
                    avisarSinSalto("\rsimulate: \(hechas)/\(total) drops   ")
                })
                if !silencio {
                    avisar((enTerminal ? "\r" : "") + "simulate: \(r.entregas) drops (\(r.bytes / 1024) KiB) into \(raiz)/incoming in \(Int(r.segundos.rounded())) s")
                }
            }
            imprimir(String(verdad.texto.dropLast()))
            return 0
        } catch let e as ErrorUso {
            avisar("\(nombre): \(e)")
            return 2
        } catch {
            avisar("\(nombre): \(error)")
            return 1
        }
    }
)
