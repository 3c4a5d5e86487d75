// swift-tools-version:6.2
import PackageDescription

// libFuzzer targets for the parsers (README "Fuzzing"). A package of its own so the root package's
// normal build and tests never need sanitizers: scripts/fuzz builds this one with
// `--sanitize=fuzzer --sanitize=address`. The entry points live in the root package's
// FuzzEntryPoints module, which the replay test calls too.
let targets = ["native-request", "openai-request", "png-decode", "image-header", "mask-inspection"]

let package = Package(
    name: "ideogate-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ideogate", path: ".."),
    ],
    targets: targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "FuzzEntryPoints", package: "ideogate")],
            path: "Targets/\(name)",
            // libFuzzer supplies `main`; the target only exports LLVMFuzzerTestOneInput.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
