import Foundation

/// The answer of `/v2/image/describe/ideogram-3`: `{created, description_id, descriptions}`.
public struct V2DescribeResponse: Codable, Sendable, Equatable {
    public var created: Date
    public var descriptionID: String
    public var descriptions: [Description]

    public init(created: Date, descriptionID: String, descriptions: [Description]) {
        self.created = created
        self.descriptionID = descriptionID
        self.descriptions = descriptions
    }

    enum CodingKeys: String, CodingKey {
        case created
        case descriptionID = "description_id"
        case descriptions
    }
}
