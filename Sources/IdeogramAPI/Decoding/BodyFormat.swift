/// How a request body is encoded, read from its `Content-Type` header.
enum BodyFormat: Equatable {
    case json
    case multipart(boundary: String)

    var isJSON: Bool { self == .json }

    /// nil for anything that is neither JSON nor multipart/form-data (including no header).
    /// A multipart type without a usable boundary is the client's encoding mistake, not an
    /// unsupported type, so it is reported as malformed multipart.
    static func parse(_ contentType: String?) throws(IdeogramError) -> BodyFormat? {
        guard let contentType else { return nil }
        let parameters = HeaderParameters(contentType)
        let mediaType = parameters.value.lowercased()
        if mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) {
            return .json
        }
        guard mediaType == "multipart/form-data" else { return nil }
        guard let boundary = parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw .invalidMultipart("multipart/form-data requires a boundary parameter in Content-Type.")
        }
        return .multipart(boundary: boundary)
    }
}
