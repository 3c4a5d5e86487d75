import Foundation

/// Numbers the spec clamps instead of refusing (remove-object: "values are clamped to [1, 10]",
/// "[1, 128]"). A value out of range becomes its nearest bound, and that bound is what travels
/// upstream, so the gateway and Ideogram agree on what ran. What is not a finite number at all
/// (text, NaN, infinity) is still refused: there is nothing to clamp.
enum ClampedNumber {
    static func number(_ value: JSONValue, field: String, range: ClosedRange<Double>) throws(IdeogramError) -> Double {
        let number: Double
        switch value {
        case .int(let int): number = Double(int)
        case .number(let double): number = double
        case .string(let text):
            guard let parsed = Double(text.trimmingCharacters(in: .whitespaces)) else { throw .invalidValue("Field '\(field)' must be a number.") }
            number = parsed
        default:
            throw .invalidValue("Field '\(field)' must be a number.")
        }
        guard number.isFinite else { throw .invalidValue("Field '\(field)' must be a finite number.") }
        return min(max(number, range.lowerBound), range.upperBound)
    }

    static func integer(_ value: JSONValue, field: String, range: ClosedRange<Int>) throws(IdeogramError) -> Int {
        let wide = Int(Int32.min)...Int(Int32.max)
        // Parsed with the integer rules (so "2.5" is refused), over a range wide enough for any
        // sensible request; a value beyond even that is out of range, not clamped.
        let number = try FieldNormalizer.integer(value, field: field, range: wide)
        return min(max(number, range.lowerBound), range.upperBound)
    }
}
