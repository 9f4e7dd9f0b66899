import Glibc  // exit(3) and fflush(3) at the end of the run, no file work

// prep-bench: the benchmark figures, separate from the tests. Each figure lives in its own file
// and registers in `figuras`; `prep-bench NAME…` runs some, `prep-bench` runs all.
// Output: one line per figure, `name: value unit (target)`.

let pedidas = Array(CommandLine.arguments.dropFirst())
// `prep-bench --list`: the figure names, one a line (what tools/bench runs).
if pedidas == ["--list"] {
    for f in figuras { print(f.nombre) }
    exit(0)
}
let seleccion = pedidas.isEmpty ? figuras : figuras.filter { pedidas.contains($0.nombre) }
if seleccion.isEmpty {
    print("usage: prep-bench [NAME…]; figures: \(figuras.map(\.nombre).joined(separator: " "))")
    exit(2)
}
var fallos: Int32 = 0
for f in seleccion {
    do {
        try f.medir()
    } catch {
        print("\(f.nombre): error: \(error)")
        fallos += 1
    }
    fflush(nil)
}
exit(fallos == 0 ? 0 : 1)
