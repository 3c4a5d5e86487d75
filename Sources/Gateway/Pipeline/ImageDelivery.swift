import Crypto
import Foundation
import IdeogramAPI
import NIOCore

/// Stores each delivered image and hands back Ideogate's own signed link, so the customer's
/// link never depends on the upstream's short-lived one.
public struct ImageDelivery: Sendable {
    let images: any ImageStore
    let store: any Store
    let signer: URLSigner

    public init(images: any ImageStore, store: any Store, signer: URLSigner) {
        self.images = images
        self.store = store
        self.signer = signer
    }

    /// Returns the response items in upstream order. An image the safety check withheld keeps a
    /// null `url`. An image we could not store also has a null `url`, and so is not charged.
    func deliver(_ upstream: [UpstreamImage], requestID: String, accountID: String, baseURL: String, now: Date) async -> [GeneratedImage] {
        var out: [GeneratedImage] = []
        for image in upstream {
            var url: String?
            switch image.payload {
            case .bytes(let bytes, let contentType):
                let id = ImageIdentifier.make()
                do {
                    try await images.put(id: id, bytes: bytes, contentType: contentType)
                    let etag = "\"" + Array(SHA256.hash(data: Data(bytes.readableBytesView))).prefix(16).hexString + "\""
                    try await store.recordImage(StoredImage(
                        id: id, requestID: requestID, accountID: accountID, contentType: contentType,
                        byteCount: Int64(bytes.readableBytes), etag: etag, createdAt: now.millis))
                    url = baseURL + signer.signedPath(id: id, now: now)
                } catch {
                    url = nil
                }
            case .url(let link):
                url = link
            case nil:
                url = nil
            }
            out.append(GeneratedImage(
                url: url, prompt: image.prompt, resolution: image.resolution,
                isImageSafe: image.isImageSafe,
                seed: image.seed, styleType: image.styleType, upscaledResolution: image.upscaledResolution))
        }
        return out
    }
}

enum ImageIdentifier {
    static func make() -> String { "img_" + KeySecret.randomToken(length: 22) }
}
