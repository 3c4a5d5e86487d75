import Foundation
import FuzzEntryPoints
import Testing

/// The committed fuzz inputs: `Fuzz/Corpus/<target>/` (seeds and kept finds) and
/// `Fuzz/Crashes/<target>/` (inputs that once broke a parser).
enum FuzzFiles {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    struct Input: Sendable, CustomTestStringConvertible {
        let target: FuzzTarget
        let path: String
        var testDescription: String { "\(target.rawValue)/\((path as NSString).lastPathComponent)" }
    }

    static func folder(_ kind: String, _ target: FuzzTarget) -> URL {
        root.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
    }

    static func inputs(_ kind: String, _ target: FuzzTarget) -> [Input] {
        let folder = folder(kind, target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
            .map { Input(target: target, path: folder.appendingPathComponent($0).path) }
    }

    static var crashes: [Input] { FuzzTarget.allCases.flatMap { inputs("Crashes", $0) } }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
