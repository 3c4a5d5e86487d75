import Foundation

/// The answer of `/v2/image/describe/ideogram-4` (`DescribeImageIdeogramV4Response`):
/// `{created, description_id, json_prompt}`. The `json_prompt` is the upstream's (or the
/// sandbox's) `V4JsonPrompt`, relayed as it came; the gateway names the description like the
/// ideogram-3 describe's, so a client sees the same id in its answer and its usage row.
public struct V2JSONPromptDescribeResponse: Codable, Sendable, Equatable {
    public var created: Date
    public var descriptionID: String
    public var jsonPrompt: JSONValue

    public init(created: Date, descriptionID: String, jsonPrompt: JSONValue) {
        self.created = created
        self.descriptionID = descriptionID
        self.jsonPrompt = jsonPrompt
    }

    /// The answer for an upstream document: its `json_prompt` member (an empty object if the
    /// upstream left it out, which the spec never does).
    public init(created: Date, descriptionID: String, document: JSONValue) {
        self.init(created: created, descriptionID: descriptionID, jsonPrompt: document.objectValue?["json_prompt"] ?? .object([:]))
    }

    enum CodingKeys: String, CodingKey {
        case created
        case descriptionID = "description_id"
        case jsonPrompt = "json_prompt"
    }
}
