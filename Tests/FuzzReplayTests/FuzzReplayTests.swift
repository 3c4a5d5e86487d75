import Foundation
import FuzzEntryPoints
import IdeogramAPI
import Testing

/// Replays every committed fuzz input through the entry points the libFuzzer targets call, so CI
/// keeps the parsers' promise without a sanitizer build: each input decodes, or is refused with a
/// 4xx and a machine code — never a crash, a 5xx or an unrendered error type.
@Suite struct FuzzReplayTests {
    @Test(arguments: FuzzTarget.allCases)
    func corpusKeepsThePromise(_ target: FuzzTarget) throws {
        let inputs = FuzzFiles.inputs("Corpus", target)
        #expect(!inputs.isEmpty, "no corpus for \(target.rawValue)")
        for input in inputs {
            let outcome = target.run(try FuzzFiles.bytes(input.path))
            #expect(!outcome.isViolation, "\(input.testDescription): \(outcome)")
        }
    }

    /// Each crash runs in a child process: a trap there fails this one case, not the whole suite.
    @Test(arguments: FuzzFiles.crashes)
    func crashNoLongerBreaksTheParser(_ input: FuzzFiles.Input) async throws {
        let target = input.target.rawValue
        let path = input.path
        await #expect(processExitsWith: .success, "\(input.testDescription)") { [target = target as String, path = path as String] in
            let bytes = Array((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
            guard let target = FuzzTarget(rawValue: target), !target.run(bytes).isViolation else { exit(1) }
        }
    }
}

/// The seed corpora are generated (`FuzzSeeds`) and committed; these keep the two in step and
/// check that each seed reaches the code it is meant to reach.
@Suite struct FuzzSeedTests {
    /// Seeds that are refused on purpose: they exercise the refusal paths.
    static let refusedOnPurpose: Set<String> = ["no-content-type", "gif", "white", "edits-content-type-line"]

    @Test func committedSeedsMatchTheGenerator() throws {
        for seed in FuzzSeeds.all() {
            let path = FuzzFiles.folder("Corpus", seed.target).appendingPathComponent("seed-\(seed.name)").path
            let committed = try? FuzzFiles.bytes(path)
            #expect(committed == seed.bytes, "\(seed.target.rawValue)/seed-\(seed.name) differs; regenerate: FUZZ_WRITE_SEEDS=1 swift test --filter FuzzSeedTests")
        }
    }

    @Test func seedsAreAcceptedUnlessRefusedOnPurpose() {
        for seed in FuzzSeeds.all() {
            let outcome = seed.target.run(seed.bytes)
            if Self.refusedOnPurpose.contains(seed.name) {
                guard case .refused = outcome else {
                    Issue.record("\(seed.target.rawValue)/\(seed.name) should be refused: \(outcome)")
                    continue
                }
            } else {
                #expect(outcome == .accepted, "\(seed.target.rawValue)/\(seed.name): \(outcome)")
            }
        }
    }

    /// Seeds cover every native operation, in every format it accepts.
    @Test func everyOperationHasASeed() {
        let covered = Set(FuzzSeeds.all().filter { $0.target == .nativeRequest }.map { NativeRequestInput($0.bytes).operation })
        #expect(covered == Set(IdeogramAPI.Operation.allCases))
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["FUZZ_WRITE_SEEDS"] == "1"))
    func writeSeeds() throws {
        for seed in FuzzSeeds.all() {
            let folder = FuzzFiles.folder("Corpus", seed.target)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(seed.bytes).write(to: folder.appendingPathComponent("seed-\(seed.name)"))
        }
    }
}
