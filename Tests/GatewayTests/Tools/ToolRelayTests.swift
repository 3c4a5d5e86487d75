import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import NIOCore
import Testing

/// The tools through a real channel (a fake Ideogram that decodes with Ideogram's field names):
/// the multipart parts arrive under Ideogram's names, a clamped number as its bound, and the
/// answers come back in the spec's shapes with their images rehosted under our signed links.
@Suite struct ToolRelayTests {
    private func send(_ path: String, form: MultipartForm) async throws -> (answer: [String: Any], charged: Int64, upstream: IdeogramRequest?) {
        let rig = try await ChannelRig.make([.init(name: "only")])
        let answers = Collected<TestResponse>()
        try await rig.run { client in
            let response = try await client.postForm(path, key: rig.t.key, form: form.finished)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            await answers.add(response)
        }
        let response = try #require(await answers.all.first)
        return (response.json, response.chargedMicrosHeader, await rig.fakes[0].state.requests.last)
    }

    /// The names of the parts the upstream received, in order.
    private func partNames(_ request: IdeogramRequest?) -> [String] {
        guard case .multipart(_, let parts)? = request?.receivedBody else { return [] }
        return parts.map(\.name)
    }

    @Test func removeObjectReachesIdeogramUnderItsFieldNames() async throws {
        var form = MultipartForm([("guidance_scale", "12.5"), ("num_inference_steps", "30"), ("rendering_speed", "quality"), ("seed", "5")])
        form.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
        form.addFile("mask", bytes: ToolTests.removalMask())
        let (answer, charged, upstream) = try await send("/ideogram/v1/remove-object", form: form)
        #expect(upstream?.operation == .removeObject)
        #expect(partNames(upstream) == ["guidance_scale", "num_inference_steps", "rendering_speed", "seed", "image", "mask"])
        // Clamped to the spec's bound before it left, canonical enum spelling too.
        #expect(upstream?.fields["guidance_scale"] == .number(10))
        #expect(upstream?.fields["rendering_speed"] == .string("QUALITY"))
        #expect(upstream?.mask != nil && upstream?.image != nil)
        let item = try #require((answer["data"] as? [[String: Any]])?.first)
        #expect(Set(item.keys) == ["url", "is_image_safe"])
        #expect((item["url"] as? String)?.contains("/files/") == true, "rehosted under our signed link")
        #expect(charged == 10_000)
    }

    @Test func removeBackgroundSendsItsImage() async throws {
        var form = MultipartForm()
        form.addFile("image", filename: "cat.png", bytes: Fixtures.png(width: 48, height: 48))
        let (answer, charged, upstream) = try await send("/v1/remove-background", form: form)
        #expect(upstream?.operation == .removeBackground)
        #expect(partNames(upstream) == ["image"])
        #expect(upstream?.image?.filename == "cat.png")
        #expect(Set(answer.keys) == ["created", "data"])
        #expect(charged == 10_000)
    }

    @Test func layerizeTextSendsFontsAndKeepsTheUpstreamsBlocks() async throws {
        var form = MultipartForm([("prompt", "a poster"), ("seed", "31")])
        form.addFile("image", bytes: Fixtures.png(width: 48, height: 48))
        form.addFile("font_candidate_files", filename: "Lora.ttf", contentType: "font/ttf", bytes: ToolTests.ttf)
        let (answer, charged, upstream) = try await send("/v1/ideogram-v3/layerize-text", form: form)
        #expect(upstream?.operation == .layerizeText)
        #expect(partNames(upstream) == ["prompt", "seed", "image", "font_candidate_files"])
        #expect(upstream?.fontFiles.first?.filename == "Lora.ttf")
        #expect(answer["seed"] as? Int == 31)
        #expect((answer["base_image_url"] as? String)?.contains("/files/") == true)
        #expect((answer["original_image_url"] as? String)?.contains("/files/") == true)
        let block = try #require((answer["text_blocks"] as? [[String: Any]])?.first)
        #expect(block["text"] as? String == "FAKE" && block["letter_spacing"] as? Double == 0.5)
        #expect(charged == 90_000)
    }

    /// Modelled now, so no longer relayed: the relay's table leaves their paths.
    @Test func theToolPathsAreNoLongerRelayed() throws {
        let spec = RelaySpec.current(dataDirectory: "/nonexistent")  // the bundled spec
        let relayed = Set(spec.routes.map(\.path)), inSpec = Set(spec.candidates.map(\.path))
        for path in ["/v1/remove-background", "/v1/remove-object", "/v1/ideogram-v3/layerize-text"] {
            #expect(inSpec.contains(path) && !relayed.contains(path), "\(path)")
        }
        #expect(relayed.contains("/v2/image/remove-background/ideogram-1"))
    }
    /// A base image that cannot be stored fails the request: the hold is released, and the work
    /// the channel billed is recorded as the operator's loss.
    @Test func anUndeliverableBaseImageChargesNothingAndIsTheOperatorsLoss() async throws {
        let rig = try await ChannelRig.make([.init(name: "only")], images: TestImageStore(open: { _ in FailingWrites() }))
        try await rig.run { client in
            var form = MultipartForm()
            form.addFile("image", bytes: Fixtures.png(width: 32, height: 32))
            let r = try await client.postForm("/v1/ideogram-v3/layerize-text", key: rig.t.key, form: form.finished)
            #expect(r.status == .badGateway && r.errorCode == "upstream_unreadable", "\(String(buffer: r.body))")
            #expect(r.json["base_image_url"] == nil)
        }
        #expect(try await rig.t.balance() == 100_000_000)
        let losses = try await rig.t.gateway.store.losses(since: nil, limit: 10)
        #expect(losses.count == 1 && losses.first?.reason == .notDelivered && losses.first?.channel == "only")
    }
}

/// Fault injection: an image store that cannot write, as a full disk cannot.
struct FailingWrites: ImageStore {
    struct Full: Error {}
    func put(id: String, bytes: ByteBuffer, contentType: String) async throws { throw Full() }
    func get(id: String) async throws -> ByteBuffer? { nil }
    func delete(id: String) async throws {}
    func deleteImages(olderThan cutoff: Date) async throws -> Int { 0 }
}
