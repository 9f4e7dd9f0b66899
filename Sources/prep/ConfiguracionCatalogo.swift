import PrepServicio
import PrepSpool

/// The configuration of a command that reads the catálogo: `configuracion(args)` (its `--config`
/// and `--root`), with `--catalog` overriding the config's `catalog`.
func configuracionConCatalogo(_ args: Argumentos) throws(Configuracion.Fallo) -> Configuracion {
    var c = try configuracion(args, exigir: args.valor("catalog") == nil)
    if let ruta = args.valor("catalog") { c.catalogo = ruta }
    return c
}
