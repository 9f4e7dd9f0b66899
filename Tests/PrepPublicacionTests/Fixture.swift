import PrepPruebas

/// The corte tests' fixture: see `FixturaCortes` (PrepPruebas).
enum Fixture: FixturaCortes {}
