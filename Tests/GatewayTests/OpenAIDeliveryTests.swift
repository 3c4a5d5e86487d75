import Foundation
@testable import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import ImageCodec
import NIOCore
import Testing

/// `b64_json` on the OpenAI surface: base64 of exactly the image the upstream made, whatever the
/// channel's rehost mode, read only from what this request delivered.
@Suite struct OpenAIDeliveryTests {
    static let b64Request = #"{"model":"ideogram-v3-turbo","prompt":"a kite","response_format":"b64_json"}"#

    @Test func b64JSONThroughAPassthroughChannelIsTheUpstreamImage() async throws {
        let rig = try await ChannelRig.make([.init(name: "direct", rehost: .passthrough)])
        try await rig.run { client in
            let response = try await client.openAI("/v1/images/generations", key: rig.t.key, json: Self.b64Request)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let item = try #require((response.json["data"] as? [[String: Any]])?.first)
            #expect(item["url"] == nil)
            let b64 = try #require(item["b64_json"] as? String)
            #expect(Data(base64Encoded: b64) == Data(FakeIdeogram.png.readableBytesView))
            #expect(response.chargedMicrosHeader == ChannelRig.price)

            // A caller that asked for links still gets the upstream's link on this channel.
            let links = try await client.openAI(
                "/v1/images/generations", key: rig.t.key, json: #"{"model":"ideogram-v3-turbo","prompt":"a kite"}"#)
            let url = try #require(links.imageURLs.first)
            #expect(url.hasPrefix(rig.fakes[0].baseURL + "/images/"))
        }
    }

    /// A retry with the same Idempotency-Key gets the same images as base64 again — read from the
    /// images the first request stored for this account — and no second charge.
    @Test func anIdempotentReplayAnswersB64JSONWithTheSameImages() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let headers: HTTPFields = [
                .contentType: "application/json", .authorization: "Bearer \(t.key)", HTTPField.Name("Idempotency-Key")!: "b64-once",
            ]
            let body = #"{"model":"ideogram-v3-turbo","prompt":"a kite","n":2,"response_format":"b64_json"}"#
            let first = try await client.execute(uri: "/v1/images/generations", method: .post, headers: headers, body: ByteBuffer(string: body))
            let second = try await client.execute(uri: "/v1/images/generations", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(first.status == .ok && second.status == .ok, "\(String(buffer: second.body))")
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let firstImages = (first.json["data"] as? [[String: Any]])?.compactMap { $0["b64_json"] as? String } ?? []
            let secondImages = (second.json["data"] as? [[String: Any]])?.compactMap { $0["b64_json"] as? String } ?? []
            #expect(firstImages.count == 2)
            #expect(secondImages == firstImages)
            #expect(try await t.balance() == 10_000_000 - 2 * 30_000)
        }
    }

    @Test func b64JSONRefusesAnImageItCannotFetchAndChargesNothing() async throws {
        // The fake's host is not among the channel's allowed hosts, so its link is never fetched.
        let rig = try await ChannelRig.make([.init(name: "direct", rehost: .passthrough, allowedHosts: ["ideogram.ai"])])
        try await rig.run { client in
            let before = try await rig.t.balance()
            let response = try await client.openAI("/v1/images/generations", key: rig.t.key, json: Self.b64Request)
            #expect(response.status == .badGateway)
            #expect(response.openAIError?["code"] as? String == "image_unavailable")
            #expect(response.json["data"] == nil)
            #expect(response.chargedMicrosHeader == 0)
            #expect(try await rig.t.balance() == before)
        }
    }

    /// An upstream (a relay channel) answers with a link to the gateway's own `/files/<id>` of an
    /// image another customer made. The old converter read any id named in a URL; an answer must
    /// only ever contain images this request delivered.
    @Test func b64JSONNeverReadsAnImageNamedInAnUpstreamURL() async throws {
        let upstream = LinkingUpstream()
        let t = try await TestGateway.make(upstream: upstream)
        let accounts = AccountService(store: t.gateway.store)
        let victim = try await accounts.createAccount(name: "victim")
        _ = try await accounts.adjustBalance(accountID: victim.id, amount: 1_000_000, kind: .credit, memo: "test")
        let victimKey = try await accounts.createKey(accountID: victim.id, label: "victim").secret
        try await t.test { client in
            let own = try await client.openAI("/v1/images/generations", key: victimKey, json: Self.b64Request)
            #expect(own.status == .ok, "\(String(buffer: own.body))")
            let victimB64 = try #require((own.json["data"] as? [[String: Any]])?.first?["b64_json"] as? String)
            let victimURL = try #require(
                (try await client.openAI("/v1/images/generations", key: victimKey, json: #"{"model":"ideogram-v3-turbo","prompt":"x"}"#)).imageURLs.first)
            #expect(victimURL.contains("/files/"))

            await upstream.link(to: victimURL)
            let attack = try await client.openAI("/v1/images/generations", key: t.key, json: Self.b64Request)
            let body = String(buffer: attack.body)
            #expect(!body.contains(victimB64))
            #expect(attack.status == .badGateway, "\(body)")
            #expect(attack.openAIError?["code"] as? String == "image_unavailable")
            #expect(attack.chargedMicrosHeader == 0)
        }
        #expect(try await t.balance() == 10_000_000)
    }
}

/// Delivers real bytes until told to answer with a link instead, as a passthrough relay would.
actor LinkingUpstream: Upstream {
    nonisolated let name = "linking"
    private var target: String?
    static let png = PNG.encode(Raster(width: 4, height: 4, fill: RGBA(r: 240, g: 10, b: 10)))

    func link(to url: String) { target = url }

    nonisolated func perform(_ request: IdeogramRequest, seeds: [Int]) async throws(UpstreamFailure) -> UpstreamResult {
        try await serve(request, seeds: seeds, hints: RouteHints(requestID: "", accountID: "", isTest: false)).result
    }

    nonisolated func serve(_ request: IdeogramRequest, seeds: [Int], hints: RouteHints) async throws(UpstreamFailure) -> RoutedResult {
        let link = await target
        let images = seeds.map { seed in
            UpstreamImage(
                payload: link.map { .url($0) } ?? .bytes(Self.png, contentType: "image/png"),
                prompt: request.prompt ?? "", resolution: request.outputResolution.description, isImageSafe: true, seed: seed,
                styleType: nil, upscaledResolution: nil)
        }
        return RoutedResult(
            result: .images(images), channel: name, delivery: DeliveryPolicy(rehost: .passthrough, allowedHosts: ["ideogram.ai"]))
    }
}
