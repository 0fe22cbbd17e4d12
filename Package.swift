// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "repro",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "repro", targets: ["repro"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.0.0"),
        // Allocation counting in `repro-bench` only (its dynamic library is LD_PRELOADed by the harness).
        .package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.6.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(name: "CSensingKernels"),
        // The fused pass of a Sinkhorn iteration over its kernel (AVX2 + FMA, chosen at run time).
        .target(name: "CTransportKernels"),
        .target(name: "NumericsCore", dependencies: ["CLinearAlgebra"]),
        .target(name: "ExperimentKit", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The shared core of the matrix-sensing papers: measurement operators and their fused
        // pass (with the C kernels), the planted instance, the common iteration parameters, the
        // per-point bookkeeping and the one batched loop (`SensingLoop`).
        .target(name: "Sensing", dependencies: ["NumericsCore", "CSensingKernels", "ExperimentKit"]),
        // The code fingerprint: hex SHA-256 of a model's sources (comments and whitespace
        // removed), computed by the build tool repro-fingerprint that CodeFingerprintPlugin runs,
        // and compiled into each model module as `codeFingerprint`.
        .target(name: "CodeFingerprint"),
        .executableTarget(name: "repro-fingerprint", dependencies: ["CodeFingerprint"]),
        .plugin(name: "CodeFingerprintPlugin", capability: .buildTool(), dependencies: ["repro-fingerprint"]),
        .target(name: "MatrixSensing", dependencies: ["NumericsCore", "ExperimentKit", "Sensing"],
                plugins: ["CodeFingerprintPlugin"]),
        .target(name: "RobustRecovery", dependencies: ["NumericsCore", "ExperimentKit", "Sensing"],
                plugins: ["CodeFingerprintPlugin"]),
        // DataInputs for the code fingerprint only: a change to a file reader changes the
        // matrices the model is given.
        .target(name: "SensitivitySampling", dependencies: ["NumericsCore", "ExperimentKit", "DataInputs"],
                plugins: ["CodeFingerprintPlugin"]),
        // DataInputs for the code fingerprint only, as for SensitivitySampling.
        .target(name: "SinkhornNewton", dependencies: ["NumericsCore", "ExperimentKit", "DataInputs", "CTransportKernels"],
                plugins: ["CodeFingerprintPlugin"]),
        // DataInputs for the code fingerprint only, as for SensitivitySampling.
        .target(name: "MatrixCompletion", dependencies: ["NumericsCore", "ExperimentKit", "Sensing", "DataInputs"],
                plugins: ["CodeFingerprintPlugin"]),
        // The data layer: file inputs (matrix files: .npy, .csv) → data with their content hash.
        // The spec loader reads them, so models receive matrices, never paths.
        .target(name: "DataInputs", dependencies: ["ExperimentKit"]),
        .target(name: "Specs", dependencies: [
            "ExperimentKit", "DataInputs",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "ResultStore", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The read side: a Study (spec + overrides + plan + stored runs) → claims, tables,
        // figures, reports, comparisons.
        .target(name: "Analysis", dependencies: ["NumericsCore", "ExperimentKit", "Specs", "ResultStore"]),
        // The write side: plan → stale/cache check → execute → store.
        .target(name: "Runner", dependencies: [
            "NumericsCore", "ExperimentKit", "Specs", "ResultStore", "Analysis",
        ]),
        // The executable: thin commands and the model catalog (Models.swift, the one list of models).
        .executableTarget(name: "repro", dependencies: [
            "Runner", "Analysis", "Specs", "ResultStore", "ExperimentKit",
            "MatrixSensing", "RobustRecovery", "SensitivitySampling", "SinkhornNewton", "MatrixCompletion",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `make bench`: our iterations against NumPy peers, read bandwidth, allocations per iteration.
        .executableTarget(name: "repro-bench", dependencies: [
            "NumericsCore", "ExperimentKit", "Sensing", "MatrixSensing", "RobustRecovery", "SensitivitySampling",
            "SinkhornNewton", "MatrixCompletion", "Specs", "ResultStore", "Runner",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
        ]),
        .testTarget(name: "NumericsCoreTests", dependencies: ["NumericsCore"]),
        .testTarget(name: "ExperimentKitTests", dependencies: ["ExperimentKit"]),
        .testTarget(name: "SensingTests", dependencies: ["Sensing", "NumericsCore", "ExperimentKit"]),
        .testTarget(name: "CodeFingerprintTests", dependencies: [
            "CodeFingerprint", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "MatrixSensingTests", dependencies: ["MatrixSensing", "Sensing", "NumericsCore", "ExperimentKit"]),
        .testTarget(name: "RobustRecoveryTests", dependencies: [
            "RobustRecovery", "Sensing", "NumericsCore", "ExperimentKit", "CodeFingerprint",
        ]),
        .testTarget(name: "SensitivitySamplingTests", dependencies: ["SensitivitySampling", "NumericsCore", "ExperimentKit"]),
        .testTarget(name: "SinkhornNewtonTests", dependencies: ["SinkhornNewton", "NumericsCore", "ExperimentKit",
                                                         "CTransportKernels"]),
        .testTarget(name: "MatrixCompletionTests", dependencies: ["MatrixCompletion", "Sensing", "NumericsCore",
                                                                  "ExperimentKit"]),
        .testTarget(name: "DataInputsTests", dependencies: ["DataInputs", "ExperimentKit"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "SpecsTests", dependencies: ["Specs", "ExperimentKit"]),
        .testTarget(name: "ResultStoreTests", dependencies: [
            "ResultStore", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "RunnerTests", dependencies: ["repro", "Runner", "Analysis", "Specs", "ResultStore", "ExperimentKit"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ReproCLITests", dependencies: ["ResultStore"], exclude: ["Fixtures"]),
        .testTarget(name: "BadInputTests", dependencies: [
            "repro", "Specs", "Runner", "Analysis", "ResultStore", "ExperimentKit", .product(name: "GRDB", package: "GRDB.swift"),
        ], exclude: ["Corpus"]),
    ],
    swiftLanguageModes: [.v6]
)
