// swift-tools-version:6.0
// prep — the PREP spool daemon. No third-party Swift packages: Foundation, Dispatch, Glibc,
// the system's OpenSSL libcrypto (SHA-256, Ed25519), the system's zlib (deflate for the IECM's zip
// packaging) and a tiny C shim for renameat2 & co.
import PackageDescription

let package = Package(
    name: "prep",
    products: [
        .executable(name: "prep", targets: ["prep"]),
    ],
    targets: [
        // System interfaces.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The system's zlib: deflate and CRC-32 for the zip packaging of a profile that has one.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CSistema"),

        // Thin typed wrappers over system calls and libcrypto (which gives the domain's `HuellaSHA256`).
        .target(name: "PrepSistema", dependencies: ["PrepDominio", "CSistema", "COpenSSL", "CZlib"]),
        // The pure domain: catálogo, captura, verificación, cómputo, resumen. No file system.
        .target(name: "PrepDominio"),
        // The spool: watching, durable moves, recovery, status.
        .target(name: "PrepSpool", dependencies: ["PrepDominio", "PrepSistema"]),
        // Cortes: CSV, manifest, signing, verification; the site plugs in through `GeneradorSitio`.
        .target(name: "PrepPublicacion", dependencies: ["PrepDominio", "PrepSistema"]),
        // The results site: static HTML pages from a corte's `DatosCorte`, as a `GeneradorSitio`.
        .target(name: "PrepSitio", dependencies: ["PrepPublicacion", "PrepDominio", "PrepSistema"]),
        // Synthetic data: the election-night simulator (`prep simulate`, the e2e test and the
        // benchmarks), `prep demo`'s orchestration and the sample catálogo generator (`prep sample-catalog`).
        .target(name: "PrepSimulacion", dependencies: ["PrepDominio", "PrepSistema", "PrepSpool", "PrepPublicacion"]),
        // The service: the daemon's loop, the spool's reception with the corte cycle (the corte
        // worker, publish_command), metrics and systemd, wired from a configuration (its keys and
        // SIGHUP); the catálogo reader and the domain rules it gives the spool.
        .target(name: "PrepServicio", dependencies: ["PrepDominio", "PrepSistema", "PrepSpool", "PrepPublicacion", "PrepSitio"]),
        // The thin `prep` executable: option parsing, one file per command, calling the libraries.
        .executableTarget(
            name: "prep",
            dependencies: ["PrepDominio", "PrepSistema", "PrepSpool", "PrepPublicacion", "PrepSitio", "PrepSimulacion", "PrepServicio"]
        ),

        // Benchmarks (tools/bench), separate from the tests: prints `name: value unit (target)`.
        .executableTarget(
            name: "prep-bench",
            dependencies: ["PrepDominio", "PrepSistema", "PrepSpool", "PrepPublicacion", "PrepSitio", "PrepSimulacion"]
        ),

        // Test support, used only by the test targets: the fixture catálogos and the process runner.
        .target(name: "PrepPruebas", dependencies: ["PrepDominio", "PrepPublicacion", "PrepSistema"]),

        .testTarget(name: "PrepDominioTests", dependencies: ["PrepDominio", "PrepPruebas"]),
        .testTarget(name: "PrepSistemaTests", dependencies: ["PrepSistema", "PrepDominio"]),
        .testTarget(name: "PrepSpoolTests", dependencies: ["PrepSpool", "PrepDominio", "PrepSistema"]),
        .testTarget(name: "PrepPublicacionTests", dependencies: ["PrepPublicacion", "PrepDominio", "PrepSistema", "PrepPruebas"]),
        // Site tests, some in a real headless chromium.
        .testTarget(name: "PrepSitioTests", dependencies: ["PrepSitio", "PrepPublicacion", "PrepDominio", "PrepSistema", "PrepPruebas", "PrepSimulacion"]),
        // The service in-process: its configuration and the loop's hand-over to the corte cycle.
        .testTarget(name: "PrepServicioTests", dependencies: ["PrepServicio", "PrepSpool", "PrepPublicacion", "PrepDominio", "PrepSistema", "PrepPruebas"]),
        .testTarget(name: "PrepSimulacionTests", dependencies: ["PrepSimulacion", "PrepDominio", "PrepPruebas"]),
        // Runs the real `prep` binary (built alongside, found next to the test bundle).
        .testTarget(name: "PrepIntegracionTests", dependencies: ["prep", "PrepDominio", "PrepSistema", "PrepPublicacion", "PrepSimulacion", "PrepServicio", "PrepPruebas"]),
    ]
)
