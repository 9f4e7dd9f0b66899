import Foundation

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

    struct Salida {
        let estado: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `prep ARGS…` to completion and captures its output.
    static func ejecutar(_ args: [String], directorio: String? = nil, entorno: [String: String]? = nil) throws -> Salida {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ruta)
        p.arguments = args
        if let directorio { p.currentDirectoryURL = URL(fileURLWithPath: directorio) }
        if let entorno { p.environment = entorno }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let grupo = DispatchGroup()
        nonisolated(unsafe) var datosErr = Data()
        grupo.enter()
        DispatchQueue.global().async {
            datosErr = err.fileHandleForReading.readDataToEndOfFile()
            grupo.leave()
        }
        let datosOut = out.fileHandleForReading.readDataToEndOfFile()
        grupo.wait()
        p.waitUntilExit()
        return Salida(estado: p.terminationStatus, stdout: String(decoding: datosOut, as: UTF8.self),
                      stderr: String(decoding: datosErr, as: UTF8.self))
    }
}
