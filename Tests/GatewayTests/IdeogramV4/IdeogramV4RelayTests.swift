import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import NIOCore
import Testing

/// Ideogram 4 through a real channel (a fake Ideogram): the `json_prompt` reaches the upstream
/// exactly as the customer sent it, in JSON and as a form part, and the answer is the V4 shape.
@Suite struct IdeogramV4RelayTests {
    static let jsonPrompt = #"{"high_level_description":"a fox","compositional_deconstruction":{"background":"park","elements":[{"type":"obj","desc":"fox","x_future":[1,2]}]},"tags":["t"]}"#

    private func relay(_ path: String, contentType: String, body: ByteBuffer) async throws -> ([String: Any], IdeogramRequest?) {
        let rig = try await ChannelRig.make([.init(name: "only")])
        let answers = Collected<Data>()
        try await rig.run { client in
            var headers: HTTPFields = [.contentType: contentType]
            headers[HTTPField.Name("Api-Key")!] = rig.t.key
            let response = try await client.execute(uri: path, method: .post, headers: headers, body: body)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            await answers.add(Data(response.body.readableBytesView))
        }
        let json = (await answers.all.first).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
        return (json, await rig.fakes[0].state.requests.last)
    }

    @Test func aJSONBodyIsRelayedByteForByte() async throws {
        let body = #"{"json_prompt":\#(Self.jsonPrompt),"rendering_speed":"QUALITY","resolution":"1280x720","x_unknown":true}"#
        let (answer, upstream) = try await relay("/ideogram/v1/ideogram-v4/generate", contentType: "application/json", body: ByteBuffer(string: body))
        guard case .json(let raw, _)? = upstream?.receivedBody else {
            Issue.record("the upstream should receive JSON")
            return
        }
        #expect(String(buffer: raw) == body)
        #expect(upstream?.operation == .v4Generate)
        #expect(answer["response_type"] as? String == "url")
        #expect((answer["data"] as? [[String: Any]])?.first?["style_type"] == nil)
    }

    @Test func aJSONPromptPartIsRelayedAsItsText() async throws {
        var form = MultipartForm([("json_prompt", Self.jsonPrompt), ("rendering_speed", "TURBO")])
        form = form.finished
        let (_, upstream) = try await relay("/v1/ideogram-v45/generate", contentType: form.contentType, body: form.body)
        #expect(upstream?.fields["json_prompt"] == .string(Self.jsonPrompt))
        #expect(upstream?.operation == .v45Generate)
    }
}
