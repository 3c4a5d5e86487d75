/// What one known request field holds, and so how it is normalised and validated.
enum FieldKind {
    /// Free text (`negative_prompt`, `custom_model_uri`).
    case text
    /// The prompt: text that, where required, must not be blank.
    case prompt
    case integer(ClosedRange<Int>)
    case enumeration(EnumDomain)
    /// `{"name": …}` or `{"members": […]}`; a JSON string part in multipart.
    case colorPalette
    /// Array of 8-hex-digit codes; repeated parts in multipart.
    case styleCodes
    /// `true`/`false`; in multipart the text "true"/"false" (Ideogram 4's `enable_copyright_detection`).
    case boolean
    /// A JSON object, passed on unchanged; a JSON-encoded text part in multipart (V4 `json_prompt`).
    case jsonObject
    /// A number the spec says is clamped to its range rather than refused (remove-object's
    /// `guidance_scale`): out-of-range values become the nearest bound; only non-numbers fail.
    case clampedNumber(ClosedRange<Double>)
    /// An integer clamped like `clampedNumber` (remove-object's `num_inference_steps`).
    case clampedInteger(ClosedRange<Int>)
}
