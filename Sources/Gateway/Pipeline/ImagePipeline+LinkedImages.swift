import IdeogramAPI
import NIOCore

/// `/v1/edit`'s `image_urls`, opened before the request is priced: each must be one of this
/// gateway's signed image links, still valid, naming an image the store still holds. The image
/// is read from the store — never fetched over the network — and travels on as an uploaded
/// `images` file (`IdeogramRequest.attachLinkedImages`).
///
/// A signed link is a bearer capability: whoever holds it can already download the image from
/// `/files/…`, so using it as an edit source grants nothing more than that download and
/// re-upload would. The store keeps no owner per image, so "same account" is the link's
/// signature, not a lookup.
extension ImagePipeline {
    func attachLinkedImages(_ request: inout IdeogramRequest) async throws {
        let links = try request.linkedImageURLs()
        guard !links.isEmpty else { return }
        var contents: [ByteBuffer] = []
        for link in links {
            let verdict = delivery.signer.verify(id: link.id, expires: link.expires, signature: link.signature)
            guard ImageID.isWellFormed(link.id), case .valid = verdict else {
                throw IdeogramError(
                    status: 400, code: IdeogramError.Code.imageURLUnavailable,
                    message: "'image_urls' holds a link that is \(verdict == .expired ? "expired" : "not valid"): \(link.url)")
            }
            let stored: ByteBuffer?
            do {
                stored = try await delivery.images.get(id: link.id)
            } catch {
                throw GatewayError(.serviceUnavailable, "image_store_unavailable", "An image in 'image_urls' could not be read right now; try again.")
            }
            guard let stored else {
                throw IdeogramError(
                    status: 400, code: IdeogramError.Code.imageURLUnavailable,
                    message: "'image_urls' holds a link whose image is no longer kept: \(link.url)")
            }
            contents.append(stored)
        }
        try request.attachLinkedImages(contents, limits: decoder.limits)
    }
}
