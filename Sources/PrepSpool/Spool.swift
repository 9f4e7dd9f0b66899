import PrepDominio
import PrepSistema

/// Why the spool could not be opened or a step failed; the daemon stops with this message.
public struct FalloSpool: Error, CustomStringConvertible {
    public let mensaje: String
    public init(_ mensaje: String) { self.mensaje = mensaje }
    init(_ e: ErrorSistema) { mensaje = e.description }
    public var description: String { mensaje }
}

/// An item as the daemon holds it in memory: its phase, its state, and its parsed captures
/// (in the state's capture order), for items whose rules may still change.
struct ItemCargado: Sendable {
    var fase: Fase
    var estado: EstadoItem
    var capturas: [Captura]
}

/// An open spool (SPEC §3): its folders, the lock, and the phase of every item. One per daemon;
/// also opened read-only (no lock) by `prep status` and `prep show`.
public final class Spool {
    public let raiz: String
    public let carpetaRaiz: Directorio
    public let incoming: Directorio
    public let rejected: Directorio
    public let publish: Directorio
    public let tmp: Directorio
    let fasesDir: [Fase: Directorio]
    let bloqueo: Bloqueo?
    public let reglas: any ReglasActa
    public let desfaseMinutos: Int
    public let registro: Registro

    /// The phase of every item, by key text (rebuilt from the folders at start).
    var fases = IndiceFases()
    /// Captured items, loaded (their captures decide what comes next).
    var capturadas: [String: ItemCargado] = [:]
    /// Actas in quarantine (`Cuarentena`), by key text: why, in one line.
    var cuarentena: [String: String] = [:]
    var secuencia = 0

    /// The folder of a phase.
    public func carpeta(_ f: Fase) -> Directorio {
        // Every phase is opened in `abrir`; the dictionary is total.
        fasesDir[f] ?? tmp
    }

    init(raiz: String, carpetaRaiz: Directorio, carpetas: [String: Directorio], bloqueo: Bloqueo?,
         reglas: any ReglasActa, desfaseMinutos: Int, registro: Registro) throws(FalloSpool) {
        func d(_ n: String) throws(FalloSpool) -> Directorio {
            guard let x = carpetas[n] else { throw FalloSpool("internal: folder \(n) not opened") }
            return x
        }
        self.raiz = raiz
        self.carpetaRaiz = carpetaRaiz
        incoming = try d(Disposicion.incoming)
        rejected = try d(Disposicion.rejected)
        publish = try d(Disposicion.publish)
        tmp = try d(Disposicion.tmp)
        var f: [Fase: Directorio] = [:]
        for fase in Fase.allCases { f[fase] = try d(fase.carpeta) }
        fasesDir = f
        self.bloqueo = bloqueo
        self.reglas = reglas
        self.desfaseMinutos = desfaseMinutos
        self.registro = registro
    }

    /// Opens the spool at `raiz`: with `crear`, creates it and its folders and takes the lock
    /// (the daemon); without, opens what is there (readers). Refuses folders on different file
    /// systems.
    public static func abrir(raiz: String, crear: Bool, reglas: any ReglasActa, desfaseMinutos: Int,
                             registro: Registro) throws(FalloSpool) -> Spool {
        do {
            if crear { try Directorio.cwdCrear(raiz) }
            // The root is the operator's path: a symbolic link to it (another disk) is followed.
            let r = try Directorio.abrir(raiz, seguirEnlace: true)
            var bloqueo: Bloqueo?
            if crear {
                do { bloqueo = try Bloqueo.tomar(NombreArchivo(Disposicion.lock), en: r) } catch {
                    throw FalloSpool("refusing to start: \(error)")
                }
            }
            var carpetas: [String: Directorio] = [:]
            let dispositivo = try r.estadoPropio().dispositivo
            for c in Disposicion.carpetas {
                let propia = c != Disposicion.incoming
                if crear { try r.crearCarpeta(NombreArchivo(c), permisos: propia ? Spool.permisosCarpeta : 0o755, aunqueExista: true) }
                let d = try r.abrir(sub: NombreArchivo(c), seguirEnlace: true)
                let e = try d.estadoPropio()
                guard e.dispositivo == dispositivo, !(try r.esRaizDeMontaje(NombreArchivo(c))) else {
                    throw FalloSpool("refusing to start: \(raiz)/\(c) is on another file system or mount than \(raiz); every spool folder must be on one mount so that moves are atomic renames")
                }
                if crear, propia { try Spool.cerrarCarpeta(d, e, registro: registro) }
                carpetas[c] = d
            }
            return try Spool(raiz: raiz, carpetaRaiz: r, carpetas: carpetas, bloqueo: bloqueo, reglas: reglas,
                             desfaseMinutos: desfaseMinutos, registro: registro)
        } catch let e as FalloSpool {
            throw e
        } catch let e as ErrorSistema {
            throw FalloSpool("spool \(raiz): \(e)")
        } catch {
            throw FalloSpool("spool \(raiz): \(error)")
        }
    }

    /// The mode of the daemon's own folders (every one but `incoming/`): its user, and the
    /// operators' group reading; nothing for others, so no writer reaches an item by path.
    static let permisosCarpeta: UInt32 = 0o750

    /// Gives a folder of the daemon's own that it owns exactly `permisosCarpeta` (a setgid bit,
    /// which hands the root's group down, is kept), whatever the umask made it or an older
    /// version left; a folder that was open to more is named in a warning.
    static func cerrarCarpeta(_ d: Directorio, _ e: Estado, registro: Registro) throws(ErrorSistema) {
        let modo = e.permisos & 0o777
        guard e.propietario == Identidad.usuario, modo != permisosCarpeta else { return }
        try d.fijarPermisos(permisosCarpeta | (e.permisos & 0o2000))
        if modo & ~permisosCarpeta != 0 {
            registro.aviso("warning", "\(d.ruta): was mode 0\(String(modo, radix: 8)); set to 0750 so that no writer reaches past incoming/")
        }
    }

    /// Now, at the configured offset, whole seconds.
    func ahora() -> MarcaTiempo { marca(Reloj.realNs()) }

    func marca(_ ns: Int64) -> MarcaTiempo {
        MarcaTiempo(segundosUnix: ns / 1_000_000_000, desfaseMinutos: desfaseMinutos)
    }

    /// A fresh scratch name under `tmp/` for `base`.
    func nombreTemporal(_ base: String) -> NombreArchivo {
        secuencia += 1
        return NombreArchivo("\(base).\(secuencia)")
    }
}

extension EstadoItem {
    /// The `estado` file of the open item folder `d` (`fase/clave`, named in the error).
    static func leer(de d: Directorio, _ fase: Fase, _ clave: String) throws(FalloSpool) -> EstadoItem {
        do {
            return try EstadoItem.decodificar(try d.leer("estado", maximo: EstadoItem.maximoBytes))
        } catch let e as ErrorSistema {
            throw FalloSpool(e)
        } catch {
            throw FalloSpool("\(fase.carpeta)/\(clave)/estado: \(error)")
        }
    }
}

extension Directorio {
    /// `mkdir` of a root path relative to the working directory (existing is fine; parents must exist).
    static func cwdCrear(_ ruta: String) throws(ErrorSistema) {
        let base = Directorio(fd: .cwd, ruta: ".")
        try base.crearCarpeta(NombreArchivo(ruta), aunqueExista: true)
    }
}
