import Foundation
import Gateway
@testable import GatewayS3
import NIOCore
import Testing

/// The store against a server that checks every signature: moto with IAM authentication on
/// (`scripts/s3`), which recomputes each request's SigV4 signature with botocore and refuses a
/// mismatch. Proves the signer on real requests — path-style addressing, a prefix with a space
/// (percent-encoded in the path), signed payloads — beside the published vectors.
///
/// Not covered here, because moto 5's check rejects even botocore's own correctly signed
/// requests for them, so it proves nothing either way: requests with a query string
/// (ListObjectsV2) and keys with non-ASCII characters. The vectors cover both (query order,
/// encoded and UTF-8 query keys, a UTF-8 path).
@Suite struct S3SignatureVerificationTests {
    static func store(prefix: String = "tenant a/images", secret: String? = nil, keyID: String? = nil) throws -> S3ImageStore {
        let server = try S3TestServer.authenticating()
        let location = try S3Location.parse("s3://ideogate-signed-\(UUID().uuidString.lowercased().prefix(12))/\(prefix)", environment: [
            "AWS_ACCESS_KEY_ID": keyID ?? server.keyID,
            "AWS_SECRET_ACCESS_KEY": secret ?? server.secret,
            "AWS_ENDPOINT_URL_S3": server.endpoint,
        ])
        return S3ImageStore(location: location)
    }

    @Test func correctlySignedCallsAreAccepted() async throws {
        let store = try Self.store()
        do {
            try await store.createBucket()
            try await store.verifyBucket()
            let image = ByteBuffer(bytes: (0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
            try await store.put(id: "img_signed", bytes: image, contentType: "image/png")
            #expect(try await store.get(id: "img_signed") == image)
            #expect(try await store.get(id: "img_absent") == nil)
            try await store.delete(id: "img_signed")
            #expect(try await store.get(id: "img_signed") == nil)
        } catch {
            Issue.record("a correctly signed call was refused: \(error)")
        }
        await store.shutdown()
    }

    @Test func aWrongSecretIsRefusedAsATypedError() async throws {
        let store = try Self.store(secret: "not-the-secret")
        let error = await #expect(throws: S3Error.self) {
            try await store.put(id: "img_x", bytes: ByteBuffer(string: "x"), contentType: "image/png")
        }
        guard case .accessDenied(code: "SignatureDoesNotMatch", _) = error else {
            Issue.record("expected accessDenied(SignatureDoesNotMatch), got \(String(describing: error))"); await store.shutdown(); return
        }
        // The error, as it would be logged, carries neither secret.
        #expect(!"\(error!)".contains("not-the-secret"))
        await #expect(throws: S3Error.self) { try await store.verifyBucket() }
        await store.shutdown()
    }

    @Test func anUnknownAccessKeyIsRefusedAsATypedError() async throws {
        let store = try Self.store(keyID: "AKIAUNKNOWNKEY000000")
        let error = await #expect(throws: S3Error.self) { try await store.get(id: "img_x") }
        guard case .accessDenied(code: "InvalidAccessKeyId", _) = error else {
            Issue.record("expected accessDenied(InvalidAccessKeyId), got \(String(describing: error))"); await store.shutdown(); return
        }
        await store.shutdown()
    }
}
