import PrepDominio

/// The hand-written catálogo the domain and corte tests share: JG by distrito local (distrito 2
/// lacks PT_MORENA) and ALC by demarcación; a básica (LN 600, 10 reps), an especial (1,000
/// ballots) and a básica of distrito 2 (LN 500, 4 reps). A test target declares
/// `enum Fixture: FixturaCatalogo` and gets it as `Fixture.catalogo`, with its helpers.
public protocol FixturaCatalogo {}

extension FixturaCatalogo {
    /// PAN, MORENA, PT_MORENA, NO_REGISTRADAS, NULOS, in that order.
    public static var columnas: [ColumnaVoto] { CatalogoPrueba.columnas }
    public static var catalogo: Catalogo { CatalogoPrueba.pequeno }

    /// A key the test knows is well formed.
    public static func clave(_ s: String) -> ClaveActa {
        guard let k = ClaveActa(s) else { preconditionFailure("test fixture: \(s) is not an acta key") }
        return k
    }

    /// Vote figures for the JG columns; `ptm` nil leaves PT_MORENA out (distrito 2 has no such column).
    public static func votos(_ pan: Cifra, _ morena: Cifra, _ ptm: Cifra?, _ nr: Cifra, _ nulos: Cifra) -> [String: Cifra] {
        var v: [String: Cifra] = ["PAN": pan, "MORENA": morena, "NO_REGISTRADAS": nr, "NULOS": nulos]
        if let ptm { v["PT_MORENA"] = ptm }
        return v
    }
}
