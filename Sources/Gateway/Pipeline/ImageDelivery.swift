import Crypto
import Foundation
import IdeogramAPI
import NIOCore

/// Stores each delivered image and hands back Ideogate's own signed link, so the customer's
/// link never depends on the upstream's short-lived one.
public struct ImageDelivery: Sendable {
    let images: any ImageStore
    let store: any UsageStore
    let signer: URLSigner
    /// Downloads upstream links for rehosting; nil delivers links as they came.
    let rehoster: ImageRehoster?
    let metrics: GatewayMetrics?

    public init(images: any ImageStore, store: any UsageStore, signer: URLSigner) {
        self.init(images: images, store: store, signer: signer, rehoster: nil, metrics: nil)
    }

    init(images: any ImageStore, store: any UsageStore, signer: URLSigner, rehoster: ImageRehoster?, metrics: GatewayMetrics?) {
        self.images = images
        self.store = store
        self.signer = signer
        self.rehoster = rehoster
        self.metrics = metrics
    }

    /// Downloads the images that came as links (all at once), per the channel's policy. A link that
    /// cannot be fetched stays a link: the customer paid for that image and still gets it — unless
    /// the caller needs bytes (`DeliveryNeeds.bytes`): then it is not delivered, so not charged.
    func rehost(_ upstream: [UpstreamImage], policy: DeliveryPolicy, channel: String, needs: DeliveryNeeds) async -> [UpstreamImage] {
        let needsBytes = needs.bytes
        guard policy.rehost == .rehost || needsBytes, upstream.contains(where: { if case .url = $0.payload { true } else { false } }) else {
            return upstream
        }
        guard let rehoster else { return needsBytes ? upstream.map { $0.withoutLink() } : upstream }
        let metrics = self.metrics
        return await withTaskGroup(of: (Int, UpstreamImage.Payload?).self) { group in
            for (i, image) in upstream.enumerated() {
                guard case .url(let link) = image.payload else { continue }
                group.addTask {
                    switch await rehoster.download(link, allowedHosts: policy.allowedHosts) {
                    case .success(let file):
                        return (i, .bytes(file.bytes, contentType: file.contentType))
                    case .failure(let failure):
                        metrics?.rehostFailure(channel: channel, reason: "\(failure)")
                        return (i, nil)
                    }
                }
            }
            var out = upstream
            for await (i, payload) in group {
                if let payload {
                    out[i].payload = payload
                } else if needsBytes {
                    out[i] = out[i].withoutLink()
                }
            }
            return out
        }
    }

    /// Returns the response items in upstream order, each with the id it was stored under. An
    /// image the safety check withheld keeps a null `url`. An image we could not store also has a
    /// null `url`, and so is not charged.
    func deliver(
        _ upstream: [UpstreamImage], requestID: String, accountID: String, baseURL: String, now: Date,
        policy: DeliveryPolicy = .init(), channel: String = "", needs: DeliveryNeeds = .links
    ) async -> [(item: GeneratedImage, storedID: String?)] {
        var out: [(item: GeneratedImage, storedID: String?)] = []
        for image in await rehost(upstream, policy: policy, channel: channel, needs: needs) {
            var url: String?
            var storedID: String?
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
                    storedID = id
                    metrics?.rehosted(channel: channel)
                } catch {
                    url = nil
                }
            case .url(let link):
                url = link
            case nil:
                url = nil
            }
            let item = GeneratedImage(
                url: url, prompt: image.prompt, resolution: image.resolution,
                isImageSafe: image.isImageSafe,
                seed: image.seed, styleType: image.styleType, upscaledResolution: image.upscaledResolution)
            out.append((item, storedID))
        }
        return out
    }
}

extension UpstreamImage {
    /// The image as not delivered: no link, so no URL and no charge (the safety flag is kept).
    func withoutLink() -> UpstreamImage {
        var copy = self
        if case .url = copy.payload { copy.payload = nil }
        return copy
    }
}

enum ImageIdentifier {
    static func make() -> String { "img_" + KeySecret.randomToken(length: 22) }
}
