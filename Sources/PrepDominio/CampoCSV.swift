/// RFC 4180 field writing, shared by every CSV `prep` writes (the catálogo sample, the cortes).
public enum CampoCSV {
    /// Appends `s` as one RFC 4180 field: quoted, with doubled quotes, only when it holds
    /// `,` `"` CR or LF.
    @inlinable
    public static func anexar(_ s: String, a b: inout [UInt8]) {
        let u = s.utf8
        if u.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) {
            b.append(0x22)
            for c in u {
                if c == 0x22 { b.append(0x22) }
                b.append(c)
            }
            b.append(0x22)
        } else {
            b.append(contentsOf: u)
        }
    }
}
