/// The Ideogram 4 and 4.5 operations on /v1 (reference/ideogram-api-2026-10-delta.md §1b).
///
/// They share one request vocabulary (`text_prompt` or `json_prompt`, `ResolutionV4`, FLASH
/// refused) and one answer (`ImageGenerationResponseV4`, with `response_type: "url"`); four of
/// them also have an `async/` twin that answers `{"generation_id": …}` and runs as a task.
extension Operation {
    /// Ideogram 4 and 4.5: decoded by `V4RequestRules`, answered in the V4 shape.
    public var isV4Family: Bool { rawValue.hasPrefix("v4.") || rawValue.hasPrefix("v45.") }

    var v4Path: String {
        switch self {
        case .v4Generate: "/v1/ideogram-v4/generate"
        case .v4Remix: "/v1/ideogram-v4/remix"
        case .v4ImageToImage: "/v1/ideogram-v4/image-to-image"
        case .v4GenerateTransparent: "/v1/ideogram-v4/generate-transparent"
        case .v4Describe: "/v1/ideogram-v4/describe"
        case .v4MagicPrompt: "/v1/ideogram-v4/magic-prompt"
        case .v45Generate: "/v1/ideogram-v45/generate"
        default: ""
        }
    }

    /// V4 describe (`{json_prompt}`) and magic prompt (`{aspect_ratio, json_prompt}`) answer with
    /// a JSON document rather than images; they are priced per request.
    /// The /v2 ideogram-4 describe answers its `json_prompt` the same way (Operation+V2Models.swift).
    public var answersWithDocument: Bool { self == .v4Describe || self == .v4MagicPrompt || self == .v2Describe4 }

    /// The `…/async/…` twin Ideogram serves beside the synchronous path, if any.
    public var asyncTwinPath: String? {
        switch self {
        case .v4Generate: "/v1/ideogram-v4/async/generate"
        case .v4Remix: "/v1/ideogram-v4/async/remix"
        case .v4ImageToImage: "/v1/ideogram-v4/async/image-to-image"
        case .v4GenerateTransparent: "/v1/ideogram-v4/async/generate-transparent"
        case .v45Generate: "/v1/ideogram-v45/async/generate"
        default: nil
        }
    }

    /// The spec's `webhook_url` query parameter is required on these twins (delta §2: the
    /// webhook-only routes include v45 and v4 image-to-image) and optional on the others.
    public var asyncTwinRequiresWebhook: Bool { self == .v45Generate || self == .v4ImageToImage }
}
