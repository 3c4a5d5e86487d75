/// A request the gateway refuses before it reaches an upstream. `status` is the HTTP status,
/// `code` a stable machine-readable reason, `message` a sentence for the customer. Rendered on
/// the Ideogram surface as `{"error": message, "code": code, "request_id": …}`.
public struct IdeogramError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status) \(code): \(message)" }
}

extension IdeogramError {
    /// The machine codes this module produces, so callers and tests need not repeat strings.
    public enum Code {
        public static let unsupportedContentType = "unsupported_content_type"
        public static let invalidJSON = "invalid_json"
        public static let invalidMultipart = "invalid_multipart"
        public static let missingField = "missing_field"
        public static let invalidEnum = "invalid_enum"
        public static let invalidValue = "invalid_value"
        public static let outOfRange = "out_of_range"
        public static let conflictingFields = "conflicting_fields"
        public static let unsupportedModel = "unsupported_model"
        public static let unsupportedImageType = "unsupported_image_type"
        /// More bytes than `InputLimits` allows (one image, or a reference array in total).
        public static let imageTooLarge = "image_too_large"
        /// A declared size above `InputLimits`' pixel budget (one image, or the request in total).
        public static let imageTooManyPixels = "image_too_many_pixels"
        /// A file part with no bytes at all.
        public static let emptyFile = "empty_file"
        /// More multipart parts than `InputLimits.maxParts`.
        public static let tooManyParts = "too_many_parts"
        /// A part's header block above `InputLimits.maxPartHeaderBytes` or `maxHeadersPerPart`.
        public static let partHeadersTooLarge = "part_headers_too_large"
        public static let maskSizeMismatch = "mask_size_mismatch"
        public static let maskAllWhite = "mask_all_white"
        // Ideogram 4 and 4.5
        public static let tooManyImages = "too_many_images"
        public static let promptRequired = "prompt_required"
        public static let conflictingPrompts = "conflicting_prompts"
        public static let unsupportedRenderingSpeed = "unsupported_rendering_speed"
    }

    static func badRequest(_ code: String, _ message: String) -> IdeogramError {
        IdeogramError(status: 400, code: code, message: message)
    }

    static func unsupportedContentType(_ message: String) -> IdeogramError {
        IdeogramError(status: 415, code: Code.unsupportedContentType, message: message)
    }

    static func invalidJSON(_ message: String) -> IdeogramError { badRequest(Code.invalidJSON, message) }
    static func invalidMultipart(_ message: String) -> IdeogramError { badRequest(Code.invalidMultipart, message) }
    static func invalidValue(_ message: String) -> IdeogramError { badRequest(Code.invalidValue, message) }
    static func conflicting(_ message: String) -> IdeogramError { badRequest(Code.conflictingFields, message) }

    static func missingField(_ field: String) -> IdeogramError {
        badRequest(Code.missingField, "Missing required field '\(field)'.")
    }

    static func outOfRange(_ field: String, _ range: ClosedRange<Int>) -> IdeogramError {
        badRequest(Code.outOfRange, "Field '\(field)' must be between \(range.lowerBound) and \(range.upperBound).")
    }

    static func notAnInteger(_ field: String) -> IdeogramError {
        invalidValue("Field '\(field)' must be an integer.")
    }
}
