import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import OpenAIAPI
import NIOCore

/// Turns the pipeline's Ideogram response into OpenAI's shape, keeping its status and headers
/// (`X-Ideogate-Charged-Micros` included). Images withheld by the safety check have no URL and
/// are left out, as OpenAI never returns an empty item. For `b64_json` the image is read back
/// from Ideogate's own store: the pipeline has just stored it there.
struct OpenAIResponseConverter: Sendable {
    let images: any ImageStore

    func convert(_ native: Response, prompt: String, format: OpenAIImageOptions.ResponseFormat) async throws -> Response {
        let body = try await Self.collect(native.body)
        // Anything but a finished image response (a dry-run quote, an accepted async task) is
        // passed through untouched: there is no OpenAI shape for it.
        guard native.status == .ok,
              case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)),
              case .array(let items)? = object["data"]
        else {
            return Response(status: native.status, headers: native.headers, body: .init(byteBuffer: body))
        }
        var data: [OpenAIImagesResponse.Item] = []
        for case .object(let item) in items {
            guard let url = item["url"]?.stringValue else { continue }
            var out = OpenAIImagesResponse.Item()
            if format == .b64JSON, let bytes = try await storedImage(at: url) {
                out.b64JSON = Data(bytes.readableBytesView).base64EncodedString()
            } else {
                // Not ours to read (a channel that delivers upstream links): the link is the image.
                out.url = url
            }
            if let revised = item["prompt"]?.stringValue, !revised.isEmpty, revised != prompt { out.revisedPrompt = revised }
            data.append(out)
        }
        let response = OpenAIImagesResponse(created: Int(Date().timeIntervalSince1970), data: data)
        var headers = native.headers
        headers[.contentType] = "application/json"
        headers[.contentLength] = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(response))))
    }

    /// The stored bytes behind one of our signed links (`…/files/<id>.png?exp=…&sig=…`).
    private func storedImage(at url: String) async throws -> ByteBuffer? {
        guard let path = URLComponents(string: url)?.path, path.hasPrefix("/files/"), path.hasSuffix(".png") else { return nil }
        let id = String(path.dropFirst("/files/".count).dropLast(".png".count))
        return try await images.get(id: id)
    }

    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let sink = Sink()
        try await body.write(Collector(sink: sink))
        return sink.buffer
    }

    /// Where `Collector` puts the bytes: the writer itself is consumed by `ResponseBody.write`.
    private final class Sink: @unchecked Sendable {
        var buffer = ByteBuffer()
    }

    private struct Collector: ResponseBodyWriter {
        let sink: Sink
        mutating func write(_ buffer: ByteBuffer) async throws {
            var copy = buffer
            sink.buffer.writeBuffer(&copy)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
