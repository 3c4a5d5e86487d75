// swift-tools-version:6.2
import PackageDescription

// The libFuzzer binary for the parsers (README "Fuzzing"). A package of its own so the root
// package's normal build and tests never need sanitizers: scripts/fuzz builds this one with
// `--sanitize=fuzzer --sanitize=address`. The entry points live in the root package's
// FuzzEntryPoints module, which the replay test calls too.
//
// One binary serves every target (FUZZ_TARGET picks one): one product to build is one link, and
// one build invocation, which SwiftPM keeps instrumented more reliably than several.
let package = Package(
    name: "ideogate-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ideogate", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "fuzz-parsers",
            dependencies: [.product(name: "FuzzEntryPoints", package: "ideogate")],
            path: "Targets/parsers",
            // libFuzzer supplies `main`; the target only exports LLVMFuzzerTestOneInput.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
