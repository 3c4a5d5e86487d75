import Foundation

/// `color_palette`: exactly one of a preset `name` or 1–8 `members`
/// (`{"color_hex": "#RGB|#RRGGBB", "color_weight": 0.05…1.0}`), per the spec's oneOf.
enum ColorPaletteValidator {
    static func validate(_ value: JSONValue) throws(IdeogramError) -> JSONValue {
        var palette: [String: JSONValue]
        switch value {
        case .object(let object):
            palette = object
        case .string(let text):
            // Multipart sends it as a JSON-encoded part; some JSON clients double-encode it too.
            palette = try JSONBodyReader.readObject(text, what: "Field 'color_palette'")
        default:
            throw .invalidValue("Field 'color_palette' must be an object with 'name' or 'members'.")
        }

        switch (palette["name"], palette["members"]) {
        case (.some, .some):
            throw .conflicting("color_palette takes either 'name' or 'members', not both.")
        case (.some(let name), nil):
            palette["name"] = .string(
                try FieldNormalizer.enumeration(name, field: "color_palette.name", domain: .colorPalettePreset)
            )
        case (nil, .some(.array(let members))):
            guard (1...8).contains(members.count) else {
                throw .badRequest(IdeogramError.Code.outOfRange, "color_palette.members must have 1 to 8 entries.")
            }
            palette["members"] = .array(try members.map { member throws(IdeogramError) in try validate(member: member) })
        case (nil, .some):
            throw .invalidValue("color_palette.members must be an array.")
        case (nil, nil):
            throw .invalidValue("Field 'color_palette' must have 'name' or 'members'.")
        }
        return .object(palette)
    }

    private static func validate(member: JSONValue) throws(IdeogramError) -> JSONValue {
        guard var object = member.objectValue, let hex = object["color_hex"]?.stringValue else {
            throw .invalidValue("Each color_palette member needs a 'color_hex' string.")
        }
        guard isHexColor(hex) else {
            throw .invalidValue("color_hex '\(hex)' must look like #RGB or #RRGGBB.")
        }
        if let weight = object["color_weight"] {
            let number: Double? = switch weight {
            case .number(let double): double
            case .int(let int): Double(int)
            case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
            default: nil
            }
            guard let number else { throw .invalidValue("color_weight must be a number.") }
            guard number >= 0.05, number <= 1.0 else {
                throw .badRequest(IdeogramError.Code.outOfRange, "color_weight must be between 0.05 and 1.0.")
            }
            object["color_weight"] = .number(number)
        }
        return .object(object)
    }

    private static func isHexColor(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.hasPrefix("#") && (digits.count == 3 || digits.count == 6) && digits.allSatisfy(\.isHexDigit)
    }
}
