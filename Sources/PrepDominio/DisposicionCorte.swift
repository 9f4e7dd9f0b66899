/// The names in `publish/` that more than the corte publisher reads: `prep status` and the
/// metrics count the cortes and those reduced by retention from the folders alone.
public enum DisposicionCorte {
    /// `publish/cortes/`: one folder per corte.
    public static let cortes = "cortes"
    /// `publish/imagenes/` and `publish/capturas/`: content-addressed, shared by every corte.
    public static let imagenes = "imagenes"
    public static let capturas = "capturas"
    /// The file retention writes into a corte before it removes anything from it: its presence
    /// says the corte was reduced (not signed: it only explains why listed files are absent).
    public static let marcaRetencion = "RETENCION"
}
