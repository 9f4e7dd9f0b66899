import Testing
import PrepDominio

/// The one CSV reader: RFC 4180 as strictly as the catálogo and the corte verifier need it.
@Suite struct LectorCSVTests {
    /// Every record as text, with the line it starts on.
    static func leer(_ b: [UInt8], _ vacias: LectorCSV.LineasVacias = .registro) throws(ErrorCSV) -> [(Int, [String])] {
        var l = LectorCSV(b, lineasVacias: vacias)
        var r: [(Int, [String])] = []
        while try l.siguiente() { r.append((l.linea, l.textos)) }
        return r
    }

    static func error(_ b: [UInt8]) -> ErrorCSV? {
        do {
            _ = try leer(b)
            return nil
        } catch { return error }
    }

    @Test(arguments: ["\r\n", "\n", "\r"])
    func finesDeLinea(_ fin: String) throws {
        let r = try Self.leer(Array("A,B\(fin)1,2\(fin)3,\(fin)".utf8))
        #expect(r.map(\.1) == [["A", "B"], ["1", "2"], ["3", ""]])
        #expect(r.map(\.0) == [1, 2, 3])
        // The last record needs no line end.
        #expect(try Self.leer(Array("A,B\(fin)1,2".utf8)).map(\.1) == [["A", "B"], ["1", "2"]])
    }

    @Test func comillasConComasComillasYSaltos() throws {
        let texto = "N,T\r\n1,\"a, \"\"b\"\"\r\nc\"\r\n2,\"\"\r\n3,\"x\ny\"\n4,z\n"
        let r = try Self.leer(Array(texto.utf8))
        #expect(r.map(\.1) == [["N", "T"], ["1", "a, \"b\"\r\nc"], ["2", ""], ["3", "x\ny"], ["4", "z"]])
        // A record's line is where it starts; line breaks inside quotes count.
        #expect(r.map(\.0) == [1, 2, 4, 5, 7])
    }

    @Test func bomSoloAlPrincipio() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try Self.leer(bom + Array("A,B\n".utf8)).map(\.1) == [["A", "B"]])
        // Elsewhere it is text like any other (U+FEFF), not skipped.
        #expect(try Self.leer(Array("A\n".utf8) + bom + Array("B\n".utf8)).map(\.1) == [["A"], ["\u{FEFF}B"]])
    }

    @Test func lineasVacias() throws {
        let b = Array("A\n\r\n\nB\n".utf8)
        #expect(try Self.leer(b).map(\.1) == [["A"], [""], [""], ["B"]])
        let omitidas = try Self.leer(b, .omitir)
        #expect(omitidas.map(\.1) == [["A"], ["B"]])
        #expect(omitidas.map(\.0) == [1, 4])
    }

    @Test func comillaDentroDeCampoSinComillasRechazada() {
        #expect(Self.error(Array("A,B\n1,a\"b\n".utf8)) == ErrorCSV(linea: 2, motivo: "quote inside an unquoted field"))
        #expect(Self.error(Array("A,B\n1,ab\"\n".utf8)) == ErrorCSV(linea: 2, motivo: "quote inside an unquoted field"))
    }

    @Test func textoTrasLaComillaQueCierraRechazado() {
        #expect(Self.error(Array("A\n\"a\"b\n".utf8)) == ErrorCSV(linea: 2, motivo: "text after a closing quote"))
        #expect(Self.error(Array("A\n\"a\" \n".utf8)) == ErrorCSV(linea: 2, motivo: "text after a closing quote"))
    }

    @Test func comillaSinCerrarRechazada() {
        // Named at the line where the record starts.
        #expect(Self.error(Array("A\n\"a\n\nb\n".utf8)) == ErrorCSV(linea: 2, motivo: "unterminated quoted field"))
        #expect(Self.error(Array("A\n\"a\"\"".utf8)) == ErrorCSV(linea: 2, motivo: "unterminated quoted field"))
    }

    /// Lone byte 0xFF, a continuation byte alone, a sequence cut short, an overlong `/`, a UTF-16 surrogate.
    @Test(arguments: [[0xFF], [0x80], [0xC3], [0xC3, 0x41], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] as [[UInt8]])
    func utf8InvalidoRechazado(_ malo: [UInt8]) {
        let esperado = ErrorCSV(linea: 2, motivo: "not valid UTF-8")
        #expect(Self.error(Array("A,B\n1,x".utf8) + malo + Array("y\n".utf8)) == esperado, "unquoted")
        #expect(Self.error(Array("A,B\n1,\"x".utf8) + malo + Array("y\"\n".utf8)) == esperado, "quoted")
        #expect(Self.error(Array("A,B\n1,".utf8) + malo) == esperado, "last field of the file")
    }

    @Test func utf8ValidoAceptado() throws {
        let r = try Self.leer(Array("Álvaro Obregón,\"Cuauhtémoc, 🗳\"\n".utf8))
        #expect(r.map(\.1) == [["Álvaro Obregón", "Cuauhtémoc, 🗳"]])
    }

    @Test func camposComoBytesYNumeros() throws {
        var l = LectorCSV(Array("12,-3,\"7\",Ilegible,,1234567890123456789\n".utf8))
        #expect(try l.siguiente())
        #expect(l.cuenta == 6)
        #expect(l.entero(0) == 12 && l.entero(1) == nil && l.entero(2) == 7 && l.entero(4) == nil && l.entero(5) == nil)
        #expect(l.es(3, "Ilegible") && !l.es(3, "Ilegibl") && l.es(4, ""))
        #expect(Array(l.bytesDe(2)) == [0x37])
        #expect(try !l.siguiente())
    }
}
