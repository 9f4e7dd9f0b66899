/// One line means one line: every reason, history line and log line passes its free text through
/// `UnaLinea.escapar`, so that a value a writer chose (an operator name, a JSON string holding a
/// newline, a file name with a carriage return) can never start a forged second line.
public enum UnaLinea {
    /// `s` with every character that could break or disguise a line written as `\xNN` (C0
    /// controls, DEL, C1 controls) or `\u{NNNN}` (Unicode line and paragraph separators,
    /// bidirectional overrides). Everything else, including non-ASCII letters, is kept.
    public static func escapar(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: peligroso) else { return s }
        var r = ""
        r.reserveCapacity(s.utf8.count + 8)
        for u in s.unicodeScalars {
            guard peligroso(u) else {
                r.unicodeScalars.append(u)
                continue
            }
            if u.value < 0x100 {
                r += "\\x" + hex(u.value, digitos: 2)
            } else {
                r += "\\u{" + hex(u.value, digitos: 4) + "}"
            }
        }
        return r
    }

    /// Characters that end, hide or reorder a line in a terminal, an editor or `grep`.
    static func peligroso(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    private static func hex(_ v: UInt32, digitos: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digitos - s.count)) + s
    }
}
