import Glibc

/// An inotify instance (non-blocking, close-on-exec). inotify is only a trigger: the daemon
/// rescans on overflow and periodically, because events can be lost or coalesced.
public struct Inotify: Sendable {
    public let fd: FileDescriptor

    /// A watch (its descriptor), as inotify names it in events.
    public struct Reloj: Hashable, Sendable {
        let rawValue: Int32
    }

    /// One event: the watch it belongs to, what happened, and the entry's name (bytes).
    public struct Evento: Sendable, Hashable {
        public let reloj: Reloj
        public let mascara: UInt32
        public let cookie: UInt32
        public let nombre: NombreArchivo

        /// The kernel dropped events (`IN_Q_OVERFLOW`, wd −1): rescan everything.
        public var desbordamiento: Bool { mascara & UInt32(IN_Q_OVERFLOW) != 0 }
        /// The entry arrived by rename (`IN_MOVED_TO`): complete at once (SPEC §4).
        public var llegoPorRenombre: Bool { mascara & UInt32(IN_MOVED_TO) != 0 }
        /// The watch is gone (`IN_IGNORED`: folder removed or unmounted).
        public var vigilanciaTerminada: Bool { mascara & UInt32(IN_IGNORED) != 0 }
        public var esCarpeta: Bool { mascara & UInt32(IN_ISDIR) != 0 }
    }

    /// What the daemon watches in a drop folder.
    public static let mascaraEntrada: UInt32 =
        UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ATTRIB | IN_MODIFY) | UInt32(IN_ONLYDIR)

    public init() throws(ErrorSistema) {
        let r = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard r >= 0 else { throw ErrorSistema("inotify_init1", "-", .actual) }
        fd = FileDescriptor(rawValue: r)
    }

    /// Adds (or updates) a watch on the folder at `ruta` (bytes: any name); returns its descriptor.
    public func vigilar(_ ruta: NombreArchivo, mascara: UInt32 = Inotify.mascaraEntrada) throws(ErrorSistema) -> Reloj {
        let r = ruta.conCadenaC { p in inotify_add_watch(fd.rawValue, p, mascara | UInt32(IN_DONT_FOLLOW)) }
        guard r >= 0 else { throw ErrorSistema("inotify_add_watch", ruta.description, .actual) }
        return Reloj(rawValue: r)
    }

    public func dejarDeVigilar(_ reloj: Reloj) { inotify_rm_watch(fd.rawValue, reloj.rawValue) }

    /// Reads every event queued now (empty when none: the descriptor never blocks).
    public func leerEventos() throws(ErrorSistema) -> [Evento] {
        var eventos: [Evento] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { b in read(fd.rawValue, b.baseAddress, b.count) }
            if n < 0 {
                let e = Errno.actual
                if e == .wouldBlock { break }
                if e == .interrupted { continue }
                throw ErrorSistema("read", "inotify", e)
            }
            if n == 0 { break }
            Inotify.analizar(buffer, largo: n, en: &eventos)
        }
        return eventos
    }

    /// Parses `largo` bytes of `struct inotify_event` records.
    static func analizar(_ buffer: [UInt8], largo: Int, en eventos: inout [Evento]) {
        let cabecera = MemoryLayout<inotify_event>.size
        buffer.withUnsafeBytes { raw in
            var off = 0
            while off + cabecera <= largo {
                let ev = raw.loadUnaligned(fromByteOffset: off, as: inotify_event.self)
                let fin = min(off + cabecera + Int(ev.len), largo)
                let nombre = Array(raw[(off + cabecera)..<fin].prefix { $0 != 0 })
                eventos.append(Evento(reloj: Reloj(rawValue: ev.wd), mascara: ev.mask, cookie: ev.cookie, nombre: NombreArchivo(bytes: nombre)))
                off = fin
            }
        }
    }

    public func cerrar() { try? fd.cerrar() }
}
