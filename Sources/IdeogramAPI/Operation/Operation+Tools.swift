/// Ideogram's image tools on /v1 (ideogram-api-2026-10-delta.md, "Tools"): remove-background,
/// remove-object and layerize-text. Each takes one image and answers for it alone, so each is
/// priced per request; remove-background and remove-object answer `{created, data}` with items
/// of only `{url, is_image_safe}`, layerize-text a text-erased base image and its text blocks.
extension Operation {
    /// The three tools: decoded by `ToolRequestRules`, answered in their own shapes.
    public var isTool: Bool { rawValue.hasPrefix("tools.") }

    /// `RemoveBackgroundResponse` / `RemoveObjectResponse`: `{created, data:[{url, is_image_safe}]}`.
    public var answersToolImage: Bool { self == .removeBackground || self == .removeObject }

    var toolPath: String {
        switch self {
        case .removeBackground: "/v1/remove-background"
        case .removeObject: "/v1/remove-object"
        case .layerizeText: "/v1/ideogram-v3/layerize-text"
        default: ""
        }
    }
}

extension Operation {
    /// One result per call whatever the request says (no `num_images`): a tool, or a describe.
    /// For these a price per call and a price per result are the same thing.
    public var answersOncePerCall: Bool {
        isTool || answersWithDocument || self == .describe || self == .v2Describe3
    }
}
