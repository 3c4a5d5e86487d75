import Foundation
import IdeogramAPI
import NIOCore
import Testing

@Suite("Responses encode like Ideogram")
struct ResponseCodingTests {
    private func json(_ value: some Encodable) throws -> [String: Any] {
        let data = IdeogramJSON.encodeData(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func imageResponseKeysAndDateFormat() throws {
        let created = Date(timeIntervalSince1970: 1_734_283_920.965408)
        let response = ImageGenerationResponse(created: created, data: [
            GeneratedImage(url: "https://example.com/a.png", prompt: "p", resolution: "1024x1024",
                           isImageSafe: true, seed: 12345, styleType: "GENERAL", upscaledResolution: "2048x2048"),
            GeneratedImage(url: nil, prompt: "", resolution: "1024x1024", isImageSafe: false, seed: 7),
        ])
        let object = try json(response)
        #expect(object["created"] as? String == "2024-12-15T17:32:00.965408+00:00")
        let data = try #require(object["data"] as? [[String: Any]])
        #expect(data[0]["is_image_safe"] as? Bool == true)
        #expect(data[0]["style_type"] as? String == "GENERAL")
        #expect(data[0]["upscaled_resolution"] as? String == "2048x2048")
        #expect(data[0]["url"] as? String == "https://example.com/a.png")
        #expect(data[1]["url"] is NSNull)
        #expect(data[1].keys.contains("style_type") == false)
        #expect(data[1].keys.contains("upscaled_resolution") == false)
        #expect(Set(data[1].keys) == ["url", "prompt", "resolution", "is_image_safe", "seed"])
    }

    @Test func decodesBothDateForms() throws {
        for (text, seconds) in [("2000-01-23T04:56:07Z", 948_603_367.0), ("2024-12-15T17:32:00.965408+00:00", 1_734_283_920.965408),
                                ("2000-01-23T06:56:07.0000000+02:00", 948_603_367.0)] {
            let body = #"{"created":"\#(text)","data":[{"url":null,"prompt":"p","resolution":"1x1","is_image_safe":true,"seed":1}]}"#
            let response = try IdeogramJSON.decode(ImageGenerationResponse.self, from: ByteBuffer(string: body))
            #expect(abs(response.created.timeIntervalSince1970 - seconds) < 0.000_01, "\(text)")
            #expect(response.data[0].url == nil)
        }
    }

    @Test func roundTripsADateAtASecondBoundary() throws {
        let date = Date(timeIntervalSince1970: 86_399.9999996)
        let response = ImageGenerationResponse(created: date, data: [])
        let object = try json(response)
        #expect(object["created"] as? String == "1970-01-02T00:00:00.000000+00:00")
    }

    @Test func describeResponse() throws {
        let object = try json(DescribeResponse(descriptions: [Description(text: "A cat")]))
        let descriptions = try #require(object["descriptions"] as? [[String: Any]])
        #expect(descriptions.first?["text"] as? String == "A cat")
    }

    @Test func operationPaths() {
        #expect(IdeogramAPI.Operation.v3ReplaceBackground.path == "/v1/ideogram-v3/replace-background")
        #expect(IdeogramAPI.Operation.upscale.path == "/upscale")
        #expect(IdeogramAPI.Operation(path: "/ideogram/v1/ideogram-v3/generate") == .v3Generate)
        #expect(IdeogramAPI.Operation(path: "/describe") == .describe)
        #expect(IdeogramAPI.Operation.allCases.filter { !$0.producesImages } == [.describe, .v4Describe, .v4MagicPrompt, .v2Describe3, .v2Describe4])
        #expect(IdeogramAPI.Operation.v3GenerateTransparent.rawValue == "v3.generate-transparent")
    }

    @Test func jsonValueRoundTrip() throws {
        let value: JSONValue = .object(["a": .array([.int(2_147_483_647), .number(0.5), .bool(false), .null, .string("x")])])
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }
}
