import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import NIOCore
import Testing

/// What Ideogram receives is what the customer sent: fields beside `image_request`, the order
/// of multipart parts, header lines (file names as the client encoded them) and value bytes.
/// Only the gateway's own controls are taken out, and only a value it normalised is rewritten.
@Suite struct FaithfulRelayTests {
    /// Sends one request through a gateway whose only channel is a fake Ideogram, and returns
    /// the gateway's answer and the request as the fake received it.
    private func relay(_ path: String, contentType: String, body: ByteBuffer) async throws -> (HTTPResponse.Status, IdeogramRequest?) {
        let rig = try await ChannelRig.make([.init(name: "only")])
        let status = Collected<HTTPResponse.Status>()
        try await rig.run { client in
            var headers: HTTPFields = [.contentType: contentType]
            headers[HTTPField.Name("Api-Key")!] = rig.t.key
            let response = try await client.execute(uri: path, method: .post, headers: headers, body: body)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            await status.add(response.status)
        }
        return (await status.all.first ?? .internalServerError, await rig.fakes[0].state.requests.last)
    }

    /// The upstream body as the fake parsed it, framed again: boundary, header lines, bodies.
    private func framed(_ request: IdeogramRequest?) -> ByteBuffer? {
        guard case .multipart(let boundary, let parts)? = request?.receivedBody else { return nil }
        var body = ByteBuffer()
        for part in parts {
            body.writeString("--\(boundary)\r\n")
            body.writeImmutableBuffer(part.headerBlock)
            body.writeString("\r\n")
            body.writeImmutableBuffer(part.body)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return body
    }

    private func receivedJSON(_ request: IdeogramRequest?) -> ByteBuffer? {
        guard case .json(let raw, _)? = request?.receivedBody else { return nil }
        return raw
    }

    // MARK: Fields beside image_request (legacy generate)

    @Test func legacyGenerateRelaysFieldsBesideImageRequestByteForByte() async throws {
        let json = #"{"x_outer":"o","image_request":{"prompt":"a cat","model":"V_2","x_inner":{"deep":[1,2]}},"x_obj":{"k":true}}"#
        let (_, upstream) = try await relay("/ideogram/generate", contentType: "application/json", body: ByteBuffer(string: json))
        #expect(upstream?.outerFields == ["x_outer": .string("o"), "x_obj": .object(["k": .bool(true)])])
        #expect(upstream?.fields["x_inner"] == .object(["deep": .array([.int(1), .int(2)])]))
        #expect(receivedJSON(upstream).map { String(buffer: $0) } == json)
    }

    @Test func legacyGenerateLeavesOutOnlyTheGatewaysControls() async throws {
        let json = #"{"image_request":{"prompt":"a cat","dry_run":false},"x_outer":"o","dry_run":false,"async":false}"#
        let (_, upstream) = try await relay("/ideogram/generate", contentType: "application/json", body: ByteBuffer(string: json))
        guard case .json(_, let object)? = upstream?.receivedBody else {
            Issue.record("the fake received no JSON")
            return
        }
        #expect(object == ["image_request": .object(["prompt": .string("a cat")]), "x_outer": .string("o")])
    }

    // MARK: Multipart

    @Test func aV3FormArrivesPartForPartAndByteForByte() async throws {
        var form = RawForm(boundary: "Client-Boundary_42")
        form.field("rendering_speed", "TURBO")
        form.file("style_reference_images", filename: #"my \"best\" photo.png"#, type: "image/png", Fixtures.png())
        form.field("prompt", "a red fox, \"quoted\"; semi")
        form.part(#"Content-Disposition: form-data; name="color_palette""# + "\r\nContent-Type: application/json", #"{ "name" : "EMBER" }"#)
        form.field("future_field", "one")
        form.file("style_reference_images", filename: "b%22q.png", type: "application/octet-stream", Fixtures.png(width: 16, height: 16))
        form.part(#"Content-Disposition: form-data; name="style_reference_images"; filename="na\#u{00EF}ve.png"; filename*=UTF-8''na%C3%AFve.png"#, Fixtures.png(width: 8, height: 8))
        form.field("future_field", "two")
        let (_, upstream) = try await relay("/ideogram/v1/ideogram-v3/generate", contentType: form.contentType, body: form.body)
        #expect(framed(upstream) == form.body)
        #expect(upstream?.styleReferenceImages.map(\.filename) == [#"my "best" photo.png"#, "b%22q.png", "naïve.png"])
    }

    @Test func aLegacyRemixKeepsItsSiblingsAndItsOrder() async throws {
        var form = RawForm(boundary: "xyz")
        form.field("x_before", "b")
        form.part(#"Content-Disposition: form-data; name="image_request""# + "\r\nContent-Type: application/json",
                  "{\n  \"prompt\": \"like this\",\n  \"image_weight\": 70,\n  \"model\": \"V_2\"\n}")
        form.file("image_file", filename: #"a \"b\".png"#, type: "image/png", Fixtures.png())
        form.field("x_after", "a")
        let (_, upstream) = try await relay("/ideogram/remix", contentType: form.contentType, body: form.body)
        #expect(framed(upstream) == form.body)
        #expect(upstream?.outerFields == ["x_before": .string("b"), "x_after": .string("a")])
    }

    @Test func onlyANormalisedValueAndTheGatewaysControlsChange() async throws {
        var form = RawForm(boundary: "b")
        form.field("prompt", "p")
        form.field("dry_run", "false")
        form.field("rendering_speed", "turbo")
        form.field("async", "false")
        form.field("future_field", "x")
        var expected = RawForm(boundary: "b")
        expected.field("prompt", "p")
        expected.field("rendering_speed", "TURBO")
        expected.field("future_field", "x")
        let (_, upstream) = try await relay("/ideogram/v1/ideogram-v3/generate", contentType: form.contentType, body: form.body)
        #expect(framed(upstream) == expected.body)
    }

    @Test func anUnchangedV3JSONBodyKeepsItsBytes() async throws {
        let json = "{\"seed\": 7, \"prompt\": \"p\",\n \"rendering_speed\": \"TURBO\", \"z_unknown\": [3, 2, 1]}"
        let (_, upstream) = try await relay("/ideogram/v1/ideogram-v3/generate", contentType: "application/json", body: ByteBuffer(string: json))
        #expect(receivedJSON(upstream).map { String(buffer: $0) } == json)
    }
}

/// A multipart body written part by part with any header text, closed on read.
private struct RawForm {
    let boundary: String
    private var parts = ByteBuffer()

    init(boundary: String) { self.boundary = boundary }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    var body: ByteBuffer {
        var body = parts
        body.writeString("--\(boundary)--\r\n")
        return body
    }

    mutating func part(_ headers: String, _ value: ByteBuffer) {
        parts.writeString("--\(boundary)\r\n\(headers)\r\n\r\n")
        parts.writeImmutableBuffer(value)
        parts.writeString("\r\n")
    }

    mutating func part(_ headers: String, _ value: String) { part(headers, ByteBuffer(string: value)) }

    mutating func field(_ name: String, _ value: String) {
        part("Content-Disposition: form-data; name=\"\(name)\"", value)
    }

    mutating func file(_ name: String, filename: String, type: String, _ bytes: ByteBuffer) {
        part("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)", bytes)
    }
}
