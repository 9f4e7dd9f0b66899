import Testing
import Glibc
@testable import PrepSistema

@Suite struct ErrnoTests {
    @Test func abrirInexistenteDiceRutaYCausa() {
        do {
            _ = try FileDescriptor.cwd.abrir("/nonexistent/prep-test", .soloLectura)
            Issue.record("open should fail")
        } catch {
            #expect(error.errno == .noSuchFile)
            #expect(error.description == "open /nonexistent/prep-test: No such file or directory")
        }
    }
}
