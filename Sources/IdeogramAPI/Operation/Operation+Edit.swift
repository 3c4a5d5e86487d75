/// The prompt-driven edits on /v1 (`/v1/edit`, `/v1/edit-lite`) and the ideogram-3 reframe on
/// /v2 (reference/ideogram-openapi-2026-10.json, `V1EditImagesRequest`,
/// `V1EditLiteImagesRequest`, `ReframeImageIdeogramV3Request`).
///
/// The two edits answer `V1EditImagesResponse`, the same `{created, data[]}` as Ideogram 3.0's
/// image answers; the reframe is a /v2 route (`isV2`) and answers like the other ones.
extension Operation {
    var editPath: String {
        switch self {
        case .v1Edit: "/v1/edit"
        case .v1EditLite: "/v1/edit-lite"
        case .v2Reframe3: "/v2/image/reframe/ideogram-3"
        default: ""
        }
    }

    /// `/v1/edit` and `/v1/edit-lite`: decoded by `EditRequestRules`, answered like Ideogram 3.0.
    public var isPromptEdit: Bool { self == .v1Edit || self == .v1EditLite }

    /// `/v1/edit` alone takes `image_urls`: links the gateway opens from its own image store.
    public var takesLinkedImages: Bool { self == .v1Edit }
}
