/// `style_codes`: an array of 8-hex-digit strings (`^[0-9a-fA-F]{8}$`). Multipart repeats the
/// field; a single value, or a JSON array sent as one text part, is accepted as well.
enum StyleCodesValidator {
    static func validate(_ value: JSONValue) throws(IdeogramError) -> JSONValue {
        let items: [JSONValue]
        switch value {
        case .array(let array):
            items = array.flatMap(expandJSONText)
        case .string:
            items = expandJSONText(value)
        default:
            throw .invalidValue("Field 'style_codes' must be an array of 8-character hex strings.")
        }
        let codes = try items.map { item throws(IdeogramError) -> JSONValue in
            guard let code = item.stringValue, code.utf8.count == 8, code.utf8.allSatisfy(\.isHexDigit) else {
                throw .invalidValue("Each style code must be 8 hexadecimal characters (got \(item.formText)).")
            }
            return .string(code)
        }
        return .array(codes)
    }

    /// `"[\"AAFF5733\",\"0133FF57\"]"` sent as one form part → its elements.
    private static func expandJSONText(_ value: JSONValue) -> [JSONValue] {
        if let text = value.stringValue, text.hasPrefix("["), case .array(let array)? = JSONBodyReader.readValue(text) {
            return array
        }
        return [value]
    }
}
