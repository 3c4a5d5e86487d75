import IdeogramAPI
import NIOCore
import Testing

/// What a decoded request becomes upstream: what the customer sent, in their order and bytes,
/// except the values the gateway normalised and the controls it takes out.
@Suite("Faithful relay")
struct RelayTests {
    private func relayed(_ request: IdeogramRequest) throws -> (boundary: String, parts: [UpstreamPart]) {
        try #require(request.relayedMultipart(fallbackBoundary: "fallback"))
    }

    /// The parts of a body as the client wrote them: header lines (each ending in CRLF) and body.
    private func clientParts(_ form: MultipartBuilder) -> [(header: String, body: [UInt8])] {
        let bytes = Array(form.build().readableBytesView)
        let marker = Array("--\(form.boundary)".utf8)
        var ends: [Int] = []
        var index = 0
        while index + marker.count <= bytes.count {
            if bytes[index..<(index + marker.count)].elementsEqual(marker) {
                ends.append(index + marker.count)
                index += marker.count
            } else {
                index += 1
            }
        }
        return zip(ends, ends.dropFirst()).map { start, next in
            let content = Array(bytes[(start + 2)..<(next - marker.count - 2)])
            let blank = (0..<(content.count - 3)).first { content[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) } ?? 0
            return (String(decoding: content[..<(blank + 2)], as: UTF8.self), Array(content[(blank + 4)...]))
        }
    }

    private func texts(_ parts: [UpstreamPart]) -> [(header: String, body: [UInt8])] {
        parts.map { (String(buffer: $0.headerBlock), Array($0.body.readableBytesView)) }
    }

    // MARK: Fields beside image_request

    @Test func jsonFieldsBesideImageRequestAreKept() throws {
        let json = #"{"image_request":{"prompt":"a cat","x_inner":1},"x_outer":"o","x_obj":{"k":[1,2]},"dry_run":false}"#
        let request = try Decode.json(.generate, json)
        #expect(request.outerFields == ["x_outer": .string("o"), "x_obj": .object(["k": .array([.int(1), .int(2)])])])
        #expect(request.fields["x_inner"] == .int(1))
        let upstream = request.upstreamJSONObject
        #expect(upstream["x_outer"] == .string("o"))
        #expect(upstream["dry_run"] == nil)
        #expect(upstream["image_request"]?.objectValue?["prompt"] == .string("a cat"))
    }

    @Test func multipartFieldsBesideImageRequestAreKept() throws {
        let form = MultipartBuilder()
            .field("x_outer", "o")
            .field("image_request", #"{"prompt":"p","model":"V_2"}"#)
            .field("x_outer", "o2")
            .file("image_file", Fixtures.png(8, 8))
        let request = try Decode.form(.remix, form)
        #expect(request.outerFields == ["x_outer": .array([.string("o"), .string("o2")])])
        let parts = try relayed(request).parts
        #expect(parts.count == 4)
        #expect(parts.prefix(3).map { String(buffer: $0.body) } == ["o", #"{"prompt":"p","model":"V_2"}"#, "o2"])
        #expect(parts.last?.body == Fixtures.png(8, 8))
    }

    @Test func gatewayControlsBesideImageRequestMoveIntoFields() throws {
        let request = try Decode.json(.generate, #"{"image_request":{"prompt":"p"},"async":true,"webhook_url":"https://example.com/h","x":1}"#)
        #expect(request.fields["async"] == .bool(true))
        #expect(request.fields["webhook_url"] == .string("https://example.com/h"))
        #expect(request.outerFields == ["x": .int(1)])

        var taken = try Decode.form(.remix, MultipartBuilder().field("image_request", #"{"prompt":"p"}"#).field("async", "true").file("image_file", Fixtures.png(4, 4)))
        #expect(taken.fields["async"] == .string("true"))
        taken.fields["async"] = nil  // as the gateway does
        #expect(try relayed(taken).parts.count == 2)
    }

    // MARK: JSON

    @Test func anUnchangedJSONBodyIsRelayedByteForByte() throws {
        let json = "{ \"seed\" : 7,\n  \"prompt\": \"p\", \"zzz\": [1, 2.5, {\"b\": 1, \"a\": 2}] }"
        #expect(String(buffer: try Decode.json(.v3Generate, json).upstreamJSON()) == json)
        let legacy = #"{"x_outer":"o","image_request":{"prompt":"a cat","model":"V_2"}}"#
        #expect(String(buffer: try Decode.json(.generate, legacy).upstreamJSON()) == legacy)
    }

    @Test func aNormalisedJSONBodyIsReencodedWithSortedKeys() throws {
        let request = try Decode.json(.v3Generate, #"{"rendering_speed":"turbo","prompt":"p","dry_run":false}"#)
        #expect(String(buffer: request.upstreamJSON()) == #"{"prompt":"p","rendering_speed":"TURBO"}"#)
    }

    @Test func aRepeatedJSONKeyIsRefused() {
        expectError(400, "invalid_json") { try Decode.json(.v3Generate, #"{"prompt":"p","num_images":1,"num_images":8}"#) }
        expectError(400, "invalid_json") { try Decode.json(.v3Generate, #"{"prompt":"p","num_imag\u0065s":1,"num_images":8}"#) }
        expectError(400, "invalid_json") { try Decode.json(.generate, #"{"image_request":{"prompt":"p","seed":1,"seed":2}}"#) }
        let part = MultipartBuilder().field("image_request", #"{"prompt":"p","num_images":1,"num_images":8}"#).file("image_file", Fixtures.png(4, 4))
        expectError(400, "invalid_json") { try Decode.form(.remix, part) }
        // The same key in two different objects is fine.
        #expect((try? Decode.json(.v3Generate, #"{"prompt":"p","a":{"k":1},"b":{"k":2},"c":[{"k":1},{"k":2}]}"#)) != nil)
    }

    // MARK: Multipart

    @Test func anUnchangedFormIsRelayedPartForPartInItsOrder() throws {
        let quoted = #"my \"best\" photo.png"#
        let form = MultipartBuilder(boundary: "XyZ-123")
            .field("rendering_speed", "TURBO")
            .file("style_reference_images", Fixtures.png(4, 4), filename: quoted, type: "image/png")
            .field("prompt", "a fox")
            .field("color_palette", #"{ "name" : "EMBER" }"#)
            .field("future_field", "kept")
            .file("style_reference_images", Fixtures.jpeg(8, 8), filename: "b%22.jpg", type: "application/octet-stream")
            .field("future_field", "twice")
        let request = try Decode.form(.v3Generate, form)
        #expect(request.styleReferenceImages.first?.filename == #"my "best" photo.png"#)
        let upstream = try relayed(request)
        #expect(upstream.boundary == "XyZ-123")
        let sent = clientParts(form)
        let got = texts(upstream.parts)
        #expect(got.map(\.header) == sent.map(\.header))
        #expect(got.map(\.body) == sent.map(\.body))
        #expect(got[1].header.contains(#"filename="my \"best\" photo.png""#))
    }

    @Test func onlyANormalisedValueIsReencodedInItsPlace() throws {
        let form = MultipartBuilder()
            .field("prompt", "p")
            .field("rendering_speed", "turbo")
            .field("seed", "42")
            .field("magic_prompt", "on")
            .field("style_codes", #"["AAAAAAAA","BBBBBBBB"]"#)
        let request = try Decode.form(.v3Generate, form)
        let got = texts(try relayed(request).parts)
        #expect(got.map { String(decoding: $0.body, as: UTF8.self) } == ["p", "TURBO", "42", "ON", "AAAAAAAA", "BBBBBBBB"])
        let sent = clientParts(form)
        #expect(got.map(\.header) == [sent[0], sent[1], sent[2], sent[3], sent[4], sent[4]].map(\.header))
    }

    @Test func partsTheGatewayIgnoresOrTakesOutAreNotRelayed() throws {
        let form = MultipartBuilder()
            .field("prompt", "p")
            .field("dry_run", "false")
            .field("prompt", "second")
            .field("", "no name")
            .file("unknown_file", Fixtures.png(4, 4))
            .field("seed", "")
        var request = try Decode.form(.v3Generate, form)
        request.fields["async"] = nil
        let got = texts(try relayed(request).parts)
        #expect(got.map { String(decoding: $0.body, as: UTF8.self) } == ["p"])
    }

    @Test func fieldsTheGatewayAddsAreAppended() throws {
        let form = MultipartBuilder()
            .field("image_request", #"{"prompt":"p","model":"V_2","aspect_ratio":"ASPECT_2_1"}"#)
            .file("image_file", Fixtures.png(4, 4))
        let request = try Decode.form(.remix, form)
        let parts = try relayed(request).parts
        #expect(parts.count == 2)
        let envelope = try #require(JSONBodyReaderProbe.object(parts[0].body))
        #expect(envelope["resolution"] == .string("RESOLUTION_1408_704"))
        #expect(envelope["aspect_ratio"] == nil)

        var v3 = try Decode.form(.v3Generate, MultipartBuilder().field("prompt", "p"))
        v3.fields["added_by_gateway"] = .string("x")
        let added = try relayed(v3).parts
        #expect(added.map { String(buffer: $0.headerBlock) } == [
            "Content-Disposition: form-data; name=\"prompt\"\r\n",
            "Content-Disposition: form-data; name=\"added_by_gateway\"\r\n",
        ])
    }

    @Test func ambiguousPartHeadersAreRefused() {
        let twoNames = "--B\r\nContent-Disposition: form-data; name=\"x\"; name=\"num_images\"\r\n\r\n8\r\n--B--\r\n"
        expectError(400, "invalid_multipart") { try HostileFixtures.decode(.v3Generate, Array(twoNames.utf8)) }
        let twoHeaders = "--B\r\nContent-Disposition: form-data; name=\"x\"\r\ncontent-disposition: form-data; name=\"num_images\"\r\n\r\n8\r\n--B--\r\n"
        expectError(400, "invalid_multipart") { try HostileFixtures.decode(.v3Generate, Array(twoHeaders.utf8)) }
        let bothFilenames = "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\np\r\n--B\r\nContent-Disposition: form-data; name=\"style_reference_images\"; filename=\"a.png\"; filename*=UTF-8''a.png\r\n\r\n"
        let body = Array(bothFilenames.utf8) + Array(Fixtures.png(4, 4).readableBytesView) + Array("\r\n--B--\r\n".utf8)
        #expect((try? HostileFixtures.decode(.v3Generate, body))?.styleReferenceImages.count == 1)
    }

    @Test func aRequestTheGatewayComposedHasNothingToRelay() {
        let request = IdeogramRequest(operation: .v3Generate, prompt: "p", outputResolution: Resolution(width: 1024, height: 1024), fields: ["prompt": .string("p")])
        #expect(request.relayedMultipart(fallbackBoundary: "b") == nil)
        #expect(String(buffer: request.upstreamJSON()) == #"{"prompt":"p"}"#)
    }
}

/// Reads a relayed JSON part back.
enum JSONBodyReaderProbe {
    static func object(_ body: ByteBuffer) -> [String: JSONValue]? {
        try? IdeogramJSON.decode([String: JSONValue].self, from: body)
    }
}
