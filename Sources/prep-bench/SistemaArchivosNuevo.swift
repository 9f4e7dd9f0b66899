import Foundation

/// A freshly made ext4 file system mounted on a folder, for one benchmark trial.
///
/// ext4 does not hand out recently freed inodes for a while, so a trial run on the disk where the
/// previous one just deleted a 1 GB spool measures that, not the daemon (runs of the same binary
/// differed by 2×). A loop-mounted image made anew per trial gives every trial the same start.
/// It needs root (mount) and `mkfs.ext4`; `motivoSinMontar` says why not when it cannot.
struct SistemaArchivosNuevo {
    let punto: String
    let imagen: String

    /// Why fresh file systems cannot be made here (nil: they can).
    static var motivoSinMontar: String? {
        if getuid() != 0 { return "not root: mount(8) needs it" }
        for h in ["/usr/sbin/mkfs.ext4", "/usr/bin/mount", "/usr/bin/umount"] where !FileManager.default.isExecutableFile(atPath: h) {
            return "\(h) is missing (e2fsprogs, mount)"
        }
        return nil
    }

    /// Makes a `gigas` GB sparse image beside `punto`, formats it and mounts it on `punto`.
    static func montar(en punto: String, gigas: Int) throws -> SistemaArchivosNuevo {
        let imagen = punto + ".ext4"
        try? FileManager.default.removeItem(atPath: imagen)
        try FileManager.default.createDirectory(atPath: punto, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: imagen, contents: nil),
              truncate(imagen, off_t(gigas) << 30) == 0 else {
            throw ErrorBanco("cannot make the image \(imagen)")
        }
        try ejecutarHerramienta("/usr/sbin/mkfs.ext4", ["-q", "-F", imagen])
        try ejecutarHerramienta("/usr/bin/mount", ["-o", "loop", imagen, punto])
        return SistemaArchivosNuevo(punto: punto, imagen: imagen)
    }

    /// Unmounts it and removes the image.
    func desmontar() {
        _ = try? Self.ejecutarHerramienta("/usr/bin/umount", [punto])
        try? FileManager.default.removeItem(atPath: imagen)
        try? FileManager.default.removeItem(atPath: punto)
    }

    private static func ejecutarHerramienta(_ h: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: h)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ErrorBanco("\(h) \(args.joined(separator: " ")) exited \(p.terminationStatus)") }
    }
}

/// The median of `xs` (not empty), and its lowest and highest.
func medianaYRango(_ xs: [Double]) -> (mediana: Double, minimo: Double, maximo: Double) {
    let o = xs.sorted()
    let m = o.count % 2 == 1 ? o[o.count / 2] : (o[o.count / 2 - 1] + o[o.count / 2]) / 2
    return (m, o.first ?? m, o.last ?? m)
}
