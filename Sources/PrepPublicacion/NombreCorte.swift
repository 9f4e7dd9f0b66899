import PrepDominio

/// The name of a corte folder (SPEC §7): `SEQ_YYYYMMDD_HHMM`, SEQ six digits from 000001 and the
/// time local to the configured UTC offset.
public struct NombreCorte: Hashable, Sendable, CustomStringConvertible {
    public let seq: Int
    public let hora: MarcaTiempo

    public init(seq: Int, hora: MarcaTiempo) {
        self.seq = seq
        self.hora = hora
    }

    /// Parses a folder name; nil when it is not one (e.g. a `.partial` folder).
    public init?(_ s: String) {
        let u = Array(s.utf8)
        guard u.count == 20, u[6] == 95, u[15] == 95, u.enumerated().allSatisfy({ $0.offset == 6 || $0.offset == 15 || (48...57).contains($0.element) }),
              let seq = Int(String(decoding: u[0..<6], as: UTF8.self)), seq > 0,
              let y = Int(String(decoding: u[7..<11], as: UTF8.self)),
              let mo = Int(String(decoding: u[11..<13], as: UTF8.self)),
              let d = Int(String(decoding: u[13..<15], as: UTF8.self)),
              let h = Int(String(decoding: u[16..<18], as: UTF8.self)),
              let mi = Int(String(decoding: u[18..<20], as: UTF8.self)),
              let t = MarcaTiempo(anio: y, mes: mo, dia: d, hora: h, minuto: mi, segundo: 0, desfaseMinutos: 0)
        else { return nil }
        self.seq = seq
        self.hora = t
    }

    public var description: String {
        let c = hora.civil()
        var s = String(seq)
        s = String(repeating: "0", count: max(0, 6 - s.count)) + s
        return "\(s)_\(c.anio)\(MarcaTiempo.dos(c.mes))\(MarcaTiempo.dos(c.dia))_\(MarcaTiempo.dos(c.hora))\(MarcaTiempo.dos(c.minuto))"
    }
}
