import IdeogramAPI

/// Layerize-text's answer from an upstream, before delivery: its two images to rehost and the
/// text blocks, which travel to the customer as the upstream wrote them (a newer Ideogram may
/// add members, e.g. `letter_spacing`; the gateway has no reason to drop them).
public struct TextLayers: Sendable {
    /// The image with the text erased (`base_image_url`).
    public var base: UpstreamImage
    /// The image with its text intact (`original_image_url`, nullable).
    public var original: UpstreamImage?
    /// `DetectedTextBlock` objects.
    public var textBlocks: [JSONValue]
    public var seed: Int

    public init(base: UpstreamImage, original: UpstreamImage?, textBlocks: [JSONValue], seed: Int) {
        self.base = base
        self.original = original
        self.textBlocks = textBlocks
        self.seed = seed
    }
}

extension UpstreamImage {
    /// A tool's image: tools answer no prompt or seed per image, so these carry the request's
    /// size and seed only for the gallery and the usage log; the answer shows none of them.
    static func tool(_ payload: Payload?, resolution: Resolution, seed: Int, isImageSafe: Bool = true) -> UpstreamImage {
        UpstreamImage(
            payload: payload, prompt: "", resolution: resolution.description, isImageSafe: isImageSafe, seed: seed,
            styleType: nil, upscaledResolution: nil)
    }
}
