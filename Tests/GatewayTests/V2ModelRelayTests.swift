import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import NIOCore
import Testing

/// The ideogram-4 remix and describe and the two transparent generations through a real channel
/// (a fake Ideogram): each reaches Ideogram's own path with the body as sent, and comes back in
/// the spec's shape with the gateway's links.
@Suite struct V2ModelRelayTests {
    @Test func remixAndDescribeReachIdeogramAsSent() async throws {
        let rig = try await ChannelRig.make([.init(name: "only")])
        try await rig.run { client in
            var remix = MultipartForm([("prompt", "as a watercolour"), ("rendering_speed", "turbo"), ("private", "true")])
            remix.addFile("image", bytes: Fixtures.png(width: 96, height: 64))
            let r = try await client.postForm("/ideogram/v2/image/remix/ideogram-4", key: rig.t.key, form: remix)
            #expect(r.status == .ok && r.json["generation_id"] is String && r.json["seed"] is Int, "\(String(buffer: r.body))")
            let link = try #require((r.json["data"] as? [[String: Any]])?.first?["url"] as? String)
            #expect(link.contains("/files/"), "the channel's image is rehosted under the gateway's signed link")
            let sent = await rig.fakes[0].state.requests.last
            #expect(sent?.operation == .v2Remix4)
            // No seed is added on the way: the remix takes none. Unmodelled fields travel untouched.
            #expect(EditRelayTests.partNames(sent) == ["prompt", "rendering_speed", "private", "image"])
            #expect(sent?.image?.resolution == Resolution(width: 96, height: 64))

            var describe = MultipartForm([("include_tags", "true")])
            describe.addFile("image", bytes: Fixtures.png(width: 32, height: 32))
            let d = try await client.postForm("/v2/image/describe/ideogram-4", key: rig.t.key, form: describe)
            #expect(d.status == .ok, "\(String(buffer: d.body))")
            #expect(Set(d.json.keys) == ["created", "description_id", "json_prompt"])
            #expect((d.json["json_prompt"] as? [String: Any])?["high_level_description"] as? String == "A fake description.")
            let described = await rig.fakes[0].state.requests.last
            #expect(described?.operation == .v2Describe4 && EditRelayTests.partNames(described) == ["include_tags", "image"])
        }
        // Ideogram 4 Turbo remix $0.03 + describe $0.01.
        #expect(try await rig.t.balance() == 100_000_000 - 30_000 - 10_000)
    }

    @Test func transparentGenerationsTravelAsJSON() async throws {
        let rig = try await ChannelRig.make([.init(name: "only")])
        try await rig.run { client in
            let four = try await client.postJSON(
                "/v2/image/generate/ideogram-4-transparent", key: rig.t.key, json: #"{"prompt":"a sticker","output_resolution":"2K","aspect_ratio":"1x1"}"#)
            #expect(four.status == .ok && (four.json["data"] as? [[String: Any]])?.count == 1, "\(String(buffer: four.body))")
            let sent4 = try #require(await rig.fakes[0].state.requests.last)
            #expect(sent4.operation == .v2GenerateTransparent4 && sent4.sentAsJSON)
            #expect(sent4.fields["output_resolution"] == .string("2k") && sent4.fields["seed"] == nil)

            let three = try await client.postJSON(
                "/ideogram/v2/image/generate/ideogram-3-transparent", key: rig.t.key, json: #"{"prompt":"a logo","upscale_factor":"x4","num_images":2}"#)
            #expect(three.status == .ok && (three.json["data"] as? [[String: Any]])?.count == 2, "\(String(buffer: three.body))")
            let sent3 = try #require(await rig.fakes[0].state.requests.last)
            #expect(sent3.operation == .v2GenerateTransparent3 && sent3.fields["upscale_factor"] == .string("x4") && sent3.numImages == 2)
        }
        // Default speed: 4.0 transparent $0.07, 3.0 transparent $0.07 × 2.
        #expect(try await rig.t.balance() == 100_000_000 - 70_000 - 140_000)
    }
}
