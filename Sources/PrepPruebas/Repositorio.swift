import Foundation

/// Paths of the checkout, for tests that run its shipped files (docs' recipes, etc/).
public enum Repositorio {
    public static let raiz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    public static let docs = raiz + "/docs"
}
