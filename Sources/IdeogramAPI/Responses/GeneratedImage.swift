/// One output image in a generate-type response (`ImageObject` / `ImageGenerationObjectV3`).
public struct GeneratedImage: Codable, Sendable, Equatable {
    /// Nil when the image was withheld by the safety check; encoded as `null`, never `""`.
    public var url: String?
    /// Required by the schema even for prompt-less requests (reframe, upscale): may be "".
    public var prompt: String
    /// `"WxH"` of this image as delivered.
    public var resolution: String
    public var isImageSafe: Bool
    public var seed: Int
    public var styleType: String?
    /// generate-transparent with X2/X4 only: the size after upscaling (`resolution` stays the
    /// pre-upscale size, as the spec says).
    public var upscaledResolution: String?

    public init(
        url: String?,
        prompt: String,
        resolution: String,
        isImageSafe: Bool,
        seed: Int,
        styleType: String? = nil,
        upscaledResolution: String? = nil
    ) {
        self.url = url
        self.prompt = prompt
        self.resolution = resolution
        self.isImageSafe = isImageSafe
        self.seed = seed
        self.styleType = styleType
        self.upscaledResolution = upscaledResolution
    }

    enum CodingKeys: String, CodingKey {
        case url
        case prompt
        case resolution
        case isImageSafe = "is_image_safe"
        case seed
        case styleType = "style_type"
        case upscaledResolution = "upscaled_resolution"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // `url` is nullable in the schema: always present, `null` when withheld.
        try container.encode(url, forKey: .url)
        try container.encode(prompt, forKey: .prompt)
        try container.encode(resolution, forKey: .resolution)
        try container.encode(isImageSafe, forKey: .isImageSafe)
        try container.encode(seed, forKey: .seed)
        try container.encodeIfPresent(styleType, forKey: .styleType)
        try container.encodeIfPresent(upscaledResolution, forKey: .upscaledResolution)
    }
}
