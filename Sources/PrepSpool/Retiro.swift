import PrepDominio
import PrepSistema

/// `prep retirar KEY --motivo TEXT`: an operator's way out of a quarantined or stuck acta. The
/// acta's item leaves `captured/` or `verified/` whole, history included, for `rejected/`
/// (`rejected/YYYYMMDDTHHMMSSZ-PID-SEQ-KEY/` beside its one-line `.reason`), so that a rescan or
/// new captures for the acta can be dropped and taken as a new item. Only the process holding the
/// spool's lock does it, between batches: the running daemon when asked (`SolicitudRetiro`), or
/// `prep retirar` itself when none runs.
public enum Retiro {
    /// What became of a request.
    public enum Resultado: Sendable, Equatable {
        /// Withdrawn: the item's name under the spool root (`rejected/…-KEY`).
        case retirada(String)
        /// Not withdrawn, and why (nothing was moved).
        case rechazada(String)
    }

    /// The history event of a withdrawal.
    public static let evento = "retirada"
}

extension Spool {
    /// Withdraws `clave`'s item (see `Retiro`). Refused, moving nothing, for an acta with no item
    /// in `captured/` or `verified/`, a packaged (published) one, a verified one whose history
    /// says a corte included it, or one `noRetirable` (the corte cycle) says a corte will
    /// publish. The item is renamed whole, after its history line and its reason are durable;
    /// the daemon's memory of the acta is dropped. An I/O error is thrown (the daemon stops).
    public func retirar(_ clave: ClaveActa, motivo: String,
                        noRetirable: (ClaveActa) -> String? = { _ in nil }) throws(FalloSpool) -> Retiro.Resultado {
        let k = clave.texto
        guard let fase = fases[k] else {
            return .rechazada("acta \(k) has no item in captured/ or verified/; nothing was moved")
        }
        if fase == .packaged {
            return .rechazada("acta \(k) is packaged: a corte published it; corrections of published actas are a later feature, not done by prep retirar; nothing was moved")
        }
        let dirFase = carpeta(fase)
        let nombre = NombreArchivo(k)
        let archivo = ruta(nombre, "estado")
        if fase == .verified {
            let h = EstadoItem.historia((try? dirFase.leer(archivo, maximo: EstadoItem.maximoBytes)) ?? [])
            if String(decoding: h, as: UTF8.self).split(separator: "\n").contains(where: { $0.split(separator: " ").dropFirst().first == "empaquetada" }) {
                return .rechazada("acta \(k) was included in a corte (its history says empaquetada); corrections of published actas are a later feature, not done by prep retirar; nothing was moved")
            }
            if let r = noRetirable(clave) {
                return .rechazada("acta \(k) is verified and \(r); corrections of published actas are a later feature, not done by prep retirar; nothing was moved")
            }
        }
        let destino = nombreRechazo(nombre)
        let texto = UnaLinea.escapar(motivo)
        do {
            // The history line first (as for empaquetada): a crash before the move leaves a line
            // saying withdrawn on an item still in place, never an item moved without it.
            let linea = LineaHistoria(ahora(), Retiro.evento, "from \(fase.carpeta)/ to rejected/\(destino) motivo=\"\(texto)\"").texto
            let nota = anexarHistoria(dirFase, archivo, linea).map { " (its estado could not take the history line: \($0))" } ?? ""
            let razon = razonDe(destino)
            try tmp.escribirArchivo(razon, lineaDeRazon("\(fase.carpeta)/\(k): withdrawn by prep retirar: \(texto)\(nota)"), sincronizar: true)
            try tmp.sincronizar()
            try dirFase.renombrar(nombre, a: rejected, destino)
            try tmp.renombrar(razon, a: rejected, razon)
            try rejected.sincronizar()
            try dirFase.sincronizar()
            try tmp.sincronizar()
        } catch {
            throw FalloSpool("I/O error while withdrawing acta \(k), stopping: \(error)")
        }
        fases[k] = nil
        capturadas[k] = nil
        cuarentena[k] = nil
        registro.aviso(Retiro.evento, "acta \(k): \(fase.carpeta)/\(k) withdrawn to rejected/\(destino) by prep retirar: \(texto)")
        return .retirada("\(Disposicion.rejected)/\(destino)")
    }

    /// Appends the history line `linea` to the item file `archivo` (its `estado`, relative to
    /// `dir`) durably, after the state lines it never touches; nil when done, else why not (a
    /// file that is not a regular file, or cannot be written, is never followed).
    func anexarHistoria(_ dir: Directorio, _ archivo: NombreArchivo, _ linea: String) -> String? {
        let fd: FileDescriptor
        do { fd = try dir.fd.abrir(archivo.description, [.soloEscritura, .anexar, .sinSeguirEnlace, .noBloqueante]) } catch {
            return "\(error.errno)"
        }
        defer { try? fd.cerrar() }
        do {
            let tipo = try fd.estado().tipo
            guard tipo == .regular else { return "it is a \(tipo)" }
            try fd.escribirTodo(Array(linea.utf8))
            try fd.sincronizar()
        } catch {
            return "\(error)"
        }
        return nil
    }
}
