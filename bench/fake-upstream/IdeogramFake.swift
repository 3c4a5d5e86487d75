import Foundation
import Hummingbird
import NIOCore

/// A fast stand-in for Ideogram for the benchmark: answers every image endpoint with an
/// Ideogram-shaped body after a fixed delay, and serves the image its URLs point at. It is the
/// baseline the gateway is measured against, so it does as little as possible per request.
///
/// Usage: ideogram-fake [--port N] [--delay-ms N]
@main
struct IdeogramFake {
    static func main() async throws {
        let args = CommandLine.arguments
        func value(_ flag: String) -> Int? {
            guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
            return Int(args[i + 1])
        }
        let port = value("--port") ?? 9090
        let delay = Duration.milliseconds(value("--delay-ms") ?? 0)
        let png = ByteBuffer(bytes: Self.tinyPNG)

        let router = Router()
        router.get("/healthz") { _, _ in "ok" }
        router.get("/img/:name") { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: png))
        }
        router.post("/**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024 * 1024)
            if delay > .zero { try await Task.sleep(for: delay) }
            let count = Self.numImages(in: body)
            var json = #"{"created":"2026-01-01T00:00:00.000000+00:00","data":["#
            for i in 0..<count {
                if i > 0 { json += "," }
                json += #"{"url":"http://127.0.0.1:\#(port)/img/\#(i).png","prompt":"bench","resolution":"1024x1024","is_image_safe":true,"seed":\#(i),"style_type":"GENERAL"}"#
            }
            json += "]}"
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "ideogram-fake"))
        try await app.runService()
    }

    /// `num_images` from a JSON or multipart body, found by a scan rather than a parse: the fake
    /// must stay cheap next to the gateway it is the baseline for.
    static func numImages(in body: ByteBuffer) -> Int {
        body.withUnsafeReadableBytes { bytes -> Int in
            let key = Array("num_images".utf8)
            guard bytes.count >= key.count else { return 1 }
            var i = 0
            let last = bytes.count - key.count
            while i <= last {
                if bytes[i] == key[0] {
                    var j = 1
                    while j < key.count, bytes[i + j] == key[j] { j += 1 }
                    if j == key.count { break }
                }
                i += 1
            }
            guard i <= last else { return 1 }
            i += key.count
            while i < bytes.count, !(48...57).contains(bytes[i]) { i += 1 }
            var n = 0
            while i < bytes.count, (48...57).contains(bytes[i]) {
                n = n * 10 + Int(bytes[i] - 48)
                i += 1
            }
            return (1...8).contains(n) ? n : 1
        }
    }

    /// A 1×1 opaque PNG.
    static let tinyPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
        0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x50, 0x48, 0x38, 0x00,
        0x00, 0x01, 0xE4, 0x01, 0x41, 0x9C, 0x16, 0xE1, 0xA0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
        0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}
