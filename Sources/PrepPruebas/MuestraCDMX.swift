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

    /// The sample as an `ine-2024` catálogo: `proceso.csv` without its PERFIL column (what every
    /// catálogo written before profiles is), for the tests of INE's layout.
    public static func archivosINE() throws -> [String: [UInt8]] {
        var a = try archivos()
        let lineas = String(decoding: a["proceso.csv"] ?? [], as: UTF8.self).split(separator: "\n").map { l in
            l.hasSuffix(",PERFIL") ? String(l.dropLast(",PERFIL".count)) : l.hasSuffix(",iecm-2024") ? String(l.dropLast(",iecm-2024".count)) : String(l)
        }
        a["proceso.csv"] = Array((lineas.joined(separator: "\n") + "\n").utf8)
        return a
    }

    public static func catalogoINE() throws -> Catalogo {
        try CargadorCatalogo.cargar(archivos: archivosINE()).get()
    }

    /// `archivos` (the sample's files, either profile) with only the casillas whose row of
    /// `casillas.csv` (column name → field) `conservar` keeps; the other files as they are. A test
    /// that needs every kind of casilla but not all 13,000 of them builds a corte a tenth the size.
    public static func recortada(_ archivos: [String: [UInt8]], conservar: ([String: Substring]) -> Bool) -> [String: [UInt8]] {
        var a = archivos
        let lineas = String(decoding: a["casillas.csv"] ?? [], as: UTF8.self).split(separator: "\n")
        guard let cabecera = lineas.first else { return a }
        let columnas = cabecera.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let filas = lineas.dropFirst().filter { l in
            conservar(Dictionary(zip(columnas, l.split(separator: ",", omittingEmptySubsequences: false))) { x, _ in x })
        }
        a["casillas.csv"] = Array((([cabecera] + filas).joined(separator: "\n") + "\n").utf8)
        return a
    }
}
