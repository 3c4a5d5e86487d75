import Foundation

/// Validates the known fields of a request and rewrites them in canonical form, in place.
///
/// Tolerance is deliberate: multipart carries everything as text, and customers copy examples
/// that send numbers as strings (`"image_weight": "60"`, `"seed": "2"`), so numeric strings pass
/// as integers in JSON too, and enum values match regardless of letter case. What reaches
/// `IdeogramRequest.fields` is always what Ideogram's own schema expects.
struct FieldNormalizer {
    let schema: EndpointSchema
    /// Multipart forms send empty strings for empty inputs; there they mean "not given".
    let emptyMeansAbsent: Bool

    func normalize(_ fields: inout [String: JSONValue]) throws(IdeogramError) {
        for spec in schema.fields {
            if emptyMeansAbsent, case .string(let text) = fields[spec.name], text.isEmpty, !isTextual(spec.kind) {
                fields[spec.name] = nil
            }
            if spec.nullable, fields[spec.name] == .null { fields[spec.name] = nil }
            guard let value = fields[spec.name] else {
                if spec.required { throw .missingField(spec.name) }
                continue
            }
            // Only fields the spec marks nullable (cleared above) may be null; elsewhere an
            // explicit null is an error, not "absent".
            if value == .null {
                throw .invalidValue("Field '\(spec.name)' must not be null.")
            }
            fields[spec.name] = try normalize(value, as: spec)
        }
    }

    private func isTextual(_ kind: FieldKind) -> Bool {
        switch kind {
        case .text, .prompt: true
        default: false
        }
    }

    private func normalize(_ value: JSONValue, as spec: FieldSpec) throws(IdeogramError) -> JSONValue {
        switch spec.kind {
        case .text:
            return .string(try Self.text(value, field: spec.name))
        case .prompt:
            let prompt = try Self.text(value, field: spec.name)
            if spec.required, prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw .missingField(spec.name)
            }
            return .string(prompt)
        case .integer(let range):
            return .int(Int64(try Self.integer(value, field: spec.name, range: range)))
        case .enumeration(let domain):
            return .string(try Self.enumeration(value, field: spec.name, domain: domain))
        case .colorPalette:
            return try ColorPaletteValidator.validate(value)
        case .styleCodes:
            return try StyleCodesValidator.validate(value)
        case .boolean:
            return .bool(try Self.boolean(value, field: spec.name))
        case .jsonObject:
            return try V4JsonPromptValidator.validate(value, field: spec.name)
        case .clampedNumber(let range):
            return .number(try ClampedNumber.number(value, field: spec.name, range: range))  // ClampedNumber.swift
        case .clampedInteger(let range):
            return .int(Int64(try ClampedNumber.integer(value, field: spec.name, range: range)))
        }
    }

    static func text(_ value: JSONValue, field: String) throws(IdeogramError) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .number(let number): return String(number)
        default: throw .invalidValue("Field '\(field)' must be a string.")
        }
    }

    static func boolean(_ value: JSONValue, field: String) throws(IdeogramError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .string(let text):
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: break
            }
        case .int(let number) where number == 0 || number == 1: return number == 1
        default: break
        }
        throw .invalidValue("Field '\(field)' must be true or false.")
    }

    static func integer(_ value: JSONValue, field: String, range: ClosedRange<Int>) throws(IdeogramError) -> Int {
        let number: Int64
        switch value {
        case .int(let int):
            number = int
        case .number(let double) where double.rounded() == double && abs(double) < 9e18:
            number = Int64(double)
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let int = Int64(trimmed) {
                number = int
            } else if let double = Double(trimmed), double.isFinite, double.rounded() == double, abs(double) < 9e18,
                      trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }) {
                number = Int64(double)  // "2.0"
            } else {
                throw .notAnInteger(field)
            }
        default:
            throw .notAnInteger(field)
        }
        guard number >= Int64(range.lowerBound), number <= Int64(range.upperBound) else {
            throw .outOfRange(field, range)
        }
        return Int(number)
    }

    static func enumeration(_ value: JSONValue, field: String, domain: EnumDomain) throws(IdeogramError) -> String {
        guard case .string(let raw) = value else {
            throw domain.rejection(field: field, value: value.formText)
        }
        guard let canonical = domain.canonical(raw) else {
            throw domain.rejection(field: field, value: raw)
        }
        return canonical
    }
}
