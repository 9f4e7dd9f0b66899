import Foundation
import PrepPruebas
import Glibc
import Testing

/// At least 25 kinds of bad drop: each ends in rejected/ beside its reason, the daemon stays up
/// and keeps processing good drops, and nothing outside the spool is read or moved.
@Suite(.serialized, .enHiloPropio) struct EntradaMalaTests {
    @Test func veintiCincoClasesDeMalaEntrada() throws {
        // As uid 65534 when the tests run as root, so that "a file the daemon may not read" bites.
        let s = try SpoolPrueba("malas", configExtra: "max_image_size = 100K\n", comoNadie: true)
        try s.iniciar()
        #expect(s.esperar { s.textoLog.contains(" ready ") }, "\(s.textoLog)")
        let a = SpoolPrueba.actas(3, desde: 40)
        let k = a[0].clave.texto, k2 = a[1].clave.texto
        let cap = String(decoding: SpoolPrueba.captura(a[0], "mal"), as: UTF8.self)
        func c(_ op: String) -> String { "\(k).captura.\(op).json" }
        func variante(_ de: String, _ a: String) -> [UInt8] { Array(cap.replacingOccurrences(of: de, with: a).utf8) }

        // Files outside the spool that must stay untouched.
        let fuera = s.dir + "/fuera.jpg"
        let bytesFuera = SpoolPrueba.imagen(99)
        try Data(bytesFuera).write(to: URL(fileURLWithPath: fuera))
        let passwdAntes = try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd"))

        // (name under incoming/, content or nil for special files, subfolder)
        var malos: [(String, [UInt8])] = [
            ("hello.txt", Array("hi".utf8)),                                        // 1 unknown name
            ("09001B0100-JG.jpg", SpoolPrueba.imagen(1)),                           // 2 key grammar
            ("\(k).gif", SpoolPrueba.imagen(2)),                                    // 3 unknown extension
            ("\(k).captura.CAP!.json", Array(cap.utf8)),                            // 4 bad operator
            ("\(k).jpg.bak", SpoolPrueba.imagen(3)),                                // 5 unknown suffix
            ("\(k)..jpg", SpoolPrueba.imagen(4)),                                   // 6 `..` in the name
            ("\(k) copy.jpg", SpoolPrueba.imagen(5)),                               // 7 spaces
            ("\(k)\n.jpg", SpoolPrueba.imagen(6)),                                  // 8 newline
            ("\(k.lowercased()).jpg", SpoolPrueba.imagen(7)),                        // 9 lowercase key
            ("\(k).jpg", Array("this is not a jpeg".utf8)),                        // 10 not an image
            ("\(k2).png", SpoolPrueba.imagen(8)),                                   // 11 JPEG bytes as .png
            ("\(a[2].clave.texto).jpg", []),                                         // 12 empty file
            ("\(k2).jpg", SpoolPrueba.imagen(9, tamano: 200 * 1024)),               // 13 oversized image
            (c("trunc"), Array(variante("\"mal\"", "\"trunc\"").prefix(60))),        // 14 truncated JSON
            (c("grande"), Array(repeating: 32, count: 10 << 20)),                    // 15 a 10 MB JSON
            (c("tipos"), variante("\"NULOS\": 3", "\"NULOS\": \"tres\"")),          // 16 wrong type
            (c("neg"), variante("\"NULOS\": 3", "\"NULOS\": -3")),                  // 17 negative figure
            (c("falta"), variante("\"NULOS\": 3", "\"NULOS_X\": 3")),               // 18 missing + unknown column
            (c("extra"), variante("\"NULOS\": 3", "\"NULOS\": 3, \"PARTIDO_X\": 1")),// 19 unknown column
            (c("otra"), variante("\"acta\": \"\(k)\"", "\"acta\": \"\(k2)\"")),       // 20 acta differs from name
            (c("oper"), Array(cap.utf8)),                                            // 21 operador differs from name
            (c("version"), variante("\"version\": 1", "\"version\": 2")),           // 22 wrong version
            (c("arreglo"), Array("[1,2,3]".utf8)),                                   // 23 not an object
            ("\(k2).sinacta.json", Array(#"{"version":1,"acta":"\#(k2)","operador":"x","causa":"lluvia"}"#.utf8)), // 24 bad causa
            (c("sinnada"), Array("{}".utf8)),                                        // 25 empty object
        ]
        for (n, b) in malos where !b.isEmpty || n.hasSuffix(".jpg") {
            try s.soltar(n, b)
        }
        let inc = s.spool + "/incoming/"
        // 26 non-UTF-8 name
        let noUTF8: [UInt8] = Array("\(k)-".utf8) + [0xFF, 0xFE] + Array(".jpg".utf8)
        var ruta = Array(inc.utf8) + noUTF8 + [0]
        let fd = ruta.withUnsafeMutableBufferPointer { p in p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_WRONLY | O_CREAT, 0o644) } }
        #expect(fd >= 0)
        _ = write(fd, "x", 1); close(fd)
        // 27 symbolic link to /etc/passwd, 28 hard link to a file outside, 29 FIFO,
        // 30 a file the daemon may not read, 31 a folder nested two levels deep.
        #expect(symlink("/etc/passwd", inc + "\(a[2].clave.texto).png") == 0)
        #expect(link(fuera, inc + "\(a[2].clave.texto).tif") == 0)
        #expect(mkfifo(inc + "\(a[2].clave.texto).pdf", 0o644) == 0)
        try Data(SpoolPrueba.imagen(12)).write(to: URL(fileURLWithPath: inc + "\(a[2].clave.texto).jpeg"))
        chmod(inc + "\(a[2].clave.texto).jpeg", 0)
        try FileManager.default.createDirectory(atPath: inc + "catd-01/profunda", withIntermediateDirectories: true)
        try Data(SpoolPrueba.imagen(13)).write(to: URL(fileURLWithPath: inc + "catd-01/profunda/\(k).jpg"))
        if getuid() == 0 {
            // The writer is the daemon's user (a folder may only be moved by someone who may write it).
            chown(inc + "catd-01", 65534, 65534)
            chown(inc + "catd-01/profunda", 65534, 65534)
        }
        malos.append(contentsOf: [("noutf8", []), ("symlink", []), ("hardlink", []), ("fifo", []), ("unreadable", []), ("nested", [])])
        let esperados = malos.count - 1 + 1  // every bad drop; the .jpg with no content is the empty file (12)

        // Meanwhile a good acta still goes through.
        let b = SpoolPrueba.actas(1, desde: 60)[0]
        try s.soltar("\(b.clave.texto).jpg", SpoolPrueba.imagen(50))
        try s.soltar("\(b.clave.texto).captura.uno.json", SpoolPrueba.captura(b, "uno"))
        try s.soltar("\(b.clave.texto).captura.dos.json", SpoolPrueba.captura(b, "dos"))

        let razones = { s.listar("rejected").filter { $0.hasSuffix(".reason") } }
        #expect(s.esperar(30) { razones().count >= esperados && s.existe("verified/\(b.clave.texto)") },
                "\(razones().count) of \(esperados) rejected\n\(s.textoLog)")
        #expect(s.vivo)
        #expect(s.listar("incoming").filter { $0 != "catd-01" }.isEmpty, "\(s.listar("incoming"))")
        #expect(s.listar("incoming/catd-01").isEmpty)
        // Checked on raw bytes: one name is not UTF-8.
        let crudos = SpoolPrueba.nombresCrudos(s.spool + "/rejected")
        let sufijo = Array(".reason".utf8)
        var todo = ""
        for r in crudos where r.count > 7 && Array(r.suffix(7)) == sufijo {
            let texto = String(decoding: SpoolPrueba.leerCrudo(s.spool + "/rejected/", r), as: UTF8.self)
            #expect(texto.hasSuffix("\n") && texto.dropLast().split(separator: "\n").count == 1, "\(texto)")
            #expect(crudos.contains(Array(r.dropLast(7))), "\(texto): no drop beside its reason")
            todo += texto
        }
        // Nothing outside the spool moved or changed; the link was moved as a link.
        #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd")) == passwdAntes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fuera)) == Data(bytesFuera))
        let enlace = s.listar("rejected").first { $0.hasSuffix("\(a[2].clave.texto).png") } ?? "-"
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: s.spool + "/rejected/" + enlace)) == "/etc/passwd")
        #expect(s.detener() == 0)
    }
}
