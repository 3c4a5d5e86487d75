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

    // MARK: /v2 model-addressed image routes (issue 14; Operation+V2.swift)
    case v2Generate45 = "v2.generate.ideogram-4-5"
    case v2PreciseEdit45 = "v2.precise-edit.ideogram-4-5"
    case v2Generate4 = "v2.generate.ideogram-4"
    case v2Generate3 = "v2.generate.ideogram-3"
    case v2Remix3 = "v2.remix.ideogram-3"
    case v2Inpaint3 = "v2.inpaint.ideogram-3"
    case v2Describe3 = "v2.describe.ideogram-3"
    // MARK: end of the /v2 block

    // MARK: Tools (Operation+Tools.swift)
    case removeBackground = "tools.remove-background"
    case removeObject = "tools.remove-object"
    case layerizeText = "tools.layerize-text"
    // MARK: end of the tools block
    // MARK: prompt edits and the ideogram-3 reframe (Operation+Edit.swift)
    case v1Edit = "v1.edit"
    case v1EditLite = "v1.edit-lite"
    case v2Reframe3 = "v2.reframe.ideogram-3"
    // END prompt edits
    // MARK: more /v2 model routes: ideogram-4 remix and describe, transparent generation (Operation+V2Models.swift)
    case v2Remix4 = "v2.remix.ideogram-4"
    case v2Describe4 = "v2.describe.ideogram-4"
    case v2GenerateTransparent4 = "v2.generate.ideogram-4-transparent"
    case v2GenerateTransparent3 = "v2.generate.ideogram-3-transparent"
    // END more /v2 model routes

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
        // /v2 block
        case .v2Generate45: "/v2/image/generate/ideogram-4-5"
        case .v2PreciseEdit45: "/v2/image/precise-edit/ideogram-4-5"
        case .v2Generate4: "/v2/image/generate/ideogram-4"
        case .v2Generate3: "/v2/image/generate/ideogram-3"
        case .v2Remix3: "/v2/image/remix/ideogram-3"
        case .v2Inpaint3: "/v2/image/inpaint/ideogram-3"
        case .v2Describe3: "/v2/image/describe/ideogram-3"
        case .removeBackground, .removeObject, .layerizeText: toolPath
        case .v1Edit, .v1EditLite, .v2Reframe3: editPath
        case .v2Remix4, .v2Describe4, .v2GenerateTransparent4, .v2GenerateTransparent3: v2ModelPath
        }
    }

    /// The operation that replaces this one, when Ideogram's spec marks this one `deprecated`:
    /// the 2026-10 spec marks `/v1/ideogram-v3/edit` so, in favour of `/v1/ideogram-v3/inpaint`.
    /// The route keeps working; its answers say so (`Deprecation`, `Link: rel="successor-version"`).
    public var successor: Operation? {
        self == .v3Edit ? .v3Inpaint : nil
    }

    /// When Ideogram marked it deprecated (the spec of 2026-10-07), as Unix seconds.
    public var deprecatedSince: Int? {
        successor == nil ? nil : 1_791_331_200
    }

    /// The operation served at `path`, with or without the reseller-style `/ideogram` prefix.
    public init?(path: String) {
        var path = path
        if path.hasPrefix("/ideogram/") { path.removeFirst("/ideogram".count) }
        guard let match = Operation.allCases.first(where: { $0.path == path }) else { return nil }
        self = match
    }

    /// False for the describe routes and the V4 text answers (describe, magic prompt), which
    /// answer with text rather than images.
    public var producesImages: Bool { self != .describe && self != .v2Describe3 && !answersWithDocument }

    /// The Ideogram 3.0 family (`/v1/ideogram-v3/…`): `rendering_speed`, `WxH` enums, no `model`.
    public var isV3: Bool { rawValue.hasPrefix("v3.") }

    /// Legacy remix and upscale carry their parameters as a JSON `image_request` form part, and
    /// legacy generate as a JSON `image_request` object; `IdeogramRequest.fields` then holds that
    /// object's members, to be wrapped again when the request is sent upstream.
    public var wrapsImageRequest: Bool {
        self == .generate || self == .remix || self == .upscale
    }
}
