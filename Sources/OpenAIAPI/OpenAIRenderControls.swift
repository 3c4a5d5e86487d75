import Foundation
import IdeogramAPI

/// The OpenAI request fields that steer rendering beyond model, size and quality — `seed`,
/// `negative_prompt`, `magic_prompt`, `background`, `output_format` — validated, and mapped to the
/// Ideogram field each one stands for (README "OpenAI-compatible API and clients").
///
/// A value Ideogram cannot honour on the chosen endpoint is a 400 naming the parameter, never
/// dropped: a client that asked for a transparent JPEG must not silently get an opaque PNG.
public struct OpenAIRenderControls: Sendable, Equatable {
    public enum MagicPrompt: String, Sendable { case auto = "AUTO", on = "ON", off = "OFF" }
    public enum Background: String, Sendable { case auto, opaque, transparent }

    public var seed: Int?
    public var negativePrompt: String?
    public var magicPrompt: MagicPrompt?
    public var background: Background
    /// Ideogram answers PNG only, so `png` (or nothing) is the one format accepted.
    public static let outputFormats = ["png"]

    public init() {
        background = .auto
    }

    /// From raw values: JSON values for generations, form text (as `.string`) for edits.
    public init(
        seed: JSONValue?, negativePrompt: JSONValue?, magicPrompt: JSONValue?, background: JSONValue?, outputFormat: JSONValue?
    ) throws(OpenAIRequestError) {
        self.seed = try Self.parseSeed(seed)
        self.negativePrompt = try Self.text(negativePrompt, param: "negative_prompt")
        self.magicPrompt = try Self.parseMagicPrompt(magicPrompt)
        self.background = try Self.parseBackground(background)
        try Self.checkOutputFormat(outputFormat)
    }

    /// Ideogram's seed range (0…2147483647).
    static let seedRange = 0...2_147_483_647

    private static func parseSeed(_ value: JSONValue?) throws(OpenAIRequestError) -> Int? {
        guard let seed = try OpenAIGenerationRequest.integer(value, param: "seed") else { return nil }
        guard seedRange.contains(seed) else {
            throw .invalid("seed", "invalid_seed", "seed must be between 0 and 2147483647 (got \(seed)).")
        }
        return seed
    }

    private static func text(_ value: JSONValue?, param: String) throws(OpenAIRequestError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        default: throw .invalid(param, "invalid_\(param)", "\(param) must be a string.")
        }
    }

    /// `auto`/`on`/`off` in any case, or a boolean (on/off), as clients send both.
    private static func parseMagicPrompt(_ value: JSONValue?) throws(OpenAIRequestError) -> MagicPrompt? {
        switch value {
        case nil, .null?: return nil
        case .bool(let on)?: return on ? .on : .off
        case .string(let raw)?:
            let word = raw.trimmingCharacters(in: .whitespaces).lowercased()
            switch word {
            case "": return nil
            case "true": return .on
            case "false": return .off
            default:
                if let option = MagicPrompt(rawValue: word.uppercased()) { return option }
            }
        default: break
        }
        throw .invalid("magic_prompt", "invalid_magic_prompt", "magic_prompt must be auto, on or off.")
    }

    private static func parseBackground(_ value: JSONValue?) throws(OpenAIRequestError) -> Background {
        guard let raw = try text(value, param: "background") else { return .auto }
        guard let background = Background(rawValue: raw.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw .invalid("background", "invalid_background", "background must be auto, opaque or transparent (got '\(raw)').")
        }
        return background
    }

    private static func checkOutputFormat(_ value: JSONValue?) throws(OpenAIRequestError) {
        guard let raw = try text(value, param: "output_format") else { return }
        guard outputFormats.contains(raw.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw .invalid(
                "output_format", "unsupported_output_format",
                "Ideogram returns PNG images; output_format must be png (got '\(raw)').")
        }
    }

    // MARK: Mapping

    /// Refuses what the endpoint `operation` cannot honour. `transparent` is only reachable as
    /// generate-transparent, which has no legacy or edit counterpart.
    func check(for operation: IdeogramAPI.Operation, model: OpenAIModel) throws(OpenAIRequestError) {
        if background == .transparent, operation != .v3GenerateTransparent, operation != .v4GenerateTransparent {
            let endpoint = operation == .v3Edit || operation == .edit ? "Edits" : "The model '\(model.id)'"
            throw .invalid(
                "background", "unsupported_background",
                "\(endpoint) cannot produce a transparent background; transparent generation needs an ideogram-v3 or ideogram-v4 model on /v1/images/generations.")
        }
        if negativePrompt != nil, !Self.takesNegativePrompt(operation, model: model) {
            throw .invalid(
                "negative_prompt", "unsupported_negative_prompt",
                "negative_prompt is not available for \(operation == .v3Edit || operation == .edit ? "edits" : "the model '\(model.id)'").")
        }
    }

    /// Ideogram's spec: V3 generate and generate-transparent; legacy generate for V_2 and V_2_TURBO
    /// (not V_2A); no edit endpoint.
    private static func takesNegativePrompt(_ operation: IdeogramAPI.Operation, model: OpenAIModel) -> Bool {
        switch operation {
        case .v3Generate, .v3GenerateTransparent: true
        case .generate:
            if case .legacy(let base, _) = model.family { base == .V_2 || base == .V_2_TURBO } else { false }
        default: false
        }
    }

    /// The native fields, under the family's names (`magic_prompt` vs `magic_prompt_option`).
    func nativeFields(for operation: IdeogramAPI.Operation) -> [(String, NativeValue)] {
        var fields: [(String, NativeValue)] = []
        if let seed { fields.append(("seed", .int(seed))) }
        if let negativePrompt { fields.append(("negative_prompt", .text(negativePrompt))) }
        if let magicPrompt { fields.append((operation.isV3 ? "magic_prompt" : "magic_prompt_option", .text(magicPrompt.rawValue))) }
        return fields
    }

    /// A field value that JSON keeps as a number and a form writes as text.
    enum NativeValue: Sendable, Equatable {
        case int(Int)
        case text(String)

        var json: Any {
            switch self {
            case .int(let value): value
            case .text(let value): value
            }
        }

        var formText: String {
            switch self {
            case .int(let value): String(value)
            case .text(let value): value
            }
        }
    }
}
