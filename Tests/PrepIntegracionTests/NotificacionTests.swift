import Foundation
import Glibc
import PrepPruebas
import Testing

/// A fake service manager: a Unix datagram socket the daemon is told about through `NOTIFY_SOCKET`,
/// read as systemd would read it (sd_notify(3)).
final class SocketNotificacion {
    let ruta: String
    let fd: Int32

    init(_ ruta: String) throws {
        self.ruta = ruta
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var a = sockaddr_un()
        a.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &a.sun_path) { b in
            for (i, c) in ruta.utf8.enumerated() { b[i] = c }
        }
        let r = withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, r == 0 else { throw POSIXError(.EADDRINUSE) }
        // Reads time out, so a daemon that never notifies fails the test instead of hanging it.
        var t = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &t, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
        unlink(ruta)
    }

    /// Every datagram received until `condicion` holds on all of them, or `segundos` pass.
    var recibidos: [String] = []
    func esperar(_ segundos: Double = 20, _ condicion: ([String]) -> Bool) -> Bool {
        let fin = Date().addingTimeInterval(segundos)
        var b = [UInt8](repeating: 0, count: 4096)
        while Date() < fin, !condicion(recibidos) {
            let n = b.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { recibidos.append(String(decoding: b[0..<n], as: UTF8.self)) }
        }
        return condicion(recibidos)
    }
}

@Suite(.enHiloPropio) struct NotificacionTests {
    /// READY=1 after recovery and the first corte, STATUS= lines, WATCHDOG=1 at half the
    /// watchdog period, RELOADING=1/READY=1 around SIGHUP, STOPPING=1 on SIGTERM.
    @Test func protocoloSdNotify() throws {
        let s = try SpoolPrueba("notify", configExtra: "corte_interval = 20m\n")
        let sock = try SocketNotificacion(s.dir + "/notify.sock")
        try s.iniciar(verbose: false, entorno: ["NOTIFY_SOCKET": sock.ruta, "WATCHDOG_USEC": "400000"])
        #expect(sock.esperar { $0.contains { $0.hasPrefix("READY=1\n") } }, "\(sock.recibidos) \(s.textoLog)")
        let listo = sock.recibidos.first { $0.hasPrefix("READY=1\n") } ?? ""
        #expect(listo.contains("STATUS=0 captured, 0 verified, 0 packaged, 0 files in incoming/; last corte 000001_"), "\(listo)")
        // The corte at start is already made when READY=1 is sent.
        #expect(s.existe("publish/latest"))
        #expect(sock.esperar { $0.filter { $0 == "WATCHDOG=1" }.count >= 3 }, "\(sock.recibidos)")

        // An acta verified: the status says so.
        _ = try PublishTests.soltarActa(s, 0)
        #expect(sock.esperar { $0.contains { $0.hasPrefix("STATUS=0 captured, 1 verified,") } }, "\(sock.recibidos)")

        guard let pid = s.pid else { return }
        kill(pid, SIGHUP)
        #expect(sock.esperar { $0.contains { $0.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") } }, "\(sock.recibidos)")
        #expect(sock.esperar { $0.filter { $0.hasPrefix("READY=1\n") }.count == 2 }, "\(sock.recibidos)")
        #expect(s.detener() == 0)
        #expect(sock.esperar(5) { $0.contains { $0.hasPrefix("STOPPING=1") } }, "\(sock.recibidos)")
    }

    /// The unit passes systemd's own checker (with ExecStart pointed at the built binary, as
    /// tools/install.sh does for its prefix).
    @Test func unidadVerificada() throws {
        let dir = NSTemporaryDirectory() + "prep-unidad-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let texto = try String(contentsOfFile: SpoolPrueba.raizRepo + "/etc/prep.service", encoding: .utf8)
        #expect(texto.contains("ExecStart=/usr/local/bin/prep run --config /etc/prep/prep.conf"))
        try texto.replacingOccurrences(of: "/usr/local/bin/prep", with: Binario.ruta)
            .write(toFile: dir + "/prep.service", atomically: true, encoding: .utf8)
        // Its Documentation= names the shipped manual pages: found through MANPATH, as installed.
        var entorno = ProcessInfo.processInfo.environment
        entorno["MANPATH"] = SpoolPrueba.raizRepo + "/man"
        let r = try Ejecucion.ejecutar("/usr/bin/systemd-analyze", ["verify", dir + "/prep.service"], entorno: entorno)
        #expect(r.estado == 0 && r.todo.isEmpty, "\(r.todo)")
        for clave in ["Type=notify", "WatchdogSec=", "ExecReload=/bin/kill -HUP $MAINPID", "User=prep", "ProtectSystem=strict",
                      "ReadWritePaths=/var/lib/prep", "NoNewPrivileges=true", "PrivateTmp=true"] {
            #expect(texto.contains(clave), "\(clave)")
        }
    }
}
