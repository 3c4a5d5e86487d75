import Crypto
import Foundation
import IdeogramAPI

/// What makes two requests "the same" for an Idempotency-Key: the operation, every field and
/// every input image — not the raw bytes, since a client retrying a multipart upload picks a new
/// boundary each time.
enum RequestFingerprint {
    static func of(_ request: IdeogramRequest, mode: ExecutionMode) -> String {
        var hasher = SHA256()
        func add(_ text: String) {
            hasher.update(data: Data(text.utf8))
            hasher.update(data: [0])
        }
        add(request.operation.rawValue)
        add(mode.dryRun ? "dry" : mode.isAsync ? "async" : "sync")
        add(mode.webhookURL ?? "")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for (name, value) in request.fields.sorted(by: { $0.key < $1.key }) {
            add(name)
            add((try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "")
        }
        for image in request.allImages {
            add(image.field)
            hasher.update(data: Data(image.bytes.readableBytesView))
            hasher.update(data: [0])
        }
        return Array(hasher.finalize()).hexString
    }
}
