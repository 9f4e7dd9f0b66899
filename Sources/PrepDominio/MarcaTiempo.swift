/// An instant with the UTC offset it was written in, as RFC 3339 carries it
/// (`2024-06-02T21:20:31-06:00`). Whole seconds: the PREP formats have no finer resolution.
public struct MarcaTiempo: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let segundosUnix: Int64
    /// Offset from UTC in minutes (−360 for CDMX).
    public let desfaseMinutos: Int

    public init(segundosUnix: Int64, desfaseMinutos: Int) {
        self.segundosUnix = segundosUnix
        self.desfaseMinutos = desfaseMinutos
    }

    public static func < (a: MarcaTiempo, b: MarcaTiempo) -> Bool { a.segundosUnix < b.segundosUnix }

    /// Civil date and time in this instant's own offset.
    public struct Civil: Hashable, Sendable {
        public let anio: Int, mes: Int, dia: Int, hora: Int, minuto: Int, segundo: Int
    }

    /// The civil date and time at `desfaseMinutos` (default: the instant's own offset).
    public func civil(desfaseMinutos d: Int? = nil) -> Civil {
        let local = segundosUnix + Int64((d ?? desfaseMinutos) * 60)
        var dias = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let resto = Int(local - dias * 86_400)
        // Howard Hinnant's civil_from_days.
        dias += 719_468
        let era = (dias >= 0 ? dias : dias - 146_096) / 146_097
        let doe = dias - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let dia = Int(doy - (153 * mp + 2) / 5 + 1)
        let mes = Int(mp < 10 ? mp + 3 : mp - 9)
        let anio = Int(yoe + era * 400) + (mes <= 2 ? 1 : 0)
        return Civil(anio: anio, mes: mes, dia: dia, hora: resto / 3600, minuto: resto % 3600 / 60, segundo: resto % 60)
    }

    /// Builds an instant from civil fields at an offset; nil when a field is out of range.
    public init?(anio: Int, mes: Int, dia: Int, hora: Int, minuto: Int, segundo: Int, desfaseMinutos: Int) {
        guard (1...9999).contains(anio), (1...12).contains(mes), (0...23).contains(hora),
              (0...59).contains(minuto), (0...60).contains(segundo), abs(desfaseMinutos) < 24 * 60
        else { return nil }
        let bisiesto = (anio % 4 == 0 && anio % 100 != 0) || anio % 400 == 0
        let diasMes = [31, bisiesto ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mes - 1]
        guard (1...diasMes).contains(dia) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = Int64(mes <= 2 ? anio - 1 : anio)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(mes)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(dia) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let dias = era * 146_097 + doe - 719_468
        let local = dias * 86_400 + Int64(hora * 3600 + minuto * 60 + min(segundo, 59))
        self.init(segundosUnix: local - Int64(desfaseMinutos * 60), desfaseMinutos: desfaseMinutos)
    }

    /// Parses RFC 3339 (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`); fractions are dropped.
    public init?(rfc3339 s: some StringProtocol) {
        guard let t = Array(s.utf8).withUnsafeBufferPointer({ Self.leer(rfc3339: $0) }) else { return nil }
        self = t
    }

    /// The RFC 3339 parser over UTF-8 bytes: the capture validator passes the bytes of the JSON
    /// document directly, without building a String and an array per capture.
    static func leer(rfc3339 u: UnsafeBufferPointer<UInt8>) -> MarcaTiempo? {
        func n(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count else { return nil }
            var v = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard u.count >= 20, u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 116, u[13] == 58, u[16] == 58,
              let y = n(0..<4), let mo = n(5..<7), let d = n(8..<10), let h = n(11..<13),
              let mi = n(14..<16), let se = n(17..<19) else { return nil }
        var i = 19
        if i < u.count, u[i] == 46 {
            i += 1
            let inicio = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            guard i > inicio else { return nil }
        }
        var desfase = 0
        if i < u.count, u[i] == 90 || u[i] == 122 {
            i += 1
        } else if i + 6 == u.count, u[i] == 43 || u[i] == 45, u[i + 3] == 58,
                  let oh = n(i + 1..<i + 3), let om = n(i + 4..<i + 6), oh < 24, om < 60 {
            desfase = (oh * 60 + om) * (u[i] == 45 ? -1 : 1)
            i += 6
        } else { return nil }
        guard i == u.count else { return nil }
        return MarcaTiempo(anio: y, mes: mo, dia: d, hora: h, minuto: mi, segundo: se, desfaseMinutos: desfase)
    }

    /// RFC 3339 in this instant's own offset, e.g. `2024-06-02T21:20:31-06:00`.
    public var rfc3339: String {
        let c = civil()
        let signo = desfaseMinutos < 0 ? "-" : "+"
        let a = abs(desfaseMinutos)
        return "\(Self.dos(c.anio / 100))\(Self.dos(c.anio % 100))-\(Self.dos(c.mes))-\(Self.dos(c.dia))T"
            + "\(Self.dos(c.hora)):\(Self.dos(c.minuto)):\(Self.dos(c.segundo))\(signo)\(Self.dos(a / 60)):\(Self.dos(a % 60))"
    }

    /// The same instant expressed at another offset.
    public func en(desfaseMinutos d: Int) -> MarcaTiempo { MarcaTiempo(segundosUnix: segundosUnix, desfaseMinutos: d) }

    public var description: String { rfc3339 }

    /// Two-digit zero padding (integers only: no `String(format:)` on hot paths).
    @inlinable public static func dos(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
