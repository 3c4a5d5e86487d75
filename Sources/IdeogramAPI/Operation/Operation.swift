/// Every Ideogram endpoint the gateway answers. The raw value is a stable name for logs, price
/// books and key scopes; `path` is the endpoint as Ideogram spells it.
public enum Operation: String, CaseIterable, Sendable, Codable {
    case v3Generate = "v3.generate"
    case v3Remix = "v3.remix"
    case v3Edit = "v3.edit"
    case v3Inpaint = "v3.inpaint"
    case v3Reframe = "v3.reframe"
    case v3ReplaceBackground = "v3.replace-background"
    case v3GenerateTransparent = "v3.generate-transparent"
    case generate = "legacy.generate"
    case remix = "legacy.remix"
    case edit = "legacy.edit"
    case upscale = "legacy.upscale"
    case describe = "legacy.describe"
    case reframe = "legacy.reframe"
    // MARK: Ideogram 4 and 4.5 on /v1 (V4Operations.swift)
    case v4Generate = "v4.generate"
    case v4Remix = "v4.remix"
    case v4ImageToImage = "v4.image-to-image"
    case v4GenerateTransparent = "v4.generate-transparent"
    case v4Describe = "v4.describe"
    case v4MagicPrompt = "v4.magic-prompt"
    case v45Generate = "v45.generate"
    // END Ideogram 4 and 4.5

    /// The path on Ideogram's own host (the gateway also serves it under `/ideogram`).
    public var path: String {
        switch self {
        case .v3Generate: "/v1/ideogram-v3/generate"
        case .v3Remix: "/v1/ideogram-v3/remix"
        case .v3Edit: "/v1/ideogram-v3/edit"
        case .v3Inpaint: "/v1/ideogram-v3/inpaint"
        case .v3Reframe: "/v1/ideogram-v3/reframe"
        case .v3ReplaceBackground: "/v1/ideogram-v3/replace-background"
        case .v3GenerateTransparent: "/v1/ideogram-v3/generate-transparent"
        case .generate: "/generate"
        case .remix: "/remix"
        case .edit: "/edit"
        case .upscale: "/upscale"
        case .describe: "/describe"
        case .reframe: "/reframe"
        case .v4Generate, .v4Remix, .v4ImageToImage, .v4GenerateTransparent, .v4Describe, .v4MagicPrompt, .v45Generate:
            v4Path
        }
    }

    /// The operation served at `path`, with or without the reseller-style `/ideogram` prefix.
    public init?(path: String) {
        var path = path
        if path.hasPrefix("/ideogram/") { path.removeFirst("/ideogram".count) }
        guard let match = Operation.allCases.first(where: { $0.path == path }) else { return nil }
        self = match
    }

    /// False for describe and the V4 text answers (describe, magic prompt).
    public var producesImages: Bool { self != .describe && !answersWithDocument }

    /// The Ideogram 3.0 family (`/v1/ideogram-v3/…`): `rendering_speed`, `WxH` enums, no `model`.
    public var isV3: Bool { rawValue.hasPrefix("v3.") }

    /// Legacy remix and upscale carry their parameters as a JSON `image_request` form part, and
    /// legacy generate as a JSON `image_request` object; `IdeogramRequest.fields` then holds that
    /// object's members, to be wrapped again when the request is sent upstream.
    public var wrapsImageRequest: Bool {
        self == .generate || self == .remix || self == .upscale
    }
}
