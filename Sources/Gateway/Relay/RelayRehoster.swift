import Crypto
import Foundation
import IdeogramAPI
import NIOCore

/// Replaces the file links in a relayed answer with Ideogate's signed links, through the same
/// rehoster, image store and signer as the first-class endpoints (only hosts the channel allows;
/// a link that cannot be fetched, a video for instance, stays as it came).
struct RelayRehoster: Sendable {
    let delivery: ImageDelivery

    func rehost(
        _ body: ByteBuffer, policy: DeliveryPolicy, requestID: String, accountID: String, baseURL: String
    ) async -> RelayAnswer {
        let (value, read) = RelayAnswer.read(body)
        guard var value, policy.rehost == .rehost, let rehoster = delivery.rehoster else { return read }
        var answer = read
        var links: [String] = []
        Self.collectLinks(value, into: &links)
        guard !links.isEmpty else { return answer }
        var replacements: [String: String] = [:]
        let now = Date()
        for link in Set(links) {
            guard case .success(let file) = await rehoster.download(link, allowedHosts: policy.allowedHosts) else { continue }
            let id = ImageIdentifier.make()
            do {
                try await delivery.images.put(id: id, bytes: file.bytes, contentType: file.contentType)
                let etag = "\"" + Array(SHA256.hash(data: Data(file.bytes.readableBytesView))).prefix(16).hexString + "\""
                try await delivery.store.recordImage(StoredImage(
                    id: id, requestID: requestID, accountID: accountID, contentType: file.contentType,
                    byteCount: Int64(file.bytes.readableBytes), etag: etag, createdAt: now.millis))
                replacements[link] = baseURL + delivery.signer.signedPath(id: id, now: now)
            } catch {
                continue
            }
        }
        guard !replacements.isEmpty else { return answer }
        Self.replaceLinks(&value, replacements)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        if let data = try? encoder.encode(value) {
            answer.body = ByteBuffer(bytes: data)
        }
        return answer
    }

    static func collectLinks(_ value: JSONValue, into links: inout [String]) {
        switch value {
        case .object(let object):
            for (key, member) in object {
                if linkKeys.contains(key), case .string(let link) = member, link.hasPrefix("http://") || link.hasPrefix("https://") {
                    links.append(link)
                } else {
                    collectLinks(member, into: &links)
                }
            }
        case .array(let items):
            for item in items { collectLinks(item, into: &links) }
        default:
            break
        }
    }

    static func replaceLinks(_ value: inout JSONValue, _ replacements: [String: String]) {
        switch value {
        case .object(var object):
            for (key, member) in object {
                if linkKeys.contains(key), case .string(let link) = member, let ours = replacements[link] {
                    object[key] = .string(ours)
                } else {
                    var copy = member
                    replaceLinks(&copy, replacements)
                    object[key] = copy
                }
            }
            value = .object(object)
        case .array(var items):
            for i in items.indices { replaceLinks(&items[i], replacements) }
            value = .array(items)
        default:
            break
        }
    }

    private static var linkKeys: Set<String> { RelayAnswer.linkKeys }
}
