import CompressNIO
import Foundation
import IdeogramAPI
import NIOCore

/// The paths of Ideogram's official OpenAPI spec that the relay serves: every POST on `/v1` or
/// `/v2` that Ideogate does not model itself, with whether Ideogram prices it by `?dry_run=true`.
///
/// The spec is bundled (`Spec/ideogram-openapi.json.gz`, Ideogram's file byte for byte), and an
/// operator can load a newer one into the data directory with `ideogate spec update FILE` without
/// a new release; the server reads it at start-up.
public struct RelaySpec: Sendable {
    public struct Route: Sendable, Equatable {
        public var path: String
        /// The operation declares the `dry_run` query parameter: its price can be asked upstream.
        public var dryRun: Bool
        /// The scope and price-book name: `relay:/v2/image/upscale/topaz-standard-2`.
        public var operation: String { RelaySpec.operationName(path) }
    }

    /// Where the spec came from, for the log and the CLI: `bundled`, or the data-dir file.
    public var source: String
    /// The spec's `info.version`, if any.
    public var version: String?
    /// Every relayable path in the spec, modelled or not (see `routes`).
    public var candidates: [Route]

    static let fileName = "ideogram-openapi.json"
    static let operationPrefix = "relay:"
    /// Larger than any real spec (Ideogram's is 1.5 MB), small enough to refuse a wrong file.
    static let maxSpecBytes = 32 * 1024 * 1024

    public static func operationName(_ path: String) -> String { operationPrefix + path }

    /// The relayed routes: the candidates Ideogate does not model. Decided from the operation
    /// table at run time, so a path that becomes first-class leaves the relay by itself.
    public var routes: [Route] {
        let modelled = Self.modelledPaths
        return candidates.filter { !modelled.contains($0.path) }
    }

    /// Every POST path a first-class route serves: the operations and their `async/` twins. A
    /// path mounted twice would stop the router at start, so the relay must leave all of them.
    static let modelledPaths: Set<String> = Set(IdeogramAPI.Operation.allCases.flatMap { [$0.path] + ($0.asyncTwinPath.map { [$0] } ?? []) })

    /// Tags whose operations act on the operator's Ideogram organisation rather than make
    /// something for the caller: training models into it, its integrations. Never relayed.
    static let excludedTags: Set<String> = ["models", "integrations", "manage", "mini-apps", "datasets", "internal-testing", "batch"]

    /// Reads an OpenAPI document. Throws `SpecError` when it is not JSON with a `paths` object.
    public static func parse(_ data: Data, source: String) throws -> RelaySpec {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw SpecError.notJSON }
        guard let paths = root["paths"] as? [String: Any], !paths.isEmpty else { throw SpecError.noPaths }
        var routes: [Route] = []
        for (path, item) in paths {
            guard let post = (item as? [String: Any])?["post"] as? [String: Any], isRelayable(path: path, operation: post) else { continue }
            let parameters = post["parameters"] as? [[String: Any]] ?? []
            let dryRun = parameters.contains { $0["name"] as? String == "dry_run" && $0["in"] as? String == "query" }
            routes.append(Route(path: path, dryRun: dryRun))
        }
        let version = (root["info"] as? [String: Any])?["version"] as? String
        return RelaySpec(source: source, version: version, candidates: routes.sorted { $0.path < $1.path })
    }

    /// A POST under `/v1/` or `/v2/`, without path parameters, callable with an API key (not only
    /// with a dashboard session), and not one of the organisation's own management operations.
    static func isRelayable(path: String, operation: [String: Any]) -> Bool {
        guard path.hasPrefix("/v1/") || path.hasPrefix("/v2/"), !path.contains("{"),
              path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/-_.".contains($0)) })
        else { return false }
        let tags = Set(operation["tags"] as? [String] ?? [])
        guard tags.isDisjoint(with: excludedTags) else { return false }
        if let security = operation["security"] as? [[String: Any]], !security.isEmpty {
            return security.contains { $0["ApiKeyAuth"] != nil }
        }
        return true
    }

    /// The spec in the data directory if the operator loaded one, else the bundled one. A file
    /// that no longer parses is reported and the bundled spec used, so a bad file cannot stop
    /// the gateway from starting.
    static func load(dataDirectory: String) -> (spec: RelaySpec, problem: String?) {
        let path = dataDirectory + "/" + fileName
        if let data = FileManager.default.contents(atPath: path) {
            do { return (try parse(data, source: path), nil) } catch { return (bundled, "\(path): \(error); using the bundled spec") }
        }
        return (bundled, nil)
    }

    static let bundled: RelaySpec = {
        var compressed = ByteBuffer(bytes: PackageResources.ideogram_openapi_json_gz)
        // The bundled file is known to be good; a failure here is a broken build.
        guard let inflated = try? compressed.decompress(with: .gzip(), maxSize: maxSpecBytes),
              let spec = try? parse(Data(inflated.readableBytesView), source: "bundled")
        else { preconditionFailure("the bundled OpenAPI spec does not parse") }
        return spec
    }()

    /// `ideogate spec update FILE`: checks the file and writes it into the data directory, where
    /// the server reads it at its next start. Returns the new spec.
    public static func install(file: String, config: GatewayConfig) throws -> RelaySpec {
        try DataDirectory.prepare(config)
        guard let data = FileManager.default.contents(atPath: file) else { throw SpecError.unreadable(file) }
        guard data.count <= maxSpecBytes else { throw SpecError.tooLarge }
        let spec = try parse(data, source: config.dataDirectory + "/" + fileName)
        guard !spec.candidates.isEmpty else { throw SpecError.nothingToRelay }
        let target = URL(fileURLWithPath: config.dataDirectory).appendingPathComponent(fileName)
        try data.write(to: target, options: .atomic)
        return spec
    }

    public enum SpecError: Error, CustomStringConvertible {
        case unreadable(String)
        case tooLarge
        case notJSON
        case noPaths
        case nothingToRelay

        public var description: String {
            switch self {
            case .unreadable(let file): "Cannot read \(file)."
            case .tooLarge: "The file is larger than \(RelaySpec.maxSpecBytes / 1024 / 1024) MB; it is not an OpenAPI spec."
            case .notJSON: "The file is not a JSON object; expected Ideogram's OpenAPI spec (https://api.ideogram.ai/openapi.json)."
            case .noPaths: "The file has no \"paths\" object; expected Ideogram's OpenAPI spec."
            case .nothingToRelay: "The spec has no POST path under /v1 or /v2 to relay."
            }
        }
    }
}

extension RelaySpec {
    /// The spec a server started on this data directory would relay.
    public static func current(dataDirectory: String) -> RelaySpec { load(dataDirectory: dataDirectory).spec }
}

extension RelaySpec {
    /// Whether `name` is spelled as a relayed operation (`relay:/v1/…` or `relay:/v2/…`). Price
    /// books and key scopes accept such names without the spec at hand: a name for a path the
    /// current spec lacks simply never matches a request.
    public static func isOperationName(_ name: String) -> Bool {
        guard name.hasPrefix(operationPrefix), name.utf8.count <= 300 else { return false }
        let path = name.dropFirst(operationPrefix.count)
        return (path.hasPrefix("/v1/") || path.hasPrefix("/v2/"))
            && path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/-_.".contains($0)) }
    }
}
