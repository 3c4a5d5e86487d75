import Foundation
import IdeogramAPI

/// The options every OpenAI image request shares (`model`, `n`, `size`, `quality`, `style`,
/// `response_format`), validated and translated into Ideogram's vocabulary.
///
/// Mappings (README "OpenAI-compatible API and clients"):
/// - `quality`: `low` → TURBO; `standard`, `medium`, `auto` → DEFAULT; `hd`, `high` → QUALITY.
///   A model that pins its speed (`ideogram-v3-turbo`) ignores it; for legacy models `low`
///   selects the turbo model.
/// - `style`: `natural` → REALISTIC; `vivid` → AUTO. `vivid` is OpenAI's default, which many
///   clients send unasked, so it must not force a look: AUTO lets Ideogram choose. An Ideogram
///   style type (`DESIGN`, `FICTION`, …) passes through as is.
/// - `size`: see `sizeFields`.
public struct OpenAIImageOptions: Sendable {
    public enum ResponseFormat: String, Sendable { case url, b64JSON = "b64_json" }

    public var model: OpenAIModel
    public var prompt: String
    public var n: Int
    public var size: Resolution?
    public var quality: RenderingSpeed?
    public var styleType: String?
    public var responseFormat: ResponseFormat

    public init(model: String?, prompt: String?, n: Int?, size: String?, quality: String?, style: String?, responseFormat: String?) throws(OpenAIRequestError) {
        self.model = try OpenAIModel.named(model)
        guard let prompt, !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Self.invalid("prompt", "missing_prompt", "A prompt is required.")
        }
        self.prompt = prompt
        self.n = n ?? 1
        guard (1...8).contains(self.n) else {
            throw Self.invalid("n", "invalid_n", "n must be between 1 and 8 (got \(self.n)).")
        }
        // Ideogram 4 and 4.5 make one image per request: no `num_images` to map `n` to.
        if self.model.v4Operation != nil, self.n != 1 {
            throw Self.invalid("n", "invalid_n", "The model '\(self.model.id)' makes one image per request; n must be 1 (got \(self.n)).")
        }
        self.size = try Self.parseSize(size)
        self.quality = try Self.parseQuality(quality)
        self.styleType = try Self.parseStyle(style)
        switch responseFormat?.lowercased() {
        case nil, "", "url": self.responseFormat = .url
        case "b64_json": self.responseFormat = .b64JSON
        case let other?:
            throw Self.invalid("response_format", "invalid_response_format", "response_format must be url or b64_json (got '\(other)').")
        }
    }

    static func invalid(_ param: String, _ code: String, _ message: String) -> OpenAIRequestError {
        .invalid(param, code, message)
    }

    private static func parseSize(_ raw: String?) throws(OpenAIRequestError) -> Resolution? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces).lowercased(), !raw.isEmpty, raw != "auto" else { return nil }
        guard let size = Resolution(v3Name: raw), (1...16_384).contains(size.width), (1...16_384).contains(size.height) else {
            throw invalid("size", "invalid_size", "size must be 'auto' or WIDTHxHEIGHT, e.g. 1024x1024 (got '\(raw)').")
        }
        return size
    }

    private static func parseQuality(_ raw: String?) throws(OpenAIRequestError) -> RenderingSpeed? {
        switch raw?.lowercased() {
        case nil, "": return nil
        case "low": return .turbo
        case "standard", "medium", "auto": return .default
        case "hd", "high": return .quality
        case let other?:
            throw invalid("quality", "invalid_quality", "quality must be one of low, medium, high, standard, hd, auto (got '\(other)').")
        }
    }

    private static func parseStyle(_ raw: String?) throws(OpenAIRequestError) -> String? {
        switch raw?.lowercased() {
        case nil, "": return nil
        case "natural": return "REALISTIC"
        case "vivid": return "AUTO"
        case let other?:
            let upper = other.uppercased()
            let native = ["AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION", "RENDER_3D", "ANIME"]
            guard native.contains(upper) else {
                throw invalid("style", "invalid_style", "style must be vivid, natural or an Ideogram style type (got '\(other)').")
            }
            return upper
        }
    }

    /// `size` in the native family's fields. An exact Ideogram resolution is kept exactly;
    /// any other size becomes the nearest aspect ratio (1792x1024 → 16x9, rendered 1312x736).
    /// Absent or `auto` sends nothing: Ideogram's default is 1x1. `exactResolution: false` is for
    /// endpoints that take only `aspect_ratio` (generate-transparent).
    public func sizeFields(exactResolution: Bool = true) -> [String: Any] {
        guard let size else { return [:] }
        switch model.family {
        case .v4:
            return ["resolution": Resolution.nearestV4(to: size).description]
        case .v3:
            if exactResolution, SizeVocabulary.isV3Resolution(size) { return ["resolution": size.description] }
            return ["aspect_ratio": SizeVocabulary.nearestRatio(to: size).v3Name]
        case .legacy:
            if SizeVocabulary.isLegacyResolution(size) { return ["resolution": size.legacyName] }
            let ratio = SizeVocabulary.nearestRatio(to: size)
            // 2:1, 1:2, 4:5 and 5:4 have no legacy aspect name; their size does exist as a resolution.
            if let name = ratio.legacyName { return ["aspect_ratio": name] }
            return ["resolution": ratio.defaultResolution.legacyName]
        }
    }
}
