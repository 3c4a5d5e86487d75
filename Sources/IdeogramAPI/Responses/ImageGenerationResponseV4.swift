import Foundation

/// The body of the Ideogram 4 and 4.5 image endpoints (`ImageGenerationResponseV4`, and
/// `…ImageToImage`, which has the same members): the V3 shape without `style_type`, plus
/// `response_type: "url"`.
public struct ImageGenerationResponseV4: Codable, Sendable, Equatable {
    public var created: Date
    public var data: [GeneratedImage]
    public var responseType = "url"

    public init(created: Date, data: [GeneratedImage]) {
        self.created = created
        // V4 items carry no style_type or upscaled_resolution.
        self.data = data.map { item in
            var item = item
            item.styleType = nil
            item.upscaledResolution = nil
            return item
        }
    }

    enum CodingKeys: String, CodingKey {
        case created, data
        case responseType = "response_type"
    }
}

/// The answer of an Ideogram `…/async/…` route: `AsyncImageGenerationResponseV4`.
public struct AsyncGenerationAccepted: Codable, Sendable, Equatable {
    public var generationID: String

    public init(generationID: String) { self.generationID = generationID }

    enum CodingKeys: String, CodingKey {
        case generationID = "generation_id"
    }
}
