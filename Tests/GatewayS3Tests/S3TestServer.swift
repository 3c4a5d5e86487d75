import Foundation
import GatewayS3
import Testing

/// The S3-compatible server the tests run against: moto, started by `scripts/s3 start`, its
/// endpoint in IDEOGATE_TEST_S3_ENDPOINT (scripts/test sets both it and IDEOGATE_REQUIRE_S3=1).
/// Without an endpoint the tests fail with the way to get one; they never pass by skipping.
enum S3TestServer {
    struct NoEndpoint: Error, CustomStringConvertible {
        var description: String {
            "IDEOGATE_TEST_S3_ENDPOINT (or _AUTH_…) is not set: run `eval \"$(scripts/s3 env)\"` (or scripts/test)"
        }
    }

    static func endpoint() throws -> URL {
        guard let raw = ProcessInfo.processInfo.environment["IDEOGATE_TEST_S3_ENDPOINT"], !raw.isEmpty, let url = URL(string: raw) else {
            throw NoEndpoint()
        }
        return url
    }

    /// The second server, which verifies signatures, and its user's key (`scripts/s3 env`).
    static func authenticating() throws -> (endpoint: String, keyID: String, secret: String) {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["IDEOGATE_TEST_S3_AUTH_ENDPOINT"], let keyID = environment["IDEOGATE_TEST_S3_AUTH_KEY_ID"],
              let secret = environment["IDEOGATE_TEST_S3_AUTH_SECRET"], !endpoint.isEmpty
        else { throw NoEndpoint() }
        return (endpoint, keyID, secret)
    }

    /// A fresh bucket's location, through the same parsing `serve --image-store` uses.
    static func location(prefix: String = "images/test", bucket: String = "ideogate-\(UUID().uuidString.lowercased().prefix(18))") throws -> S3Location {
        try S3Location.parse("s3://\(bucket)/\(prefix)", environment: [
            "AWS_ACCESS_KEY_ID": "AKIDTESTEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "test-secret",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_S3": try endpoint().absoluteString,
        ])
    }

    /// A store on a new bucket, created; the body runs, then the store's client is closed.
    static func withStore<T>(
        prefix: String = "images/test", maxObjectBytes: Int = 8 * 1024 * 1024,
        _ body: (S3ImageStore) async throws -> T
    ) async throws -> T {
        let store = S3ImageStore(location: try location(prefix: prefix), maxObjectBytes: maxObjectBytes)
        do {
            try await store.createBucket()
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }
}
