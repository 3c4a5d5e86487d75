import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import OpenAIAPI
import NIOCore

/// Turns the pipeline's Ideogram response into OpenAI's shape, keeping its status and headers
/// (`X-Ideogate-Charged-Micros` included). Images withheld by the safety check have no URL and
/// are left out, as OpenAI never returns an empty item.
///
/// `b64_json` is read back from Ideogate's own store, by the ids delivery recorded for this very
/// request (`DeliveryReceipt`) — never by an id taken from a URL, which an upstream writes and
/// could point at another customer's image. The shape asked for is the shape answered: an image
/// that cannot be had as bytes is an error, never a `url` in its place.
///
/// A response replayed for an `Idempotency-Key` did not run delivery again, so its ids come from
/// the store: the images the first request (its `X-Request-Id`) stored for this same account.
struct OpenAIResponseConverter: Sendable {
    let images: any ImageStore
    let store: any UsageStore

    func convert(
        _ native: Response, prompt: String, format: OpenAIImageOptions.ResponseFormat, receipt: DeliveryReceipt, accountID: String
    ) async throws -> Response {
        let body = try await Self.collect(native.body)
        // Anything but a finished image response (a dry-run quote, an accepted async task) is
        // passed through untouched: there is no OpenAI shape for it.
        guard native.status == .ok,
              case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)),
              case .array(let items)? = object["data"]
        else {
            return Response(status: native.status, headers: native.headers, body: .init(byteBuffer: body))
        }
        let replayed = native.headers[IdempotencyGate.replayedField] != nil
        var storedIDs = receipt.storedIDs
        if replayed, format == .b64JSON, let firstRequest = native.headers[ErrorMiddleware.requestIDField] {
            storedIDs = Self.align(try await store.imageIDs(requestID: firstRequest, accountID: accountID), with: items)
        }
        var data: [OpenAIImagesResponse.Item] = []
        var undelivered = 0
        for (index, value) in items.enumerated() {
            guard case .object(let item) = value else { continue }
            guard let url = item["url"]?.stringValue else {
                // Withheld by the safety check, or (when bytes were needed) not fetchable: either
                // way not delivered and not charged.
                if item["is_image_safe"] == .bool(true) { undelivered += 1 }
                continue
            }
            var out = OpenAIImagesResponse.Item()
            switch format {
            case .url:
                out.url = url
            case .b64JSON:
                let id = index < storedIDs.count ? storedIDs[index] : nil
                out.b64JSON = try await base64(storedID: id, replayed: replayed, headers: Self.chargeHeader(of: native))
            }
            if let revised = item["prompt"]?.stringValue, !revised.isEmpty, revised != prompt { out.revisedPrompt = revised }
            data.append(out)
        }
        if format == .b64JSON, data.isEmpty, undelivered > 0 {
            // Keeps the charge header (0 here), so the caller sees nothing was charged.
            throw GatewayError(
                .badGateway, "image_unavailable",
                "The upstream's image could not be fetched to return it as b64_json (its host is not allowed, it is too large, or it failed). Nothing was charged for it.",
                headers: Self.chargeHeader(of: native))
        }
        let response = OpenAIImagesResponse(created: Int(Date().timeIntervalSince1970), data: data)
        var headers = native.headers
        headers[.contentType] = "application/json"
        headers[.contentLength] = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(response))))
    }

    /// Stored ids in the order delivery wrote them, placed at the response items that have a link
    /// (an image withheld by the safety check was not stored and has none).
    static func align(_ ids: [String], with items: [JSONValue]) -> [String?] {
        var remaining = ids[...]
        return items.map { item in
            guard case .object(let fields) = item, fields["url"]?.stringValue != nil else { return nil }
            return remaining.popFirst()
        }
    }

    /// The stored image this request delivered, base64-encoded.
    private func base64(storedID: String?, replayed: Bool, headers: HTTPFields) async throws -> String {
        if replayed, storedID == nil {
            throw GatewayError(
                .conflict, "replay_not_available_as_b64",
                "This Idempotency-Key's first response handed out the upstream's links without storing the images, so it cannot be replayed as b64_json. Use response_format url with this key, or a new key.",
                headers: headers)
        }
        // A store that fails to read is, to the caller, an image that is not available.
        guard let storedID, let bytes = (try? await images.get(id: storedID)) ?? nil else {
            throw GatewayError(
                .badGateway, "image_unavailable", "An image of this request is not available as bytes, so it cannot be returned as b64_json.",
                headers: headers)
        }
        return Data(bytes.readableBytesView).base64EncodedString()
    }

    private static func chargeHeader(of native: Response) -> HTTPFields {
        var headers = HTTPFields()
        headers[ImagePipeline.chargedField] = native.headers[ImagePipeline.chargedField]
        return headers
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
