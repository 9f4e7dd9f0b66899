import Foundation
import PrepPruebas
import Testing

/// Checks a metrics file as a monitoring team would: Prometheus' own `promtool check metrics`
/// (Debian package `prometheus`; a missing promtool fails the test), then figure by figure
/// against `prep status --json` on the same spool.
enum MetricasPrueba {
    /// `name{labels}` → value, every sample of the file.
    static func leer(_ ruta: String) throws -> [String: Double] {
        var m: [String: Double] = [:]
        for linea in try String(contentsOfFile: ruta, encoding: .utf8).split(separator: "\n") where !linea.hasPrefix("#") {
            guard let espacio = linea.lastIndex(of: " "), let v = Double(linea[linea.index(after: espacio)...]) else { continue }
            m[String(linea[..<espacio])] = v
        }
        return m
    }

    static func comprobar(_ ruta: String, config: String) throws {
        let promtool = try Ejecucion.ejecutar("/bin/sh", ["-c", "command -v promtool >/dev/null || { echo 'promtool missing: apt-get install prometheus' >&2; exit 127; }; promtool check metrics < \"$0\"", ruta])
        #expect(promtool.estado == 0 && promtool.todo.isEmpty, "promtool check metrics: \(promtool.todo)")

        let s = try Binario.ejecutar(["status", "--json", "--config", config])
        try #require(s.estado == 0, "\(s.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])
        let m = try leer(ruta)
        let elecciones = try #require(json["elections"] as? [String: [String: Int]])
        #expect(!elecciones.isEmpty)
        for (eleccion, fases) in elecciones {
            for (fase, n) in fases {
                #expect(m["prep_actas{fase=\"\(fase)\",eleccion=\"\(eleccion)\"}"] == Double(n), "\(eleccion) \(fase)")
            }
        }
        #expect(m["prep_incoming_drops"] == Double(json["incoming"] as? Int ?? -1))
        #expect(m["prep_rejected_drops"] == Double(json["rejected"] as? Int ?? -1))
        #expect(m["prep_discrepancies"] == Double((json["discrepancies"] as? [String])?.count ?? -1))
        #expect(m["prep_waiting_second_capture"] == Double(json["waiting_second_capture"] as? Int ?? -1))
        #expect(m["prep_quarantined_actas"] == Double(json["quarantined"] as? Int ?? -1))
        // The disk: the cortes whole and reduced, as prep status counts them.
        let disco = try #require(json["disk"] as? [String: Any], "\(json)")
        let cortes = disco["cortes"] as? Int ?? -1, reducidos = disco["reduced_cortes"] as? Int ?? -1
        #expect(m["prep_publish_cortes{state=\"reduced\"}"] == Double(reducidos), "\(disco)")
        #expect(m["prep_publish_cortes{state=\"whole\"}"] == Double(cortes - reducidos), "\(disco)")
        #expect((m["prep_publish_filesystem_size_bytes"] ?? 0) > 0 && (m["prep_last_corte_disk_bytes"] ?? 0) > 0)
        let ultimo = try #require(json["last_corte"] as? String)
        #expect(m["prep_last_corte_seq"] == Double(Int(ultimo.prefix(6)) ?? -1))
    }
}
