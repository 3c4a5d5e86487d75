import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import OpenAIAPI
import NIOCore

/// Builds OpenAI's answer from the pipeline's outcome, keeping its status and headers
/// (`X-Ideogate-Charged-Micros` included). Images withheld by the safety check have no URL and
/// are left out, as OpenAI never returns an empty item.
///
/// `b64_json` is read back from Ideogate's own store, by the ids delivery recorded for this very
/// request (`DeliveredImage.storedID`) — never by an id taken from a URL, which an upstream
/// writes and could point at another customer's image. The shape asked for is the shape
/// answered: an image that cannot be had as bytes is an error, never a `url` in its place.
struct OpenAIResponseConverter: Sendable {
    let images: any ImageStore

    func convert(_ outcome: PipelineOutcome, prompt: String, format: OpenAIImageOptions.ResponseFormat) async throws -> Response {
        // Anything but a finished image answer (a dry-run quote, an accepted async task, a kept
        // error) is passed through untouched: there is no OpenAI shape for it.
        guard outcome.answer.status == .ok, let items = outcome.images else { return outcome.response }
        let chargeHeader = Self.chargeHeader(of: outcome)
        var data: [OpenAIImagesResponse.Item] = []
        var undelivered = 0
        for item in items {
            guard let url = item.url else {
                // Withheld by the safety check, or (when bytes were needed) not fetchable: either
                // way not delivered and not charged.
                if item.isImageSafe { undelivered += 1 }
                continue
            }
            var out = OpenAIImagesResponse.Item()
            switch format {
            case .url:
                out.url = url
            case .b64JSON:
                out.b64JSON = try await base64(storedID: item.storedID, replayed: outcome.replayed, headers: chargeHeader)
            }
            if let revised = item.prompt, !revised.isEmpty, revised != prompt { out.revisedPrompt = revised }
            data.append(out)
        }
        if format == .b64JSON, data.isEmpty, undelivered > 0 {
            // Keeps the charge header (0 here), so the caller sees nothing was charged.
            throw GatewayError(
                .badGateway, "image_unavailable",
                "The upstream's image could not be fetched to return it as b64_json (its host is not allowed, it is too large, or it failed). Nothing was charged for it.",
                headers: chargeHeader)
        }
        let response = OpenAIImagesResponse(created: Int(Date().timeIntervalSince1970), data: data)
        var headers = outcome.response.headers
        headers[.contentType] = "application/json"
        headers[.contentLength] = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(response))))
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

    private static func chargeHeader(of outcome: PipelineOutcome) -> HTTPFields {
        var headers = HTTPFields()
        headers[ImagePipeline.chargedField] = outcome.answer.headers[ImagePipeline.chargedField]
        return headers
    }
}
