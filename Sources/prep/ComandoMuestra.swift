import PrepDominio
import PrepServicio
import PrepSimulacion
import PrepSistema

/// `prep sample-catalog --scale cdmx|national --out DIR`: writes a synthetic catálogo.
let comandoMuestra = Comando(
    nombre: "sample-catalog",
    resumen: "write a synthetic catálogo (the CDMX sample or a national-scale one)",
    descripcion: """
    Writes a synthetic catálogo (not real data) into DIR, created if needed:
      cdmx      CDMX-2024-like: 33 distritos, 16 demarcaciones, about 13,200
                casillas, elections JG, DIP and ALC (the sample in etc/catalogo)
      national  about 170,000 casillas and 515,000 actas, for benchmarks
    The output is the same, byte for byte, on every run.
    """,
    opciones: [
        .valor("scale", "cdmx|national", "which catálogo (above)", obligatoria: true),
        .valor("out", "DIR", "the folder to write it into", obligatoria: true),
    ],
    ejecutar: { args in
        guard let escalaTexto = args.valor("scale"), let escala = GeneradorCatalogo.Escala(rawValue: escalaTexto) else {
            avisar("prep sample-catalog: --scale must be cdmx or national")
            return 2
        }
        guard let out = args.valor("out") else {
            avisar("prep sample-catalog: missing --out DIR")
            return 2
        }
        do {
            try Directorio.actual.crearCarpeta(NombreArchivo(out), aunqueExista: true)
        } catch {
            avisar("prep sample-catalog: \(error)")
            return 1
        }
        do {
            try Directorio.actual.abrir(sub: NombreArchivo(out), seguirEnlace: true).cerrarDespues { carpeta throws(ErrorSistema) in
                for (nombre, bytes) in GeneradorCatalogo.generar(escala).sorted(by: { $0.key < $1.key }) {
                    try carpeta.escribirAtomico(NombreArchivo(nombre), bytes)
                }
            }
        } catch {
            avisar("prep sample-catalog: \(out): \(error)")
            return 1
        }
        return 0
    }
)
