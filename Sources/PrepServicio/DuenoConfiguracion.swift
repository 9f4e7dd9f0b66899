import PrepSistema
import PrepSpool

extension Configuracion {
    /// Refuses a daemon's config file (`e`: its stat, from the descriptor it is read through)
    /// that anyone but root or the daemon's user could change: it names `publish_command`, which
    /// the daemon runs after every corte and takes again on SIGHUP, so whoever may write it, or
    /// replace it in its folder, runs commands as the daemon.
    static func comprobarDueno(_ ruta: String, _ e: Estado) throws(Fallo) {
        let yo = Identidad.usuario
        let porque = "it names publish_command, which the daemon runs (also after a SIGHUP reload)"
        func fallo(_ que: String) -> Fallo {
            Fallo(archivo: ruta, linea: 0, razon: "\(que); \(porque): make it owned by root or the daemon's user (uid \(yo)), mode 0644 or stricter")
        }
        if e.propietario != 0, e.propietario != yo { throw fallo("owned by uid \(e.propietario), not by root or the daemon's user") }
        if e.permisos & 0o022 != 0 { throw fallo("writable by its group or others (mode 0\(String(e.permisos & 0o7777, radix: 8)))") }
        let carpeta = ArchivoConfiguracion.carpetaDe(ruta)
        guard let c = try? Directorio.actual.estado(NombreArchivo(carpeta), seguir: true) else { return }
        if c.propietario != 0, c.propietario != yo {
            throw fallo("its folder \(carpeta) is owned by uid \(c.propietario), who could replace it")
        }
        // A sticky folder (/tmp) lets nobody but a file's owner rename or remove it.
        if c.permisos & 0o022 != 0, c.permisos & 0o1000 == 0 {
            throw fallo("its folder \(carpeta) is writable by its group or others (mode 0\(String(c.permisos & 0o7777, radix: 8))), who could replace it")
        }
    }
}
