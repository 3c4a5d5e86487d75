import AsyncHTTPClient
import Foundation
import Gateway
import NIOCore

/// Images as objects `prefix/<image id>` in an S3 bucket (AWS, or any S3-compatible store at a
/// custom endpoint: MinIO, moto, R2…). Only ids and keys are stored; customers keep getting the
/// gateway's own signed links, and `/files/…` reads the object through the gateway (DESIGN.md,
/// "S3 image store").
///
/// The store owns its HTTP client and closes it in `shutdown()`, which the gateway calls when it
/// stops.
public struct S3ImageStore: ImageStore {
    let client: S3Client
    /// Largest object `get` reads into memory; the gateway's own images are a few MB at most.
    let maxObjectBytes: Int
    /// Keys per ListObjectsV2 page (S3's maximum is 1000); small in tests, to cross pages.
    var listPageSize = 1000

    public init(location: S3Location, maxObjectBytes: Int = 256 * 1024 * 1024, timeout: TimeAmount = .seconds(60)) {
        var configuration = HTTPClient.Configuration(
            // S3 answers a wrong region with a redirect; following it would re-send a signature
            // made for another host. The error is reported instead.
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(30)))
        configuration.httpVersion = .automatic
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        client = S3Client(
            location: location, http: HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration),
            deadline: timeout)
        self.maxObjectBytes = maxObjectBytes
    }

    public var location: S3Location { client.location }

    public func put(id: String, bytes: ByteBuffer, contentType: String) async throws {
        guard ImageID.isWellFormed(id) else { throw S3ImageStoreError.invalidID }
        try await client.putObject(key: location.key(for: id), body: bytes, contentType: contentType)
    }

    public func get(id: String) async throws -> ByteBuffer? {
        guard ImageID.isWellFormed(id) else { return nil }
        return try await client.getObject(key: location.key(for: id), maxBytes: maxObjectBytes)
    }

    public func delete(id: String) async throws {
        guard ImageID.isWellFormed(id) else { return }
        try await client.deleteObject(key: location.key(for: id))
    }

    /// Lists the prefix page by page and deletes each object last modified before `cutoff`.
    /// Objects under the prefix that are not image ids (someone else's files) are left alone.
    public func deleteImages(olderThan cutoff: Date) async throws -> Int {
        let listPrefix = location.prefix.isEmpty ? "" : location.prefix + "/"
        var token: String?
        var deleted = 0
        repeat {
            let page = try await client.listObjects(prefix: listPrefix, continuationToken: token, pageSize: listPageSize)
            for object in page.objects where object.lastModified < cutoff {
                let id = String(object.key.dropFirst(listPrefix.count))
                guard ImageID.isWellFormed(id) else { continue }
                try await client.deleteObject(key: object.key)
                deleted += 1
            }
            token = page.continuationToken
        } while token != nil
        return deleted
    }

    /// Fails fast, at start-up, when the bucket is missing or the credentials are refused.
    public func verifyBucket() async throws {
        try await client.headBucket()
    }

    /// Creates the bucket when it does not exist yet (tests, first-time setup).
    public func createBucket() async throws {
        try await client.createBucket()
    }

    public func shutdown() async {
        try? await client.http.shutdown()
    }
}

public enum S3ImageStoreError: Error, Equatable {
    /// An id that is not an image id reached `put`: a programming error, reported, not stored.
    case invalidID
}
