import Foundation
import PrepDominio

/// The shipped CDMX sample catálogo (`etc/catalogo/`, what `prep sample-catalog --scale cdmx`
/// writes), read from the repository through this file's path.
public enum MuestraCDMX {
    public static let carpeta = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("etc/catalogo")

    /// File name → bytes of every catálogo file.
    public static func archivos() throws -> [String: [UInt8]] {
        var a: [String: [UInt8]] = [:]
        for n in CargadorCatalogo.archivos {
            a[n] = Array(try Data(contentsOf: carpeta.appendingPathComponent(n)))
        }
        return a
    }

    public static func catalogo() throws -> Catalogo {
        try CargadorCatalogo.cargar(archivos: archivos()).get()
    }
}
