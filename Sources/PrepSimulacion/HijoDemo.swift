import PrepSistema

/// A stop asked of `prep demo` by a signal (Ctrl-C's SIGINT, SIGTERM, SIGHUP): its children are
/// stopped and it says where things are, then exits 128 + the signal.
struct InterrupcionDemo: Error, CustomStringConvertible {
    let senal: Senal
    var description: String { "stopped by \(senal)" }
}

/// One program `prep demo` runs (`prep run`, `prep simulate`, `prep keygen`, `prep verify`):
/// a `ProcesoHijo` in its own process group, so that Ctrl-C reaches only the demo, which then
/// stops each child itself, waits for it and kills what is left of its group.
struct HijoDemo {
    let nombre: String
    let proceso: ProcesoHijo
    /// How it ended, once it has (and was reaped).
    private(set) var fin: ProcesoHijo.Fin?

    /// Starts `prep ARGS…` with its standard output and error appended to `log`.
    static func lanzar(_ prep: String, _ args: [String], log: String) throws(ErrorSistema) -> HijoDemo {
        let fd = try FileDescriptor.cwd.abrir(log, [.soloEscritura, .crear, .anexar])
        defer { try? fd.cerrar() }
        return HijoDemo(nombre: "prep " + (args.first ?? ""),
                        proceso: try ProcesoHijo.lanzar([prep] + args, salidaEstandar: fd, errorEstandar: fd))
    }

    /// Whether it still runs (reaps it when it has ended).
    mutating func vivo() -> Bool {
        if fin == nil { fin = proceso.esperar(plazoNs: 0) }
        return fin == nil
    }

    /// SIGTERM to its group, `graciaNs` to end, then SIGKILL to whatever is left of the group.
    mutating func detener(graciaNs: Int64) {
        if vivo() { fin = proceso.terminar(graciaNs: graciaNs) } else { proceso.matarGrupo() }
    }
}

/// The demo's signals: SIGINT, SIGTERM and SIGHUP stop it (SIGUSR1/2 are ignored).
struct SenalesDemo {
    let senales: Senales

    /// Waits up to `ms` for a signal; throws the stop it asks for.
    func esperar(ms: Int32) throws {
        _ = try esperarLectura([senales.fd], timeoutMs: ms)
        if let s = senales.recibidas().first(where: { [.int, .term, .hup].contains($0) }) {
            throw InterrupcionDemo(senal: s)
        }
    }

    /// Runs `prep ARGS…` to completion, the tail of its output captured; a stop signal meanwhile
    /// stops it.
    func correr(_ prep: String, _ args: [String]) throws -> (estado: ProcesoHijo.Fin, salida: String) {
        var tubo = try TuboCaptura()
        defer { tubo.cerrar() }
        guard let escritura = tubo.escritura else { throw ErrorSistema("pipe2", "-", .invalid) }
        let p = try ProcesoHijo.lanzar([prep] + args, salidaEstandar: escritura, errorEstandar: escritura)
        tubo.cerrarEscritura()
        while true {
            if let fin = p.esperar(plazoNs: 100_000_000, cadaVuelta: { tubo.drenar() }) {
                tubo.drenar()
                return (fin, String(decoding: tubo.cola, as: UTF8.self))
            }
            do { try esperar(ms: 0) } catch {
                _ = p.terminar(graciaNs: 3_000_000_000)
                throw error
            }
        }
    }
}
