import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ImageCodec
import NIOCore
import Testing

enum Fixtures {
    /// A PNG with a left half of one colour and a right half of another, so derived images can be
    /// told apart from generated ones.
    static func png(width: Int = 64, height: Int = 64, left: RGBA = RGBA(r: 200, g: 30, b: 30), right: RGBA = RGBA(r: 30, g: 30, b: 200)) -> ByteBuffer {
        var raster = Raster(width: width, height: height, fill: left)
        for y in 0..<height { for x in (width / 2)..<width { raster.setPixel(x: x, y: y, right) } }
        return PNG.encode(raster)
    }

    /// A mask: white (keep) everywhere except a black (edit) square in the top-left quarter.
    static func mask(width: Int = 64, height: Int = 64, allWhite: Bool = false) -> ByteBuffer {
        var raster = Raster(width: width, height: height, fill: .white)
        if !allWhite {
            for y in 0..<(height / 2) { for x in 0..<(width / 2) { raster.setPixel(x: x, y: y, .black) } }
        }
        return PNG.encode(raster)
    }

    /// The first bytes of a GIF: a real image, but not a type Ideogram accepts.
    static let gif = ByteBuffer(bytes: Array("GIF89a".utf8) + [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00] + Array(repeating: 0, count: 32))
}

/// Checks an Ideogram image response and downloads each image, returning the decoded rasters.
func expectImages(
    _ response: TestResponse, count: Int, resolution: String, client: some TestClientProtocol,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> [Raster] {
    #expect(response.status == .ok, "body: \(String(buffer: response.body))", sourceLocation: sourceLocation)
    let json = response.json
    let created = try #require(json["created"] as? String, sourceLocation: sourceLocation)
    #expect(created.hasSuffix("+00:00"), "created must carry an offset: \(created)", sourceLocation: sourceLocation)
    let data = try #require(json["data"] as? [[String: Any]], sourceLocation: sourceLocation)
    #expect(data.count == count, sourceLocation: sourceLocation)
    var rasters: [Raster] = []
    for item in data {
        #expect(item["resolution"] as? String == resolution, sourceLocation: sourceLocation)
        #expect(item["is_image_safe"] as? Bool == true, sourceLocation: sourceLocation)
        #expect(item["seed"] is Int, sourceLocation: sourceLocation)
        #expect(item["prompt"] is String, sourceLocation: sourceLocation)
        let url = try #require(item["url"] as? String, sourceLocation: sourceLocation)
        let components = try #require(URLComponents(string: url), sourceLocation: sourceLocation)
        let path = components.path + "?" + (components.percentEncodedQuery ?? "")
        let file = try await client.execute(uri: path, method: .get)
        #expect(file.status == .ok, sourceLocation: sourceLocation)
        #expect(file.headers[.contentType] == "image/png", sourceLocation: sourceLocation)
        let raster = try PNG.decode(file.body)
        #expect("\(raster.width)x\(raster.height)" == resolution, sourceLocation: sourceLocation)
        rasters.append(raster)
    }
    return rasters
}
