import Foundation

/// The body of every image-producing endpoint, legacy and V3 alike.
public struct ImageGenerationResponse: Codable, Sendable, Equatable {
    public var created: Date
    public var data: [GeneratedImage]

    public init(created: Date, data: [GeneratedImage]) {
        self.created = created
        self.data = data
    }
}
