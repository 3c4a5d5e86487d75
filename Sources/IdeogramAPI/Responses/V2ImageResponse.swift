/// The answer of a /v2 image route (`GenerateImageIdeogram45Response`,
/// `GenerateImageIdeogramV4Response`, …): `{generation_id, generation_kind?, seed, data?}`.
/// An asynchronous request's acknowledgement is the same object without `data`.
public struct V2ImageResponse: Codable, Sendable, Equatable {
    public var generationID: String
    /// `sampling` on the 4.5 routes; absent on the others, whose schemas have no such field.
    public var generationKind: String?
    public var seed: Int
    /// The output's size, on inpaint only.
    public var width: Int?
    public var height: Int?
    public var data: [GeneratedImage]?

    public init(generationID: String, generationKind: String?, seed: Int, width: Int? = nil, height: Int? = nil, data: [GeneratedImage]?) {
        self.generationID = generationID
        self.generationKind = generationKind
        self.seed = seed
        self.width = width
        self.height = height
        self.data = data
    }

    /// What the gateway answers for `operation`: `generation_kind`, `width` and `height` only
    /// where the spec has them.
    public init(_ operation: Operation, generationID: String, seed: Int, size: Resolution, data: [GeneratedImage]?) {
        self.init(
            generationID: generationID, generationKind: operation.answersGenerationKind ? "sampling" : nil, seed: seed,
            width: operation.answersSize ? size.width : nil, height: operation.answersSize ? size.height : nil, data: data)
    }

    enum CodingKeys: String, CodingKey {
        case generationID = "generation_id"
        case generationKind = "generation_kind"
        case seed
        case width
        case height
        case data
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(generationID, forKey: .generationID)
        try container.encodeIfPresent(generationKind, forKey: .generationKind)
        try container.encode(seed, forKey: .seed)
        try container.encodeIfPresent(width, forKey: .width)
        try container.encodeIfPresent(height, forKey: .height)
        try container.encodeIfPresent(data, forKey: .data)
    }
}
