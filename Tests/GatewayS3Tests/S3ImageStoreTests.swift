import Foundation
import Gateway
@testable import GatewayS3
import NIOCore
import Testing

/// The S3 image store against a real S3-compatible server (moto; see S3TestServer).
///
/// moto does not check signatures or access keys unless started with IAM authentication, so
/// these tests prove the calls and their answers; the signatures are proved by AWS's vectors
/// (SigV4VectorTests), and the mapping of a refused credential by S3's documented error body.
@Suite struct S3ImageStoreTests {
    static func bytes(_ count: Int, seed: UInt8) -> ByteBuffer {
        ByteBuffer(bytes: (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    }

    @Test func putGetDeleteRoundTrip() async throws {
        try await S3TestServer.withStore { (store: S3ImageStore) async throws in
            let image = Self.bytes(300_000, seed: 7)
            try await store.put(id: "img_roundtrip", bytes: image, contentType: "image/png")
            #expect(try await store.get(id: "img_roundtrip") == image)

            // Stored as prefix/<id>: a key, never a URL.
            let listing = try await store.client.listObjects(prefix: "images/test/", continuationToken: nil)
            #expect(listing.objects.map(\.key) == ["images/test/img_roundtrip"])

            try await store.delete(id: "img_roundtrip")
            #expect(try await store.get(id: "img_roundtrip") == nil)
            // Deleting again is not an error.
            try await store.delete(id: "img_roundtrip")
        }
    }

    @Test func missingObjectIsNil() async throws {
        try await S3TestServer.withStore { (store: S3ImageStore) async throws in
            #expect(try await store.get(id: "img_never_stored") == nil)
            // An id that is not an image id never reaches the bucket.
            #expect(try await store.get(id: "../secret") == nil)
            await #expect(throws: S3ImageStoreError.invalidID) {
                try await store.put(id: "a/b", bytes: ByteBuffer(string: "x"), contentType: "image/png")
            }
        }
    }

    /// Retention deletes what was stored before the cutoff, across listing pages, and leaves
    /// newer images and keys that are not image ids alone.
    @Test func retentionDeletesOlderImagesAcrossPages() async throws {
        try await S3TestServer.withStore { (original: S3ImageStore) async throws in
            var store = original
            store.listPageSize = 2
            for i in 0..<5 {
                try await store.put(id: "img_old_\(i)", bytes: Self.bytes(100, seed: UInt8(i)), contentType: "image/png")
            }
            try await store.client.putObject(key: "images/test/notes.txt", body: ByteBuffer(string: "not an image"), contentType: "text/plain")
            // LastModified has one-second resolution: leave a clear gap on both sides of the cutoff.
            try await Task.sleep(for: .milliseconds(1100))
            let cutoff = Date()
            try await Task.sleep(for: .milliseconds(1100))
            try await store.put(id: "img_new", bytes: Self.bytes(100, seed: 9), contentType: "image/png")

            #expect(try await store.deleteImages(olderThan: cutoff) == 5)
            for i in 0..<5 { #expect(try await store.get(id: "img_old_\(i)") == nil) }
            #expect(try await store.get(id: "img_new") != nil)
            let left = try await store.client.listObjects(prefix: "images/test/", continuationToken: nil).objects.map(\.key).sorted()
            #expect(left == ["images/test/img_new", "images/test/notes.txt"])
            // Nothing more to delete.
            #expect(try await store.deleteImages(olderThan: cutoff) == 0)
        }
    }

    @Test func objectLargerThanTheBoundIsATypedError() async throws {
        try await S3TestServer.withStore(maxObjectBytes: 1000) { (store: S3ImageStore) async throws in
            try await store.put(id: "img_big", bytes: Self.bytes(5000, seed: 1), contentType: "image/png")
            await #expect(throws: S3Error.responseTooLarge(limit: 1000)) { try await store.get(id: "img_big") }
        }
    }

    @Test func missingBucketIsATypedError() async throws {
        let store = S3ImageStore(location: try S3TestServer.location())
        let bucket = store.location.bucket
        await #expect(throws: S3Error.noSuchBucket(bucket)) { try await store.verifyBucket() }
        await #expect(throws: S3Error.noSuchBucket(bucket)) {
            try await store.put(id: "img_x", bytes: ByteBuffer(string: "x"), contentType: "image/png")
        }
        await #expect(throws: S3Error.noSuchBucket(bucket)) { try await store.get(id: "img_x") }
        await store.shutdown()
    }

    @Test func unreachableEndpointIsATypedError() async throws {
        // A port nothing listens on: bind one, note it, close it.
        let location = try S3Location.parse("s3://ideogate-nowhere/p", environment: [
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        ])
        let store = S3ImageStore(location: location, timeout: .seconds(5))
        let error = await #expect(throws: S3Error.self) { try await store.get(id: "img_x") }
        if case .transport = error {} else { Issue.record("expected a transport error, got \(String(describing: error))") }
        await store.shutdown()
    }

    /// S3's documented answer to an unknown access key (and to a wrong secret, which is
    /// SignatureDoesNotMatch) is a 403 with an XML body; the store reports it as `accessDenied`,
    /// with S3's code, and nothing of the credentials.
    @Test func refusedCredentialsAreATypedError() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message>\
            <AWSAccessKeyId>AKIDWRONG</AWSAccessKeyId><RequestId>4442587FB7D0A2F9</RequestId></Error>
            """
        #expect(S3Error.from(status: 403, body: body, bucket: "b") == .accessDenied(
            code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records."))
        let wrongSecret = "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>"
        guard case .accessDenied(code: "SignatureDoesNotMatch", _) = S3Error.from(status: 403, body: wrongSecret, bucket: "b") else {
            Issue.record("SignatureDoesNotMatch is not accessDenied"); return
        }
        #expect(S3Error.from(status: 503, body: "<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>", bucket: "b")
            == .service(status: 503, code: "SlowDown", message: "Reduce your request rate."))
        #expect(S3Error.from(status: 404, body: "<Error><Code>NoSuchBucket</Code></Error>", bucket: "b") == .noSuchBucket("b"))
    }
}

/// `--image-store s3://…` and the AWS_* variables.
@Suite struct S3LocationTests {
    let credentials = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI"]

    @Test func awsIsVirtualHosted() throws {
        var environment = credentials
        environment["AWS_DEFAULT_REGION"] = "eu-west-1"
        environment["AWS_SESSION_TOKEN"] = "token"
        let location = try S3Location.parse("s3://my-images/gateway/prod/", environment: environment)
        #expect(location.bucket == "my-images")
        #expect(location.prefix == "gateway/prod")
        #expect(location.region == "eu-west-1")
        #expect(location.credentials.sessionToken == "token")
        #expect(location.key(for: "img_1") == "gateway/prod/img_1")
        let address = location.address(key: location.key(for: "img_1"))
        #expect(address.url == "https://my-images.s3.eu-west-1.amazonaws.com/gateway/prod/img_1")
        #expect(address.path == "/gateway/prod/img_1")
        #expect(!location.redactedDescription.contains("wJalrXUtnFEMI"))
    }

    @Test func anEndpointIsPathStyle() throws {
        var environment = credentials
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9000"
        environment["AWS_ENDPOINT_URL_S3"] = "http://minio.local:9000"
        environment["AWS_REGION"] = "us-west-2"
        environment["AWS_DEFAULT_REGION"] = "eu-west-1"
        let location = try S3Location.parse("s3://images", environment: environment)
        #expect(location.region == "us-west-2")
        #expect(location.prefix == "")
        let address = location.address(key: "img_1")
        #expect(address.host == "minio.local:9000")
        #expect(address.url == "http://minio.local:9000/images/img_1")
    }

    @Test func badConfigurationIsReportedNotCrashed() {
        #expect(throws: S3ConfigurationError.missingCredentials) { try S3Location.parse("s3://images", environment: [:]) }
        #expect(throws: S3ConfigurationError.self) { try S3Location.parse("https://images", environment: credentials) }
        #expect(throws: S3ConfigurationError.self) { try S3Location.parse("s3://Bad_Bucket", environment: credentials) }
        var environment = credentials
        environment["AWS_ENDPOINT_URL_S3"] = "not a url"
        #expect(throws: S3ConfigurationError.self) { try S3Location.parse("s3://images", environment: environment) }
    }

    @Test func xmlEntitiesAndEmptyElements() {
        let xml = "<ListBucketResult><Contents><Key>a&amp;b&#x2F;c</Key></Contents><Contents><Key/></Contents></ListBucketResult>"
        #expect(S3XML.values(of: "Key", in: xml[...]) == ["a&b/c", ""])
    }
}
