import CSistema
import Glibc

/// A child process started in a process group of its own, so that a shell command and every
/// program it starts can be stopped together (a hung `publish_command` and its `rsync`).
public struct ProcesoHijo: Sendable {
    public let pid: Int32

    /// How a child ended.
    public enum Fin: Sendable, Equatable, CustomStringConvertible {
        case salida(Int32)
        case senal(Int32)
        public var description: String {
            switch self {
            case .salida(let n): "exit status \(n)"
            case .senal(let s): "killed by signal \(s)"
            }
        }
        public var exito: Bool { self == .salida(0) }
    }

    /// Starts `argumentos[0]` (an absolute path) with the rest as its arguments.
    public static func lanzar(_ argumentos: [String]) throws(ErrorSistema) -> ProcesoHijo {
        guard let ruta = argumentos.first else { throw ErrorSistema("spawn", "", .invalid) }
        var c: [UnsafeMutablePointer<CChar>?] = argumentos.map { strdup($0) }
        c.append(nil)
        defer { for p in c { free(p) } }
        var pid: Int32 = 0
        let r = c.withUnsafeBufferPointer { csistema_lanzar_grupo(ruta, $0.baseAddress, &pid) }
        guard r == 0 else { throw ErrorSistema("spawn", ruta, Errno(rawValue: r)) }
        return ProcesoHijo(pid: pid)
    }

    /// Waits at most `plazoNs` for the child to end; nil while it still runs.
    public func esperar(plazoNs: Int64) -> Fin? {
        let fin = Reloj.monotonoNs() + plazoNs
        while true {
            var estado: Int32 = 0
            let r = waitpid(pid, &estado, WNOHANG)
            if r == pid {
                // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
                let senal = estado & 0x7f
                return senal == 0 ? .salida((estado >> 8) & 0xff) : .senal(senal)
            }
            if r < 0, Errno.actual != .interrupted { return .salida(-1) }
            if Reloj.monotonoNs() >= fin { return nil }
            usleep(20_000)
        }
    }

    /// Sends `senal` to the child's whole process group.
    func senalarGrupo(_ senal: Int32) { _ = kill(-pid, senal) }

    /// SIGTERM to the child's whole process group: asks it and what it started to end.
    public func pedirFinDelGrupo() { senalarGrupo(SIGTERM) }

    /// SIGKILL to the child's whole process group.
    public func matarGrupo() { senalarGrupo(SIGKILL) }

    /// SIGTERM to the group, then SIGKILL after `graciaNs` if it has not ended; reaps it.
    public func terminar(graciaNs: Int64) -> Fin {
        senalarGrupo(SIGTERM)
        if let f = esperar(plazoNs: graciaNs) {
            senalarGrupo(SIGKILL)  // any child the shell left behind
            return f
        }
        senalarGrupo(SIGKILL)
        return esperar(plazoNs: 5_000_000_000) ?? .senal(SIGKILL)
    }
}
