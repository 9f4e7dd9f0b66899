import Foundation
import PrepPruebas

/// Locates and runs the real `prep` binary, built next to the test bundle.
enum Binario {
    /// The `prep` executable in the same build folder as the running tests.
    static var ruta: String {
        let yo = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var carpeta = URL(fileURLWithPath: yo).deletingLastPathComponent()
        // The test binary sits in .../debug/prepPackageTests.xctest; prep sits in .../debug/.
        if carpeta.lastPathComponent.hasSuffix(".xctest") { carpeta.deleteLastPathComponent() }
        return carpeta.appendingPathComponent("prep").path
    }

    typealias Salida = Ejecucion.Salida

    /// Runs `prep ARGS…` to completion and captures its output.
    static func ejecutar(_ args: [String], directorio: String? = nil, entorno: [String: String]? = nil) throws -> Salida {
        try Ejecucion.ejecutar(ruta, args, directorio: directorio, entorno: entorno)
    }
}
