import Testing
@testable import PrepDominio

@Suite struct CampoCSVTests {
    @Test(arguments: [
        ("PAN", "PAN"), ("", ""), ("DISTRITO 01", "DISTRITO 01"),
        ("Excede Lista Nominal, Ilegible", "\"Excede Lista Nominal, Ilegible\""),
        ("dijo \"hola\"", "\"dijo \"\"hola\"\"\""), ("a\nb", "\"a\nb\""), ("a\rb", "\"a\rb\""),
        ("Álvaro Obregón", "Álvaro Obregón"),
    ])
    func citaSoloCuandoHaceFalta(_ caso: (String, String)) {
        var b: [UInt8] = []
        CampoCSV.anexar(caso.0, a: &b)
        #expect(String(decoding: b, as: UTF8.self) == caso.1)
    }
}
