import Foundation

/// `RemoveBackgroundResponse` and `RemoveObjectResponse`: `{created, data}` whose one item is
/// only `{url, is_image_safe}` (`RemoveBackgroundImageObject`, `RemoveObjectImageObject`) — no
/// prompt, seed or resolution, which these tools do not have.
public struct ToolImageResponse: Codable, Sendable, Equatable {
    public var created: Date
    public var data: [ToolImage]

    public init(created: Date, data: [ToolImage]) {
        self.created = created
        self.data = data
    }
}

public struct ToolImage: Codable, Sendable, Equatable {
    /// Nullable: `null` when the safety check withheld the image.
    public var url: String?
    public var isImageSafe: Bool

    public init(url: String?, isImageSafe: Bool) {
        self.url = url
        self.isImageSafe = isImageSafe
    }

    enum CodingKeys: String, CodingKey {
        case url
        case isImageSafe = "is_image_safe"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        isImageSafe = try container.decode(Bool.self, forKey: .isImageSafe)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(url, forKey: .url)
        try container.encode(isImageSafe, forKey: .isImageSafe)
    }
}
