import PrepDominio

/// A growing byte buffer for CSV and text output: `[UInt8]` appends only, no `String(format:)`
/// (reference swift-stack §7: ten times faster at 500,000 rows).
struct Bytes {
    var b: [UInt8] = []
    /// Line ends: CRLF (INE, every text file but the IECM's CSVs) or LF.
    var crlf = true
    /// When `campo` quotes.
    var comillas = Comillas.rfc4180

    init(capacidad: Int = 1 << 16) { b.reserveCapacity(capacidad) }

    /// A buffer that writes with `perfil`'s line ends and quoting.
    init(capacidad: Int = 1 << 16, perfil: PerfilPublicacion) {
        self.init(capacidad: capacidad)
        crlf = perfil.crlf
        comillas = perfil.comillas
    }

    mutating func texto(_ s: String) { b.append(contentsOf: s.utf8) }
    mutating func byte(_ c: UInt8) { b.append(c) }
    mutating func coma() { b.append(44) }
    mutating func finLinea() {
        if crlf { b.append(13) }
        b.append(10)
    }
    mutating func guion() { b.append(45) }

    /// A whole number in decimal. The digits are made right to left in a small buffer on the
    /// stack and appended at once: an append per digit paid the array's uniqueness and capacity
    /// checks each time, and a national corte writes tens of millions of numbers.
    mutating func entero(_ n: Int) {
        if n >= 0, n < 10 { b.append(48 + UInt8(n)); return }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &tmp) { p in
            // The magnitude as unsigned, so that Int.min has one too.
            var v = n.magnitude, k = p.count
            repeat {
                k -= 1
                p[k] = 48 + UInt8(v % 10)
                v /= 10
            } while v > 0
            if n < 0 {
                k -= 1
                p[k] = 45
            }
            b.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[k...]))
        }
    }

    /// A whole number zero-padded to `ancho` digits.
    mutating func relleno(_ n: Int, _ ancho: Int) {
        var d = 1, digitos = 1
        while n / d >= 10 { d *= 10; digitos += 1 }
        for _ in 0..<max(0, ancho - digitos) { b.append(48) }
        entero(n)
    }

    /// A field, quoted (with doubled quotes) when `comillas` says so (RFC 4180: only when it holds
    /// `,` `"` CR or LF).
    mutating func campo(_ s: String) {
        if comillas == .rfc4180 { CampoCSV.anexar(s, a: &b) } else { comillas.anexar(s.utf8, a: &b) }
    }

    /// `dd/mm/YYYY HH:MM:SS` at `desfase` minutes from UTC.
    mutating func fechaHora(_ segundos: Int64, desfase: Int) {
        let c = MarcaTiempo(segundosUnix: segundos, desfaseMinutos: desfase).civil()
        relleno(c.dia, 2); b.append(47); relleno(c.mes, 2); b.append(47); relleno(c.anio, 4)
        b.append(32)
        relleno(c.hora, 2); b.append(58); relleno(c.minuto, 2); b.append(58); relleno(c.segundo, 2)
    }

    /// A row of fields joined by commas, CRLF-terminated.
    mutating func fila(_ campos: [String]) {
        for (i, c) in campos.enumerated() {
            if i > 0 { coma() }
            campo(c)
        }
        finLinea()
    }
}

/// `(UTC-6)`, `(UTC+5:30)`, `(UTC)` for an offset in minutes: the corte line's suffix.
func etiquetaUTC(_ desfase: Int) -> String {
    if desfase == 0 { return "(UTC)" }
    let signo = desfase < 0 ? "-" : "+"
    let a = abs(desfase)
    return "(UTC" + signo + String(a / 60) + (a % 60 == 0 ? "" : ":" + MarcaTiempo.dos(a % 60)) + ")"
}

/// The corte line of a CSV preamble: `dd/mm/YYYY HH:MM (UTC-6)` (INE) or `dd/mm/YYYY HH:MM(UTC-6)`
/// (the IECM's export), at the instant's own offset.
func lineaCorte(_ m: MarcaTiempo, perfil: PerfilPublicacion) -> String {
    let c = m.civil()
    var b = Bytes()
    b.relleno(c.dia, 2); b.byte(47); b.relleno(c.mes, 2); b.byte(47); b.relleno(c.anio, 4)
    b.byte(32); b.relleno(c.hora, 2); b.byte(58); b.relleno(c.minuto, 2)
    b.texto(perfil.espacioAntesUTC); b.texto(etiquetaUTC(m.desfaseMinutos))
    return String(decoding: b.b, as: UTF8.self)
}
