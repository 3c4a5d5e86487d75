import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The S3 REST calls the image store makes, signed with SigV4 and sent with AsyncHTTPClient.
/// Each call returns its result or throws an `S3Error`; secrets are in the signature only.
struct S3Client: Sendable {
    let location: S3Location
    let http: HTTPClient
    /// Longest any one call may take, connection included.
    let deadline: TimeAmount
    /// Error bodies are a few hundred bytes; a listing page of 1000 keys is about 300 KB.
    static let maxMetadataBytes = 4 * 1024 * 1024

    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    /// Sends one call. `key` nil addresses the bucket. Statuses outside `expected` become
    /// `S3Error`s, except those listed in `passThrough`, which the caller interprets (404s).
    func send(
        _ method: HTTPMethod, key: String?, query: [(name: String, value: String)] = [],
        headers extra: [(name: String, value: String)] = [], body: ByteBuffer? = nil,
        maxResponseBytes: Int = S3Client.maxMetadataBytes, expected: Set<Int> = [200], passThrough: Set<Int> = []
    ) async throws(S3Error) -> Response {
        let address = location.address(key: key)
        // The body is in memory, so it is signed too (S3 then rejects a body altered in transit).
        let payloadHash = SigV4Signer.sha256Hex(body ?? ByteBuffer())
        var headers: [(name: String, value: String)] = [("Host", address.host)]
        headers += extra
        let signer = SigV4Signer(credentials: location.credentials, region: location.region, service: "s3")
        let unsigned = SigV4Signer.Request(method: method.rawValue, path: address.path, query: query, headers: headers)
        headers += signer.sign(unsigned, payloadHash: payloadHash, date: Date(), addContentHashHeader: true)

        var url = address.url
        if !query.isEmpty {
            url += "?" + query.map { SigV4Signer.uriEncode($0.name) + "=" + SigV4Signer.uriEncode($0.value) }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }

        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: deadline)
            bytes = try await response.body.collect(upTo: maxResponseBytes)
        } catch is NIOTooManyBytesError {
            throw .responseTooLarge(limit: maxResponseBytes)
        } catch {
            // The error's description names the host and the failure, never a header.
            throw .transport(String(describing: error))
        }
        let status = Int(response.status.code)
        if expected.contains(status) || passThrough.contains(status) {
            return Response(status: status, headers: response.headers, body: bytes)
        }
        throw S3Error.from(status: status, body: String(buffer: bytes), bucket: location.bucket)
    }

    // MARK: The calls

    func putObject(key: String, body: ByteBuffer, contentType: String) async throws(S3Error) {
        _ = try await send(.PUT, key: key, headers: [("Content-Type", contentType)], body: body)
    }

    /// The object, or nil when there is no such key.
    func getObject(key: String, maxBytes: Int) async throws(S3Error) -> ByteBuffer? {
        let response = try await send(.GET, key: key, maxResponseBytes: maxBytes, passThrough: [404])
        guard response.status == 404 else { return response.body }
        // A 404 for a missing bucket is a configuration error, not a missing image.
        let error = S3Error.from(status: 404, body: String(buffer: response.body), bucket: location.bucket)
        if case .noSuchBucket = error { throw error }
        return nil
    }

    /// Deleting a key that does not exist succeeds, as S3 itself answers 204 for it.
    func deleteObject(key: String) async throws(S3Error) {
        _ = try await send(.DELETE, key: key, expected: [200, 204], passThrough: [404])
    }

    struct Listing {
        var objects: [(key: String, lastModified: Date)]
        var continuationToken: String?
    }

    /// One page of ListObjectsV2 under `prefix`.
    func listObjects(prefix: String, continuationToken: String?, pageSize: Int = 1000) async throws(S3Error) -> Listing {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("max-keys", String(pageSize)), ("prefix", prefix)]
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let response = try await send(.GET, key: nil, query: query)
        let xml = String(buffer: response.body)
        guard xml.contains("ListBucketResult") else { throw .malformedResponse("ListObjectsV2 without ListBucketResult") }
        var objects: [(key: String, lastModified: Date)] = []
        for entry in S3XML.elements("Contents", in: xml[...]) {
            guard let key = S3XML.values(of: "Key", in: entry).first,
                  let modified = S3XML.values(of: "LastModified", in: entry).first.flatMap(S3XML.date)
            else { throw .malformedResponse("a listed object without Key or LastModified") }
            objects.append((key, modified))
        }
        let truncated = S3XML.firstValue(of: "IsTruncated", in: xml) == "true"
        let token = truncated ? S3XML.firstValue(of: "NextContinuationToken", in: xml) : nil
        if truncated && token == nil { throw .malformedResponse("a truncated listing without a continuation token") }
        return Listing(objects: objects, continuationToken: token)
    }

    /// HeadBucket: whether the bucket exists and these credentials may use it.
    func headBucket() async throws(S3Error) {
        let response = try await send(.HEAD, key: nil, passThrough: [403, 404])
        switch response.status {
        case 404: throw .noSuchBucket(location.bucket)
        case 403: throw .accessDenied(code: "AccessDenied", message: "HeadBucket was refused")
        default: return
        }
    }

    /// CreateBucket, for tests and first-time setup; a bucket these credentials already own is fine.
    func createBucket() async throws(S3Error) {
        var body: ByteBuffer?
        if location.region != "us-east-1" {
            body = ByteBuffer(string: """
                <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
                <LocationConstraint>\(location.region)</LocationConstraint></CreateBucketConfiguration>
                """)
        }
        let response = try await send(.PUT, key: nil, body: body, passThrough: [409])
        if response.status == 409 {
            let error = S3Error.from(status: 409, body: String(buffer: response.body), bucket: location.bucket)
            if case .service(_, "BucketAlreadyOwnedByYou", _) = error { return }
            throw error
        }
    }
}
