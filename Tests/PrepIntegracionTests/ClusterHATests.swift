import Foundation
import Glibc
import PrepPruebas
import Testing

/// The shipped two-site cluster files (etc/ha/, docs/ha.md) pass the engines' own offline
/// checkers: `drbdadm` parses the DRBD resource as each node, `corosync -t` reads corosync.conf
/// on a node with that node's addresses (a network namespace), `crm_verify` checks the CIB, and
/// Pacemaker's scheduler (`crm_simulate`) places the group and moves it on a failure as
/// docs/ha.md says. A missing checker fails, naming the Debian package.
@Suite(.serialized, .enHiloPropio) struct ClusterHATests {
    static let ha = SpoolPrueba.raizRepo + "/etc/ha"

    /// The checker's path, or a failure naming the package that brings it.
    static func herramienta(_ nombre: String, paquete: String) -> String? {
        for d in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] where access(d + "/" + nombre, X_OK) == 0 { return d + "/" + nombre }
        Issue.record("\(nombre) is missing: apt-get install \(paquete) (.ci/run installs it); the cluster files cannot be checked without it")
        return nil
    }

    /// `programa ARGS…` as host `host` (its own UTS namespace; with `direcciones`, its own network
    /// namespace with those addresses on its loopback).
    static func comoNodo(_ host: String, direcciones: [String] = [], _ programa: String, _ args: [String]) throws -> Ejecucion.Salida {
        var guion = "hostname \"$0\" && "
        if !direcciones.isEmpty {
            guion += "ip link set lo up && " + direcciones.map { "ip addr add \($0)/24 dev lo && " }.joined()
        }
        let opciones = direcciones.isEmpty ? ["--uts"] : ["--uts", "--net"]
        return try Ejecucion.ejecutar("/usr/bin/unshare", opciones + ["/bin/sh", "-c", guion + "exec \"$@\"", host, programa] + args)
    }

    @Test func drbdadmLeeElRecursoEnCadaNodo() throws {
        guard let drbdadm = Self.herramienta("drbdadm", paquete: "drbd-utils") else { return }
        for nodo in ["prep-a", "prep-b"] {
            // --dry-run up: the whole parse and the commands it would run on that node.
            let r = try Self.comoNodo(nodo, drbdadm, ["-c", Self.ha + "/prep.res", "--dry-run", "up", "prep"])
            #expect(r.estado == 0, "\(nodo): \(r.todo)")
            #expect(r.stdout.contains("--protocol=C"), "\(r.stdout)")
            #expect(r.stdout.contains("--fencing=resource-and-stonith"), "\(r.stdout)")
            #expect(r.stdout.contains("--on-io-error=detach"), "\(r.stdout)")
        }
        // The checker bites: a resource that is not protocol C is refused.
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let malo = try String(contentsOfFile: Self.ha + "/prep.res", encoding: .utf8).replacingOccurrences(of: "protocol C;", with: "protocol D;")
        try malo.write(toFile: t + "/prep.res", atomically: true, encoding: .utf8)
        let r = try Self.comoNodo("prep-a", drbdadm, ["-c", t + "/prep.res", "--dry-run", "up", "prep"])
        #expect(r.estado != 0 && r.stderr.contains("protocol"), "\(r.todo)")
    }

    @Test func corosyncLeeSuConfiguracionEnCadaNodo() throws {
        guard let corosync = Self.herramienta("corosync", paquete: "corosync") else { return }
        guard Self.herramienta("ip", paquete: "iproute2") != nil else { return }
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        // The shipped file with its authkey in the test's folder (corosync -t opens it).
        let texto = try String(contentsOfFile: Self.ha + "/corosync.conf", encoding: .utf8)
        #expect(texto.contains("keyfile: /etc/corosync/authkey"))
        try texto.replacingOccurrences(of: "keyfile: /etc/corosync/authkey", with: "keyfile: \(t)/authkey")
            .write(toFile: t + "/corosync.conf", atomically: true, encoding: .utf8)
        try Data((0..<256).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: t + "/authkey"))
        chmod(t + "/authkey", 0o400)
        for (nodo, direcciones) in [("prep-a", ["10.0.0.1", "192.168.50.1"]), ("prep-b", ["10.0.0.2", "192.168.50.2"])] {
            let r = try Self.comoNodo(nodo, direcciones: direcciones, corosync, ["-t", "-c", t + "/corosync.conf"])
            #expect(r.estado == 0, "\(nodo): \(r.todo)")
        }
        for clave in ["two_node: 1", "wait_for_all: 1", "crypto_cipher: aes256", "ring1_addr"] { #expect(texto.contains(clave), "\(clave)") }
    }

    /// The shipped CIB with a cluster state: both nodes up, DRBD UpToDate on both (the promotion
    /// score its agent sets), as the scheduler would see it once the cluster runs.
    static func cibConEstado(_ t: String) throws -> String {
        let estado = [(1, "prep-a"), (2, "prep-b")].map { (id, n) in
            "<node_state id=\"\(id)\" uname=\"\(n)\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">"
                + "<transient_attributes id=\"\(id)\"><instance_attributes id=\"status-\(id)\">"
                + "<nvpair id=\"status-\(id)-promo\" name=\"master-drbd-prep\" value=\"10000\"/>"
                + "</instance_attributes></transient_attributes></node_state>"
        }.joined()
        let texto = try String(contentsOfFile: Self.ha + "/cib.xml", encoding: .utf8)
        #expect(texto.contains("<status/>") && texto.contains("admin_epoch=\"0\">"))
        let ruta = t + "/cib.xml"
        try texto.replacingOccurrences(of: "<status/>", with: "<status>" + estado + "</status>")
            .replacingOccurrences(of: "admin_epoch=\"0\">", with: "admin_epoch=\"0\" have-quorum=\"1\">")
            .write(toFile: ruta, atomically: true, encoding: .utf8)
        return ruta
    }

    @Test func crmVerifyYElPlanificadorDePacemaker() throws {
        guard let verify = Self.herramienta("crm_verify", paquete: "pacemaker-cli-utils"),
              let simular = Self.herramienta("crm_simulate", paquete: "pacemaker-cli-utils") else { return }
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let cib = try Self.cibConEstado(t)
        let v = try Ejecucion.ejecutar(verify, ["-V", "-x", cib])
        #expect(v.estado == 0 && v.todo.isEmpty, "\(v.todo)")

        // Start: DRBD promoted on one node, the group there, fencing of each node on the other.
        let arranque = try Ejecucion.ejecutar(simular, ["-x", cib, "-S", "-O", t + "/arriba.xml"])
        #expect(arranque.estado == 0, "\(arranque.todo)")
        let revisado = arranque.stdout.components(separatedBy: "Revised Cluster Status:").last ?? ""
        #expect(revisado.contains("Promoted: [ prep-a ]"), "\(revisado)")
        for r in ["prep-fs", "prep-ip", "prep-daemon"] {
            #expect(revisado.split(separator: "\n").contains { $0.contains(r) && $0.contains("Started prep-a") }, "\(r): \(revisado)")
        }
        #expect(revisado.split(separator: "\n").contains { $0.contains("fence-prep-a") && $0.contains("Started prep-b") })

        // prep-a loses power: it is fenced before anything starts on prep-b, then DRBD is
        // promoted there and the group follows.
        let caida = try Ejecucion.ejecutar(simular, ["-x", t + "/arriba.xml", "--node-fail", "prep-a", "-S"])
        #expect(caida.estado == 0, "\(caida.todo)")
        let pasos = caida.stdout.components(separatedBy: "Executing Cluster Transition:").last?
            .components(separatedBy: "Revised Cluster Status:").first?.split(separator: "\n").map(String.init) ?? []
        let fence = pasos.firstIndex { $0.contains("Fencing prep-a") }
        let promocion = pasos.firstIndex { $0.contains("promote on prep-b") }
        let inicio = pasos.firstIndex { $0.contains("prep-daemon") && $0.contains("start on prep-b") }
        #expect(fence != nil && promocion != nil && inicio != nil, "\(pasos)")
        if let fence, let promocion, let inicio { #expect(fence < promocion && promocion < inicio, "\(pasos)") }
        let despues = caida.stdout.components(separatedBy: "Revised Cluster Status:").last ?? ""
        #expect(despues.contains("Promoted: [ prep-b ]") && despues.split(separator: "\n").contains { $0.contains("prep-daemon") && $0.contains("Started prep-b") }, "\(despues)")

        // The daemon alone fails (its monitor finds it stopped): restarted in place, no move.
        let crash = try Ejecucion.ejecutar(simular, ["-x", t + "/arriba.xml", "-i", "prep-daemon_monitor_15000@prep-a=7", "-S"])
        #expect(crash.estado == 0, "\(crash.todo)")
        let resumen = crash.stdout.components(separatedBy: "Transition Summary:").last?.components(separatedBy: "Executing").first ?? ""
        #expect(resumen.contains("prep-daemon") && resumen.contains("Recover") && !resumen.contains("Move"), "\(resumen)")
        #expect(!resumen.contains("Fence"), "\(resumen)")
    }

    /// The unit's drop-in for the cluster passes systemd's checker with the shipped unit.
    @Test func elDropInDeLaUnidadVerifica() throws {
        guard let analizar = Self.herramienta("systemd-analyze", paquete: "systemd") else { return }
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        let unidad = try String(contentsOfFile: SpoolPrueba.raizRepo + "/etc/prep.service", encoding: .utf8)
        try unidad.replacingOccurrences(of: "/usr/local/bin/prep", with: Binario.ruta).write(toFile: t + "/prep.service", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: t + "/prep.service.d", withIntermediateDirectories: true)
        let dropIn = try String(contentsOfFile: Self.ha + "/prep.service.d/ha.conf", encoding: .utf8)
        try dropIn.replacingOccurrences(of: "/usr/local/bin/prep", with: Binario.ruta).write(toFile: t + "/prep.service.d/ha.conf", atomically: true, encoding: .utf8)
        var entorno = ProcessInfo.processInfo.environment
        entorno["MANPATH"] = SpoolPrueba.raizRepo + "/man"
        entorno["SYSTEMD_UNIT_PATH"] = t + ":"
        let r = try Ejecucion.ejecutar(analizar, ["verify", t + "/prep.service"], entorno: entorno)
        #expect(r.estado == 0 && r.todo.isEmpty, "\(r.todo)")
        for clave in ["Restart=no", "RequiresMountsFor=/srv/prep", "ExecStart=\n", "--config /srv/prep/etc/prep.conf", "ReadWritePaths=/srv/prep"] {
            #expect(dropIn.contains(clave), "\(clave)")
        }
    }
}

extension ClusterHATests {
    /// The cluster's prep.conf (on the DRBD volume) is one the daemon reads: laid out as
    /// docs/ha.md says, `prep catalog` parses it whole (a bad key would stop it with file:line).
    @Test func laConfiguracionDelVolumenSeLee() throws {
        let t = CortesTests.temporal()
        defer { try? FileManager.default.removeItem(atPath: t) }
        try FileManager.default.createDirectory(atPath: t + "/etc", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.ha + "/prep.conf", toPath: t + "/etc/prep.conf")
        try FileManager.default.copyItem(atPath: SpoolPrueba.rutaCatalogo, toPath: t + "/etc/catalogo")
        let r = try Binario.ejecutar(["catalog", "--config", t + "/etc/prep.conf", "--election", "JG"])
        #expect(r.estado == 0 && r.stdout.split(separator: "\n").count > 100, "\(r.stderr)")
        let texto = try String(contentsOfFile: Self.ha + "/prep.conf", encoding: .utf8)
        #expect(texto.contains("signing_key = ../keys/prep.sec") && texto.contains("mode = oficial"))
    }
}
