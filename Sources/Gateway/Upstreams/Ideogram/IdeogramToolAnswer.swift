import IdeogramAPI
import NIOCore

/// Reads Ideogram's answers to the tools: `{created, data:[{url, is_image_safe}]}` for
/// remove-background and remove-object, `LayerizeTextResponse` for layerize-text. Throws on a
/// body of another shape; `IdeogramUpstream` treats that as an unreadable (uncertain) answer.
enum IdeogramToolAnswer {
    static func result(of request: IdeogramRequest, body: ByteBuffer) throws -> UpstreamResult {
        let size = request.outputResolution, seed = request.seed ?? 0
        guard request.operation == .layerizeText else {
            let answer = try IdeogramJSON.decode(ToolImageResponse.self, from: body)
            return .images(answer.data.map { image -> UpstreamImage in
                // Withheld by the safety check: no link, whatever the upstream put there.
                let link = image.isImageSafe ? image.url.flatMap { $0.isEmpty ? nil : UpstreamImage.Payload.url($0) } : nil
                return UpstreamImage.tool(link, resolution: size, seed: seed, isImageSafe: image.isImageSafe)
            })
        }
        let answer = try IdeogramJSON.decode(LayerizeTextAnswer.self, from: body)
        guard answer.textBlocks.allSatisfy({ if case .object = $0 { true } else { false } }) else {
            throw UpstreamFailure.uncertain("unreadable upstream response")
        }
        return .textLayers(TextLayers(
            base: .tool(answer.baseImageURL.isEmpty ? nil : .url(answer.baseImageURL), resolution: size, seed: answer.seed),
            original: answer.originalImageURL.flatMap { $0.isEmpty ? nil : UpstreamImage.tool(.url($0), resolution: size, seed: answer.seed) },
            textBlocks: answer.textBlocks, seed: answer.seed))
    }
}

/// `LayerizeTextResponse` as read from upstream, text blocks kept as sent.
private struct LayerizeTextAnswer: Decodable {
    var baseImageURL: String
    var originalImageURL: String?
    var textBlocks: [JSONValue]
    var seed: Int

    enum CodingKeys: String, CodingKey {
        case baseImageURL = "base_image_url"
        case originalImageURL = "original_image_url"
        case textBlocks = "text_blocks"
        case seed
    }
}
