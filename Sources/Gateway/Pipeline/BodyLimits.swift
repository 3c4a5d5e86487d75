import Hummingbird
import NIOCore

/// How much of a request body the image surfaces read, by what the body claims to be. JSON
/// carries no files, so it gets a small limit; multipart carries images. A body past its limit
/// is refused with 413 before more of it is read.
struct BodyLimits: Sendable {
    var json: Int
    var multipart: Int

    func limit(contentType: String?) -> Int {
        guard let contentType else { return json }
        let media = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return media == "multipart/form-data" ? multipart : json
    }

    func collect(_ request: Request) async throws -> ByteBuffer {
        let limit = limit(contentType: request.headers[.contentType])
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw GatewayError.bodyTooLarge(limit: limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw GatewayError.bodyTooLarge(limit: limit)
        }
    }
}

extension GatewayError {
    static func bodyTooLarge(limit: Int) -> GatewayError {
        GatewayError(
            .contentTooLarge, "body_too_large",
            "The request body is larger than the \(limit / 1024) KiB this endpoint accepts for its content type.")
    }
}
