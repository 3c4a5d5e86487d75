import Foundation

/// OpenAI's images response: `{"created": <unix seconds>, "data": [{"url"} | {"b64_json"}]}`.
struct OpenAIImagesResponse: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        var url: String?
        var b64JSON: String?
        /// Ideogram's prompt when it differs from the caller's (Magic Prompt rewrote it), as
        /// DALL·E 3 reports its own rewrite.
        var revisedPrompt: String?

        enum CodingKeys: String, CodingKey {
            case url
            case b64JSON = "b64_json"
            case revisedPrompt = "revised_prompt"
        }
    }

    var created: Int
    var data: [Item]
}
