import Crypto
import Foundation
import NIOCore

/// The headers that sign a webhook the way Ideogram signs its own, so a receiver written for
/// Ideogram's webhooks verifies Ideogate's unchanged:
///
///     message   = generation_id "\n" user_id "\n" timestamp "\n" lowercase_hex(sha256(body))
///     signature = lowercase_hex(Ed25519(message))
///
/// with the five `X-Ideogram-Webhook-*` headers carrying the parts and the key's `kid` (a hint:
/// receivers try every key of the JWKS).
struct WebhookSignature: Sendable, Equatable {
    var generationID: String
    /// URL-safe base64 of the account id, as Ideogram identifies its users.
    var userID: String
    var timestamp: Int64
    var keyID: String
    var signature: String

    enum Header {
        static let generationID = "X-Ideogram-Webhook-Generation-Id"
        static let userID = "X-Ideogram-Webhook-User-Id"
        static let timestamp = "X-Ideogram-Webhook-Timestamp"
        static let keyID = "X-Ideogram-Webhook-Key-Id"
        static let signature = "X-Ideogram-Webhook-Signature"
    }

    static func userID(accountID: String) -> String { Base64URL.encode(Data(accountID.utf8)) }

    static func message(generationID: String, userID: String, timestamp: Int64, body: ByteBuffer) -> Data {
        let digest = SHA256.hash(data: Data(body.readableBytesView))
        return Data("\(generationID)\n\(userID)\n\(timestamp)\n\(Array(digest).hexString)".utf8)
    }

    static func sign(
        generationID: String, accountID: String, timestamp: Int64, body: ByteBuffer, key: WebhookKeyring.Key
    ) throws -> WebhookSignature {
        let user = userID(accountID: accountID)
        let message = message(generationID: generationID, userID: user, timestamp: timestamp, body: body)
        let signature = try key.privateKey.signature(for: message)
        return WebhookSignature(
            generationID: generationID, userID: user, timestamp: timestamp, keyID: key.kid, signature: Array(signature).hexString)
    }

    var headers: [(String, String)] {
        [
            (Header.generationID, generationID), (Header.userID, userID), (Header.timestamp, String(timestamp)),
            (Header.keyID, keyID), (Header.signature, signature),
        ]
    }
}
