import Foundation
@testable import Gateway
import GatewayS3
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Where delivered images live: the bucket behind the gateway's own signed links, and retention.
@Suite struct ImageStorageTests {
    static let generate = #"{"prompt":"a kite over the sea","rendering_speed":"TURBO","resolution":"1024x1024"}"#

    /// The delivered link's id, path and query, from a generate response.
    static func link(_ response: TestResponse) throws -> (id: String, uri: String) {
        let url = try #require((response.json["data"] as? [[String: Any]])?.first?["url"] as? String)
        let components = try #require(URLComponents(string: url))
        let name = try #require(components.path.split(separator: "/").last)
        #expect(name.hasSuffix(".png"))
        return (String(name.dropLast(4)), components.path + "?" + (components.percentEncodedQuery ?? ""))
    }

    /// A gateway opened with the S3 image store: a paid V3 generate on the sandbox is charged,
    /// its image is an object in the bucket and not a file, and the gateway's own signed link
    /// downloads exactly the object's PNG bytes through the router.
    @Test func aPaidGenerateIsDeliveredFromTheBucket() async throws {
        try await S3TestEndpoint.withBucket { location, bucket in
            let t = try await TestGateway.make(images: .init(open: { _ in S3ImageStore(location: location) }))
            let before = try await t.balance()
            try await t.test { client in
                let response = try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: Self.generate)
                #expect(response.status == .ok)
                let link = try Self.link(response)
                #expect(link.uri.hasPrefix("/files/\(link.id).png?exp="))
                let download = try await client.execute(uri: link.uri, method: .get)
                #expect(download.status == .ok)
                #expect(download.headers[.contentType] == "image/png")
                #expect(Array(download.body.readableBytesView.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
                // Exactly the object in the bucket, under the prefix and the id.
                #expect(try await bucket.get(id: link.id) == download.body)
                // Nothing was written to the node's disk: any node serves the link from the bucket.
                #expect(!FileManager.default.fileExists(atPath: t.directory + "/images/\(link.id.prefix(2))/\(link.id)"))
            }
            #expect(try await t.balance() < before)
        }
    }

    /// A bucket that refuses the write (here: it does not exist) leaves the image undelivered,
    /// and an undelivered image is not charged.
    @Test func aBucketThatFailsTheWriteChargesNothing() async throws {
        let location = try S3TestEndpoint.location()  // never created
        let t = try await TestGateway.make(images: .init(open: { _ in S3ImageStore(location: location) }))
        let before = try await t.balance()
        try await t.test { client in
            let response = try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: Self.generate)
            #expect(response.status != .internalServerError)
            #expect(((response.json["data"] as? [[String: Any]])?.first?["url"] as? String) == nil)
        }
        #expect(try await t.balance() == before)
    }

    /// A store that fails a read makes the link answer 503 `image_store_unavailable`, not 500.
    @Test func aFailingReadIs503() async throws {
        let t = try await TestGateway.make(images: .init(open: { config in FailingReads(inner: try await DiskImageStore.opener(config)) }))
        try await t.test { client in
            let link = try Self.link(try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: Self.generate))
            let response = try await client.execute(uri: link.uri, method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "image_store_unavailable")
        }
    }

    /// Retention in the hourly housekeeping deletes images past it from the bucket; their links
    /// then answer 404 `file_not_found`, and newer images stay.
    @Test func retentionDeletesOldImagesFromTheBucket() async throws {
        try await S3TestEndpoint.withBucket { location, bucket in
            let t = try await TestGateway.make(images: .init(open: { _ in S3ImageStore(location: location) })) { $0.imageRetention = 3600 }
            try await t.test { client in
                let link = try Self.link(try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: Self.generate))
                // An hour later the image is still within retention…
                await t.gateway.applyImageRetention(now: Date().addingTimeInterval(1800))
                #expect(try await client.execute(uri: link.uri, method: .get).status == .ok)
                // …two hours later it is not.
                await t.gateway.applyImageRetention(now: Date().addingTimeInterval(7200))
                let gone = try await client.execute(uri: link.uri, method: .get)
                #expect(gone.status == .notFound)
                #expect(gone.errorCode == "file_not_found")
                #expect(try await bucket.get(id: link.id) == nil)
            }
        }
    }

    /// The same retention on the default disk store, through the gateway's housekeeping.
    @Test func retentionDeletesOldImagesFromDisk() async throws {
        let t = try await TestGateway.make { $0.imageRetention = 3600 }
        try await t.test { client in
            let link = try Self.link(try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: Self.generate))
            await t.gateway.housekeeping()
            #expect(try await client.execute(uri: link.uri, method: .get).status == .ok)
            await t.gateway.applyImageRetention(now: Date().addingTimeInterval(7200))
            #expect(try await client.execute(uri: link.uri, method: .get).status == .notFound)
        }
    }

    /// Without a retention period (the default) nothing is ever deleted.
    @Test func noRetentionKeepsImages() async throws {
        let t = try await TestGateway.make()
        #expect(t.gateway.config.imageRetention == nil)
        try await t.test { client in
            let link = try Self.link(try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: Self.generate))
            await t.gateway.applyImageRetention(now: Date().addingTimeInterval(10 * 365 * 24 * 3600))
            #expect(try await client.execute(uri: link.uri, method: .get).status == .ok)
        }
    }

    @Test func diskStoreDeletesByAgeAndById() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-images-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try DiskImageStore(root: root)
        for id in ["img_old", "img_new", "img_gone"] {
            try await store.put(id: id, bytes: ByteBuffer(string: id), contentType: "image/png")
        }
        let longAgo = Date().addingTimeInterval(-10 * 24 * 3600)
        try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: store.path(for: "img_old"))
        // A crash's leftover temporary file goes too, without being counted as an image.
        FileManager.default.createFile(atPath: store.path(for: "img_tmp") + ".tmp", contents: Data("x".utf8))
        try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: store.path(for: "img_tmp") + ".tmp")

        #expect(try await store.deleteImages(olderThan: Date().addingTimeInterval(-24 * 3600)) == 1)
        #expect(try await store.get(id: "img_old") == nil)
        #expect(try await store.get(id: "img_new") == ByteBuffer(string: "img_new"))
        #expect(!FileManager.default.fileExists(atPath: store.path(for: "img_tmp") + ".tmp"))

        try await store.delete(id: "img_gone")
        #expect(try await store.get(id: "img_gone") == nil)
        try await store.delete(id: "img_gone")  // idempotent
        try await store.delete(id: "../../etc/passwd")  // not an id: nothing happens
    }
}

/// Fault injection: a real disk store whose reads fail, as a bucket's do during an outage.
struct FailingReads: ImageStore {
    let inner: any ImageStore
    struct Outage: Error {}
    func put(id: String, bytes: ByteBuffer, contentType: String) async throws { try await inner.put(id: id, bytes: bytes, contentType: contentType) }
    func get(id: String) async throws -> ByteBuffer? { throw Outage() }
    func delete(id: String) async throws { try await inner.delete(id: id) }
    func deleteImages(olderThan cutoff: Date) async throws -> Int { try await inner.deleteImages(olderThan: cutoff) }
}
