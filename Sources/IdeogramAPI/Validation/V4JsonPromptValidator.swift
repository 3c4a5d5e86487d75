/// Checks an Ideogram 4 `json_prompt` (`V4JsonPrompt`) just enough to refuse what Ideogram
/// would refuse — not an object, or without its two required members — and otherwise leaves it
/// exactly as sent: the object travels upstream unchanged, unknown members included.
enum V4JsonPromptValidator {
    static let code = "invalid_json_prompt"

    static func validate(_ value: JSONValue, field: String) throws(IdeogramError) -> JSONValue {
        let object: [String: JSONValue]
        switch value {
        case .object(let members):
            object = members
        case .string(let text):
            // Multipart carries the object as a JSON-encoded part (delta §1b).
            object = try JSONBodyReader.readObject(text, what: "'\(field)'")
        default:
            throw .badRequest(code, "'\(field)' must be a JSON object (V4JsonPrompt).")
        }
        guard case .string(let description)? = object["high_level_description"],
              !description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .badRequest(code, "'\(field)' needs 'high_level_description', a non-empty string.")
        }
        guard case .object(let composition)? = object["compositional_deconstruction"] else {
            throw .badRequest(code, "'\(field)' needs 'compositional_deconstruction', an object with 'background' and 'elements'.")
        }
        if let elements = composition["elements"] {
            guard case .array = elements else {
                throw .badRequest(code, "'\(field).compositional_deconstruction.elements' must be an array.")
            }
        }
        // As sent: a multipart part stays the customer's text, byte for byte.
        return value
    }

    /// The prompt text a V4 JSON prompt stands for, for responses and the sandbox.
    static func summary(_ value: JSONValue?) -> String? {
        var object: [String: JSONValue]?
        switch value {
        case .object(let members)?: object = members
        case .string(let text)?: object = try? JSONBodyReader.readObject(text, what: "json_prompt")
        default: object = nil
        }
        guard case .string(let text)? = object?["high_level_description"] else { return nil }
        return text
    }
}
