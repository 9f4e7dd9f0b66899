import PrepDominio
import PrepSistema

/// What `publish/` takes on disk and what its file system has left, for `prep status`, its
/// `--check` and the metrics. Bytes are allocated blocks, each inode once across the whole
/// folder (`OcupacionCompartida`): a file hard-linked from one corte into the next counts once,
/// in the first folder measured (cortes/, then imagenes/, capturas/, the rest of publish/).
public struct DiscoPublicacion: Sendable, Equatable {
    /// Corte folders in `cortes/` (hidden ones, being built, not counted), and how many of them
    /// retention reduced (`keep_cortes`).
    public var cortes = 0
    public var reducidos = 0
    public var bytesCortes = 0
    /// `imagenes/`, `capturas/` and all of `publish/`: nil when not measured (`todo` false: one
    /// `stat` per image is about 2 s for a national night's 515,721 images).
    public var bytesImagenes: Int?
    public var bytesCapturas: Int?
    public var bytesPublish: Int?
    /// The corte `latest` names, measured alone (every file it holds, shared or not): what one
    /// more corte like it can take at most.
    public var bytesUltimo = 0
    public var espacio = EspacioDisco(libres: 0, total: 0)

    /// Below room for this many more cortes the size of the last, `prep status --check` warns
    /// (six hours at the default 15 minutes: time to raise the alarm and act) …
    public static let cortesAviso = 24
    /// … and is critical (an hour: the next cortes may fail for want of space).
    public static let cortesCritico = 4

    public init() {}

    /// How many more cortes the size of the last fit in the free space (nil before the first).
    public var cortesQueCaben: Int? { bytesUltimo > 0 ? espacio.libres / bytesUltimo : nil }

    /// Measures the `publish/` folder `p` (opened), whose `latest` names `ultimo` (nil: none);
    /// `imagenes/` and `capturas/` only with `todo`.
    public static func medir(_ p: Directorio, ultimo: String?, todo: Bool = true) throws(ErrorSistema) -> DiscoPublicacion {
        var d = DiscoPublicacion()
        d.espacio = try EspacioDisco.de(p.ruta)
        if let ultimo {
            var solo = OcupacionCompartida()
            d.bytesUltimo = (try? solo.sumar(NombreArchivo(DisposicionCorte.cortes + "/" + ultimo), en: p)) ?? 0
        }
        var o = OcupacionCompartida()
        if let cortes = try? p.abrir(sub: NombreArchivo(DisposicionCorte.cortes)) {
            defer { cortes.cerrar() }
            for e in try cortes.listar() where e.nombre.bytes.first != 46 {
                d.cortes += 1
                if cortes.existe(NombreArchivo(e.nombre.description + "/" + DisposicionCorte.marcaRetencion)) { d.reducidos += 1 }
            }
        }
        func sumar(_ nombre: String) throws(ErrorSistema) -> Int {
            guard p.existe(NombreArchivo(nombre)) else { return 0 }
            return try o.sumar(NombreArchivo(nombre), en: p)
        }
        d.bytesCortes = try sumar(DisposicionCorte.cortes)
        guard todo else { return d }
        let imagenes = try sumar(DisposicionCorte.imagenes), capturas = try sumar(DisposicionCorte.capturas)
        d.bytesImagenes = imagenes
        d.bytesCapturas = capturas
        d.bytesPublish = try d.bytesCortes + imagenes + capturas + o.sumar(NombreArchivo("."), en: p)
        return d
    }

    /// `1.9 GB` (decimal units, as `df -H`).
    public static func legible(_ b: Int) -> String {
        let unidades = ["bytes", "kB", "MB", "GB", "TB"]
        var v = Double(b), i = 0
        while v >= 1000, i < unidades.count - 1 {
            v /= 1000
            i += 1
        }
        return i == 0 ? "\(b) bytes" : String((v * 10).rounded() / 10) + " " + unidades[i]
    }

    /// The status report's line.
    public var texto: String {
        var t = "publish/ " + (bytesPublish.map { Self.legible($0) + " on disk: " } ?? "on disk: ")
            + "cortes \(Self.legible(bytesCortes)) (\(cortes) cortes, \(reducidos) reduced by retention)"
        if let i = bytesImagenes, let c = bytesCapturas { t += ", imagenes \(Self.legible(i)), capturas \(Self.legible(c))" }
        t += "; \(Self.legible(espacio.libres)) free of \(Self.legible(espacio.total))"
        if let n = cortesQueCaben { t += ": room for \(n) more cortes the size of the last (\(Self.legible(bytesUltimo)))" }
        return t
    }

    public var json: ValorJSON {
        .ordenado([
            "captures_bytes": bytesCapturas.map { .entero($0) } ?? .nulo,
            "cortes": .entero(cortes),
            "cortes_bytes": .entero(bytesCortes),
            "free_bytes": .entero(espacio.libres),
            "images_bytes": bytesImagenes.map { .entero($0) } ?? .nulo,
            "last_corte_bytes": .entero(bytesUltimo),
            "publish_bytes": bytesPublish.map { .entero($0) } ?? .nulo,
            "reduced_cortes": .entero(reducidos),
            "room_for_cortes": cortesQueCaben.map { .entero($0) } ?? .nulo,
            "size_bytes": .entero(espacio.total),
        ])
    }
}
