import PrepDominio
import PrepSistema
import PrepSpool

/// `prep retirar KEY --motivo TEXT` (`Retiro`): asks the daemon holding the spool (a request file
/// and SIGUSR2, `SolicitudRetiro`) and waits for its answer; when none holds it, takes the spool's
/// lock itself, recovers it as a start would, and withdraws the acta.
public enum PeticionRetiro {
    /// What became of the request. Throws when it could not be asked or answered.
    public static func ejecutar(_ config: Configuracion, clave: ClaveActa, motivo: String,
                                limiteSegundos: Int) throws(Servicio.Fallo) -> Retiro.Resultado {
        guard let r = try? Directorio.abrir(config.spool) else {
            throw Servicio.Fallo(description: "there is no spool at \(config.spool)")
        }
        let dueno = Bloqueo.dueno(NombreArchivo(Disposicion.lock), en: r)
        r.cerrar()
        if let pid = dueno { return try pedir(config.spool, pid: Int32(pid), clave: clave, motivo: motivo, limite: limiteSegundos) }
        return try sinDemonio(config, clave: clave, motivo: motivo)
    }

    /// The running daemon `pid` does it between two batches.
    static func pedir(_ raiz: String, pid: Int32, clave: ClaveActa, motivo: String, limite: Int) throws(Servicio.Fallo) -> Retiro.Resultado {
        let yo = Maquina.pid
        let s = SolicitudRetiro(clave: clave, motivo: motivo, pid: pid, hasta: Reloj.segundosUnix() + Int64(limite))
        do { try s.dejar(raiz: raiz, cliente: yo) } catch {
            throw Servicio.Fallo(description: "cannot leave the request for the daemon: \(error)")
        }
        defer { SolicitudRetiro.limpiar(raiz: raiz, cliente: yo) }
        do { try Maquina.senalar(pid, Orden.retiro.senal) } catch {
            throw Servicio.Fallo(description: "cannot signal the daemon (pid \(pid)): \(error)")
        }
        let fin = Reloj.monotonoNs() + Int64(limite) * 1_000_000_000
        while Reloj.monotonoNs() < fin {
            if let r = SolicitudRetiro.respuesta(raiz: raiz, cliente: yo) { return r }
            Reloj.dormir(segundos: 0.05)
        }
        throw Servicio.Fallo(description: "the daemon (pid \(pid)) did not answer within \(limite) s; nothing is known to have moved")
    }

    /// No daemon: this process holds the lock, recovers the spool (as a start does) and withdraws.
    static func sinDemonio(_ config: Configuracion, clave: ClaveActa, motivo: String) throws(Servicio.Fallo) -> Retiro.Resultado {
        let catalogo: Catalogo
        do { catalogo = try leerCatalogo(ruta: config.catalogo) } catch { throw Servicio.Fallo(description: "\(error)") }
        let registro = Registro(detallado: false, desfaseMinutos: config.desfaseUTCMinutos)
        do {
            let spool = try Spool.abrir(raiz: config.spool, crear: true, reglas: ReglasDominio(catalogo: catalogo),
                                        desfaseMinutos: config.desfaseUTCMinutos, registro: registro)
            try spool.recuperar()
            return try spool.retirar(clave, motivo: motivo)
        } catch {
            throw Servicio.Fallo(description: "\(error)")
        }
    }
}
