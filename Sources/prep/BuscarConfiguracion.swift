import PrepSistema
import PrepServicio
import PrepSpool

/// Where a command finds its configuration when no `--config` is given, in order:
/// `PREP_CONFIG`, `etc/prep.conf` under the current folder (a checkout), the file the installer
/// recorded beside the binary (`PREFIX/share/prep/config`: the path of the prep.conf it installed),
/// and `/etc/prep/prep.conf`. The first that exists is used.
enum BuscarConfiguracion {
    /// A checkout's config, relative to the current folder.
    static let delRepositorio = "etc/prep.conf"
    static let delSistema = "/etc/prep/prep.conf"

    /// The places looked at, in order, each with where it came from.
    static func lugares(prepConfig: String?) -> [(ruta: String, origen: String)] {
        var r: [(String, String)] = []
        if let p = prepConfig, !p.isEmpty { r.append((p, "PREP_CONFIG")) }
        r.append((delRepositorio, "the current folder"))
        if let p = delInstalador() { r.append((p, "the installer's record beside the binary")) }
        r.append((delSistema, "the system default"))
        return r
    }

    /// The config path `tools/install.sh` wrote into `PREFIX/share/prep/config` for the binary it
    /// installed as `PREFIX/bin/prep`; nil for a binary that was not installed.
    static func delInstalador() -> String? {
        guard let exe = try? Directorio.actual.leerEnlace("/proc/self/exe"), let barra = exe.lastIndex(of: "/") else { return nil }
        let registro = String(exe[..<barra]) + "/../share/prep/config"
        guard let bytes = try? Directorio.actual.leerTodo(NombreArchivo(registro)) else { return nil }
        let ruta = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        return ruta.isEmpty ? nil : ruta
    }

    /// The first place that exists; with `PREP_CONFIG` set, only that one (a name given on
    /// purpose never silently falls through to another file).
    static func encontrar(prepConfig: String?) -> String? {
        if let p = prepConfig, !p.isEmpty { return p }
        return lugares(prepConfig: prepConfig).first { Directorio.actual.existe(NombreArchivo($0.ruta)) }?.ruta
    }

    /// One line naming every place looked at.
    static func ninguna(prepConfig: String?) -> String {
        "no configuration found: looked at " + lugares(prepConfig: prepConfig).map { "\($0.ruta) (\($0.origen))" }.joined(separator: ", ")
            + "; give --config FILE or set PREP_CONFIG"
    }
}
