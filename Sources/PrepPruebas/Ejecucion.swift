import Foundation

/// Runs a program to completion for a test and captures what it wrote: the one process runner
/// of the tests (the `prep` binary, chromium, signify, python).
public enum Ejecucion {
    /// Exit status and the two output streams, decoded as UTF-8.
    public struct Salida: Sendable {
        public let estado: Int32
        public let stdout: String
        public let stderr: String

        /// Standard output then standard error, for messages and for tools that mix the two.
        public var todo: String { stdout + stderr }
    }

    /// Runs `programa ARGS…` in `directorio` (default: the test's), with `entorno` as its whole
    /// environment when given (default: the test's).
    public static func ejecutar(_ programa: String, _ args: [String], directorio: String? = nil,
                                entorno: [String: String]? = nil) throws -> Salida {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: programa)
        p.arguments = args
        if let directorio { p.currentDirectoryURL = URL(fileURLWithPath: directorio) }
        if let entorno { p.environment = entorno }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        // Standard error on a thread of its own: a read that blocks for as long as the child runs
        // must not hold one of Dispatch's few global worker threads (one per core), which the
        // other tests' runs, many at once, would then queue behind.
        let leido = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var datosErr = Data()
        Thread.detachNewThread {
            datosErr = err.fileHandleForReading.readDataToEndOfFile()
            leido.signal()
        }
        let datosOut = out.fileHandleForReading.readDataToEndOfFile()
        leido.wait()
        p.waitUntilExit()
        return Salida(estado: p.terminationStatus, stdout: String(decoding: datosOut, as: UTF8.self),
                      stderr: String(decoding: datosErr, as: UTF8.self))
    }
}
