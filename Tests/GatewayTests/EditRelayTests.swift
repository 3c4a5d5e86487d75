import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import NIOCore
import Testing

/// `/v1/edit`, `/v1/edit-lite` and the ideogram-3 reframe through a real channel (a fake
/// Ideogram): the multipart fields arrive under Ideogram's names, and `image_urls` arrive as the
/// uploaded `images` they open.
@Suite struct EditRelayTests {
    static let apiKey = HTTPField.Name("Api-Key")!

    /// The names of the multipart parts the upstream received, in order.
    static func partNames(_ request: IdeogramRequest?) -> [String] {
        guard case .multipart(_, let parts)? = request?.receivedBody else { return [] }
        return parts.map(\.name)
    }

    @Test func editLiteAndReframeReachIdeogramUnderItsFieldNames() async throws {
        let rig = try await ChannelRig.make([.init(name: "only")])
        try await rig.run { client in
            var lite = MultipartForm([("prompt", "remove the hat"), ("aspect_ratio", "16x9"), ("transparency", "opaque"), ("seed", "4")])
            lite.addFile("image", bytes: Fixtures.png(width: 200, height: 100))
            lite.addFile("reference_images", bytes: Fixtures.png(width: 16, height: 16))
            let r = try await client.postForm("/ideogram/v1/edit-lite", key: rig.t.key, form: lite)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            #expect((r.json["data"] as? [[String: Any]])?.count == 1 && r.json["created"] is String)

            let upstream = await rig.fakes[0].state.requests.last
            #expect(upstream?.operation == .v1EditLite)
            #expect(Self.partNames(upstream) == ["prompt", "aspect_ratio", "transparency", "seed", "image", "reference_images"])
            // Normalised to the spec's spelling on the way.
            #expect(upstream?.fields["transparency"] == .string("OPAQUE"))
            #expect(upstream?.image?.resolution == Resolution(width: 200, height: 100) && upstream?.referenceImages.count == 1)

            var reframe = MultipartForm([("resolution", "1536x640"), ("rendering_speed", "turbo")])
            reframe.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            let framed = try await client.postForm("/v2/image/reframe/ideogram-3", key: rig.t.key, form: reframe)
            #expect(framed.status == .ok && framed.json["generation_id"] is String, "\(String(buffer: framed.body))")
            let reframed = await rig.fakes[0].state.requests.last
            #expect(reframed?.operation == .v2Reframe3)
            #expect(Self.partNames(reframed) == ["resolution", "rendering_speed", "image"])
            #expect(reframed?.outputResolution == Resolution(width: 1536, height: 640))
        }
    }

    @Test func editSendsUploadsAndOpenedLinksAsImages() async throws {
        let rig = try await ChannelRig.make([.init(name: "only")])
        try await rig.run { client in
            var first = MultipartForm([("prompt", "make it dusk"), ("transparent_background", "true")])
            first.addFile("images", bytes: Fixtures.png(width: 96, height: 64))
            let made = try await client.postForm("/v1/edit", key: rig.t.key, form: first)
            #expect(made.status == .ok, "\(String(buffer: made.body))")
            let sent = await rig.fakes[0].state.requests.last
            #expect(Self.partNames(sent) == ["prompt", "transparent_background", "images"])
            #expect(sent?.fields["transparent_background"] == .bool(true))
            // The channel rehosts: the answer links to this gateway's copy of the fake's image.
            let link = try #require((made.json["data"] as? [[String: Any]])?.first?["url"] as? String)
            #expect(link.contains("/files/"))

            var second = MultipartForm([("prompt", "now at night"), ("image_urls", link)])
            second.addFile("images", bytes: Fixtures.png(width: 32, height: 32))
            let edited = try await client.postForm("/v1/edit", key: rig.t.key, form: second)
            #expect(edited.status == .ok, "\(String(buffer: edited.body))")
            let upstream = try #require(await rig.fakes[0].state.requests.last)
            // Ideogram gets both as `images` files, the upload first; no link leaves the gateway.
            #expect(upstream.fields["image_urls"] == nil)
            #expect(upstream.allImages.map(\.field) == ["images", "images"])
            #expect(upstream.image?.resolution == Resolution(width: 32, height: 32))
            #expect(upstream.referenceImages.first?.bytes == FakeIdeogram.png)
            #expect(Self.partNames(upstream) == ["prompt", "images", "images"])
        }
    }
}
