import PrepDominio
import PrepSistema

/// How `prep retirar` asks the running daemon to withdraw an acta (`Spool.retirar`): it leaves
/// `ROOT/retiro.PID.request` (PID: its own; written atomically), two lines
/// `retirar KEY pid=DAEMON until=UNIX` and the reason, then sends SIGUSR2. Between batches the
/// daemon takes every request file (reads and removes it), does or refuses each, and answers in
/// `ROOT/retiro.PID.answer`: `retirada rejected/NAME` or `rechazada REASON`. A request not meant
/// for this daemon or out of time is answered as refused, never done.
public struct SolicitudRetiro: Sendable, Equatable {
    public let clave: ClaveActa
    public let motivo: String
    /// The daemon it is meant for, and until when (Unix seconds).
    public let pid: Int32
    public let hasta: Int64

    public init(clave: ClaveActa, motivo: String, pid: Int32, hasta: Int64) {
        self.clave = clave; self.motivo = motivo; self.pid = pid; self.hasta = hasta
    }

    static let prefijo = "retiro."

    /// `retiro.CLIENT.request` / `.answer` in the spool root.
    public static func archivo(cliente: Int32, respuesta: Bool) -> String {
        "\(prefijo)\(cliente)." + (respuesta ? "answer" : "request")
    }

    /// The request file's bytes.
    var bytes: [UInt8] { Array("retirar \(clave.texto) pid=\(pid) until=\(hasta)\n\(UnaLinea.escapar(motivo))\n".utf8) }

    /// Leaves the request for the daemon (atomically; an earlier answer for this client removed).
    public func dejar(raiz: String, cliente: Int32) throws(ErrorSistema) {
        let r = try Directorio.abrir(raiz)
        defer { r.cerrar() }
        try r.borrarSiExiste(NombreArchivo(Self.archivo(cliente: cliente, respuesta: true)))
        try r.escribirAtomico(NombreArchivo(Self.archivo(cliente: cliente, respuesta: false)), bytes)
    }

    /// Parses a request file; nil when it is not one `dejar` writes.
    static func leer(_ b: [UInt8]) -> SolicitudRetiro? {
        let lineas = String(decoding: b, as: UTF8.self).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let partes = lineas.first?.split(separator: " ") ?? []
        guard partes.count == 4, partes[0] == "retirar", let clave = ClaveActa(partes[1]),
              partes[2].hasPrefix("pid="), let pid = Int32(partes[2].dropFirst(4)),
              partes[3].hasPrefix("until="), let hasta = Int64(partes[3].dropFirst(6)) else { return nil }
        let motivo = lineas.count > 1 ? String(lineas[1].split(separator: "\n").first ?? "") : ""
        return SolicitudRetiro(clave: clave, motivo: motivo, pid: pid, hasta: hasta)
    }

    /// The daemon's answer for client `cliente`, once there (nil before).
    public static func respuesta(raiz: String, cliente: Int32) -> Retiro.Resultado? {
        guard let r = try? Directorio.abrir(raiz) else { return nil }
        defer { r.cerrar() }
        guard let b = try? r.leer(NombreArchivo(archivo(cliente: cliente, respuesta: true)), maximo: 8192) else { return nil }
        let t = String(decoding: b, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        if t.hasPrefix("retirada ") { return .retirada(String(t.dropFirst(9))) }
        if t.hasPrefix("rechazada ") { return .rechazada(String(t.dropFirst(10))) }
        return nil
    }

    /// Removes this client's request and answer files (after the answer, or on giving up).
    public static func limpiar(raiz: String, cliente: Int32) {
        guard let r = try? Directorio.abrir(raiz) else { return }
        defer { r.cerrar() }
        for respuesta in [false, true] { try? r.borrarSiExiste(NombreArchivo(archivo(cliente: cliente, respuesta: respuesta))) }
    }
}

extension Recepcion {
    /// `prep retirar` asked (SIGUSR2): takes every withdrawal request left in the spool root and
    /// answers each. Called on the loop between batches, so no batch holds the acta;
    /// `noRetirable` (the corte cycle) says first whether a corte will publish it (`Spool.retirar`).
    public func atenderRetiros(noRetirable: (ClaveActa) -> String?) throws(FalloSpool) {
        let raiz = spool.carpetaRaiz
        let sufijo = Array(".request".utf8), prefijo = Array(SolicitudRetiro.prefijo.utf8)
        let nombres = ((try? raiz.listar()) ?? []).map(\.nombre).filter {
            $0.bytes.starts(with: prefijo) && $0.bytes.count > prefijo.count + sufijo.count && $0.bytes.suffix(sufijo.count).elementsEqual(sufijo)
        }
        if nombres.isEmpty {
            spool.registro.aviso("warning", "SIGUSR2 received with no prep retirar request in the spool root; ignored")
        }
        for n in nombres {
            let b = (try? raiz.leer(n, maximo: 8192)) ?? []
            try? raiz.borrarSiExiste(n)
            let cliente = NombreArchivo(bytes: Array(n.bytes.dropLast(sufijo.count)) + Array(".answer".utf8))
            let resultado: Retiro.Resultado
            if let s = SolicitudRetiro.leer(b), s.pid == Maquina.pid, s.hasta >= Reloj.segundosUnix() {
                resultado = try spool.retirar(s.clave, motivo: s.motivo, noRetirable: noRetirable)
            } else {
                resultado = .rechazada("\(n) is not a request for this daemon (pid \(Maquina.pid)) in time; nothing was moved")
            }
            let texto: String
            switch resultado {
            case .retirada(let donde): texto = "retirada \(donde)\n"
            case .rechazada(let r):
                texto = "rechazada \(UnaLinea.escapar(r))\n"
                spool.registro.aviso("warning", "prep retirar: \(r)")
            }
            do { try raiz.escribirAtomico(cliente, Array(texto.utf8)) } catch {
                spool.registro.aviso("warning", "cannot answer prep retirar in \(cliente): \(error)")
            }
        }
    }
}
