import PrepPruebas

/// The site tests' fixture: see `FixturaCortes` (PrepPruebas).
enum Fixture: FixturaCortes {}
