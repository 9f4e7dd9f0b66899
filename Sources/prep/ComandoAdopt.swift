import PrepServicio
import PrepSpool

/// `prep adopt [--from SOURCE] [--root DIR] [--config FILE]`: makes the latest published corte
/// this spool's base when the spool is behind or forked from it (`AdopcionCorte`).
let comandoAdopt = Comando(
    nombre: "adopt",
    resumen: "take the latest published corte as this spool's base (a standby behind the web)",
    descripcion: """
    For a spool whose start was refused because its next corte would fork the
    published chain (an asynchronous copy or a restored backup that is behind
    what the web serves; docs/ha.md). With the spool's lock held (no daemon may
    run), it reads the published chain from --from (default: the config's
    published_source; a folder or an rsync source, not HTTPS), checks it from
    its latest corte, which must verify with this spool's key, back to seq 1;
    copies every published corte this spool lacks or has otherwise, with the
    images and captures they name, and verifies each; sets this spool's own
    cortes from that seq on aside in publish/apartados/; renames the copies
    into publish/cortes/ and points latest at the published latest; and moves
    every packaged acta the adopted corte has no row for back to verified/, so
    the next corte publishes it. Nothing changes when a check fails. Then
    start the daemon: its next corte follows the published one.
    Prints what it adopted, set aside and re-registered.
    """,
    opciones: [
        .valor("from", "SOURCE", "where the published latest corte is: a folder (the web root's current) or an rsync source (host:path)"),
        .raiz, .config,
    ],
    ejecutar: { args in
        let config: Configuracion
        do { config = try configuracion(args) } catch {
            avisar("prep adopt: \(error)")
            return 1
        }
        var desde: FuentePublicada?
        if let valor = args.valor("from") {
            switch FuentePublicada.analizar(valor, carpeta: ".") {
            case .success(let f): desde = f
            case .failure(let m):
                avisar("prep adopt: --from \(m)")
                return 2
            }
        }
        do {
            let r = try AdopcionCorte.ejecutar(config, desde: desde)
            if r.adoptados.isEmpty {
                imprimir("nothing to adopt: this spool's chain already holds the published corte \(r.seq)")
            } else {
                imprimir("adopted \(r.adoptados.count) published corte(s), \(r.adoptados.first ?? "") to \(r.adoptados.last ?? ""): latest is seq \(r.seq)")
                imprimir("set aside in publish/apartados/: \(r.apartados.isEmpty ? "none" : r.apartados.joined(separator: " "))")
                imprimir("re-registered for the next corte (back in verified/): \(r.reregistradas) acta(s)")
            }
            return 0
        } catch {
            avisar("prep adopt: \(error)")
            return 1
        }
    }
)
