import NIOCore

/// `LayerizeTextResponse`: the text-erased base image, the original (nullable), the detected
/// text blocks and the seed. The blocks are JSON objects so that an upstream's blocks reach the
/// customer with every member it wrote; `DetectedTextBlock` builds them (`jsonValue`).
public struct LayerizeTextResponse: Codable, Sendable, Equatable {
    public var baseImageURL: String
    public var originalImageURL: String?
    public var textBlocks: [JSONValue]
    public var seed: Int

    public init(baseImageURL: String, originalImageURL: String?, textBlocks: [JSONValue], seed: Int) {
        self.baseImageURL = baseImageURL
        self.originalImageURL = originalImageURL
        self.textBlocks = textBlocks
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case baseImageURL = "base_image_url"
        case originalImageURL = "original_image_url"
        case textBlocks = "text_blocks"
        case seed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(baseImageURL, forKey: .baseImageURL)
        try container.encode(originalImageURL, forKey: .originalImageURL)
        try container.encode(textBlocks, forKey: .textBlocks)
        try container.encode(seed, forKey: .seed)
    }
}

/// `DetectedTextBlock`: one text region. Required: text, x, y, width, height, alignment,
/// formatting; the rest is nullable and omitted when unknown.
public struct DetectedTextBlock: Codable, Sendable, Equatable {
    public var text: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// `left`, `center` or `right`.
    public var alignment: String
    /// Effects such as `bold`, `italic`, `all_caps`.
    public var formatting: [String]
    public var angle: Double?
    /// `#RRGGBB`.
    public var color: String?
    public var fontName: String?
    public var fontAlternatives: [String]?
    public var fontSize: Int?
    public var lineHeight: Double?
    /// `heading`, `subheading`, `body` or `caption`.
    public var role: String?

    public init(
        text: String, x: Int, y: Int, width: Int, height: Int, alignment: String, formatting: [String] = [],
        angle: Double? = nil, color: String? = nil, fontName: String? = nil, fontAlternatives: [String]? = nil,
        fontSize: Int? = nil, lineHeight: Double? = nil, role: String? = nil
    ) {
        self.text = text
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.alignment = alignment
        self.formatting = formatting
        self.angle = angle
        self.color = color
        self.fontName = fontName
        self.fontAlternatives = fontAlternatives
        self.fontSize = fontSize
        self.lineHeight = lineHeight
        self.role = role
    }

    /// The block as the JSON object the answer carries (nil members omitted).
    public var jsonValue: JSONValue {
        (try? IdeogramJSON.decode(JSONValue.self, from: IdeogramJSON.encode(self))) ?? .object([:])
    }

    enum CodingKeys: String, CodingKey {
        case text, x, y, width, height, alignment, formatting, angle, color, role
        case fontName = "font_name"
        case fontAlternatives = "font_alternatives"
        case fontSize = "font_size"
        case lineHeight = "line_height"
    }
}
