import Foundation
import PrepPublicacion
import Testing

/// Two cortes that publish the same thing made two ways (incrementally and from scratch, or with
/// and without a restart in between): the same files, each with the same bytes, but for the
/// manifest's `generated` time and chain hash (`previous_sha256`, the hash of the corte before,
/// which has its own `generated`), the manifest's line in `SHA256`, and the signature.
public enum CortesIguales {
    /// Every file under `ruta`, as paths relative to it, sorted.
    public static func archivos(_ ruta: String) -> [String] {
        let e = FileManager.default.enumerator(atPath: ruta)
        var r: [String] = []
        while let f = e?.nextObject() as? String {
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: ruta + "/" + f, isDirectory: &dir), !dir.boolValue { r.append(f) }
        }
        return r.sorted()
    }

    /// Records an issue for each difference between `a` and `b`.
    public static func comparar(_ a: CortePublicado, _ b: CortePublicado, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let archivos = archivos(a.ruta)
        #expect(archivos == Self.archivos(b.ruta), sourceLocation: sourceLocation)
        func leer(_ ruta: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: ruta))) }
        func sinReloj(_ bytes: [UInt8]) -> [String] {
            String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
                .filter { !$0.contains("\"generated\"") && !$0.contains("\"previous_sha256\"") && !$0.contains("(manifest.json)") }
        }
        for f in archivos where f != "SHA256.sig" {
            let x = try leer(a.ruta + "/" + f), y = try leer(b.ruta + "/" + f)
            if f == "manifest.json" || f == "SHA256" {
                #expect(sinReloj(x) == sinReloj(y), "\(f) of \(a.nombre)", sourceLocation: sourceLocation)
            } else {
                #expect(x == y, "\(f) of \(a.nombre): \(x.count) bytes, \(y.count) in the other corte", sourceLocation: sourceLocation)
            }
        }
    }
}
