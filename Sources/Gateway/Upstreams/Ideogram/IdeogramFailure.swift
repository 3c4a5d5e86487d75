import Foundation
import NIOCore

/// Reads a non-200 answer from Ideogram (or a relay in front of it) as a typed failure, so the
/// router can tell the caller's fault (never retried) from the channel's (retried elsewhere).
enum IdeogramFailure {
    static func map(status: Int, body: ByteBuffer) -> UpstreamFailure {
        let parsed = ErrorBody(body)
        let message = parsed.message ?? "upstream answered \(status)"
        switch status {
        case 400, 404, 413: return .invalid(message)
        case 422: return .safety(message)
        case 401, 403: return .unauthorized("upstream \(status): \(message)")
        case 402: return .insufficientFunds("upstream 402: \(parsed.rejectReason ?? message)")
        // Ideogram's in-flight limit says why in `reject_reason`; keep it, the router and the
        // metrics tell an `inflight_limit` apart from other throttling.
        case 429: return .rateLimited(parsed.rejectReason ?? "rate_limited")
        // 408: the upstream gave up waiting for our request, so it did no work.
        default: return .unavailable("upstream answered \(status)")
        }
    }

    /// `{"error": "…"}` (Ideogram's handlers), `{"detail": "…"}` / `{"title": …}` (problem+json from
    /// its validator), or `{"message": "…"}` (relays); plus the optional `reject_reason`.
    struct ErrorBody {
        var message: String?
        var rejectReason: String?

        init(_ body: ByteBuffer) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
                let text = String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
                message = text.isEmpty ? nil : String(text.prefix(500))
                return
            }
            let candidates = ["error", "detail", "message", "title"]
            message = candidates.lazy.compactMap { key -> String? in
                if let s = object[key] as? String { return s }
                if let nested = object[key] as? [String: Any] { return nested["message"] as? String }
                return nil
            }.first.map { String($0.prefix(500)) }
            rejectReason = object["reject_reason"] as? String
        }
    }
}
