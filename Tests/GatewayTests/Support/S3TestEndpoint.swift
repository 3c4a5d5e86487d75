import Foundation
import GatewayS3

/// The S3-compatible test server (moto via `scripts/s3 start`), from IDEOGATE_TEST_S3_ENDPOINT.
/// Without it the S3 tests fail with the way to get one: they never pass by skipping.
enum S3TestEndpoint {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "IDEOGATE_TEST_S3_ENDPOINT is not set: run `eval \"$(scripts/s3 env)\"` (or scripts/test)"
        }
    }

    /// A fresh bucket, created, and a store on it for the body to check the objects with. The
    /// store's client is closed however the body ends (a client dropped open traps in debug).
    static func withBucket<T>(_ body: (S3Location, S3ImageStore) async throws -> T) async throws -> T {
        let location = try location()
        let bucket = S3ImageStore(location: location)
        do {
            try await bucket.createBucket()
            let result = try await body(location, bucket)
            await bucket.shutdown()
            return result
        } catch {
            await bucket.shutdown()
            throw error
        }
    }

    /// A fresh bucket's location under `images/`.
    static func location() throws -> S3Location {
        guard let endpoint = ProcessInfo.processInfo.environment["IDEOGATE_TEST_S3_ENDPOINT"], !endpoint.isEmpty else { throw Missing() }
        return try S3Location.parse("s3://ideogate-\(UUID().uuidString.lowercased().prefix(18))/images", environment: [
            "AWS_ACCESS_KEY_ID": "AKIDTESTEXAMPLE", "AWS_SECRET_ACCESS_KEY": "test-secret", "AWS_ENDPOINT_URL_S3": endpoint,
        ])
    }
}
