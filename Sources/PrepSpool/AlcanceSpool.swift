import PrepSistema

extension Spool {
    /// Why a writer could reach past `incoming/` in this spool, one reason per folder (empty:
    /// nobody can). A writer owns files in its share of `incoming/` and nothing else, so
    /// everything else must be closed to it whatever its groups: the root may be entered by
    /// anyone (writers reach `incoming/` through it) but written by its owner only, and it
    /// belongs to root or the daemon's user; nobody but the owner may write the daemon's own
    /// folders, nor anyone outside their group enter them (the daemon closes those it owns when
    /// it opens the spool; `docs/spool.md`, "Users and groups"). Writers must not be in the
    /// spool's group: no mode can tell a writer from an operator there.
    public func alcanceDeEscritores() -> [String] {
        let yo = Identidad.usuario
        var razones: [String] = []
        func describir(_ ruta: String, _ e: Estado) -> String {
            "\(ruta) (mode 0\(String(e.permisos & 0o7777, radix: 8)), owner uid \(e.propietario))"
        }
        do {
            let e = try carpetaRaiz.estadoPropio()
            if e.propietario != 0, e.propietario != yo {
                razones.append("\(describir(raiz, e)) belongs to another user than root or the daemon's (uid \(yo))")
            }
            if e.permisos & 0o022 != 0 {
                razones.append("\(describir(raiz, e)) is writable by its group or others: they could replace any folder in it")
            }
        } catch {
            razones.append("\(raiz): \(error)")
        }
        let propias = [tmp, rejected, publish] + Fase.allCases.map { carpeta($0) }
        for d in propias {
            do {
                let e = try d.estadoPropio()
                let ajena = e.propietario != yo ? "; it belongs to another user than the daemon's (uid \(yo)), which cannot close it" : ""
                if e.permisos & 0o022 != 0 {
                    razones.append("\(describir(d.ruta, e)) is writable by its group or others\(ajena)")
                } else if e.permisos & 0o007 != 0 {
                    razones.append("\(describir(d.ruta, e)) can be entered by others\(ajena)")
                }
            } catch {
                razones.append("\(d.ruta): \(error)")
            }
        }
        return razones
    }
}
