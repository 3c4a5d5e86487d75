import NIOConcurrencyHelpers

/// What a surface that reshapes the pipeline's answer needs from delivery: the stored id of each
/// image this request delivered, in response order, and whether the caller needs the bytes.
///
/// The OpenAI surface answers `b64_json` from these ids — never from ids read out of URLs, which an
/// upstream controls — and sets `needsBytes` so that a passthrough channel's links are fetched
/// (allowed hosts and size limit as for rehosting) instead of being handed out as they came.
///
/// It travels as a task-local rather than through the pipeline's signatures: it describes the
/// caller's surface, not the native request, so it must not enter the request's fingerprint,
/// price or usage row, and the native routes never set it.
final class DeliveryReceipt: Sendable {
    @TaskLocal static var current: DeliveryReceipt?

    let needsBytes: Bool
    private let ids = NIOLockedValueBox<[String?]>([])

    init(needsBytes: Bool) {
        self.needsBytes = needsBytes
    }

    /// One entry per response item: the stored id, or nil for an image not stored here.
    var storedIDs: [String?] { ids.withLockedValue { $0 } }

    func record(_ storedIDs: [String?]) {
        ids.withLockedValue { $0 = storedIDs }
    }
}
