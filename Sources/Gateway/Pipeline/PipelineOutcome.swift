import HTTPTypes
import NIOCore

/// What one request came to, before a surface encodes it (DESIGN.md §1).
///
/// The pipeline answers this rather than HTTP bytes, so each surface builds its own answer from
/// typed parts: the Ideogram routes send `answer` as it is; the OpenAI surface builds its items
/// from `images` (their stored ids give `b64_json`); the console notes prompts and seeds from
/// them. None of them parses the pipeline's JSON back.
struct PipelineOutcome: Sendable {
    /// The answer in Ideogram's own encoding for the operation: what an `Idempotency-Key` keeps
    /// and a task stores, and what the Ideogram routes send. Carries the charge header.
    var answer: PipelineResponse
    /// The images of an image answer, in answer order; nil when the answer is no image list (a
    /// price quote, an accepted task, descriptions, a document, an error kept for a replay).
    var images: [DeliveredImage]?
    /// What the caller was charged, in micro-dollars.
    var charged: Int64
    /// The request whose work this is: for a replay, the first request with the key.
    var requestID: String
    /// Answered from an earlier request with the same `Idempotency-Key`: nothing ran again.
    var replayed = false
}

/// One image as it was handed to the caller.
struct DeliveredImage: Sendable, Equatable {
    /// Ideogate's signed link, or the upstream's link on a passthrough channel; nil when the
    /// safety check withheld the image or it could not be delivered (then it is not charged).
    var url: String?
    /// The id Ideogate stored the image under; nil when it was not stored here.
    var storedID: String?
    var prompt: String?
    var seed: Int?
    var resolution: String?
    var isImageSafe: Bool
}

/// What the caller's surface needs from delivery besides the native request. Kept out of
/// `IdeogramRequest` on purpose: it must not enter the request's fingerprint, price or usage row.
struct DeliveryNeeds: Sendable {
    /// The surface answers with the images' bytes (OpenAI's `b64_json`): a passthrough
    /// channel's links are fetched (allowed hosts and size limit as for rehosting) rather than
    /// handed out, and a link that cannot be fetched is not delivered, so not charged.
    var bytes = false

    static let links = DeliveryNeeds()
}
